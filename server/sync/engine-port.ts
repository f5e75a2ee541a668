/**
 * The port through which the sync machinery asks the after-sales rules what a command does.
 * The rules live once in `shared/domain` (the client runs the same code optimistically); the
 * server only stores, locks, numbers and serves. Names follow the shared core: a command envelope
 * `{ id, type, caseId, baseVersion, occurredAt, actor, payload }`, `decide(state, command, ctx)`
 * returning `{ ok: true, events } | { ok: false, rejection: { code, params } }`, and
 * `evolve(state, event)` folding one event envelope into the case.
 */
import type { Queryable } from '../db/db';
import type { ActorRole } from '../auth/roles';

export interface CommandActor {
  id: string;
  role: ActorRole;
  /** Set for warehouse staff: the warehouse they work in. */
  warehouseId?: string;
}

/** A command as received (payload not yet parsed), with the actor taken from the bearer token. */
export interface CommandEnvelope {
  id: string;
  type: string;
  caseId: string;
  baseVersion: number;
  occurredAt: string;
  actor: CommandActor;
  payload: unknown;
}

export interface Rejection {
  code: string;
  params: Readonly<Record<string, string | number | boolean | null>>;
}

/** What `decide` proposes: the server assigns versions and the envelope fields. */
export interface ProposedEvent {
  type: string;
  data: unknown;
}

export type Decision = { ok: true; events: readonly ProposedEvent[] } | { ok: false; rejection: Rejection };

/** An event as stored (`case_events`) and as passed to `evolve`. */
export interface EventEnvelope {
  type: string;
  caseId: string;
  /** Case version after this event (1 for the first). */
  version: number;
  occurredAt: string;
  actor: CommandActor;
  commandId: string;
  data: unknown;
}

export interface DecideContext<X> {
  /** Server time (ISO) when the command is applied. */
  now: string;
  /** Whatever `loadContext` read for this command (order, product, policy…). */
  extra: X;
}

/** Columns of the `cases` row that the server indexes, taken from the folded case. */
export interface CaseIndex {
  type: string;
  state: string;
  orderId: string | null;
  lineId: string | null;
  returnTrackingNo: string | null;
  /** Human case number; the server assigns one when the rules do not. */
  caseNo?: string;
  /** When the next system action falls due (ISO), for the deadline sweeper; absent = none. */
  nextDueAt?: string | null;
  /** The system command type due at `nextDueAt`. */
  nextAction?: string | null;
}

/** A stock movement a command's outcome causes (goods back on the shelf after a return). */
export interface StockRestore {
  sku: string;
  quantity: number;
  location: string;
  caseId: string;
}

/**
 * What the order must look like once the command is applied (order state and settlement follow
 * its cases). Written in the command's transaction; the server compares it with the stored order
 * and only touches (and re-numbers) the order when something changed.
 */
export interface OrderFollowUp {
  orderId: string;
  state: string;
  /** Settlement figures kept in the order's `data.settlement`. */
  settlement: { frozen: boolean; settlable: number; refundedCash: number; refundedCoins: number };
  /** Stock to restore; each (case, SKU, location) is restored at most once. */
  restocks: readonly StockRestore[];
  /**
   * The order as `loadContext` read (and locked) it, when the rules know: the server then compares
   * without reading the order again.
   */
  previous?: { state: string; settlement: unknown } | undefined;
}

export type Validation<C> = { ok: true; command: C } | { ok: false; rejection: Rejection };

/**
 * `S` = folded case, `C` = validated command, `X` = extra decision context.
 * Every method except `loadContext` must be pure and synchronous.
 */
export interface CaseRules<S, C extends CommandEnvelope = CommandEnvelope, X = unknown> {
  /** Roles allowed to issue `type`; `null` when the type is unknown. */
  allowedRoles(type: string): readonly ActorRole[] | null;
  /** Parses the payload (defaults filled); a failure is a rejection, not an HTTP error. */
  validate(command: CommandEnvelope): Validation<C>;
  /** Reads what `decide` needs beyond the case, inside the command's transaction. */
  loadContext(tx: Queryable, command: C, state: S | null): Promise<X>;
  decide(state: S | null, command: C, ctx: DecideContext<X>): Decision;
  evolve(state: S | null, event: EventEnvelope): S;
  index(state: S): CaseIndex;
  /** Optional: the order's state, settlement and stock after this case changed (pure). */
  effects?(state: S, extra: X): OrderFollowUp | null;
  /**
   * Optional batch form of `loadContext`: reads (and locks, in a fixed order) what every command
   * of a push batch needs, once, before any of them is decided. The engine then decides the
   * commands one after another in memory and writes the batch at the end. Rules without it get
   * the one-transaction-per-command path.
   */
  loadBatch?(tx: Queryable, items: readonly BatchItem<S, C>[]): Promise<BatchContext<S, C, X>>;
}

/** A command of a push batch as `loadBatch` sees it: validated, with its case as stored before the batch. */
export interface BatchItem<S, C> {
  command: C;
  state: S | null;
}

/** What a command wrote to its order: state and settlement (`OrderFollowUp` without the stock). */
export interface OrderWrite {
  orderId: string;
  state: string;
  settlement: OrderFollowUp['settlement'];
}

/**
 * The contexts of one batch. `contextOf` must answer exactly what `loadContext` would read at that
 * point of the batch, i.e. including what earlier commands of the batch changed (`applied`). It
 * throws `ContextNotLoaded` when the batch read does not cover the command; the engine then
 * applies the batch one transaction per command instead.
 */
export interface BatchContext<S, C, X> {
  contextOf(command: C, state: S | null): X;
  /** An earlier command of the batch was applied: the case as now stored, and what was written to its order. */
  applied(state: S, order: OrderWrite | null): void;
}

export class ContextNotLoaded extends Error {}

/**
 * The erased form the server holds. Methods are declared with method syntax, so any
 * `CaseRules<S, C, X>` is assignable to it.
 */
export type ServerRules = CaseRules<unknown, CommandEnvelope, unknown>;
