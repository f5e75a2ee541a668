import { describe, expect, it } from 'vitest';
import {
  BUYER_STATUSES,
  buyerStatus,
  buyerStatusOf,
  CASE_STATES,
  CASE_TYPES,
  isSettlementFrozen,
  orderEffects,
  orderReceiptDueAt,
  orderStateAfterCases,
  stockRestorations,
  type AfterSalesCase,
  type Order,
} from '../../../shared/domain';
import { ADDRESS, APPLY_RETURN_A, at, command, ctx, INSPECTION_OK, makeOrder, PRODUCTS, run, T0 } from './fixtures';

const order = makeOrder('completed');

function completedReturn(lineId: string, sku: string, quantity: number, id: string, o: Order = order, others: AfterSalesCase[] = []): AfterSalesCase {
  const c0 = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId, quantity, reason: 'quality_issue' }, { caseId: id }), ctx(o, undefined, others));
  const c1 = run(c0, command('cs.approve', { returnAddress: ADDRESS }, { c: c0 }), ctx(o, undefined, others));
  const c2 = run(c1, command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false }, { c: c1 }), ctx(o, undefined, others));
  const c3 = run(c2, command('warehouse.receive', { inspection: { ...INSPECTION_OK, received: [{ sku, quantity }] } }, { c: c2 }), ctx(o, undefined, others));
  return run(c3, command('finance.approve_refund', { reference: '' }, { c: c3 }), ctx(o, undefined, others));
}

describe('order-level effects (DOMAIN §1, §6, §7)', () => {
  it('freezes the whole order’s settlement while any case on it is open', () => {
    const open = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    expect(isSettlementFrozen([open])).toBe(true);
    expect(isSettlementFrozen([])).toBe(false);
    const done = completedReturn('L-A', 'A', 1, 'RMA-1');
    expect(isSettlementFrozen([done])).toBe(false);
    expect(orderEffects(order, [done, { ...open, id: 'RMA-2', lineId: 'L-C' }], PRODUCTS).settlementFrozen).toBe(true);
  });

  it('closes the order once every line is fully refunded, not before', () => {
    const small: Order = { ...order, lines: order.lines.filter((l) => l.id === 'L-A' || l.id === 'L-C') };
    const a = completedReturn('L-A', 'A', 2, 'RMA-1', small);
    expect(orderStateAfterCases(small, [a])).toBe('completed');
    const c = completedReturn('L-C', 'C', 2, 'RMA-2', small, [a]);
    expect(orderStateAfterCases(small, [a, c])).toBe('closed');
  });

  it('deducts successful refunds from the settlable amount and restores stock of restocked goods', () => {
    const done = completedReturn('L-A', 'A', 1, 'RMA-1');
    const eff = orderEffects(order, [done], PRODUCTS);
    const paid = order.lines.reduce((s, l) => s + l.paid, 0) + order.shippingFee;
    expect(eff.refundedCash).toBe(done.refund?.cash);
    expect(eff.settlable).toBe(paid - (done.refund?.cash ?? 0));
    expect(eff.restocks).toEqual([{ sku: 'A', quantity: 1, location: 'R-01', caseId: 'RMA-1' }]);
  });

  it('does not restore stock of a delisted SKU or of scrapped goods', () => {
    const done = completedReturn('L-A', 'A', 1, 'RMA-1');
    const a = PRODUCTS.A;
    if (!a) throw new Error('fixture');
    expect(stockRestorations(done, { ...PRODUCTS, A: { ...a, active: false } })).toEqual([]);
    const scrapped = { ...done, inspection: done.inspection && { ...done.inspection, disposition: { kind: 'scrap' as const } } };
    expect(stockRestorations(scrapped, PRODUCTS)).toEqual([]);
  });
});

describe('order receipt timer', () => {
  it('auto-confirms 10 days after shipment and restarts when a reship ships', () => {
    const shipped = makeOrder('shipped');
    expect(orderReceiptDueAt(shipped, [])).toBe(at(shipped.shippedAt ?? T0, 240));
    let c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'reship', reason: 'missing_item' }), ctx(shipped));
    c = run(c, command('cs.create_reship', { cause: 'missing_item' }, { c }), ctx(shipped));
    const shipAt = at(T0, 5);
    c = run(c, command('warehouse.ship_reship', { carrier: 'SF', trackingNumber: 'SF5555555555' }, { c, occurredAt: shipAt }), ctx(shipped, shipAt));
    expect(orderReceiptDueAt(shipped, [c])).toBe(at(shipAt, 240));
    expect(orderReceiptDueAt(makeOrder('completed'), [c])).toBeNull();
  });
});

describe('buyer-facing status (DOMAIN §3)', () => {
  it('never shows awaiting_refund: a return reads “awaiting merchant receipt”, a refund without return “processing”', () => {
    expect(buyerStatus('awaiting_refund', 'return_refund', true)).toBe('awaiting_merchant_receipt');
    expect(buyerStatus('awaiting_receipt', 'return_refund', true)).toBe('awaiting_merchant_receipt');
    expect(buyerStatus('awaiting_refund', 'refund_only', false)).toBe('processing');
    expect(buyerStatus('awaiting_refund', 'cancel_after_payment', false)).toBe('processing');
    for (const state of CASE_STATES) for (const type of CASE_TYPES) for (const returned of [true, false]) {
      const s = buyerStatus(state, type, returned);
      expect(BUYER_STATUSES).toContain(s);
      expect(s).not.toBe('awaiting_refund');
    }
  });

  it('maps the case the buyer sees', () => {
    const open = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    expect(buyerStatusOf(open)).toBe('awaiting_merchant_review');
    expect(buyerStatusOf(completedReturn('L-A', 'A', 1, 'RMA-1'))).toBe('succeeded');
    expect(buyerStatus('disputed', 'return_refund', true)).toBe('in_negotiation');
    expect(buyerStatus('awaiting_buyer_confirmation', 'exchange', true)).toBe('awaiting_your_confirmation');
  });
});
