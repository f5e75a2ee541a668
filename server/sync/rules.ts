/**
 * The after-sales rule book as the server runs it: `shared/domain` itself, with this server's
 * policy. The push pipeline calls `validateCommand`, `decide` and `evolve` directly; this module
 * only adds what needs storage or server conventions around them — reading the order context of
 * a batch (locked), the columns a case row is indexed by, and what a case does to its order.
 */
import {
  DEFAULT_POLICY,
  decide,
  nextDeadline,
  normalizeTrackingNumber,
  orderEffects,
  type AfterSalesCase,
  type Command,
  type DecideContext,
  type Decision,
  type Policy,
  type Role,
} from '../../shared/domain';
import { decisionInputsFromWireOrder } from '../../shared/sync';
import type { Queryable } from '../db/db';
import { ORDER_JSON_SQL } from './order-json';

/** The rules a server is configured with: the shared rule book under this policy. */
export interface ServerRules {
  readonly policy: Policy;
}

export function productionRules(policy: Policy = DEFAULT_POLICY): ServerRules {
  return { policy };
}

/** Who issues a command: taken from the bearer token (or the server itself), never from the body. */
export interface CommandActor {
  id: string;
  role: Role;
  /** Set for warehouse staff: the warehouse they work in. */
  warehouseId?: string;
}

export interface Rejection {
  code: string;
  params: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Whether `actor` may see the case and act on it at all — decided before anything about the case
 * is answered, so a refusal here carries nothing of it. Customer service, supervisors, finance and
 * the system work on every case; a buyer only on their own; warehouse staff on the cases whose
 * return parcel is addressed to their warehouse, and on reships (nothing comes back: whichever
 * warehouse ships the replacement).
 */
export function mayActOn(actor: CommandActor, c: Pick<AfterSalesCase, 'buyerId' | 'returnAddress' | 'type'>): boolean {
  switch (actor.role) {
    case 'buyer':
      return c.buyerId === actor.id;
    case 'warehouse':
      return c.returnAddress === null ? c.type === 'reship' : actor.warehouseId !== undefined && c.returnAddress.warehouseId === actor.warehouseId;
    default:
      return true;
  }
}

/** What the order context of a command is: the decision context without the clock, or why there is none. */
export type LoadedContext =
  | { ok: true; ctx: Omit<DecideContext, 'now'>; stored?: { state: string; settlement: unknown } }
  | { ok: false; rejection: Rejection };

/** Columns of the `cases` row that the server indexes, taken from the folded case. */
export interface CaseIndex {
  type: string;
  state: string;
  orderId: string;
  lineId: string;
  returnTrackingNo: string | null;
  /** When the next system action falls due (ISO), for the deadline sweeper; null = none. */
  nextDueAt: string | null;
  /** The system command type due at `nextDueAt`. */
  nextAction: string | null;
}

/** A stock movement a command's outcome causes (goods back on the shelf after a return). */
export interface StockRestore {
  sku: string;
  quantity: number;
  location: string;
  caseId: string;
}

/** What a command wrote to its order: state and settlement. */
export interface OrderWrite {
  orderId: string;
  state: string;
  settlement: { frozen: boolean; settlable: number; refundedCash: number; refundedCoins: number };
}

/**
 * What the order must look like once the command is applied (order state and settlement follow
 * its cases), with the order as the context read it: the server only touches (and re-numbers) the
 * order when something changed.
 */
export interface OrderFollowUp extends OrderWrite {
  /** Stock to restore; each (case, SKU, location) is restored at most once. */
  restocks: readonly StockRestore[];
  previous: { state: string; settlement: unknown } | undefined;
}

/** The decision context from an order document (as `ORDER_JSON_SQL` builds it) and the order's other cases. */
export function orderContext(doc: unknown, orderId: string, otherCases: AfterSalesCase[], policy: Policy): LoadedContext {
  const inputs = doc === undefined ? null : decisionInputsFromWireOrder(doc);
  if (!inputs) return { ok: false, rejection: { code: 'order_mismatch', params: { orderId } } };
  const stored = doc as { state?: unknown; settlement?: unknown };
  return {
    ok: true,
    ctx: { order: inputs.order, products: inputs.products, policy, otherCases },
    stored: { state: String(stored.state), settlement: stored.settlement ?? null },
  };
}

/** The order a command is about: the case's, or the one a new application names. */
export const orderIdOf = (command: Command, state: AfterSalesCase | null): string | null =>
  state ? state.orderId : command.type === 'buyer.apply' ? command.payload.orderId : null;

/** Thrown when a batch's context was asked for an order it did not read (a server defect). */
export class ContextNotLoaded extends Error {}

/**
 * The order contexts of one push batch. `contextOf` answers what the order and its other cases
 * look like at this point of the batch, i.e. including what earlier commands of the batch did
 * (reported through `applied`).
 */
export interface BatchContext {
  contextOf(command: Command, state: AfterSalesCase | null): LoadedContext;
  applied(state: AfterSalesCase, order: OrderWrite | null): void;
}

/**
 * Reads the orders of a whole push batch, locked in id order (after the pipeline locked the cases,
 * in id order), and every case of those orders, once. The order rows are locked so that commands
 * on cases of one order are decided one at a time: two new cases cannot both pass "one active
 * case per line". (Lock order: case rows, then order rows — the same in every batch.)
 */
export async function loadBatchContext(tx: Queryable, items: readonly { command: Command; state: AfterSalesCase | null }[], policy: Policy): Promise<BatchContext> {
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

/**
 * The shared `decide` as the server applies it. The server, not the rule book, decides what a
 * stale base version means: the command is judged against the current case, and only if it no
 * longer fits does the pipeline turn the refusal into a conflict.
 */
export function decideOnServer(state: AfterSalesCase | null, command: Command, loaded: LoadedContext, now: string): Decision | { ok: false; rejection: Rejection } {
  if (!loaded.ok) return { ok: false, rejection: loaded.rejection };
  const current: Command = state ? { ...command, baseVersion: state.version } : command;
  return decide(state ?? undefined, current, { ...loaded.ctx, now });
}

/** The indexed columns of a case row, with the deadline the sweeper watches. */
export function caseIndex(state: AfterSalesCase, policy: Policy): CaseIndex {
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
}

/**
 * The order follows its cases (DOMAIN §1, §6, §7): closed when every line is refunded, settlement
 * frozen while a case is open, stock back after a successful return.
 */
export function orderFollowUp(state: AfterSalesCase, loaded: LoadedContext, policy: Policy): OrderFollowUp | null {
  if (!loaded.ok) return null;
  const { order, products, otherCases } = loaded.ctx;
  const cases = [...otherCases.filter((c) => c.id !== state.id), state];
  const effects = orderEffects(order, cases, products, policy);
  return {
    orderId: order.id,
    state: effects.state,
    settlement: { frozen: effects.settlementFrozen, settlable: effects.settlable, refundedCash: effects.refundedCash, refundedCoins: effects.refundedCoins },
    restocks: effects.restocks.filter((r) => r.caseId === state.id),
    previous: loaded.stored,
  };
}
