import { describe, expect, it } from 'vitest';
import {
  BUYER_STATUSES,
  buyerStatus,
  buyerStatusOf,
  CASE_STATES,
  CASE_TYPES,
  closedCasesOnLine,
  consumedUnitsOnLine,
  isSettlementFrozen,
  orderEffects,
  orderReceiptDueAt,
  orderRefundProgress,
  orderStateAfterCases,
  refundedUnitsOnLine,
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

describe('counting what the cases of a line used up', () => {
  const done = completedReturn('L-A', 'A', 1, 'RMA-1');
  const refund = done.refund;
  if (!refund) throw new Error('fixture: the completed return has a refund');
  /** The same case in another state, line, type or without a refund. */
  const variant = (patch: Partial<AfterSalesCase>): AfterSalesCase => ({ ...done, id: `RMA-${patch.state ?? ''}${patch.lineId ?? ''}${patch.type ?? ''}`, ...patch });

  it('refunded units: completed cases with a refund on this line only', () => {
    expect(refundedUnitsOnLine([done], 'L-A')).toBe(1);
    expect(refundedUnitsOnLine([done, variant({ quantity: 1, lineId: 'L-B' })], 'L-A')).toBe(1);
    expect(refundedUnitsOnLine([variant({ state: 'awaiting_refund' }), variant({ state: 'closed' })], 'L-A')).toBe(0);
    // A completed exchange refunds nothing.
    expect(refundedUnitsOnLine([variant({ type: 'exchange', refund: null })], 'L-A')).toBe(0);
  });

  it('consumed units: completed refunds, and completed exchanges without one; not a reship or repair without a refund', () => {
    expect(consumedUnitsOnLine([done], 'L-A')).toBe(1);
    expect(consumedUnitsOnLine([variant({ type: 'exchange', refund: null })], 'L-A')).toBe(1);
    expect(consumedUnitsOnLine([variant({ type: 'reship', refund: null }), variant({ type: 'repair', refund: null })], 'L-A')).toBe(0);
    // A repair that ended in a refund (e.g. an override) used the units up.
    expect(consumedUnitsOnLine([variant({ type: 'repair' })], 'L-A')).toBe(1);
    expect(consumedUnitsOnLine([variant({ state: 'awaiting_refund' }), variant({ lineId: 'L-B' })], 'L-A')).toBe(0);
  });

  it('closed cases: those of this line that ended closed', () => {
    const closed = variant({ state: 'closed', refund: null });
    expect(closedCasesOnLine([closed, { ...closed, id: 'RMA-9' }], 'L-A')).toBe(2);
    expect(closedCasesOnLine([done, { ...closed, lineId: 'L-B' }], 'L-A')).toBe(0);
  });

  it('refund progress of the order: units and outbound shipping of refunds granted or awaiting payment', () => {
    const shipped = { ...refund, outboundShipping: 300 };
    const granted = variant({ refund: shipped, quantity: 2 });
    const awaiting = variant({ state: 'awaiting_refund', refund: { ...refund, outboundShipping: 200 }, lineId: 'L-B' });
    expect(orderRefundProgress([granted, awaiting])).toEqual({ units: 3, shipping: 500 });
    // Not yet decided, or closed without one: nothing.
    expect(orderRefundProgress([variant({ state: 'awaiting_receipt', refund: shipped }), variant({ state: 'closed', refund: shipped }), variant({ refund: null })])).toEqual({ units: 0, shipping: 0 });
  });

  it('an unpaid order keeps its state whatever its cases say', () => {
    const unpaid = makeOrder('pending_payment');
    const all = unpaid.lines.map((l) => variant({ lineId: l.id, quantity: l.quantity, id: `RMA-${l.id}` }));
    expect(orderStateAfterCases(unpaid, all)).toBe('pending_payment');
    expect(orderStateAfterCases(order, all)).toBe('closed');
  });

  it('restores stock only from completed cases with an inspection, for received units of known SKUs', () => {
    expect(stockRestorations(variant({ state: 'awaiting_refund' }), PRODUCTS)).toEqual([]);
    expect(stockRestorations(variant({ type: 'refund_only', inspection: null }), PRODUCTS)).toEqual([]);
    const inspection = done.inspection;
    if (!inspection) throw new Error('fixture: the completed return was inspected');
    const mixed = variant({ inspection: { ...inspection, received: [{ sku: 'A', quantity: 0 }, { sku: 'NO-SUCH-SKU', quantity: 1 }, { sku: 'B', quantity: 2 }] } });
    expect(stockRestorations(mixed, PRODUCTS)).toEqual([{ sku: 'B', quantity: 2, location: 'R-01', caseId: mixed.id }]);
  });

  it('settlable amount: paid plus the platform subsidy, less its service fee and the cash of completed refunds only', () => {
    const withFees = { ...order, platformSubsidy: 500, serviceFee: 120 };
    const paid = order.lines.reduce((s, l) => s + l.paid, 0) + order.shippingFee;
    const eff = orderEffects(withFees, [done, variant({ state: 'awaiting_refund', lineId: 'L-B' })], PRODUCTS);
    expect(eff.refundedCash).toBe(refund.cash);
    expect(eff.refundedCoins).toBe(refund.coins);
    expect(eff.settlable).toBe(paid + 500 - 120 - refund.cash);
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

  it('has no timer before shipment or once confirmed, and ignores other shipments and earlier reships', () => {
    const shipped = makeOrder('shipped');
    expect(orderReceiptDueAt({ ...shipped, shippedAt: null }, [])).toBeNull();
    expect(orderReceiptDueAt({ ...shipped, confirmedAt: at(T0, -1) }, [])).toBeNull();
    const base = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'reship', reason: 'missing_item' }), ctx(shipped));
    const later = { carrier: 'SF', trackingNumber: 'SF5555555555', shippedAt: at(T0, 5) };
    const exchange: AfterSalesCase = { ...base, id: 'RMA-X', type: 'exchange', outboundShipment: later };
    const earlierReship: AfterSalesCase = { ...base, id: 'RMA-R', outboundShipment: { ...later, shippedAt: at(shipped.shippedAt ?? T0, -1) } };
    const unshippedReship: AfterSalesCase = { ...base, id: 'RMA-U', outboundShipment: null };
    expect(orderReceiptDueAt(shipped, [exchange, earlierReship, unshippedReship])).toBe(at(shipped.shippedAt ?? T0, 240));
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
