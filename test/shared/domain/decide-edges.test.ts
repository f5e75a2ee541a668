/**
 * Edges of decide that the flows pass by: a case whose order line or product is gone, a dispute
 * returned to the buyer, an override without a refund, outbound shipments with half a tracking,
 * reships after an overturned rejection, and cancellations that are not approved at once.
 */
import { describe, expect, it } from 'vitest';
import { decide, type AfterSalesCase, type Command, type Order } from '../../../shared/domain';
import { ADDRESS, APPLY_RETURN_A, at, command, ctx, makeOrder, policy, PRODUCTS, run, T0 } from './fixtures';
import { snapshots, type Snapshot } from './paths';

const all = snapshots();
function snap(pred: (s: Snapshot) => boolean): Snapshot {
  const s = all.find(pred);
  if (!s) throw new Error('fixture: no such snapshot');
  return s;
}
const inState = (state: AfterSalesCase['state'], type?: AfterSalesCase['type']) => snap((s) => s.c.state === state && (type === undefined || s.c.type === type) && s.order.lines.some((l) => l.id === s.c.lineId));
const decideOn = (s: Snapshot, cmd: Command, order: Order = s.order, products = PRODUCTS) => decide(s.c, cmd, { ...ctx(order), products });
const withoutLine = (s: Snapshot): Order => ({ ...s.order, lines: s.order.lines.filter((l) => l.id !== s.c.lineId) });

describe('a case whose order line or product is gone', () => {
  it('refuses what needs the line, naming it', () => {
    const review = inState('pending_review', 'return_refund');
    const gone = { code: 'line_not_found', params: { lineId: review.c.lineId } };
    expect(decideOn(review, command('cs.approve', { returnAddress: ADDRESS }, { c: review.c }), withoutLine(review))).toEqual({ ok: false, rejection: gone });
    expect(decideOn(review, command('buyer.modify', { quantity: 1 }, { c: review.c }), withoutLine(review))).toEqual({ ok: false, rejection: gone });
    const disputed = inState('disputed', 'return_refund');
    expect(decideOn(disputed, command('cs.resolve_dispute', { resolution: 'full_refund', reason: 'ok' }, { c: disputed.c }), withoutLine(disputed))).toEqual({
      ok: false,
      rejection: { code: 'line_not_found', params: { lineId: disputed.c.lineId } },
    });
    const refund = inState('awaiting_refund', 'return_refund');
    expect(decideOn(refund, command('cs.override_amount', { cash: 1, kind: 'override', reason: 'x' }, { c: refund.c }), withoutLine(refund))).toEqual({
      ok: false,
      rejection: { code: 'line_not_found', params: { lineId: refund.c.lineId } },
    });
    const receipt = inState('awaiting_receipt', 'return_refund');
    const inspection = { received: [{ sku: receipt.c.sku, quantity: receipt.c.quantity }], condition: 'new' as const, checklist: { packaging: null, seals: null, accessories: null, serialNumber: null }, weightGrams: 1, photos: [], notes: '', disposition: { kind: 'scrap' as const } };
    expect(decideOn(receipt, command('warehouse.receive', { inspection }, { c: receipt.c }), withoutLine(receipt))).toEqual({
      ok: false,
      rejection: { code: 'line_not_found', params: { lineId: receipt.c.lineId } },
    });
  });

  it('refuses what needs the product, naming its SKU', () => {
    const review = inState('pending_review', 'return_refund');
    const { [review.c.sku]: _gone, ...rest } = PRODUCTS;
    expect(decideOn(review, command('cs.approve', { returnAddress: ADDRESS }, { c: review.c }), review.order, rest)).toEqual({ ok: false, rejection: { code: 'product_not_found', params: { sku: review.c.sku } } });
    expect(decideOn(review, command('buyer.modify', { quantity: 1 }, { c: review.c }), review.order, rest)).toEqual({ ok: false, rejection: { code: 'product_not_found', params: { sku: review.c.sku } } });
  });

  it('still returns a disputed parcel to the buyer: that needs no line', () => {
    const disputed = inState('disputed', 'return_refund');
    const d = decideOn(disputed, command('cs.resolve_dispute', { resolution: 'return_to_buyer', reason: 'empty parcel' }, { c: disputed.c }), withoutLine(disputed));
    expect(d.ok && d.events.map((e) => e.data)).toEqual([{ resolution: 'return_to_buyer', reason: 'empty parcel', agreedAmount: null, refund: null }]);
  });
});

describe('amounts and shipments', () => {
  it('refuses an override on a case awaiting refund without a refund', () => {
    const refund = inState('awaiting_refund', 'return_refund');
    const c = { ...refund.c, refund: null };
    expect(decide(c, command('cs.override_amount', { cash: 1, kind: 'override', reason: 'x' }, { c }), ctx(refund.order))).toEqual({
      ok: false,
      rejection: { code: 'invalid_state', params: { state: 'awaiting_refund', commandType: 'cs.override_amount' } },
    });
  });

  it('ships physical goods only with both a carrier and a tracking number; virtual goods with neither', () => {
    const s = inState('awaiting_exchange_shipment', 'exchange');
    const half = { ok: false, rejection: { code: 'payload_invalid', params: { path: 'payload.trackingNumber', message: 'physical goods ship with a carrier and tracking number', issues: 1 } } };
    const ship = (carrier: string | null, trackingNumber: string | null, c: AfterSalesCase = s.c) => decide(c, command('warehouse.ship_exchange', { carrier, trackingNumber }, { c }), ctx(s.order));
    expect(ship('SF', null)).toEqual(half);
    expect(ship(null, 'SF5555555555')).toEqual(half);
    expect(ship('SF', 'SF5555555555').ok).toBe(true);
    const virtual = snap((x) => x.c.state === 'awaiting_exchange_shipment' && PRODUCTS[x.c.exchangeSku ?? x.c.sku]?.virtual === true);
    expect(decide(virtual.c, command('warehouse.ship_exchange', { carrier: null, trackingNumber: null }, { c: virtual.c }), ctx(virtual.order)).ok).toBe(true);
  });
});

describe('reships and cancellations', () => {
  it('creates a reship from review, or after a rejection the platform overturned, not after a plain rejection', () => {
    const shipped = makeOrder('shipped');
    const c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'reship', reason: 'missing_item' }), ctx(shipped));
    const rejected = run(c, command('cs.reject', { reason: 'no' }, { c }), ctx(shipped));
    const reship = (x: AfterSalesCase, order: Order = shipped) => decide(x, command('cs.create_reship', { cause: 'missing_item' }, { c: x }), ctx(order));
    expect(reship(rejected)).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'rejected', commandType: 'cs.create_reship' } } });
    const escalated = run(rejected, command('cs.escalate', { reason: 'buyer appeals' }, { c: rejected }), ctx(shipped));
    expect(reship(escalated).ok).toBe(true);
    // Once the order is signed for, or no longer shipped, a reship does not fit.
    expect(reship(c, { ...shipped, signedAt: at(T0, -1) })).toEqual({ ok: false, rejection: { code: 'case_type_not_allowed_for_order_state', params: { caseType: 'reship', orderState: 'signed' } } });
    expect(reship(c, { ...shipped, state: 'completed' })).toEqual({ ok: false, rejection: { code: 'case_type_not_allowed_for_order_state', params: { caseType: 'reship', orderState: 'completed' } } });
  });

  it('approves a cancellation at once only within the policy’s minutes of a known payment', () => {
    const unpaidYet = makeOrder('awaiting_shipment');
    const cancel = { ...APPLY_RETURN_A, caseType: 'cancel_after_payment' as const, reason: 'changed_mind' as const };
    const eventsAt = (order: Order, now: string, pol = policy({})) => {
      const d = decide(undefined, command('buyer.apply', cancel, { occurredAt: now }), ctx(order, now, [], pol));
      return d.ok ? d.events.map((e) => e.type) : d.rejection.code;
    };
    const paidAt = unpaidYet.paidAt ?? T0;
    expect(eventsAt(unpaidYet, at(paidAt, 0.25))).toEqual(['case.applied', 'case.approved']);
    expect(eventsAt(unpaidYet, at(paidAt, 0.5))).toEqual(['case.applied', 'case.approved']);
    expect(eventsAt(unpaidYet, at(paidAt, 0.51))).toEqual(['case.applied']);
    // Turned off in the policy, or without a payment time: to review.
    expect(eventsAt(unpaidYet, at(paidAt, 0.25), policy({ cancel: { autoApproveWithinMinutes: 0 } }))).toEqual(['case.applied']);
    expect(eventsAt({ ...unpaidYet, paidAt: null }, at(paidAt, 0.25))).toEqual(['case.applied']);
  });
});
