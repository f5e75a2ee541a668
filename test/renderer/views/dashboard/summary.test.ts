import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { ZoneClock, caseFacts, dayOfDate, figures, orderFacts, summarize, type DayRange } from '../../../../renderer/src/stats';
import { CASE_ROWS, NOW_MS, ORDER_ROWS } from './fixture';

const clock = new ZoneClock('Asia/Shanghai');
const cases = CASE_ROWS.map((r) => caseFacts(r, clock, DEFAULT_POLICY));
const orders = ORDER_ROWS.map((r) => orderFacts(r, clock));
const summary = summarize(cases, orders);
const MARCH: DayRange = { from: dayOfDate(2026, 3, 1), to: dayOfDate(2026, 3, 3) };
const LATE_FEB: DayRange = { from: dayOfDate(2026, 2, 20), to: dayOfDate(2026, 2, 28) };
const YEAR: DayRange = { from: dayOfDate(2025, 3, 4), to: dayOfDate(2026, 3, 3) };

describe('the per-day summary behind the dashboard', () => {
  it('counts every case once and only the days something happened on', () => {
    expect(summary.caseCount).toBe(cases.length);
    // Far fewer days than a year: a range is a pass over the days that hold sums.
    expect(summary.days.size).toBeGreaterThan(3);
    expect(summary.days.size).toBeLessThan(30);
    expect([...summary.days.keys()].every((day) => Number.isInteger(day))).toBe(true);
  });

  it('gives the same figures after the structured clone the local store keeps it through', () => {
    const stored = structuredClone(summary);
    for (const range of [MARCH, LATE_FEB, YEAR]) expect(figures(stored, range, NOW_MS)).toEqual(figures(summary, range, NOW_MS));
  });

  it('adds up the days of a range: two halves give the daily series and totals of the whole', () => {
    const first = figures(summary, { from: LATE_FEB.from, to: dayOfDate(2026, 2, 28) }, NOW_MS);
    const second = figures(summary, MARCH, NOW_MS);
    const whole = figures(summary, { from: LATE_FEB.from, to: MARCH.to }, NOW_MS);
    expect(whole.opened).toEqual([...first.opened, ...second.opened]);
    expect(whole.closed).toEqual([...first.closed, ...second.closed]);
    expect(whole.refunds.cash).toEqual([...first.refunds.cash, ...second.refunds.cash]);
    expect(whole.casesInRange).toBe(first.casesInRange + second.casesInRange);
    expect(whole.unitsSold).toBe(first.unitsSold + second.unitsSold);
    expect(whole.unitsReturned).toBe(first.unitsReturned + second.unitsReturned);
    expect(whole.warehouse.inspections).toBe(first.warehouse.inspections + second.warehouse.inspections);
    expect(whole.disputes.raised).toBe(first.disputes.raised + second.disputes.raised);
    expect(whole.breaches.map((b) => b.perDay)).toEqual(first.breaches.map((b, i) => [...b.perDay, ...second.breaches[i]!.perDay]));
  });

  it('moves what is overdue with the clock, without a new summary', () => {
    const dues = [...summary.deadlines.dueMs];
    expect(dues.length).toBeGreaterThan(0);
    const before = figures(summary, MARCH, Math.min(...dues) - 1);
    expect(before.overdueNow.every((x) => x.count === 0)).toBe(true);
    // Only the past breaches are left: F's late dispute (cs) and I's closure by timeout (buyer), both 03-01.
    expect(Object.fromEntries(before.breaches.map((b) => [b.owner, b.perDay]))).toEqual({ cs: [1, 0, 0], warehouse: [0, 0, 0], finance: [0, 0, 0], buyer: [1, 0, 0] });
    const after = figures(summary, MARCH, Math.max(...dues));
    expect(after.overdueNow.reduce((n, x) => n + x.count, 0)).toBe(dues.length);
    // Now: cs 1, finance 1, buyer 1 (hand-computed in aggregate.test.ts).
    expect(Object.fromEntries(figures(summary, MARCH, NOW_MS).overdueNow.map((x) => [x.owner, x.count]))).toEqual({ cs: 1, warehouse: 0, finance: 1, buyer: 1 });
  });

  it('is empty for an empty store', () => {
    const none = summarize([], []);
    expect(none.caseCount).toBe(0);
    const d = figures(none, MARCH, NOW_MS);
    expect(d.opened).toEqual([0, 0, 0]);
    expect(d.returnsBySku).toEqual([]);
    expect(d.warehouse.disputeRate).toBeNull();
  });
});
