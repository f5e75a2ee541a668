/**
 * What the dashboard needs of one case or order, projected once when the row is read: a few
 * numbers and short strings instead of the whole merged case, so the aggregation pass over
 * 100,000 cases touches small objects and a changed date range costs one pass over them, not a
 * new read of the store.
 *
 * The sync feed carries the folded case, not its events, so some times are what the case keeps:
 *  - a refund was paid when the case completed through finance's approval (`completed`, a refund,
 *    no outbound parcel): the day it ended;
 *  - the time the warehouse handled the parcel is known while the case still shows it: its first
 *    dispute (raised at the bench), or the time the case entered the state its receipt put it in
 *    (awaiting refund / outbound) — otherwise it is `NaN` (counted, but in no hour);
 *  - past deadline breaches a case records: a closure by a buyer or warehouse timeout, and a
 *    dispute resolved after its service level; the current deadline once it has passed.
 */
import type { AfterSalesCase, CaseState, CaseType, CloseCause, ConditionGrade, DisputeCategory, DisputeResolution, Policy, Reason, Role } from '../../../shared/domain';
import type { CaseViewRow, OrderRow } from '../db/types';
import { dayOfIso, type ZoneClock } from './calendar';

const HOUR_MS = 3_600_000;

export type DispositionKind = 'restock' | 'refurbish' | 'scrap' | 'return_to_vendor';

/** A deadline the case missed: who owned it and the day it ran out. */
export interface Breach {
  owner: Role;
  day: number;
}

export interface CaseFacts {
  id: string;
  caseNo: string;
  orderId: string;
  state: CaseState;
  type: CaseType;
  reason: Reason;
  sku: string;
  quantity: number;
  openedDay: number;
  /** Day the case completed or closed; NaN while open. */
  endedDay: number;
  closeCause: CloseCause | null;
  /** Who acts next and by when (ms; NaN when no deadline runs). */
  owner: Role | '';
  dueMs: number;
  /** Day the current deadline runs out; NaN when none runs. */
  dueDay: number;
  /** Deadlines missed in the past (closures by timeout, late dispute resolutions). */
  pastBreaches: Breach[];
  /**
   * Set once the warehouse handled the parcel at its bench: inspected it (grade, disposition),
   * or raised a dispute on it instead of receiving it (no grade then).
   */
  bench: {
    station: string;
    grade: ConditionGrade | null;
    disposition: DispositionKind | null;
    /** Hour of the day (0–23) it was handled; -1 when the case no longer shows the time. */
    hour: number;
    /** Clock hour (hours since 1970, store time zone) it was handled; NaN when unknown. */
    hourSlot: number;
    disputed: boolean;
  } | null;
  /** Disputes raised (客服介入), each with its outcome once resolved. */
  disputes: Array<{
    category: DisputeCategory;
    resolution: DisputeResolution | null;
    agreedAmount: number | null;
    /** Hours from raising to resolution; NaN while open. */
    settleHours: number;
  }>;
  /** Refund paid (finance approved): day, cash and coins; null when none. */
  refundPaid: { day: number; cash: number; coins: number } | null;
}

export interface OrderFacts {
  id: string;
  /** Day the order was paid; NaN when unpaid. */
  paidDay: number;
  lines: Array<{ sku: string; quantity: number }>;
}

function msOf(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) : Number.NaN;
}

/** When the warehouse handled the parcel, while the case still shows it. */
function benchAt(c: AfterSalesCase): number {
  const first = c.disputes[0];
  if (first) return msOf(first.raisedAt);
  if (c.state === 'awaiting_refund' || c.state === 'awaiting_exchange_shipment') return msOf(c.stateEnteredAt);
  return Number.NaN;
}

const TIMEOUT_OWNERS: Partial<Record<CloseCause, Role>> = {
  buyer_shipment_timeout: 'buyer',
  rejected_idle_timeout: 'buyer',
  warehouse_receipt_timeout: 'warehouse',
};

function pastBreaches(c: AfterSalesCase, clock: ZoneClock, policy: Policy): Breach[] {
  const out: Breach[] = [];
  const timedOut = c.closeCause ? TIMEOUT_OWNERS[c.closeCause] : undefined;
  if (timedOut && c.endedAt) out.push({ owner: timedOut, day: dayOfIso(clock, c.endedAt) });
  const limit = policy.deadlines.disputeHours * HOUR_MS;
  for (const d of c.disputes) {
    if (!d.resolvedAt) continue;
    const due = msOf(d.raisedAt) + limit;
    if (msOf(d.resolvedAt) > due) out.push({ owner: 'cs', day: clock.day(due) });
  }
  return out;
}

/** The dashboard's projection of one merged case row. */
export function caseFacts(row: CaseViewRow, clock: ZoneClock, policy: Policy): CaseFacts {
  const c = row.data;
  const inspection = c.inspection;
  const refund = c.refund;
  const dueMs = msOf(row.dueAt);
  const firstDispute = c.disputes[0];
  const atBench = inspection !== null || firstDispute !== undefined;
  const at = atBench ? benchAt(c) : Number.NaN;
  return {
    id: row.id,
    caseNo: row.caseNo,
    orderId: c.orderId,
    state: c.state,
    type: c.type,
    reason: c.reason,
    sku: c.sku,
    quantity: c.quantity,
    openedDay: dayOfIso(clock, c.openedAt),
    endedDay: dayOfIso(clock, c.endedAt),
    closeCause: c.closeCause,
    owner: row.queue,
    dueMs,
    dueDay: Number.isNaN(dueMs) ? Number.NaN : clock.day(dueMs),
    pastBreaches: pastBreaches(c, clock, policy),
    bench: atBench
      ? {
          station: `${c.returnAddress?.warehouseId ?? '—'} · ${c.receivedBy ?? firstDispute?.raisedBy ?? '—'}`,
          grade: inspection?.condition ?? null,
          disposition: inspection?.disposition.kind ?? null,
          hour: Number.isNaN(at) ? -1 : clock.hour(at),
          hourSlot: Number.isNaN(at) ? Number.NaN : clock.hourSlot(at),
          disputed: firstDispute !== undefined,
        }
      : null,
    disputes: c.disputes.map((d) => ({
      category: d.category,
      resolution: d.resolution,
      agreedAmount: d.agreedAmount,
      settleHours: d.resolvedAt ? (msOf(d.resolvedAt) - msOf(d.raisedAt)) / HOUR_MS : Number.NaN,
    })),
    refundPaid: c.state === 'completed' && refund !== null && c.outboundShipment === null ? { day: dayOfIso(clock, c.endedAt), cash: refund.cash, coins: refund.coins } : null,
  };
}

/** The dashboard's projection of one order row (units sold per SKU). */
export function orderFacts(row: OrderRow, clock: ZoneClock): OrderFacts {
  return { id: row.id, paidDay: dayOfIso(clock, row.paidAt), lines: row.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) };
}
