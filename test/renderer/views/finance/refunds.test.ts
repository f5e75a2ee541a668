import { describe, expect, it } from 'vitest';
import type { RefundBreakdown } from '../../../../shared/domain';
import { activeRefundFilters, emptyRefundFilters, maskBuyer, maskPhone, refundQueue, selectionTotals, shopOf } from '../../../../renderer/src/views/finance/refunds';
import { row } from './support';

const refund = (cash: number, coins: number, extra: Partial<RefundBreakdown> = {}): RefundBreakdown => ({ goods: cash, coins, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash, ...extra });

describe('selection totals', () => {
  it('adds cash and coins of the chosen cases, and counts only those with a refund', () => {
    // 58.50 + 120.00 + 0.01 = 178.51 cash; 0.50 + 3.00 + 0 = 3.50 coins.
    const totals = selectionTotals([{ refund: refund(5850, 50) }, { refund: refund(12000, 300) }, { refund: refund(1, 0) }, { refund: null }]);
    expect(totals).toEqual({ count: 3, cash: 17851, coins: 350 });
  });

  it('is zero for nothing chosen', () => {
    expect(selectionTotals([])).toEqual({ count: 0, cash: 0, coins: 0 });
  });
});

describe('masking the buyer', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '861****5678'],
    ['021-5999000', '021****9000'],
    ['599-9000', '*****00'],
    ['1234', '**34'],
    ['12', '**'],
    // As the central API sends it to finance (last four digits only): kept, not masked again.
    ['****5678', '****5678'],
    ['', ''],
  ])('%s → %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('hides all but the first character of the name, and the middle of the phone', () => {
    expect(maskBuyer({ buyerName: '张三丰', buyerPhone: '13812345678' })).toBe('张** 138****5678');
    expect(maskBuyer({ buyerName: null, buyerPhone: '13812345678' })).toBe('138****5678');
    expect(maskBuyer({ buyerName: '张*', buyerPhone: '****5678' })).toBe('张* ****5678');
    expect(maskBuyer(undefined)).toBe('');
  });
});

describe('the refund queue', () => {
  const rows = [
    row('A', { stateEnteredAt: '2026-03-01T02:00:00.000Z', type: 'return_refund' }, { dueAt: '2026-03-03T02:00:00.000Z', caseNo: 'RMA-3', orderNo: 'NO-777', buyerPhoneTail: '1111' }),
    row('B', { stateEnteredAt: '2026-02-27T02:00:00.000Z', type: 'refund_only', returnAddress: null }, { dueAt: '2026-03-01T02:00:00.000Z', caseNo: 'RMA-1' }, { raw: { shopName: '旗舰店' } }),
    row('C', { stateEnteredAt: '2026-02-28T02:00:00.000Z' }, { dueAt: '2026-03-02T02:00:00.000Z', caseNo: 'RMA-2' }),
  ];
  rows[0]!.view.data.refund = refund(10000, 0);
  rows[1]!.view.data.refund = refund(2000, 0);
  rows[2]!.view.data.refund = refund(5850, 50);
  const ids = (list: typeof rows): string[] => list.map((r) => r.view.id);

  it('sorts by payment deadline, amount, time at finance or case number', () => {
    const f = emptyRefundFilters();
    expect(ids(refundQueue(rows, f, '', 'due'))).toEqual(['B', 'C', 'A']);
    expect(ids(refundQueue(rows, f, '', 'cash_desc'))).toEqual(['A', 'C', 'B']);
    expect(ids(refundQueue(rows, f, '', 'cash_asc'))).toEqual(['B', 'C', 'A']);
    expect(ids(refundQueue(rows, f, '', 'oldest'))).toEqual(['B', 'C', 'A']);
    expect(ids(refundQueue(rows, f, '', 'case_no'))).toEqual(['B', 'C', 'A']);
  });

  it('filters by the day range (end exclusive), the amount, the type, the warehouse and the shop', () => {
    const f = emptyRefundFilters();
    expect(ids(refundQueue(rows, { ...f, from: '2026-02-28T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' }, '', 'due'))).toEqual(['C']);
    expect(ids(refundQueue(rows, { ...f, amountMin: 5850, amountMax: 9999 }, '', 'due'))).toEqual(['C']);
    expect(ids(refundQueue(rows, { ...f, types: ['refund_only'] }, '', 'due'))).toEqual(['B']);
    expect(ids(refundQueue(rows, { ...f, warehouses: ['WH-SH'] }, '', 'due'))).toEqual(['C', 'A']);
    expect(ids(refundQueue(rows, { ...f, shops: ['旗舰店'] }, '', 'due'))).toEqual(['B']);
    expect(activeRefundFilters({ ...f, amountMin: 1, types: ['exchange'] })).toBe(2);
    expect(shopOf(rows[1]!.order)).toBe('旗舰店');
    expect(shopOf(rows[0]!.order)).toBe('');
  });

  it('searches by case number, order number or the phone tail', () => {
    const f = emptyRefundFilters();
    expect(ids(refundQueue(rows, f, 'rma-2', 'due'))).toEqual(['C']);
    expect(ids(refundQueue(rows, f, 'NO-77', 'due'))).toEqual(['A']);
    expect(ids(refundQueue(rows, f, '1111', 'due'))).toEqual(['A']);
    expect(ids(refundQueue(rows, f, 'nothing', 'due'))).toEqual([]);
  });
});
