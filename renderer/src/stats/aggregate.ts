/**
 * Every figure of the supervisor's dashboard for a range: `figures` adds up the days of the range
 * in the per-day summary (`summary.ts`), so a new range or a new minute costs a pass over at most
 * a year of days, not one over every case; `aggregate` is the same from the projected cases.
 * Pure: the caller passes the range, the time and the summary (or the facts).
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
import { CASE_STATES, CASE_TYPES, CONDITION_GRADES, DISPUTE_RESOLUTIONS, REASONS, type CaseState, type CaseType, type ConditionGrade, type DisputeResolution, type Reason } from '../../../shared/domain';
import type { CaseFacts, DispositionKind, OrderFacts } from './facts';
import { DEADLINE_OWNERS, bump, summarize, type DashboardSummary, type DaySums, type DeadlineOwner, type StationDay } from './summary';

/** A range of calendar days, both ends included (day numbers, see `calendar.ts`). */
export interface DayRange {
  from: number;
  to: number;
}

export const OPEN_STATES = CASE_STATES.filter((s) => s !== 'completed' && s !== 'closed');
export const DISPOSITIONS: readonly DispositionKind[] = ['restock', 'refurbish', 'scrap', 'return_to_vendor'];
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

function countsOf<K extends string>(keys: readonly K[]): Map<K, number> {
  return new Map(keys.map((k) => [k, 0]));
}

/** Adds `from` into `into` (keys `into` does not list yet are appended, as a count would). */
function addAll<K extends string>(into: Map<K, number>, from: ReadonlyMap<string, number>): void {
  for (const [key, n] of from) bump(into, key as K, n);
}

function byKey<K extends string, V>(map: Map<K, number>, make: (key: K, count: number) => V): V[] {
  return [...map].map(([key, count]) => make(key, count));
}

interface StationSum {
  inspections: number;
  timed: number;
  hours: Set<number>;
  byHour: number[];
}

function addStation(into: Map<string, StationSum>, name: string, day: StationDay): void {
  let s = into.get(name);
  if (!s) {
    s = { inspections: 0, timed: 0, hours: new Set(), byHour: new Array<number>(24).fill(0) };
    into.set(name, s);
  }
  s.inspections += day.inspections;
  s.timed += day.timed;
  for (const slot of day.slots) s.hours.add(slot);
  day.byHour.forEach((n, h) => (s.byHour[h]! += n));
}

/** The figures of `range` at `nowMs` from the per-day summary. */
export function figures(summary: DashboardSummary, range: DayRange, nowMs: number): Dashboard {
  const days: number[] = [];
  for (let d = range.from; d <= range.to; d++) days.push(d);
  const n = days.length;
  const zeros = (): number[] => new Array<number>(n).fill(0);
  const slot = (day: number): number => (day >= range.from && day <= range.to ? day - range.from : -1);

  const openByState = countsOf(OPEN_STATES);
  addAll(openByState, summary.openByState);
  const openByType = countsOf(CASE_TYPES);
  addAll(openByType, summary.openByType);
  const overdue = countsOf(DEADLINE_OWNERS);
  const breaches = new Map(DEADLINE_OWNERS.map((o) => [o, zeros()]));
  // The current deadline, once passed, is a breach on the day it ran out.
  const { owner, dueMs, dueDay } = summary.deadlines;
  for (let i = 0; i < owner.length; i++) {
    if (dueMs[i]! > nowMs) continue;
    const who = DEADLINE_OWNERS[owner[i]!];
    if (!who) continue;
    bump(overdue, who);
    const s = slot(dueDay[i]!);
    if (s >= 0) breaches.get(who)![s]! += 1;
  }

  const opened = zeros();
  const closed = zeros();
  const refundCash = zeros();
  const refundCoins = zeros();
  const returnedBySku = new Map<string, number>();
  const returnedByReason = countsOf(REASONS);
  const soldBySku = new Map<string, number>();
  const grades = countsOf(CONDITION_GRADES);
  const dispositions = countsOf(DISPOSITIONS);
  const outcomes = countsOf(DISPUTE_RESOLUTIONS);
  const stations = new Map<string, StationSum>();
  const total = { refunds: 0, unitsReturned: 0, unitsSold: 0, benches: 0, disputed: 0, raised: 0, open: 0, agreed: 0, settleHours: 0, settled: 0 };
  days.forEach((day, i) => {
    const s: DaySums | undefined = summary.days.get(day);
    if (!s) return;
    opened[i] = s.opened;
    closed[i] = s.ended;
    for (const [who, count] of s.breaches) breaches.get(who as DeadlineOwner)![i]! += count;
    refundCash[i] = s.refundCash;
    refundCoins[i] = s.refundCoins;
    addAll(returnedBySku, s.returnedBySku);
    addAll(returnedByReason, s.returnedByReason);
    addAll(soldBySku, s.soldBySku);
    addAll(grades, s.grades);
    addAll(dispositions, s.dispositions);
    addAll(outcomes, s.outcomes);
    for (const [name, station] of s.stations) addStation(stations, name, station);
    total.refunds += s.refunds;
    total.unitsReturned += s.unitsReturned;
    total.unitsSold += s.unitsSold;
    total.benches += s.benches;
    total.disputed += s.disputedBenches;
    total.raised += s.disputesRaised;
    total.open += s.disputesOpen;
    total.agreed += s.agreedAmount;
    total.settleHours += s.settleHours;
    total.settled += s.settled;
  });

  const unitsSold = total.unitsSold;
  const returnsBySku: SkuReturns[] = byKey(returnedBySku, (sku, returned) => {
    const sold = soldBySku.get(sku) ?? 0;
    return { sku, returned, sold, rate: sold > 0 ? returned / sold : null };
  });
  returnsBySku.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.returned - a.returned || a.sku.localeCompare(b.sku));
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

  return {
    range,
    days,
    casesInRange: sum(opened),
    openByState: byKey(openByState, (state, count) => ({ state, count })),
    openByType: byKey(openByType, (type, count) => ({ type, count })),
    opened,
    closed,
    overdueNow: byKey(overdue, (owner, count) => ({ owner, count })),
    breaches: [...breaches].map(([owner, perDay]) => ({ owner, perDay, total: sum(perDay) })),
    returnsBySku: returnsBySku.slice(0, TOP_RETURNS),
    returnsByReason: [...returnedByReason].filter(([, returned]) => returned > 0).map(([reason, returned]) => ({ reason, returned, rate: unitsSold > 0 ? returned / unitsSold : null })).sort((a, b) => b.returned - a.returned),
    unitsSold,
    unitsReturned: total.unitsReturned,
    warehouse: {
      inspections: total.benches,
      disputed: total.disputed,
      disputeRate: total.benches > 0 ? total.disputed / total.benches : null,
      grades: byKey(grades, (grade, count) => ({ grade, count })),
      dispositions: byKey(dispositions, (kind, count) => ({ kind, count })),
      stations: [...stations]
        .map(([station, s]) => ({ station, inspections: s.inspections, timed: s.timed, activeHours: s.hours.size, perHour: s.hours.size > 0 ? s.timed / s.hours.size : null, byHour: s.byHour }))
        .sort((a, b) => b.inspections - a.inspections || a.station.localeCompare(b.station)),
    },
    disputes: { raised: total.raised, open: total.open, outcomes: byKey(outcomes, (resolution, count) => ({ resolution, count })), agreedAmount: total.agreed, avgSettleHours: total.settled > 0 ? total.settleHours / total.settled : null },
    refunds: { cash: refundCash, coins: refundCoins, totalCash: sum(refundCash), totalCoins: sum(refundCoins), count: total.refunds },
  };
}

/** The figures of `range` straight from the projected cases and orders (one summary pass, then `figures`). */
export function aggregate(cases: Iterable<CaseFacts>, orders: Iterable<OrderFacts>, range: DayRange, nowMs: number): Dashboard {
  return figures(summarize(cases, orders), range, nowMs);
}
