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
import type { CaseRules, Rejection } from './engine-port';
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

/**
 * Reads the order and the order's other cases. The order row is locked: commands on cases of one
 * order are decided one at a time, so two new cases cannot both pass "one active case per line".
 * (Lock order: case row, then order row — the same in every command.)
 */
async function loadOrderContext(tx: Queryable, orderId: string, caseId: string, policy: Policy): Promise<LoadedContext> {
  const [row] = await tx.query<{ doc: unknown }>(`SELECT ${ORDER_JSON_SQL} AS doc FROM orders o WHERE o.id = $1 FOR UPDATE OF o`, [orderId]);
  const inputs = row ? decisionInputsFromWireOrder(row.doc) : null;
  if (!inputs) return { ok: false, rejection: { code: 'order_mismatch', params: { orderId } } };
  const others = await tx.query<{ data: AfterSalesCase }>('SELECT data FROM cases WHERE order_id = $1 AND id <> $2 AND NOT deleted', [orderId, caseId]);
  const doc = row?.doc as { state?: unknown; settlement?: unknown } | undefined;
  return {
    ok: true,
    ctx: { order: inputs.order, products: inputs.products, policy, otherCases: others.map((o) => o.data) },
    stored: { state: String(doc?.state), settlement: doc?.settlement ?? null },
  };
}

export function productionRules(policy: Policy = DEFAULT_POLICY): CaseRules<AfterSalesCase, Command, LoadedContext> {
  return {
    allowedRoles: rolesFor,

    validate: (command) => validateCommand(command),

    async loadContext(tx, command, state): Promise<LoadedContext> {
      const orderId = state ? state.orderId : command.type === 'buyer.apply' ? command.payload.orderId : null;
      if (orderId === null) return { ok: false, rejection: { code: 'case_not_found', params: { caseId: command.caseId } } };
      return loadOrderContext(tx, orderId, command.caseId, policy);
    },

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
