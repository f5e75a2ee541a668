/**
 * What decide says, exactly: the params of each refusal (a client shows them, a log keeps them)
 * and the data of the events of the simpler commands, which the flows only check by code and state.
 */
import { describe, expect, it } from 'vitest';
import { decide, validateCommand, type AfterSalesCase, type Command, type Decision } from '../../../shared/domain';
import { ACTORS, ADDRESS, APPLY_RETURN_A, at, command, ctx, makeOrder, policy, run, T0 } from './fixtures';
import { snapshots, type Snapshot } from './paths';

const order = makeOrder('completed');
const review = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
const refusal = (d: Decision) => (d.ok ? null : d.rejection);
const data = (d: Decision) => (d.ok ? d.events.map((e) => ({ type: e.type, data: e.data })) : d.rejection);
const all = snapshots();
function inState(state: AfterSalesCase['state'], type?: AfterSalesCase['type']): Snapshot {
  const s = all.find((x) => x.c.state === state && (type === undefined || x.c.type === type));
  if (!s) throw new Error(`fixture: no ${type ?? ''} case in ${state}`);
  return s;
}
const on = (s: Snapshot, cmd: (c: AfterSalesCase) => Command) => decide(s.c, cmd(s.c), ctx(s.order));

describe('refusals name what they refuse', () => {
  it('before a case exists: only an application, at version 0, for the buyer’s own order, line and product', () => {
    expect(refusal(decide(undefined, command('cs.approve', { returnAddress: ADDRESS }, { caseId: 'RMA-7' }), ctx(order)))).toEqual({ code: 'case_not_found', params: { caseId: 'RMA-7' } });
    expect(refusal(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { baseVersion: 2 }), ctx(order)))).toEqual({ code: 'version_conflict', params: { expected: 2, actual: 0 } });
    expect(refusal(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, orderId: 'O9' }), ctx(order)))).toEqual({ code: 'order_mismatch', params: { orderId: 'O1', caseOrderId: 'O9' } });
    expect(refusal(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { actor: ACTORS.otherBuyer }), ctx(order)))).toEqual({ code: 'not_case_owner', params: { actorId: 'buyer-2' } });
    expect(refusal(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-X' }), ctx(order)))).toEqual({ code: 'line_not_found', params: { lineId: 'L-X' } });
    const noProduct = { ...ctx(order), products: {} };
    expect(refusal(decide(undefined, command('buyer.apply', APPLY_RETURN_A), noProduct))).toEqual({ code: 'product_not_found', params: { sku: 'A' } });
  });

  it('on an existing case: another case’s id, a second application, another order, another buyer', () => {
    expect(refusal(decide(review, command('cs.reject', { reason: 'x' }, { caseId: 'RMA-9', baseVersion: review.version }), ctx(order)))).toEqual({ code: 'case_not_found', params: { caseId: 'RMA-9' } });
    expect(refusal(decide(review, command('buyer.apply', APPLY_RETURN_A, { c: review }), ctx(order)))).toEqual({ code: 'case_already_exists', params: { caseId: review.id } });
    expect(refusal(decide(review, command('cs.reject', { reason: 'x' }, { c: review }), ctx({ ...order, id: 'O2' })))).toEqual({ code: 'order_mismatch', params: { orderId: 'O2', caseOrderId: 'O1' } });
    expect(refusal(decide(review, command('buyer.withdraw', {}, { c: review, actor: ACTORS.otherBuyer }), ctx(order)))).toEqual({ code: 'not_case_owner', params: { actorId: 'buyer-2' } });
  });

  it('a command of another case type, a second escalation, an approval with nowhere to return to, an amount over the limit', () => {
    expect(refusal(decide(review, command('cs.create_reship', { cause: 'missing_item' }, { c: review }), ctx(order)))).toEqual({
      code: 'not_applicable_to_case_type',
      params: { caseType: 'return_refund', commandType: 'cs.create_reship' },
    });
    const escalated = run(review, command('cs.escalate', { reason: 'x' }, { c: review, occurredAt: at(T0, 1) }), ctx(order, at(T0, 1)));
    expect(refusal(decide(escalated, command('cs.escalate', { reason: 'y' }, { c: escalated }), ctx(order)))).toEqual({ code: 'already_escalated', params: { at: at(T0, 1) } });
    const nowhere = ctx(order, T0, [], policy({ defaultReturnAddress: null }));
    expect(refusal(decide(review, command('cs.approve', {}, { c: review }), nowhere))).toEqual({ code: 'return_address_required', params: { caseType: 'return_refund' } });
    const disputed = inState('disputed', 'return_refund');
    const tooMuch = on(disputed, (c) => command('cs.resolve_dispute', { resolution: 'agreed_amount', amount: 9_999_999, reason: 'x', buyerAgreed: true } as never, { c }));
    expect(refusal(tooMuch)).toMatchObject({ code: 'amount_exceeds_limit', params: { amount: 9_999_999 } });
    expect((refusal(tooMuch)?.params as { limit: number }).limit).toBeGreaterThan(0);
    const awaiting = inState('awaiting_refund', 'return_refund');
    const over = on(awaiting, (c) => command('cs.override_amount', { cash: 9_999_999, kind: 'override', reason: 'x' }, { c }));
    expect(refusal(over)).toMatchObject({ code: 'amount_exceeds_limit', params: { amount: 9_999_999 } });
  });

  it('finance approves only a case awaiting refund that has one; a carrier compensation only on a lost-parcel reship, once', () => {
    const awaiting = inState('awaiting_refund', 'return_refund');
    const noRefund = { ...awaiting.c, refund: null };
    expect(refusal(decide(noRefund, command('finance.approve_refund', { reference: '' }, { c: noRefund }), ctx(awaiting.order)))).toEqual({
      code: 'invalid_state',
      params: { state: 'awaiting_refund', commandType: 'finance.approve_refund' },
    });
    const lost = all.find((s) => s.c.type === 'reship' && s.c.reshipCause === 'lost_parcel' && (s.c.state === 'awaiting_exchange_shipment' || s.c.state === 'awaiting_buyer_confirmation') && s.c.carrierCompensation === null);
    if (!lost) throw new Error('fixture: a lost-parcel reship awaiting or after its shipment');
    const compensate = (c: AfterSalesCase) => decide(c, command('finance.record_carrier_compensation', { amount: 500, claimRef: 'CLM-1' }, { c }), ctx(lost.order));
    expect(data(compensate(lost.c))).toEqual([{ type: 'case.carrier_compensation_recorded', data: { amount: 500, claimRef: 'CLM-1' } }]);
    expect(refusal(compensate({ ...lost.c, carrierCompensation: { amount: 1, claimRef: 'x', recordedAt: T0 } }))).toMatchObject({ code: 'invalid_state' });
    expect(refusal(compensate({ ...lost.c, reshipCause: 'missing_item' }))).toMatchObject({ code: 'not_applicable_to_case_type' });
    expect(refusal(compensate({ ...lost.c, state: 'awaiting_exchange_shipment' }))).toBeNull();
    expect(refusal(compensate({ ...lost.c, state: 'awaiting_buyer_confirmation' }))).toBeNull();
    expect(refusal(compensate({ ...lost.c, state: 'pending_review' }))).toMatchObject({ code: 'invalid_state' });
  });
});

describe('events carry what the command said', () => {
  it('rejection, escalation, a warehouse refusal and a confirmation by the buyer or the system', () => {
    expect(data(decide(review, command('cs.reject', { reason: '照片不清楚' }, { c: review }), ctx(order)))).toEqual([{ type: 'case.rejected', data: { reason: '照片不清楚' } }]);
    expect(data(decide(review, command('cs.escalate', { reason: 'buyer appeals' }, { c: review }), ctx(order)))).toEqual([{ type: 'case.escalated', data: { reason: 'buyer appeals' } }]);
    const receipt = inState('awaiting_receipt', 'return_refund');
    expect(data(on(receipt, (c) => command('warehouse.reject', { reason: 'not our parcel' }, { c })))).toEqual([{ type: 'case.returned_to_cs', data: { reason: 'not our parcel' } }]);
    const confirm = inState('awaiting_buyer_confirmation', 'exchange');
    expect(data(on(confirm, (c) => command('buyer.confirm_receipt', {}, { c })))).toEqual([{ type: 'case.receipt_confirmed', data: { automatic: false } }]);
    const late = decide(confirm.c, command('system.auto_confirm', {}, { c: confirm.c, occurredAt: at(T0, 24 * 60) }), ctx(confirm.order, at(T0, 24 * 60)));
    expect(data(late)).toEqual([{ type: 'case.receipt_confirmed', data: { automatic: true } }]);
    // The system confirms only what is due: not a case awaiting review.
    expect(refusal(decide(review, command('system.auto_confirm', {}, { c: review, occurredAt: at(T0, 24 * 60) }), ctx(order, at(T0, 24 * 60))))).toMatchObject({ code: 'invalid_state' });
  });

  it('a shipment back records the declared cost, or none', () => {
    const s = inState('awaiting_buyer_shipment', 'return_refund');
    const ship = (declared?: number) => on(s, (c) => command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'SF1', invoiceReturned: false, ...(declared === undefined ? {} : { declaredCost: declared }) }, { c }));
    const costOf = (d: Decision) => (d.ok ? (d.events[0]?.data as { declaredCost: number | null }).declaredCost : 'refused');
    expect(costOf(ship())).toBeNull();
    expect(costOf(ship(1200))).toBe(1200);
  });
});

describe('what an approval, a modification and the system record', () => {
  const approve = (c: AfterSalesCase) => decide(c, command('cs.approve', { returnAddress: ADDRESS }, { c }), ctx(order));
  const approvalData = (d: Decision) => (d.ok ? (d.events[0]?.data as { overturned: boolean; refund: unknown; next: string }) : null);

  it('an approval under review is not an overturn, and a return awaiting the goods has no refund yet', () => {
    expect(approvalData(approve(review))).toMatchObject({ overturned: false, refund: null, next: 'awaiting_buyer_shipment' });
    // A return is not an exchange: no exchange SKU.
    expect(review.exchangeSku).toBeNull();
  });

  it('lets the buyer change the quantity after the window when the reason stays, judging the line without the case itself', () => {
    const late = at(T0, 24 * 400);
    const modify = (others: AfterSalesCase[]) => decide(review, command('buyer.modify', { quantity: 2 }, { c: review, occurredAt: late }), ctx(order, late, others));
    expect(modify([]).ok).toBe(true);
    // The server passes every case of the order, this one included: it is not "another active case".
    expect(modify([review]).ok).toBe(true);
  });

  it('refunds the buyer the declared return shipping of a quality return, up to the cap, once the goods are in', () => {
    const order2 = makeOrder('completed');
    let c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, reason: 'quality_issue' }), ctx(order2));
    c = run(c, command('cs.approve', { returnAddress: ADDRESS }, { c }), ctx(order2));
    c = run(c, command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'SF1', invoiceReturned: false, declaredCost: 1200 }, { c }), ctx(order2));
    const inspection = { received: [{ sku: 'A', quantity: 1 }], condition: 'damaged' as const, checklist: { packaging: null, seals: null, accessories: null, serialNumber: null }, weightGrams: 700, photos: [], notes: '', disposition: { kind: 'scrap' as const } };
    const received = run(c, command('warehouse.receive', { inspection }, { c }), ctx(order2));
    expect(received.refund?.returnShipping).toBe(1200);
  });

  it('the system acts only with the action that is due', () => {
    const later = at(T0, 24 * 30);
    expect(refusal(decide(review, command('system.auto_close', {}, { c: review, occurredAt: later }), ctx(order, later)))).toEqual({
      code: 'invalid_state',
      params: { state: 'pending_review', commandType: 'system.auto_close' },
    });
    expect(decide(review, command('system.auto_approve', {}, { c: review, occurredAt: later }), ctx(order, later)).ok).toBe(true);
  });

  it('the boundary says where a command is malformed and how many problems it has', () => {
    const res = validateCommand({ id: 'c1', type: 'cs.reject', caseId: 'RMA-1', baseVersion: 1, occurredAt: T0, actor: ACTORS.cs, payload: {} });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.rejection.code).toBe('payload_invalid');
    expect(res.rejection.params).toMatchObject({ path: 'payload.reason', issues: 1 });
    expect(String(res.rejection.params.message)).not.toBe('');
  });
});

