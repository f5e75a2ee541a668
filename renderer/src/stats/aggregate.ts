/**
 * Every figure of the supervisor's dashboard from one pass over the projected cases (and one
 * over the orders, for units sold). Pure: the caller passes the range, the time and the facts.
 *
 * What the range means:
 *  - daily series (opened, closed, deadline breaches, refunds paid) count each event on its own
 *    day inside the range;
 *  - return rates follow the units sold in the range: units of the order lines paid in it, and
 *    the units of return cases on those orders (a case whose order is not in the store counts
 *    by the day it was opened), so a rate is the share of what was sold that came back;
 *  - warehouse figures and dispute outcomes count the cases opened in the range;
 *  - open cases and cases overdue are "now", whatever the range.
 */
import { CASE_STATES, CASE_TYPES, CONDITION_GRADES, DISPUTE_RESOLUTIONS, REASONS, type CaseState, type CaseType, type ConditionGrade, type DisputeResolution, type Reason, type Role } from '../../../shared/domain';
import type { CaseFacts, DispositionKind, OrderFacts } from './facts';

/** A range of calendar days, both ends included (day numbers, see `calendar.ts`). */
export interface DayRange {
  from: number;
  to: number;
}

/** Roles that own a deadline (`nextDeadline`), in the order the charts show them. */
export const DEADLINE_OWNERS = ['cs', 'warehouse', 'finance', 'buyer'] as const satisfies readonly Role[];
export type DeadlineOwner = (typeof DEADLINE_OWNERS)[number];
export const OPEN_STATES = CASE_STATES.filter((s) => s !== 'completed' && s !== 'closed');
export const DISPOSITIONS: readonly DispositionKind[] = ['restock', 'refurbish', 'scrap', 'return_to_vendor'];
/** Case types whose goods come back to the warehouse: they make the return rate. */
export const RETURN_TYPES: ReadonlySet<CaseType> = new Set<CaseType>(['return_refund', 'exchange']);
export const TOP_RETURNS = 20;

export interface SkuReturns {
  sku: string;
  returned: number;
  sold: number;
  /** returned / sold; null when nothing was sold in the range. */
  rate: number | null;
}

export interface StationLoad {
  station: string;
  inspections: number;
  /** Inspections whose time the case still shows (they make the hourly figures). */
  timed: number;
  /** Distinct clock hours with at least one timed inspection. */
  activeHours: number;
  /** timed / activeHours; null without a timed inspection. */
  perHour: number | null;
  /** Timed inspections by hour of the day (0–23, store time zone). */
  byHour: number[];
}

export interface Dashboard {
  range: DayRange;
  /** Day numbers of the range, in order: the x axis of the daily series. */
  days: number[];
  /** Cases opened in the range. */
  casesInRange: number;
  openByState: Array<{ state: CaseState; count: number }>;
  openByType: Array<{ type: CaseType; count: number }>;
  opened: number[];
  closed: number[];
  overdueNow: Array<{ owner: DeadlineOwner; count: number }>;
  breaches: Array<{ owner: DeadlineOwner; perDay: number[]; total: number }>;
  /** Top SKUs by return rate (then returned units). */
  returnsBySku: SkuReturns[];
  /** Returned units per reason; rate = returned / all units sold in the range. */
  returnsByReason: Array<{ reason: Reason; returned: number; rate: number | null }>;
  unitsSold: number;
  unitsReturned: number;
  warehouse: {
    /** Parcels handled at a bench: inspected, or disputed instead of received. */
    inspections: number;
    disputed: number;
    /** disputed / inspections; null without inspections. */
    disputeRate: number | null;
    grades: Array<{ grade: ConditionGrade; count: number }>;
    dispositions: Array<{ kind: DispositionKind; count: number }>;
    stations: StationLoad[];
  };
  disputes: {
    raised: number;
    open: number;
    outcomes: Array<{ resolution: DisputeResolution; count: number }>;
    /** Sum of the amounts agreed with buyers (minor units). */
    agreedAmount: number;
    /** Mean hours from raising to resolution; null when none was resolved. */
    avgSettleHours: number | null;
  };
  refunds: { cash: number[]; coins: number[]; totalCash: number; totalCoins: number; count: number };
}

function rangeDays(range: DayRange): number[] {
  const out: number[] = [];
  for (let d = range.from; d <= range.to; d++) out.push(d);
  return out;
}

function isOwner(role: string): role is DeadlineOwner {
  return (DEADLINE_OWNERS as readonly string[]).includes(role);
}

function countsOf<K extends string>(keys: readonly K[]): Map<K, number> {
  return new Map(keys.map((k) => [k, 0]));
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
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

export function aggregate(cases: Iterable<CaseFacts>, orderFacts: Iterable<OrderFacts>, range: DayRange, nowMs: number): Dashboard {
  // Read twice (payment days, then units sold): an iterator would be spent after the first.
  const orders = Array.isArray(orderFacts) ? (orderFacts as readonly OrderFacts[]) : [...orderFacts];
  const paid = paidDays(orders);
  const days = rangeDays(range);
  const n = days.length;
  const slot = (day: number): number => (day >= range.from && day <= range.to ? day - range.from : -1);
  const inRange = (day: number): boolean => day >= range.from && day <= range.to;

  const openByState = countsOf(OPEN_STATES);
  const openByType = countsOf(CASE_TYPES);
  const opened = new Array<number>(n).fill(0);
  const closed = new Array<number>(n).fill(0);
  const overdue = countsOf(DEADLINE_OWNERS);
  const breaches = new Map(DEADLINE_OWNERS.map((o) => [o, new Array<number>(n).fill(0)]));
  const returnedBySku = new Map<string, number>();
  const returnedByReason = countsOf(REASONS);
  const grades = countsOf(CONDITION_GRADES);
  const dispositions = countsOf(DISPOSITIONS);
  const stations = new Map<string, { inspections: number; timed: number; hours: Set<number>; byHour: number[] }>();
  const outcomes = countsOf(DISPUTE_RESOLUTIONS);
  const refundCash = new Array<number>(n).fill(0);
  const refundCoins = new Array<number>(n).fill(0);
  let casesInRange = 0;
  let unitsReturned = 0;
  let inspections = 0;
  let disputedInspections = 0;
  let raised = 0;
  let openDisputes = 0;
  let agreedAmount = 0;
  let settleSum = 0;
  let settled = 0;
  let refundCount = 0;

  for (const c of cases) {
    const isOpen = c.state !== 'completed' && c.state !== 'closed';
    if (isOpen) {
      bump(openByState, c.state);
      bump(openByType, c.type);
    }
    const o = slot(c.openedDay);
    if (o >= 0) opened[o]! += 1;
    const e = slot(c.endedDay);
    if (e >= 0) closed[e]! += 1;

    // The current deadline, once passed, is a breach on the day it ran out.
    if (isOpen && isOwner(c.owner) && c.dueMs <= nowMs) {
      bump(overdue, c.owner);
      const s = slot(c.dueDay);
      if (s >= 0) breaches.get(c.owner)![s]! += 1;
    }
    for (const past of c.pastBreaches) {
      const s = slot(past.day);
      if (s >= 0 && isOwner(past.owner)) breaches.get(past.owner)![s]! += 1;
    }
    if (c.refundPaid) {
      const s = slot(c.refundPaid.day);
      if (s >= 0) {
        refundCash[s]! += c.refundPaid.cash;
        refundCoins[s]! += c.refundPaid.coins;
        refundCount += 1;
      }
    }

    if (isReturnCase(c) && inRange(returnDay(c, paid))) {
      unitsReturned += c.quantity;
      bump(returnedBySku, c.sku, c.quantity);
      bump(returnedByReason, c.reason, c.quantity);
    }

    if (!inRange(c.openedDay)) continue;
    casesInRange += 1;
    const insp = c.bench;
    if (insp) {
      inspections += 1;
      if (insp.disputed) disputedInspections += 1;
      if (insp.grade) bump(grades, insp.grade);
      if (insp.disposition) bump(dispositions, insp.disposition);
      let station = stations.get(insp.station);
      if (!station) {
        station = { inspections: 0, timed: 0, hours: new Set(), byHour: new Array<number>(24).fill(0) };
        stations.set(insp.station, station);
      }
      station.inspections += 1;
      if (insp.hour >= 0) {
        station.timed += 1;
        station.hours.add(insp.hourSlot);
        station.byHour[insp.hour]! += 1;
      }
    }
    for (const d of c.disputes) {
      raised += 1;
      if (d.resolution === null) {
        openDisputes += 1;
        continue;
      }
      bump(outcomes, d.resolution);
      if (d.resolution === 'agreed_amount') agreedAmount += d.agreedAmount ?? 0;
      if (!Number.isNaN(d.settleHours)) {
        settleSum += d.settleHours;
        settled += 1;
      }
    }
  }

  let unitsSold = 0;
  const soldBySku = new Map<string, number>();
  for (const order of orders) {
    if (!inRange(order.paidDay)) continue;
    for (const line of order.lines) {
      unitsSold += line.quantity;
      bump(soldBySku, line.sku, line.quantity);
    }
  }

  const returnsBySku: SkuReturns[] = [...returnedBySku].map(([sku, returned]) => {
    const sold = soldBySku.get(sku) ?? 0;
    return { sku, returned, sold, rate: sold > 0 ? returned / sold : null };
  });
  returnsBySku.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.returned - a.returned || a.sku.localeCompare(b.sku));

  return {
    range,
    days,
    casesInRange,
    openByState: [...openByState].map(([state, count]) => ({ state, count })),
    openByType: [...openByType].map(([type, count]) => ({ type, count })),
    opened,
    closed,
    overdueNow: [...overdue].map(([owner, count]) => ({ owner, count })),
    breaches: [...breaches].map(([owner, perDay]) => ({ owner, perDay, total: perDay.reduce((a, b) => a + b, 0) })),
    returnsBySku: returnsBySku.slice(0, TOP_RETURNS),
    returnsByReason: [...returnedByReason].filter(([, returned]) => returned > 0).map(([reason, returned]) => ({ reason, returned, rate: unitsSold > 0 ? returned / unitsSold : null })).sort((a, b) => b.returned - a.returned),
    unitsSold,
    unitsReturned,
    warehouse: {
      inspections,
      disputed: disputedInspections,
      disputeRate: inspections > 0 ? disputedInspections / inspections : null,
      grades: [...grades].map(([grade, count]) => ({ grade, count })),
      dispositions: [...dispositions].map(([kind, count]) => ({ kind, count })),
      stations: [...stations]
        .map(([station, s]) => ({ station, inspections: s.inspections, timed: s.timed, activeHours: s.hours.size, perHour: s.hours.size > 0 ? s.timed / s.hours.size : null, byHour: s.byHour }))
        .sort((a, b) => b.inspections - a.inspections || a.station.localeCompare(b.station)),
    },
    disputes: { raised, open: openDisputes, outcomes: [...outcomes].map(([resolution, count]) => ({ resolution, count })), agreedAmount, avgSettleHours: settled > 0 ? settleSum / settled : null },
    refunds: { cash: refundCash, coins: refundCoins, totalCash: refundCash.reduce((a, b) => a + b, 0), totalCoins: refundCoins.reduce((a, b) => a + b, 0), count: refundCount },
  };
}
