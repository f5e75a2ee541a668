/**
 * Time windows and deadlines. Pure: every function takes `now` or the case, never reads a clock.
 * Deadlines are counted in whole hours from the moment the case entered its state; the
 * seven-day window starts at local midnight in the store's time zone.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, startOfDay } from 'date-fns';
import type { AfterSalesCase, CaseState, IsoTime, Order, Product, Role, WarrantyPause } from './model';
import { HOUR_MS, type Policy } from './policy';
import type { SystemCommandType } from './commands';

export function toMs(iso: IsoTime): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`invalid time ${iso}`);
  return ms;
}

export function toIso(ms: number): IsoTime {
  return new Date(ms).toISOString();
}

function addHoursIso(iso: IsoTime, hours: number): IsoTime {
  return toIso(toMs(iso) + hours * HOUR_MS);
}

// Time-zone arithmetic is the costliest step of an application; the result depends only on the
// zone and the instant, so a small bounded memo keeps `decide` fast without changing results.
const midnightMemo = new Map<string, number>();

/** 00:00 of the day after the instant `ms`, in `timeZone`, as epoch milliseconds. */
function nextLocalMidnightMs(ms: number, timeZone: string): number {
  const key = `${timeZone}|${ms}`;
  const hit = midnightMemo.get(key);
  // Stryker disable next-line ConditionalExpression: a cache; without a hit the value is computed again, the same
  if (hit !== undefined) return hit;
  const value = startOfDay(addDays(new TZDate(ms, timeZone), 1)).getTime();
  // Stryker disable next-line ConditionalExpression,EqualityOperator: when the cache is emptied changes its size, not a result
  if (midnightMemo.size >= 4096) midnightMemo.clear();
  midnightMemo.set(key, value);
  return value;
}

/** 00:00 of the day after `iso`, in `timeZone`, as an instant. */
export function nextLocalMidnight(iso: IsoTime, timeZone: string): IsoTime {
  return toIso(nextLocalMidnightMs(toMs(iso), timeZone));
}

/** `sevenDayWindowEnd` in epoch milliseconds. */
export function sevenDayWindowEndMs(order: Order, policy: Policy): number | null {
  if (order.signedAt) return nextLocalMidnightMs(toMs(order.signedAt), policy.timeZone) + policy.windows.sevenDayHours * HOUR_MS;
  if (order.shippedAt) return toMs(order.shippedAt) + policy.windows.sevenDayFromShipmentHours * HOUR_MS;
  return null;
}

/**
 * End of the seven-day no-reason window (七天无理由): 168 h from 00:00 of the day after signing
 * in the store's zone; without sign data, 10 days (3 transit + 7) from shipment; `null` before
 * shipment (the window has not started).
 */
export function sevenDayWindowEnd(order: Order, policy: Policy): IsoTime | null {
  const ms = sevenDayWindowEndMs(order, policy);
  return ms === null ? null : toIso(ms);
}

/** `afterSalesWindowEnd` in epoch milliseconds. */
export function afterSalesWindowEndMs(order: Order, policy: Policy): number | null {
  return order.confirmedAt ? toMs(order.confirmedAt) + policy.windows.afterSalesHours * HOUR_MS : null;
}

/** End of the after-sales window (售后时效): counted from receipt confirmation; open before it. */
export function afterSalesWindowEnd(order: Order, policy: Policy): IsoTime | null {
  const ms = afterSalesWindowEndMs(order, policy);
  return ms === null ? null : toIso(ms);
}

/** Receipt is confirmed automatically this long after shipment (or after a reship's shipment). */
export function autoConfirmAt(shippedAt: IsoTime, policy: Policy): IsoTime {
  return addHoursIso(shippedAt, policy.windows.autoConfirmHours);
}

/** A case on a line, for the warranty pause. */
export interface OpenInterval {
  openedAt: IsoTime;
  endedAt: IsoTime | null;
  /** The spans the case paused the warranty (see `AfterSalesCase.warrantyPauses`); absent → `openedAt`…`endedAt`. */
  warrantyPauses?: readonly WarrantyPause[] | undefined;
}

/**
 * End of the warranty (质保期) of a line: `warrantyDays` from signing (or from receipt
 * confirmation without sign data), extended by the time cases on the line paused it — the
 * warranty is paused while a case is under review or processing and resumes when the case is
 * rejected or ends; a resubmission pauses it again [000]. Overlapping pauses count once.
 * `null` when the product has no warranty or the order was never received.
 */
export function warrantyEnd(order: Order, product: Product, cases: readonly OpenInterval[], now: IsoTime): IsoTime | null {
  const start = order.signedAt ?? order.confirmedAt;
  if (!start || product.warrantyDays <= 0) return null;
  const startMs = toMs(start);
  const nowMs = toMs(now);
  const intervals = cases
    .flatMap((c) => c.warrantyPauses ?? [{ from: c.openedAt, to: c.endedAt }])
    .map((p) => [Math.max(startMs, toMs(p.from)), p.to ? toMs(p.to) : nowMs] as const)
    .sort((x, y) => x[0] - y[0]);
  // Pauses sorted by start; each adds only the part after what was already counted, so overlaps
  // count once and an empty or inverted pause adds nothing.
  let paused = 0;
  let counted = -Infinity;
  for (const [a, b] of intervals) {
    const from = Math.max(a, counted);
    // Stryker disable next-line EqualityOperator: with b equal to from, nothing is added and moving `counted` up to a start no later than the next one changes nothing
    if (b > from) {
      paused += b - from;
      counted = b;
    }
  }
  return toIso(startMs + product.warrantyDays * 24 * HOUR_MS + paused);
}

/** Next time-limited step of a case: a system action when one is due, else a visible service level. */
export interface Deadline {
  /** System command the sweeper issues at `dueAt`; `null` = a human service level only. */
  action: SystemCommandType | null;
  /** Who is expected to act before `dueAt`. */
  owner: Role;
  dueAt: IsoTime;
  /** The state the deadline belongs to (a deadline is void once the case leaves it). */
  state: CaseState;
}

/**
 * The next deadline of a case, or `null` when none runs (terminal states). Both the server's
 * sweeper and the client's countdown badges use it; `isOverdue` compares it with `now`.
 */
export function nextDeadline(c: AfterSalesCase, policy: Policy): Deadline | null {
  const d = policy.deadlines;
  const from = toMs(c.stateEnteredAt);
  const at = (hours: number): IsoTime => toIso(from + hours * HOUR_MS);
  switch (c.state) {
    case 'pending_review': {
      // A reship needs CS to say why (missing item or lost parcel): no auto-approve.
      const auto = d.autoApproveOnReviewTimeout && c.type !== 'reship';
      return { action: auto ? 'system.auto_approve' : null, owner: 'cs', dueAt: at(d.reviewHours), state: c.state };
    }
    case 'rejected':
      return { action: 'system.auto_close', owner: 'buyer', dueAt: at(d.rejectedIdleHours), state: c.state };
    case 'awaiting_buyer_shipment':
      return { action: 'system.auto_close', owner: 'buyer', dueAt: at(d.buyerShipmentHours), state: c.state };
    case 'awaiting_receipt':
      return { action: 'system.auto_close', owner: 'warehouse', dueAt: at(d.warehouseReceiptHours), state: c.state };
    case 'disputed':
      return { action: null, owner: 'cs', dueAt: at(d.disputeHours), state: c.state };
    case 'awaiting_refund':
      return { action: null, owner: 'finance', dueAt: at(d.refundHours), state: c.state };
    case 'awaiting_exchange_shipment':
      return { action: null, owner: 'warehouse', dueAt: at(d.exchangeShipmentHours), state: c.state };
    case 'awaiting_buyer_confirmation':
      return { action: 'system.auto_confirm', owner: 'buyer', dueAt: at(policy.windows.autoConfirmHours), state: c.state };
    case 'completed':
    case 'closed':
      return null;
  }
}

export function isOverdue(deadline: Deadline | null, now: IsoTime): boolean {
  return deadline !== null && toMs(now) >= toMs(deadline.dueAt);
}
