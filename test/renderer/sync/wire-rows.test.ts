import { describe, expect, it } from 'vitest';
import type { Change } from '../../../shared/sync/wire';
import { caseFromWire, orderRowFromChange } from '../../../renderer/src/sync/wire-rows';
import { serverCaseAfter, wireOrder } from './fixtures';

const orderChange = (data: unknown, id = 'O1'): Change => ({ seq: 9, kind: 'order', id, deleted: false, version: null, caseNo: null, data });

describe('orders from the feed', () => {
  it('reads an order with the shared schema: lines, SKUs, phone tail', () => {
    const row = orderRowFromChange(orderChange({ ...wireOrder('O1', '138-0013-8000'), paidAt: '2026-02-18T18:00:00+08:00' }));
    expect(row).toMatchObject({ id: 'O1', orderNo: 'NO-O1', state: 'completed', buyerPhoneTail: '8000', shippingFee: 1000, paidAt: '2026-02-18T18:00:00+08:00', skus: ['SKU-KETTLE'], changeSeq: 9 });
    expect(row.lines).toEqual([{ id: 'O1-L1', sku: 'SKU-KETTLE', quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }]);
  });

  it('keeps what fits of an order that does not fit as a whole, and never throws', () => {
    const odd = { ...wireOrder('O2'), shippingFee: 'free', buyerPhone: 13800138000, lines: [{ id: 'O2-L1', sku: 'SKU-A', quantity: 0, unitPrice: 1, discount: 0, coins: 0, paid: 1 }, { id: 'O2-L2', sku: 'SKU-B', quantity: 1, unitPrice: 100, discount: 0, coins: 0, paid: 100, gtin: '690' }] };
    const row = orderRowFromChange(orderChange(odd, 'O2'));
    expect(row).toMatchObject({ orderNo: 'NO-O2', state: 'completed', shippingFee: 0, buyerPhone: null, buyerPhoneTail: null, buyerName: '张三', skus: ['SKU-B'] });
    // A line the rules cannot use is left out; extra fields of a good line are kept.
    expect(row.lines).toEqual([{ id: 'O2-L2', sku: 'SKU-B', quantity: 1, unitPrice: 100, discount: 0, coins: 0, paid: 100, gtin: '690' }]);
    expect(orderRowFromChange(orderChange(null, 'O3'))).toMatchObject({ id: 'O3', orderNo: 'O3', state: '', lines: [], skus: [], raw: {} });
  });
});

describe('cases from the feed', () => {
  it('takes a case document and refuses anything else', () => {
    const c = serverCaseAfter('C1', 'O1');
    expect(caseFromWire(c)).toBe(c);
    expect(caseFromWire({ ...c, state: 'no_such_state' })).toBeNull();
    expect(caseFromWire({ nonsense: true })).toBeNull();
  });
});
