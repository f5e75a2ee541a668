import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { ZoneClock, aggregate, caseFacts, dateOfDay, dayOfDate, drillCases, orderFacts, type DayRange } from '../../../../renderer/src/stats';
import { CASE_ROWS, NOW_MS, ORDER_ROWS } from './fixture';

const clock = new ZoneClock('Asia/Shanghai');
const cases = CASE_ROWS.map((r) => caseFacts(r, clock, DEFAULT_POLICY));
const orders = ORDER_ROWS.map((r) => orderFacts(r, clock));
const RANGE: DayRange = { from: dayOfDate(2026, 3, 1), to: dayOfDate(2026, 3, 3) };
const d = aggregate(cases, orders, RANGE, NOW_MS);

describe('dashboard figures on a hand-computed store', () => {
  it('lays the range out as calendar days and counts the cases opened in it (local dates)', () => {
    expect(d.days.map(dateOfDay)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    // A, B (03-01 01:00 local, still 02-28 in UTC), C, D, E, G, H.
    expect(d.casesInRange).toBe(7);
  });

  it('counts open cases now by state and by type, whatever the range', () => {
    expect(Object.fromEntries(d.openByState.map((x) => [x.state, x.count]))).toEqual({
      pending_review: 1,
      rejected: 0,
      awaiting_buyer_shipment: 1,
      awaiting_receipt: 0,
      disputed: 1,
      awaiting_refund: 1,
      awaiting_exchange_shipment: 1,
      awaiting_buyer_confirmation: 0,
    });
    expect(Object.fromEntries(d.openByType.map((x) => [x.type, x.count]))).toEqual({ cancel_after_payment: 0, refund_only: 1, return_refund: 2, exchange: 2, reship: 0, repair: 0 });
  });

  it('counts cases opened and closed per local day', () => {
    expect(d.opened).toEqual([4, 2, 1]);
    expect(d.closed).toEqual([2, 2, 1]);
  });

  it('counts cases overdue now and deadline breaches per day by the owning role', () => {
    expect(Object.fromEntries(d.overdueNow.map((x) => [x.owner, x.count]))).toEqual({ cs: 1, warehouse: 0, finance: 1, buyer: 1 });
    const breaches = Object.fromEntries(d.breaches.map((b) => [b.owner, b.perDay]));
    // cs: F's dispute due 03-01, A's review due 03-02; buyer: I closed by timeout 03-01, J due 03-03; finance: G due 03-03.
    expect(breaches).toEqual({ cs: [1, 1, 0], warehouse: [0, 0, 0], finance: [0, 0, 1], buyer: [1, 0, 1] });
    expect(d.breaches.map((b) => b.total)).toEqual([2, 0, 1, 2]);
  });

  it('divides the units returned of what was sold in the range by the units sold, per SKU, highest rate first', () => {
    // Sold: O1 and O2 (paid 03-01, 03-03 local). Returned: A, E (orders unknown: opened in March),
    // C (on O1), D; not B (its order O3 was paid in February), not H (withdrawn), not G (refund only).
    expect(d.unitsSold).toBe(12);
    expect(d.unitsReturned).toBe(5);
    expect(d.returnsBySku).toEqual([
      { sku: 'SKU-B', returned: 2, sold: 2, rate: 1 },
      { sku: 'SKU-A', returned: 3, sold: 5, rate: 0.6 },
    ]);
  });

  it('divides returned units per reason by all units sold', () => {
    expect(d.returnsByReason).toEqual([
      { reason: 'quality_issue', returned: 4, rate: 4 / 12 },
      { reason: 'wrong_item', returned: 1, rate: 1 / 12 },
    ]);
  });

  it('counts parcels handled per station and hour, the dispute rate, grades and dispositions', () => {
    const w = d.warehouse;
    expect(w.inspections).toBe(4);
    expect(w.disputed).toBe(2);
    expect(w.disputeRate).toBe(0.5);
    // D was disputed without a grade: in the rate and the station's hours, not in grades or dispositions.
    expect(Object.fromEntries(w.grades.map((x) => [x.grade, x.count]))).toEqual({ new: 1, opened_resalable: 1, damaged: 1, unusable: 0 });
    expect(Object.fromEntries(w.dispositions.map((x) => [x.kind, x.count]))).toEqual({ restock: 2, refurbish: 1, scrap: 0, return_to_vendor: 0 });
    expect(w.stations.map(({ byHour: _h, ...s }) => s)).toEqual([
      { station: 'WH-SH · staff-wh1', inspections: 3, timed: 2, activeHours: 2, perHour: 1 },
      { station: 'WH-GZ · staff-wh', inspections: 1, timed: 1, activeHours: 1, perHour: 1 },
    ]);
    const sh = w.stations[0]!.byHour;
    expect(sh[14]).toBe(2);
    expect(sh.reduce((a, b) => a + b, 0)).toBe(2);
    expect(w.stations[1]!.byHour[15]).toBe(1);
  });

  it('counts dispute outcomes and the average settlement time of cases opened in the range', () => {
    expect(d.disputes).toEqual({
      raised: 2,
      open: 1,
      outcomes: [
        { resolution: 'agreed_amount', count: 0 },
        { resolution: 'return_to_buyer', count: 1 },
        { resolution: 'full_refund', count: 0 },
      ],
      agreedAmount: 0,
      avgSettleHours: 28,
    });
  });

  it('adds up refunds paid per day in cash and coins', () => {
    expect(d.refunds).toEqual({ cash: [0, 3000, 5850], coins: [0, 0, 50], totalCash: 8850, totalCoins: 50, count: 2 });
  });

  it('takes dispute outcomes of an earlier range from the cases opened then', () => {
    const feb = aggregate(cases, orders, { from: dayOfDate(2026, 2, 20), to: dayOfDate(2026, 2, 28) }, NOW_MS);
    // F (agreed 30 yuan, 96 h); I and J open no dispute.
    expect(feb.disputes.outcomes.find((x) => x.resolution === 'agreed_amount')?.count).toBe(1);
    expect(feb.disputes.agreedAmount).toBe(3000);
    expect(feb.disputes.avgSettleHours).toBe(96);
    // Sold before March: O3's ten units of SKU-A; F's SKU-C sold nothing then.
    expect(feb.unitsSold).toBe(10);
    // B's order was paid in February; I's buyer never shipped: not a return. Nothing sold of F's or J's SKU: no rate.
    expect(feb.returnsBySku).toEqual([
      { sku: 'SKU-A', returned: 1, sold: 10, rate: 0.1 },
      { sku: 'SKU-C', returned: 3, sold: 0, rate: null },
      { sku: 'SKU-D', returned: 1, sold: 0, rate: null },
    ]);
  });
});

describe('drill-down from a return-rate bar', () => {
  it('lists the return cases behind a SKU or a reason, newest first', () => {
    expect(drillCases(cases, orders, RANGE, { sku: 'SKU-A' }).cases.map((c) => c.id)).toEqual(['E', 'A']);
    const byReason = drillCases(cases, orders, RANGE, { reason: 'quality_issue' });
    expect(byReason.total).toBe(3);
    expect(byReason.cases.map((c) => c.id)).toEqual(['D', 'E', 'A']);
    expect(drillCases(cases, orders, RANGE, { sku: 'SKU-A' }, 1)).toMatchObject({ total: 2, cases: [{ id: 'E', caseNo: 'RMA-E', quantity: 1 }] });
    // B counts with February, when its order was paid.
    expect(drillCases(cases, orders, { from: dayOfDate(2026, 2, 1), to: dayOfDate(2026, 2, 28) }, { sku: 'SKU-A' }).cases.map((c) => c.id)).toEqual(['B']);
  });

  it('reads the orders twice even when handed an iterator', () => {
    const again = aggregate(cases.values(), new Map(orders.map((o) => [o.id, o])).values(), RANGE, NOW_MS);
    expect(again.unitsSold).toBe(12);
    expect(again.returnsBySku).toEqual(d.returnsBySku);
  });
});

describe('calendar days in the store time zone', () => {
  it('cuts days at local midnight, also across a daylight-saving change', () => {
    const ny = new ZoneClock('America/New_York');
    expect(dateOfDay(ny.day(Date.parse('2026-03-08T04:59:00Z')))).toBe('2026-03-07');
    expect(dateOfDay(ny.day(Date.parse('2026-03-08T05:00:00Z')))).toBe('2026-03-08');
    // After the change (UTC−4) the day ends at 04:00Z.
    expect(dateOfDay(ny.day(Date.parse('2026-03-09T03:59:00Z')))).toBe('2026-03-08');
    expect(dateOfDay(ny.day(Date.parse('2026-03-09T04:00:00Z')))).toBe('2026-03-09');
    expect(ny.hour(Date.parse('2026-03-09T04:30:00Z'))).toBe(0);
    expect(clock.hour(Date.parse('2026-03-02T06:30:00Z'))).toBe(14);
  });
});
