/**
 * The dashboard's figures folded per calendar day (`summarize`), so the figures of a range are one
 * pass over its days (`aggregate.ts`: at most a year of small sums) instead of one over every
 * case, and the dashboard can keep this summary in the local store: a later start reads it and
 * draws its charts without reading 100,000 cases.
 *
 * Each day holds what `aggregate` counts on that day: cases opened and ended, past deadline
 * breaches, refunds paid, units returned (on the day the order was paid, see `returnDay`) and
 * sold, and — for the cases opened that day — the warehouse's benches and the disputes. What is
 * "now" whatever the range is kept apart: open cases by state and type, and every running
 * deadline (owner, due time, due day), since what is overdue moves with the clock.
 */
import type { CaseType, Role } from '../../../shared/domain';
import type { CaseFacts, OrderFacts } from './facts';

/** Roles that own a deadline (`nextDeadline`), in the order the charts show them. */
export const DEADLINE_OWNERS = ['cs', 'warehouse', 'finance', 'buyer'] as const satisfies readonly Role[];
export type DeadlineOwner = (typeof DEADLINE_OWNERS)[number];
/** Case types whose goods come back to the warehouse: they make the return rate. */
export const RETURN_TYPES: ReadonlySet<CaseType> = new Set<CaseType>(['return_refund', 'exchange']);

export function isOwner(role: string): role is DeadlineOwner {
  return (DEADLINE_OWNERS as readonly string[]).includes(role);
}

/** Closures that mean the goods never set off: withdrawn, refused, or never shipped by the buyer. */
const NOT_RETURNED: ReadonlySet<string> = new Set(['withdrawn', 'rejected_idle_timeout', 'buyer_shipment_timeout']);

/** A case of a return type counts as a return unless it was refused, withdrawn or never shipped. */
export function isReturnCase(c: CaseFacts): boolean {
  return RETURN_TYPES.has(c.type) && c.state !== 'rejected' && (c.closeCause === null || !NOT_RETURNED.has(c.closeCause));
}

/** Order id → the day it was paid, for the return cohort of a range. */
export function paidDays(orders: Iterable<OrderFacts>): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of orders) out.set(o.id, o.paidDay);
  return out;
}

/** The day a return counts on: its order's payment, or its opening when the order is unknown. */
export function returnDay(c: CaseFacts, paid: ReadonlyMap<string, number>): number {
  return paid.get(c.orderId) ?? c.openedDay;
}

/** One bench (warehouse · person) on one day of openings. */
export interface StationDay {
  inspections: number;
  /** Inspections whose time the case still shows. */
  timed: number;
  /** Timed inspections by hour of the day (0–23). */
  byHour: number[];
  /** Clock hours (hours since 1970) with a timed inspection. */
  slots: Set<number>;
}

/** The sums of one calendar day. */
export interface DaySums {
  opened: number;
  ended: number;
  /** Past breaches (closures by timeout, late dispute resolutions) by owner. */
  breaches: Map<string, number>;
  refundCash: number;
  refundCoins: number;
  refunds: number;
  /** Units of return cases whose order was paid this day, by SKU and by reason. */
  returnedBySku: Map<string, number>;
  returnedByReason: Map<string, number>;
  unitsReturned: number;
  /** Units of the order lines paid this day, by SKU. */
  soldBySku: Map<string, number>;
  unitsSold: number;
  // The cases opened this day:
  benches: number;
  disputedBenches: number;
  grades: Map<string, number>;
  dispositions: Map<string, number>;
  stations: Map<string, StationDay>;
  disputesRaised: number;
  disputesOpen: number;
  outcomes: Map<string, number>;
  agreedAmount: number;
  settleHours: number;
  settled: number;
}

/** The running deadlines of open cases, one entry per case (parallel arrays). */
export interface Deadlines {
  /** Index into `DEADLINE_OWNERS`. */
  owner: Uint8Array;
  dueMs: Float64Array;
  dueDay: Float64Array;
}

export interface DashboardSummary {
  caseCount: number;
  openByState: Map<string, number>;
  openByType: Map<string, number>;
  deadlines: Deadlines;
  days: Map<number, DaySums>;
}

function daySums(): DaySums {
  return {
    opened: 0,
    ended: 0,
    breaches: new Map(),
    refundCash: 0,
    refundCoins: 0,
    refunds: 0,
    returnedBySku: new Map(),
    returnedByReason: new Map(),
    unitsReturned: 0,
    soldBySku: new Map(),
    unitsSold: 0,
    benches: 0,
    disputedBenches: 0,
    grades: new Map(),
    dispositions: new Map(),
    stations: new Map(),
    disputesRaised: 0,
    disputesOpen: 0,
    outcomes: new Map(),
    agreedAmount: 0,
    settleHours: 0,
    settled: 0,
  };
}

export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Folds the projected cases and orders into per-day sums (one pass over each). */
export function summarize(cases: Iterable<CaseFacts>, orders: Iterable<OrderFacts>): DashboardSummary {
  const orderList = Array.isArray(orders) ? (orders as readonly OrderFacts[]) : [...orders];
  const paid = paidDays(orderList);
  const days = new Map<number, DaySums>();
  // NaN (no such day) gets no sums: a range never holds it.
  const on = (day: number): DaySums | null => {
    if (Number.isNaN(day)) return null;
    let sums = days.get(day);
    if (!sums) {
      sums = daySums();
      days.set(day, sums);
    }
    return sums;
  };
  const openByState = new Map<string, number>();
  const openByType = new Map<string, number>();
  const owner: number[] = [];
  const dueMs: number[] = [];
  const dueDay: number[] = [];
  let caseCount = 0;

  for (const c of cases) {
    caseCount += 1;
    const isOpen = c.state !== 'completed' && c.state !== 'closed';
    if (isOpen) {
      bump(openByState, c.state);
      bump(openByType, c.type);
      if (isOwner(c.owner) && !Number.isNaN(c.dueMs)) {
        owner.push(DEADLINE_OWNERS.indexOf(c.owner));
        dueMs.push(c.dueMs);
        dueDay.push(c.dueDay);
      }
    }
    const opened = on(c.openedDay);
    if (opened) opened.opened += 1;
    const ended = on(c.endedDay);
    if (ended) ended.ended += 1;
    for (const past of c.pastBreaches) {
      const s = isOwner(past.owner) ? on(past.day) : null;
      if (s) bump(s.breaches, past.owner);
    }
    if (c.refundPaid) {
      const s = on(c.refundPaid.day);
      if (s) {
        s.refundCash += c.refundPaid.cash;
        s.refundCoins += c.refundPaid.coins;
        s.refunds += 1;
      }
    }
    if (isReturnCase(c)) {
      const s = on(returnDay(c, paid));
      if (s) {
        s.unitsReturned += c.quantity;
        bump(s.returnedBySku, c.sku, c.quantity);
        bump(s.returnedByReason, c.reason, c.quantity);
      }
    }
    if (opened) openedSums(opened, c);
  }

  for (const order of orderList) {
    const s = order.lines.length > 0 ? on(order.paidDay) : null;
    if (!s) continue;
    for (const line of order.lines) {
      s.unitsSold += line.quantity;
      bump(s.soldBySku, line.sku, line.quantity);
    }
  }
  return { caseCount, openByState, openByType, deadlines: { owner: Uint8Array.from(owner), dueMs: Float64Array.from(dueMs), dueDay: Float64Array.from(dueDay) }, days };
}

/** The bench and the disputes of a case, on the day it was opened. */
function openedSums(s: DaySums, c: CaseFacts): void {
  const bench = c.bench;
  if (bench) {
    s.benches += 1;
    if (bench.disputed) s.disputedBenches += 1;
    if (bench.grade) bump(s.grades, bench.grade);
    if (bench.disposition) bump(s.dispositions, bench.disposition);
    let station = s.stations.get(bench.station);
    if (!station) {
      station = { inspections: 0, timed: 0, byHour: new Array<number>(24).fill(0), slots: new Set() };
      s.stations.set(bench.station, station);
    }
    station.inspections += 1;
    if (bench.hour >= 0) {
      station.timed += 1;
      station.slots.add(bench.hourSlot);
      station.byHour[bench.hour]! += 1;
    }
  }
  for (const d of c.disputes) {
    s.disputesRaised += 1;
    if (d.resolution === null) {
      s.disputesOpen += 1;
      continue;
    }
    bump(s.outcomes, d.resolution);
    if (d.resolution === 'agreed_amount') s.agreedAmount += d.agreedAmount ?? 0;
    if (!Number.isNaN(d.settleHours)) {
      s.settleHours += d.settleHours;
      s.settled += 1;
    }
  }
}
