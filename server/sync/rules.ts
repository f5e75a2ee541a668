/**
 * The production rules: the sync port wired to the shared after-sales core (`shared/domain`).
 * The server keeps storage, locking and numbering; every decision is the shared `decide`, on the
 * same order document the offline client decides on (`decisionInputsFromWireOrder`).
 */
import {
  COMMAND_TYPES,
  DEFAULT_POLICY,
  PERMISSIONS,
  ROLES,
  decide,
  evolve,
  nextDeadline,
  normalizeTrackingNumber,
  orderEffects,
  validateCommand,
  type AfterSalesCase,
  type CaseEvent,
  type Command,
  type DecideContext,
  type Policy,
} from '../../shared/domain';
import { decisionInputsFromWireOrder } from '../../shared/sync';
import type { Queryable } from '../db/db';
import type { ActorRole } from '../auth/roles';
import { ContextNotLoaded, type BatchContext, type BatchItem, type CaseRules, type Rejection } from './engine-port';
import { ORDER_JSON_SQL } from './order-json';

/** What `loadContext` found: the decision context without the clock, or why there is none. */
export type LoadedContext =
  | { ok: true; ctx: Omit<DecideContext, 'now'>; stored?: { state: string; settlement: unknown } }
  | { ok: false; rejection: Rejection };

const KNOWN: ReadonlySet<string> = new Set(COMMAND_TYPES);

function rolesFor(type: string): readonly ActorRole[] | null {
  if (!KNOWN.has(type)) return null;
  return ROLES.filter((role) => (PERMISSIONS[role] as readonly string[]).includes(type));
}

/** The decision context from an order document (as `ORDER_JSON_SQL` builds it) and the order's other cases. */
function orderContext(doc: unknown, orderId: string, otherCases: AfterSalesCase[], policy: Policy): LoadedContext {
  const inputs = doc === undefined ? null : decisionInputsFromWireOrder(doc);
  if (!inputs) return { ok: false, rejection: { code: 'order_mismatch', params: { orderId } } };
  const stored = doc as { state?: unknown; settlement?: unknown };
  return {
    ok: true,
    ctx: { order: inputs.order, products: inputs.products, policy, otherCases },
    stored: { state: String(stored.state), settlement: stored.settlement ?? null },
  };
}

/**
 * Reads the order and the order's other cases. The order row is locked: commands on cases of one
 * order are decided one at a time, so two new cases cannot both pass "one active case per line".
 * (Lock order: case row, then order row — the same in every command.)
 */
async function loadOrderContext(tx: Queryable, orderId: string, caseId: string, policy: Policy): Promise<LoadedContext> {
  const [row] = await tx.query<{ doc: unknown }>(`SELECT ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = $1 FOR UPDATE OF o`, [orderId]);
  if (!row) return orderContext(undefined, orderId, [], policy);
  const others = await tx.query<{ data: AfterSalesCase }>('SELECT data FROM cases WHERE order_id = $1 AND id <> $2 AND NOT deleted', [orderId, caseId]);
  return orderContext(row.doc, orderId, others.map((o) => o.data), policy);
}

const orderIdOf = (command: Command, state: AfterSalesCase | null): string | null =>
  state ? state.orderId : command.type === 'buyer.apply' ? command.payload.orderId : null;

/**
 * The orders of a whole push batch, locked in id order (after the engine locked the cases, in id
 * order), and every case of those orders, read once. Later commands of the batch see what earlier
 * ones did through `applied`, so each command is decided on what `loadOrderContext` would have
 * read at its turn.
 */
async function loadBatchContext(tx: Queryable, items: readonly BatchItem<AfterSalesCase, Command>[], policy: Policy): Promise<BatchContext<AfterSalesCase, Command, LoadedContext>> {
  const orderIds = [...new Set(items.map((i) => orderIdOf(i.command, i.state)).filter((id): id is string => id !== null))].sort();
  const docs = new Map<string, unknown>();
  const casesByOrder = new Map<string, Map<string, AfterSalesCase>>();
  const casesOf = (orderId: string): Map<string, AfterSalesCase> => {
    let cases = casesByOrder.get(orderId);
    if (!cases) casesByOrder.set(orderId, (cases = new Map()));
    return cases;
  };
  if (orderIds.length > 0) {
    const rows = await tx.query<{ id: string; doc: unknown }>(`SELECT o.id, ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = ANY($1::text[]) ORDER BY o.id FOR UPDATE OF o`, [orderIds]);
    for (const row of rows) docs.set(row.id, row.doc);
    // Read after the order locks are held, so no other transaction is deciding on these cases.
    const cases = await tx.query<{ id: string; order_id: string; data: AfterSalesCase }>('SELECT id, order_id, data FROM cases WHERE order_id = ANY($1::text[]) AND NOT deleted', [orderIds]);
    for (const c of cases) casesOf(c.order_id).set(c.id, c.data);
  }
  const loaded = new Set(orderIds);
  return {
    contextOf(command, state) {
      const orderId = orderIdOf(command, state);
      if (orderId === null) return { ok: false, rejection: { code: 'case_not_found', params: { caseId: command.caseId } } };
      if (!loaded.has(orderId)) throw new ContextNotLoaded(`order ${orderId} was not read for this batch`);
      const others = [...casesOf(orderId).entries()].filter(([id]) => id !== command.caseId).map(([, data]) => data);
      return orderContext(docs.get(orderId), orderId, others, policy);
    },
    applied(state, order) {
      casesOf(state.orderId).set(state.id, state);
      if (order) {
        const doc = docs.get(order.orderId);
        if (typeof doc === 'object' && doc !== null) docs.set(order.orderId, { ...doc, state: order.state, settlement: order.settlement });
      }
    },
  };
}

export function productionRules(policy: Policy = DEFAULT_POLICY): CaseRules<AfterSalesCase, Command, LoadedContext> {
  return {
    allowedRoles: rolesFor,

    validate: (command) => validateCommand(command),

    async loadContext(tx, command, state): Promise<LoadedContext> {
      const orderId = orderIdOf(command, state);
      if (orderId === null) return { ok: false, rejection: { code: 'case_not_found', params: { caseId: command.caseId } } };
      return loadOrderContext(tx, orderId, command.caseId, policy);
    },

    loadBatch: (tx, items) => loadBatchContext(tx, items, policy),

    decide(state, command, { now, extra }) {
      if (!extra.ok) return { ok: false, rejection: extra.rejection };
      // The server, not the core, decides what a stale base version means: the command is judged
      // against the current case, and only if it no longer fits does it become a conflict.
      const current: Command = state ? { ...command, baseVersion: state.version } : command;
      const decision = decide(state ?? undefined, current, { ...extra.ctx, now });
      if (!decision.ok) return decision;
      return { ok: true, events: decision.events.map((e) => ({ type: e.type, data: e.data })) };
    },

    // The push engine builds the envelope around events this same core proposed.
    evolve: (state, event) => evolve(state ?? undefined, event as unknown as CaseEvent),

    index: (state) => {
      const due = nextDeadline(state, policy);
      const action = due?.action ?? null;
      return {
        type: state.type,
        state: state.state,
        orderId: state.orderId,
        lineId: state.lineId,
        returnTrackingNo: state.returnShipment ? normalizeTrackingNumber(state.returnShipment.trackingNumber) : null,
        nextDueAt: action !== null && due ? due.dueAt : null,
        nextAction: action,
      };
    },

    // The order follows its cases (DOMAIN §1, §6, §7): closed when every line is refunded,
    // settlement frozen while a case is open, stock back after a successful return.
    effects(state, extra) {
      if (!extra.ok) return null;
      const { order, products, otherCases } = extra.ctx;
      const cases = [...otherCases.filter((c) => c.id !== state.id), state];
      const effects = orderEffects(order, cases, products, policy);
      return {
        orderId: order.id,
        state: effects.state,
        settlement: { frozen: effects.settlementFrozen, settlable: effects.settlable, refundedCash: effects.refundedCash, refundedCoins: effects.refundedCoins },
        restocks: effects.restocks.filter((r) => r.caseId === state.id),
        previous: extra.stored,
      };
    },
  };
}
