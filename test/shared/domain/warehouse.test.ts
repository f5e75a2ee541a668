import { describe, expect, it } from 'vitest';
import { awaitsGoods, decide, receivedMismatches, warehouseMismatch } from '../../../shared/domain';
import { ACTORS, ADDRESS, APPLY_RETURN_A, command, ctx, INSPECTION_OK, makeOrder, run } from './fixtures';

const order = makeOrder('completed');

function waitingForTwo() {
  let c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, quantity: 2 }), ctx(order));
  c = run(c, command('cs.approve', { returnAddress: ADDRESS }, { c }), ctx(order));
  return run(c, command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false }, { c }), ctx(order));
}

describe('warehouse guards', () => {
  it('says what the counted goods lack, in the order decide refuses them', () => {
    const c = waitingForTwo();
    expect(receivedMismatches(c, [{ sku: 'A', quantity: 2 }])).toEqual([]);
    expect(receivedMismatches(c, [{ sku: 'A', quantity: 1 }])).toEqual([{ code: 'received_quantity_mismatch', params: { expected: 2, received: 1 } }]);
    expect(receivedMismatches(c, [{ sku: 'A', quantity: 3 }]).map((r) => r.code)).toEqual(['received_quantity_mismatch']);
    expect(receivedMismatches(c, [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }, { sku: 'Z', quantity: 0 }])).toEqual([
      { code: 'received_sku_mismatch', params: { expected: 'A', received: 'B' } },
      { code: 'received_quantity_mismatch', params: { expected: 2, received: 1 } },
    ]);
  });

  it('is what decide applies: a short parcel cannot be received', () => {
    const c = waitingForTwo();
    const short = { ...INSPECTION_OK, received: [{ sku: 'A', quantity: 1 }] };
    expect(decide(c, command('warehouse.receive', { inspection: short }, { c }), ctx(order))).toEqual({
      ok: false,
      rejection: { code: 'received_quantity_mismatch', params: { expected: 2, received: 1 } },
    });
    const full = { ...INSPECTION_OK, received: [{ sku: 'A', quantity: 2 }] };
    expect(decide(c, command('warehouse.receive', { inspection: full }, { c }), ctx(order)).ok).toBe(true);
  });

  it('knows the waiting state and the warehouse of the return address', () => {
    const c = waitingForTwo();
    expect(awaitsGoods(c)).toBe(true);
    expect(awaitsGoods({ state: 'awaiting_refund' })).toBe(false);
    expect(warehouseMismatch(c, ACTORS.warehouse)).toBeNull();
    expect(warehouseMismatch(c, ACTORS.cs)).toBeNull();
    expect(warehouseMismatch(c, ACTORS.otherWarehouse)).toEqual({ code: 'wrong_warehouse', params: { expected: 'WH1', actual: 'WH9' } });
    expect(warehouseMismatch(c, { id: 'w', role: 'warehouse' })).toEqual({ code: 'wrong_warehouse', params: { expected: 'WH1', actual: null } });
  });
});
