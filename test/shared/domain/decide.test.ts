import { describe, expect, it } from 'vitest';
import {
  decide,
  evolve,
  foldCase,
  validateCommand,
  type AfterSalesCase,
  type CaseEvent,
  type Command,
  type Order,
  type PayloadOf,
} from '../../../shared/domain';
import { ACTORS, ADDRESS, APPLY_RETURN_A, at, command, ctx, INSPECTION_OK, makeOrder, PHOTO, policy, rejectionOf, run, T0 } from './fixtures';
import { inspectionFor } from './paths';

const completed = makeOrder('completed');

function applied(order: Order = completed, payload: Partial<PayloadOf<'buyer.apply'>> = {}, others: AfterSalesCase[] = []): AfterSalesCase {
  return run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, ...payload }), ctx(order, T0, others));
}

/** A return-and-refund case moved along by the given commands (all at T0). */
function returnCase(...steps: Array<(c: AfterSalesCase) => Command>): AfterSalesCase {
  let c = applied();
  for (const step of steps) c = run(c, step(c), ctx(completed));
  return c;
}

const approve = (c: AfterSalesCase): Command => command('cs.approve', { returnAddress: ADDRESS }, { c });
const shipBack = (c: AfterSalesCase): Command => command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'SF1234567890', invoiceReturned: false }, { c });
const receive = (c: AfterSalesCase): Command => command('warehouse.receive', { inspection: INSPECTION_OK }, { c });
const rejectCs = (c: AfterSalesCase): Command => command('cs.reject', { reason: 'photos unclear' }, { c });
const resubmit = (c: AfterSalesCase): Command => command('buyer.modify', { description: 'new photos' }, { c });

describe('envelope checks', () => {
  it('refuses a command type the role may not issue', () => {
    const c = applied();
    const d = decide(c, command('cs.approve', {}, { c, actor: ACTORS.buyer }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'role_not_allowed', params: { role: 'buyer', commandType: 'cs.approve' } } });
  });

  it('lets admin act as CS supervisor but not as warehouse or finance', () => {
    const c = applied();
    expect(decide(c, command('cs.approve', {}, { c, actor: ACTORS.admin }), ctx(completed)).ok).toBe(true);
    const atRefund = returnCase(approve, shipBack, receive);
    expect(rejectionOf(decide(atRefund, command('finance.approve_refund', { reference: '' }, { c: atRefund, actor: ACTORS.admin }), ctx(completed)))).toBe('role_not_allowed');
  });

  it('needs an existing case for anything but apply, and no existing case for apply', () => {
    expect(rejectionOf(decide(undefined, command('cs.approve', {}), ctx(completed)))).toBe('case_not_found');
    const c = applied();
    expect(rejectionOf(decide(c, command('buyer.apply', APPLY_RETURN_A, { c }), ctx(completed)))).toBe('case_already_exists');
    expect(rejectionOf(decide(c, { ...command('cs.approve', {}, { c }), caseId: 'RMA-OTHER' }, ctx(completed)))).toBe('case_not_found');
  });

  it('detects a replayed command by its id', () => {
    const apply = command('buyer.apply', APPLY_RETURN_A, { id: 'client-uuid-1' });
    const c = run(undefined, apply, ctx(completed));
    expect(decide(c, { ...apply, baseVersion: 1 }, ctx(completed))).toEqual({ ok: false, rejection: { code: 'duplicate_command', params: { commandId: 'client-uuid-1' } } });
    const approveCmd = command('cs.approve', {}, { c, id: 'client-uuid-2' });
    const c2 = run(c, approveCmd, ctx(completed));
    expect(rejectionOf(decide(c2, approveCmd, ctx(completed)))).toBe('duplicate_command');
  });

  it('refuses a stale base version', () => {
    const c = returnCase(approve);
    expect(decide(c, command('buyer.withdraw', {}, { c, baseVersion: 1 }), ctx(completed))).toEqual({
      ok: false,
      rejection: { code: 'version_conflict', params: { expected: 1, actual: 2 } },
    });
    expect(rejectionOf(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { baseVersion: 3 }), ctx(completed)))).toBe('version_conflict');
  });

  it('accepts nothing once the case is completed or closed', () => {
    const closed = returnCase((c) => command('buyer.withdraw', {}, { c }));
    expect(closed.state).toBe('closed');
    const d = decide(closed, command('cs.approve', {}, { c: closed }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'case_terminal', params: { state: 'closed', commandType: 'cs.approve' } } });
  });

  it('refuses a buyer acting on somebody else’s order or case', () => {
    expect(rejectionOf(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { actor: ACTORS.otherBuyer }), ctx(completed)))).toBe('not_case_owner');
    const c = applied();
    expect(rejectionOf(decide(c, command('buyer.withdraw', {}, { c, actor: ACTORS.otherBuyer }), ctx(completed)))).toBe('not_case_owner');
  });

  it('refuses warehouse staff of another warehouse than the return address', () => {
    const c = returnCase(approve, shipBack);
    const d = decide(c, command('warehouse.receive', { inspection: INSPECTION_OK }, { c, actor: ACTORS.otherWarehouse }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: 'WH1', actual: 'WH9' } } });
  });

  it('refuses a context order that is not the case’s order', () => {
    const c = applied();
    expect(rejectionOf(decide(c, command('cs.approve', {}, { c }), ctx({ ...completed, id: 'O2' })))).toBe('order_mismatch');
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, orderId: 'O2' }), ctx(completed)))).toBe('order_mismatch');
  });
});

describe('validateCommand', () => {
  it('accepts a well-formed command and fills payload defaults', () => {
    const res = validateCommand({ ...command('buyer.apply', APPLY_RETURN_A), payload: { orderId: 'O1', lineId: 'L-A', caseType: 'exchange', quantity: 1, reason: 'size_or_fit' } });
    expect(res.ok).toBe(true);
    if (res.ok && res.command.type === 'buyer.apply') expect(res.command.payload.evidence).toEqual([]);
  });

  it('reports the first bad field as payload_invalid', () => {
    const res = validateCommand({ ...command('buyer.ship_back', { carrier: 'SF', trackingNumber: 'x', invoiceReturned: false }) });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.rejection.code).toBe('payload_invalid');
      expect(res.rejection.params.path).toBe('payload.trackingNumber');
    }
    const noType = validateCommand({ id: 'x', type: 'buyer.fly' });
    expect(!noType.ok && noType.rejection.code).toBe('payload_invalid');
  });

  it('rejects fractional money and unknown dispute categories', () => {
    expect(validateCommand(command('cs.override_amount', { cash: 10.5, kind: 'override', reason: 'x' })).ok).toBe(false);
    expect(validateCommand(command('warehouse.raise_dispute', { category: 'alien' as 'empty_parcel', notes: '', photos: [] })).ok).toBe(false);
    expect(validateCommand(command('warehouse.raise_dispute', { category: 'empty_parcel', notes: '', photos: [PHOTO] })).ok).toBe(true);
  });
});

describe('applying (DOMAIN §2)', () => {
  it('opens a case in pending_review linked to the order line, with the line’s SKU', () => {
    const c = applied();
    expect(c).toMatchObject({ state: 'pending_review', orderId: 'O1', lineId: 'L-A', sku: 'A', quantity: 1, version: 1, buyerId: 'buyer-1' });
  });

  it('allows each case type only in its order states', () => {
    const cases: Array<[string, Order['state'], string, string]> = [
      ['cancel_after_payment', 'shipped', 'changed_mind', 'case_type_not_allowed_for_order_state'],
      ['return_refund', 'awaiting_shipment', 'changed_mind', 'case_type_not_allowed_for_order_state'],
      ['repair', 'shipped', 'quality_issue', 'case_type_not_allowed_for_order_state'],
      ['reship', 'completed', 'missing_item', 'case_type_not_allowed_for_order_state'],
      ['refund_only', 'pending_payment', 'changed_mind', 'case_type_not_allowed_for_order_state'],
    ];
    for (const [caseType, state, reason, code] of cases) {
      const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: caseType as 'repair', reason: reason as 'other' }), ctx(makeOrder(state)));
      expect(rejectionOf(d), `${caseType} on ${state}`).toBe(code);
    }
  });

  it('refuses a reship once the parcel was signed for', () => {
    const signed = makeOrder('shipped', { signedAt: at(T0, -1) });
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'reship', reason: 'missing_item' }), ctx(signed));
    expect(d).toEqual({ ok: false, rejection: { code: 'case_type_not_allowed_for_order_state', params: { caseType: 'reship', orderState: 'signed' } } });
  });

  it('allows only return-and-refund and exchange for virtual goods', () => {
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-V', caseType: 'repair', reason: 'quality_issue' }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'case_type_not_allowed_for_virtual', params: { caseType: 'repair' } } });
    expect(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-V', reason: 'other' }), ctx(completed)).ok).toBe(true);
  });

  it('limits refund-only after shipment to goods not received or problems', () => {
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'refund_only', reason: 'changed_mind' }), ctx(makeOrder('shipped')));
    expect(d).toEqual({ ok: false, rejection: { code: 'reason_not_allowed', params: { reason: 'changed_mind', caseType: 'refund_only' } } });
    expect(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'refund_only', reason: 'not_received' }), ctx(makeOrder('shipped'))).ok).toBe(true);
  });

  it('refuses the seven-day no-reason reason for SKUs that do not support it', () => {
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-B' }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'seven_day_not_supported', params: { sku: 'B' } } });
  });

  it('refuses the seven-day no-reason reason after the window (168 h from the next local midnight)', () => {
    // Signed 1 March 10:00 Shanghai → window until 9 March 00:00 Shanghai (8 March 16:00 UTC).
    const order = makeOrder('completed', { signedAt: '2026-03-01T02:00:00.000Z', confirmedAt: '2026-03-02T02:00:00.000Z' });
    expect(decide(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order, '2026-03-08T15:59:59.000Z')).ok).toBe(true);
    expect(decide(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order, '2026-03-08T16:00:00.000Z'))).toEqual({
      ok: false,
      rejection: { code: 'seven_day_window_expired', params: { deadline: '2026-03-08T16:00:00.000Z' } },
    });
    // Other reasons are still fine inside the after-sales window.
    expect(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, reason: 'quality_issue' }), ctx(order, '2026-03-10T00:00:00.000Z')).ok).toBe(true);
  });

  it('refuses applications after the after-sales window', () => {
    const order = makeOrder('completed', { confirmedAt: '2026-02-01T00:00:00.000Z' });
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, reason: 'quality_issue' }), ctx(order, '2026-02-16T00:00:01.000Z'));
    expect(d).toEqual({ ok: false, rejection: { code: 'after_sales_window_expired', params: { deadline: '2026-02-16T00:00:00.000Z' } } });
  });

  it('allows repair within the warranty only', () => {
    const order = makeOrder('completed', { signedAt: '2025-01-01T00:00:00.000Z', confirmedAt: '2025-01-02T00:00:00.000Z' });
    const repair = { ...APPLY_RETURN_A, caseType: 'repair' as const, reason: 'quality_issue' as const };
    expect(decide(undefined, command('buyer.apply', repair), ctx(order, '2025-12-31T00:00:00.000Z')).ok).toBe(true);
    expect(rejectionOf(decide(undefined, command('buyer.apply', repair), ctx(order, '2026-01-02T00:00:00.000Z')))).toBe('warranty_expired');
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...repair, lineId: 'L-C' }), ctx(order, '2025-02-01T00:00:00.000Z')))).toBe('warranty_expired');
  });

  it('exchanges only within the same SPU at the same price', () => {
    const ex = { ...APPLY_RETURN_A, caseType: 'exchange' as const, reason: 'size_or_fit' as const };
    expect(applied(completed, { ...ex, exchangeSku: 'A2' }).exchangeSku).toBe('A2');
    expect(applied(completed, ex).exchangeSku).toBe('A');
    const d = decide(undefined, command('buyer.apply', { ...ex, exchangeSku: 'C' }), ctx(completed));
    expect(d).toEqual({ ok: false, rejection: { code: 'exchange_sku_invalid', params: { sku: 'C' } } });
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...ex, exchangeSku: 'NOPE' }), ctx(completed)))).toBe('exchange_sku_invalid');
  });

  it('refuses unknown lines and lines whose product is unknown', () => {
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-X' }), ctx(completed)))).toBe('line_not_found');
    const order = { ...completed, lines: [...completed.lines, { id: 'L-Z', sku: 'Z', quantity: 1, unitPrice: 100, discount: 0, coins: 0, paid: 100 }] };
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-Z' }), ctx(order)))).toBe('product_not_found');
  });
});

describe('limits (DOMAIN §6)', () => {
  it('allows one active case per line', () => {
    const first = applied();
    const d = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, reason: 'quality_issue' }, { caseId: 'RMA-2' }), ctx(completed, T0, [first]));
    expect(d).toEqual({ ok: false, rejection: { code: 'active_case_exists', params: { lineId: 'L-A', caseId: 'RMA-1' } } });
    // Another line is fine.
    expect(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, lineId: 'L-C' }, { caseId: 'RMA-2' }), ctx(completed, T0, [first])).ok).toBe(true);
  });

  it('limits the quantity to purchased − already refunded', () => {
    expect(rejectionOf(decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, quantity: 3 }), ctx(completed)))).toBe('quantity_exceeds_available');
    const done = returnCase(approve, shipBack, receive, (c) => command('finance.approve_refund', { reference: '' }, { c }));
    const two = decide(undefined, command('buyer.apply', { ...APPLY_RETURN_A, quantity: 2 }, { caseId: 'RMA-2' }), ctx(completed, T0, [done]));
    expect(two).toEqual({ ok: false, rejection: { code: 'quantity_exceeds_available', params: { requested: 2, available: 1 } } });
    expect(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: 'RMA-2' }), ctx(completed, T0, [done])).ok).toBe(true);
  });

  it('allows at most 3 closed cases per line, then only platform intervention', () => {
    const closedCases = [1, 2, 3].map((i) => ({ ...applied(), id: `RMA-C${i}`, state: 'closed' as const }));
    const d = decide(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: 'RMA-4' }), ctx(completed, T0, closedCases));
    expect(d).toEqual({ ok: false, rejection: { code: 'closed_case_limit_reached', params: { lineId: 'L-A', closed: 3, limit: 3 } } });
    expect(decide(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: 'RMA-4' }), ctx(completed, T0, closedCases.slice(1))).ok).toBe(true);
  });

  it('allows 3 applications in all (the first and 2 resubmissions); after the 3rd rejection only platform intervention', () => {
    let c = applied();
    for (let i = 0; i < 2; i++) {
      c = run(c, rejectCs(c), ctx(completed));
      c = run(c, resubmit(c), ctx(completed));
    }
    expect(c.resubmissionCount).toBe(2);
    expect(c.rejectionCount).toBe(2);
    c = run(c, rejectCs(c), ctx(completed));
    expect(c.rejectionCount).toBe(3);
    expect(decide(c, resubmit(c), ctx(completed))).toEqual({ ok: false, rejection: { code: 'resubmission_limit_reached', params: { limit: 2, applications: 3 } } });
    // CS escalates to platform intervention, which may overturn the rejection.
    c = run(c, command('cs.escalate', { reason: 'buyer insists' }, { c }), ctx(completed));
    expect(rejectionOf(decide(c, command('cs.escalate', { reason: 'again' }, { c }), ctx(completed)))).toBe('already_escalated');
    c = run(c, approve(c), ctx(completed));
    expect(c.state).toBe('awaiting_buyer_shipment');
  });

  it('keeps the warranty paused while under review, resumed while rejected, paused again on resubmission', () => {
    const t = (h: number): string => at(T0, h);
    let c = run(undefined, command('buyer.apply', APPLY_RETURN_A, { occurredAt: t(0) }), ctx(completed, t(0)));
    expect(c.warrantyPauses).toEqual([{ from: t(0), to: null }]);
    c = run(c, command('cs.reject', { reason: 'no' }, { c, occurredAt: t(5) }), ctx(completed, t(5)));
    expect(c.warrantyPauses).toEqual([{ from: t(0), to: t(5) }]);
    c = run(c, command('buyer.modify', { description: 'again' }, { c, occurredAt: t(9) }), ctx(completed, t(9)));
    expect(c.warrantyPauses).toEqual([
      { from: t(0), to: t(5) },
      { from: t(9), to: null },
    ]);
    const rejected = run(c, command('cs.reject', { reason: 'still no' }, { c, occurredAt: t(12) }), ctx(completed, t(12)));
    const escalated = run(rejected, command('cs.escalate', { reason: 'platform' }, { c: rejected, occurredAt: t(13) }), ctx(completed, t(13)));
    expect(escalated.warrantyPauses?.at(-1)).toEqual({ from: t(9), to: t(12) });
    // An overturned rejection puts the case back into processing: paused again.
    const overturned = run(escalated, command('cs.approve', { returnAddress: ADDRESS }, { c: escalated, occurredAt: t(14), actor: ACTORS.admin }), ctx(completed, t(14)));
    expect(overturned.warrantyPauses?.at(-1)).toEqual({ from: t(14), to: null });
    const withdrawn = run(c, command('buyer.withdraw', {}, { c, occurredAt: t(20) }), ctx(completed, t(20)));
    expect(withdrawn.warrantyPauses?.at(-1)).toEqual({ from: t(9), to: t(20) });
    // Folding the history gives the same spans as applying the events one by one.
    const log: CaseEvent[] = [];
    let d = run(undefined, command('buyer.apply', APPLY_RETURN_A, { occurredAt: t(0) }), ctx(completed, t(0)), log);
    d = run(d, command('cs.reject', { reason: 'no' }, { c: d, occurredAt: t(5) }), ctx(completed, t(5)), log);
    d = run(d, command('buyer.modify', {}, { c: d, occurredAt: t(9) }), ctx(completed, t(9)), log);
    expect(foldCase(log).warrantyPauses).toEqual(d.warrantyPauses);
  });

  it('gives a case stored before the pause spans were kept one span from its opening', () => {
    const legacy: AfterSalesCase = { ...applied(), warrantyPauses: undefined };
    const rejected = run(legacy, command('cs.reject', { reason: 'no' }, { c: legacy, occurredAt: at(T0, 3) }), ctx(completed, at(T0, 3)));
    expect(rejected.warrantyPauses).toEqual([{ from: legacy.openedAt, to: at(T0, 3) }]);
  });

  it('makes the limits configurable', () => {
    let c = applied();
    c = run(c, rejectCs(c), ctx(completed));
    expect(rejectionOf(decide(c, resubmit(c), ctx(completed, T0, [], policy({ limits: { maxResubmissions: 0 } }))))).toBe('resubmission_limit_reached');
  });

  it('re-checks quantity and reason when the buyer modifies', () => {
    const c = applied();
    expect(rejectionOf(decide(c, command('buyer.modify', { quantity: 5 }, { c }), ctx(completed)))).toBe('quantity_exceeds_available');
    expect(rejectionOf(decide(c, command('buyer.modify', { reason: 'not_received' }, { c }), ctx(completed)))).toBe('reason_not_allowed');
    const m = run(c, command('buyer.modify', { quantity: 2, reason: 'quality_issue', evidence: [PHOTO] }, { c }), ctx(completed));
    expect(m).toMatchObject({ quantity: 2, reason: 'quality_issue', evidence: [PHOTO], shippingPaidBy: 'seller', state: 'pending_review', resubmissionCount: 0 });
  });
});

describe('cancel after payment', () => {
  const unshipped = makeOrder('awaiting_shipment');
  const cancel = { ...APPLY_RETURN_A, caseType: 'cancel_after_payment' as const, reason: 'changed_mind' as const };

  it('is approved at once within 30 minutes of payment, refunding shipping pro rata', () => {
    const now = at(unshipped.paidAt ?? T0, 0.5);
    const d = decide(undefined, command('buyer.apply', cancel), ctx(unshipped, now));
    expect(d.ok && d.events.map((e) => [e.type, e.actor.role, e.version])).toEqual([
      ['case.applied', 'buyer', 1],
      ['case.approved', 'system', 2],
    ]);
    if (!d.ok) return;
    const c = foldCase(d.events);
    expect(c.state).toBe('awaiting_refund');
    // 1 of 7 units of a 10 yuan fee.
    expect(c.refund?.outboundShipping).toBe(143);
  });

  it('goes to CS review after 30 minutes; interception decides', () => {
    const c = run(undefined, command('buyer.apply', cancel), ctx(unshipped));
    expect(c.state).toBe('pending_review');
    const failed = run(c, command('cs.intercept_result', { intercepted: false }, { c }), ctx(unshipped));
    expect(failed).toMatchObject({ state: 'pending_review', interception: 'failed' });
    const ok = run(failed, command('cs.intercept_result', { intercepted: true }, { c: failed }), ctx(unshipped));
    expect(ok).toMatchObject({ state: 'awaiting_refund', interception: 'intercepted' });
    expect(ok.refund?.goods).toBeGreaterThan(0);
  });

  it('interception does not apply to returns', () => {
    const c = applied();
    expect(rejectionOf(decide(c, command('cs.intercept_result', { intercepted: true }, { c }), ctx(completed)))).toBe('not_applicable_to_case_type');
  });
});

describe('return and refund chain (DOMAIN §3, §4, §9)', () => {
  it('runs apply → approve → ship back → receive → refund → completed', () => {
    const c = returnCase(approve, shipBack, receive, (x) => command('finance.approve_refund', { reference: 'PAY-1' }, { c: x }));
    expect(c.state).toBe('completed');
    expect(c.inspection?.disposition).toEqual({ kind: 'restock', location: 'R-01' });
    expect(c.returnShipment?.trackingNumber).toBe('SF1234567890');
    expect(c.refund?.cash).toBe(c.refund?.goods);
    expect(c.version).toBe(5);
    expect(c.endedAt).toBe(T0);
  });

  it('needs a return address to approve a physical return (payload, or the policy default)', () => {
    const c = applied();
    const noDefault = policy({ defaultReturnAddress: null });
    expect(rejectionOf(decide(c, command('cs.approve', {}, { c }), ctx(completed, T0, [], noDefault)))).toBe('return_address_required');
    expect(decide(c, command('cs.approve', {}, { c }), ctx(completed)).ok).toBe(true);
  });

  it('lets the buyer withdraw until the warehouse accepted the goods', () => {
    const inReceipt = returnCase(approve, shipBack);
    expect(run(inReceipt, command('buyer.withdraw', {}, { c: inReceipt }), ctx(completed))).toMatchObject({ state: 'closed', closeCause: 'withdrawn' });
    const received = returnCase(approve, shipBack, receive);
    expect(decide(received, command('buyer.withdraw', {}, { c: received }), ctx(completed))).toEqual({
      ok: false,
      rejection: { code: 'withdraw_not_allowed', params: { state: 'awaiting_refund' } },
    });
  });

  it('checks the received goods against the case', () => {
    const c = returnCase(approve, shipBack);
    const wrongSku = decide(c, command('warehouse.receive', inspectionFor('C', 1), { c }), ctx(completed));
    expect(wrongSku).toEqual({ ok: false, rejection: { code: 'received_sku_mismatch', params: { expected: 'A', received: 'C' } } });
    const short = decide(c, command('warehouse.receive', inspectionFor('A', 0), { c }), ctx(completed));
    expect(short).toEqual({ ok: false, rejection: { code: 'received_quantity_mismatch', params: { expected: 1, received: 0 } } });
  });

  it('takes the invoice found by the warehouse into account for the tax deduction', () => {
    const order = makeOrder('completed', { invoiceIssued: true });
    let c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    c = run(c, approve(c), ctx(order));
    c = run(c, shipBack(c), ctx(order));
    const without = run(c, command('warehouse.receive', { inspection: { ...INSPECTION_OK, invoiceReturned: false } }, { c }), ctx(order));
    expect(without.refund?.taxDeduction).toBeGreaterThan(0);
    const withInvoice = run(c, command('warehouse.receive', { inspection: { ...INSPECTION_OK, invoiceReturned: true } }, { c }), ctx(order));
    expect(withInvoice.refund?.taxDeduction).toBe(0);
  });

  it('sends rejections one step back: finance → warehouse, warehouse → CS, CS → buyer', () => {
    const atRefund = returnCase(approve, shipBack, receive);
    const backToWarehouse = run(atRefund, command('finance.reject_refund', { reason: 'photos missing' }, { c: atRefund }), ctx(completed));
    expect(backToWarehouse).toMatchObject({ state: 'awaiting_receipt', refund: null, inspection: null, lastRejection: { by: 'finance', reason: 'photos missing' } });
    const backToCs = run(backToWarehouse, command('warehouse.reject', { reason: 'not this case' }, { c: backToWarehouse }), ctx(completed));
    expect(backToCs).toMatchObject({ state: 'pending_review', lastRejection: { by: 'warehouse' } });
    // The goods were already shipped: approving again waits for them at the warehouse.
    expect(run(backToCs, command('cs.approve', {}, { c: backToCs }), ctx(completed)).state).toBe('awaiting_receipt');
    const backToBuyer = run(backToCs, rejectCs(backToCs), ctx(completed));
    expect(backToBuyer).toMatchObject({ state: 'rejected', rejectionCount: 1, lastRejection: { by: 'cs' } });
  });

  it('finance sends a refund without returned goods back to CS', () => {
    let c = applied(completed, { caseType: 'refund_only', reason: 'quality_issue' });
    c = run(c, command('cs.approve', {}, { c }), ctx(completed));
    expect(run(c, command('finance.reject_refund', { reason: 'check' }, { c }), ctx(completed)).state).toBe('pending_review');
  });

  it('refuses commands that do not fit the state', () => {
    const c = applied();
    expect(decide(c, shipBack(c), ctx(completed))).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'pending_review', commandType: 'buyer.ship_back' } } });
    expect(rejectionOf(decide(c, receive(c), ctx(completed)))).toBe('invalid_state');
    expect(rejectionOf(decide(c, command('finance.approve_refund', { reference: '' }, { c }), ctx(completed)))).toBe('invalid_state');
    expect(rejectionOf(decide(c, command('cs.override_amount', { cash: 1, kind: 'override', reason: 'x' }, { c }), ctx(completed)))).toBe('invalid_state');
  });
});

describe('CS money decisions', () => {
  it('overrides the refund amount with a reason, within the ceiling', () => {
    const c = returnCase(approve, shipBack, receive);
    const o = run(c, command('cs.override_amount', { cash: 1000, kind: 'override', reason: 'partial: scratches' }, { c }), ctx(completed));
    expect(o.refund?.cash).toBe(1000);
    expect(o.refund?.adjustments).toEqual([{ kind: 'override', amount: 1000 - (c.refund?.cash ?? 0), reason: 'partial: scratches', by: 'cs-1', at: T0 }]);
    const tooMuch = decide(c, command('cs.override_amount', { cash: 999_999, kind: 'override', reason: 'x' }, { c }), ctx(completed));
    expect(rejectionOf(tooMuch)).toBe('amount_exceeds_limit');
  });

  it('resolves a dispute by an agreed amount, a full refund, or returning the goods and closing', () => {
    const disputed = returnCase(approve, shipBack, (c) => command('warehouse.raise_dispute', { category: 'missing_parts', notes: 'charger missing', photos: [PHOTO] }, { c }));
    expect(disputed.state).toBe('disputed');
    expect(disputed.disputes).toMatchObject([{ category: 'missing_parts', raisedBy: 'wh-staff-1', resolution: null }]);
    const agreed = run(disputed, command('cs.resolve_dispute', { resolution: 'agreed_amount', amount: 1200, reason: 'buyer accepts 12 yuan' }, { c: disputed }), ctx(completed));
    expect(agreed).toMatchObject({ state: 'awaiting_refund', refund: { cash: 1200 }, disputes: [{ resolution: 'agreed_amount', agreedAmount: 1200 }] });
    const full = run(disputed, command('cs.resolve_dispute', { resolution: 'full_refund', reason: 'carrier damaged it' }, { c: disputed }), ctx(completed));
    expect(full.refund?.cash).toBe(full.refund?.goods);
    const back = run(disputed, command('cs.resolve_dispute', { resolution: 'return_to_buyer', reason: 'empty parcel' }, { c: disputed }), ctx(completed));
    expect(back).toMatchObject({ state: 'closed', closeCause: 'returned_to_buyer' });
    const tooMuch = decide(disputed, command('cs.resolve_dispute', { resolution: 'agreed_amount', amount: 100_000, reason: 'x' }, { c: disputed }), ctx(completed));
    expect(rejectionOf(tooMuch)).toBe('amount_exceeds_limit');
    expect(rejectionOf(decide(disputed, command('buyer.withdraw', {}, { c: disputed }), ctx(completed)))).toBe('withdraw_not_allowed');
  });
});

describe('exchange, reship and repair', () => {
  it('exchange: accepted goods wait for the exchange outbound, then the buyer confirms', () => {
    let c = applied(completed, { caseType: 'exchange', reason: 'size_or_fit', exchangeSku: 'A2' });
    expect(c.shippingPaidBy).toBe('buyer');
    for (const step of [approve, shipBack, receive]) c = run(c, step(c), ctx(completed));
    expect(c.state).toBe('awaiting_exchange_shipment');
    expect(c.refund).toBeNull();
    expect(rejectionOf(decide(c, command('warehouse.ship_reship', { carrier: 'SF', trackingNumber: 'SF9876543210' }, { c }), ctx(completed)))).toBe('not_applicable_to_case_type');
    expect(rejectionOf(decide(c, command('warehouse.ship_exchange', { carrier: null, trackingNumber: null }, { c }), ctx(completed)))).toBe('payload_invalid');
    c = run(c, command('warehouse.ship_exchange', { carrier: 'SF', trackingNumber: 'SF9876543210' }, { c }), ctx(completed));
    expect(c).toMatchObject({ state: 'awaiting_buyer_confirmation', outboundShipment: { carrier: 'SF', trackingNumber: 'SF9876543210' } });
    c = run(c, command('buyer.confirm_receipt', {}, { c }), ctx(completed));
    expect(c.state).toBe('completed');
  });

  it('exchange for a quality problem ships at the seller’s cost', () => {
    expect(applied(completed, { caseType: 'exchange', reason: 'quality_issue' }).shippingPaidBy).toBe('seller');
  });

  it('reship for a lost parcel: CS raises it, warehouse ships, finance books the carrier compensation', () => {
    const shipped = makeOrder('shipped');
    let c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'reship', reason: 'parcel_lost' }), ctx(shipped));
    expect(rejectionOf(decide(c, command('cs.approve', {}, { c }), ctx(shipped)))).toBe('not_applicable_to_case_type');
    expect(rejectionOf(decide(c, command('finance.record_carrier_compensation', { amount: 1, claimRef: 'X' }, { c }), ctx(shipped)))).toBe('not_applicable_to_case_type');
    c = run(c, command('cs.create_reship', { cause: 'lost_parcel' }, { c }), ctx(shipped));
    expect(c).toMatchObject({ state: 'awaiting_exchange_shipment', reshipCause: 'lost_parcel' });
    c = run(c, command('finance.record_carrier_compensation', { amount: 3600, claimRef: 'SF-CLAIM-1' }, { c }), ctx(shipped));
    expect(c.carrierCompensation).toEqual({ amount: 3600, claimRef: 'SF-CLAIM-1', recordedAt: T0 });
    expect(rejectionOf(decide(c, command('finance.record_carrier_compensation', { amount: 1, claimRef: 'X' }, { c }), ctx(shipped)))).toBe('invalid_state');
    c = run(c, command('warehouse.ship_reship', { carrier: 'SF', trackingNumber: 'SF5555555555' }, { c }), ctx(shipped));
    expect(c.state).toBe('awaiting_buyer_confirmation');
  });

  it('a refund-only request for goods never received can be turned into a reship by CS', () => {
    const shipped = makeOrder('shipped');
    let c = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'refund_only', reason: 'not_received' }), ctx(shipped));
    c = run(c, command('cs.create_reship', { cause: 'missing_item' }, { c }), ctx(shipped));
    expect(c).toMatchObject({ type: 'reship', reshipCause: 'missing_item', state: 'awaiting_exchange_shipment' });
    // Not once the parcel was signed for.
    const c2 = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'refund_only', reason: 'not_received' }), ctx(shipped));
    expect(rejectionOf(decide(c2, command('cs.create_reship', { cause: 'missing_item' }, { c: c2 }), ctx({ ...shipped, signedAt: T0 })))).toBe(
      'case_type_not_allowed_for_order_state',
    );
  });

  it('repair goes through the warehouse and back like an exchange', () => {
    let c = applied(completed, { caseType: 'repair', reason: 'quality_issue' });
    for (const step of [approve, shipBack, receive]) c = run(c, step(c), ctx(completed));
    expect(c.state).toBe('awaiting_exchange_shipment');
  });

  it('virtual goods: a return is refunded on approval (rights revoked), an exchange ships without tracking', () => {
    let r = applied(completed, { lineId: 'L-V', reason: 'other' });
    r = run(r, command('cs.approve', {}, { c: r }), ctx(completed));
    expect(r.state).toBe('awaiting_refund');
    expect(r.refund?.returnShipping).toBe(0);
    let x = applied(completed, { lineId: 'L-V', caseType: 'exchange', reason: 'other' });
    x = run(x, command('cs.approve', {}, { c: x }), ctx(completed));
    x = run(x, command('warehouse.ship_exchange', { carrier: null, trackingNumber: null }, { c: x }), ctx(completed));
    expect(x.outboundShipment).toEqual({ carrier: null, trackingNumber: null, shippedAt: T0 });
  });
});

describe('system actions (DOMAIN §5)', () => {
  const sys = (type: 'system.auto_close' | 'system.auto_approve' | 'system.auto_confirm', c: AfterSalesCase, now: string): Command =>
    command(type, {}, { c, occurredAt: now });

  it('auto-approves a review left 7×24 h, not before', () => {
    const c = applied();
    const early = at(T0, 167);
    expect(decide(c, sys('system.auto_approve', c, early), ctx(completed, early))).toEqual({
      ok: false,
      rejection: { code: 'not_due', params: { action: 'system.auto_approve', dueAt: at(T0, 168) } },
    });
    const due = at(T0, 168);
    const approved = run(c, sys('system.auto_approve', c, due), ctx(completed, due));
    expect(approved).toMatchObject({ state: 'awaiting_buyer_shipment', returnAddress: ADDRESS });
  });

  it('auto-closes when the buyer does not ship back within 7×24 h', () => {
    const c = returnCase(approve);
    const due = at(T0, 168);
    expect(run(c, sys('system.auto_close', c, due), ctx(completed, due))).toMatchObject({ state: 'closed', closeCause: 'buyer_shipment_timeout', endedAt: due });
  });

  it('auto-closes a rejected case left idle, and when the warehouse never receives', () => {
    const rejected = returnCase(rejectCs);
    const due = at(T0, 168);
    expect(run(rejected, sys('system.auto_close', rejected, due), ctx(completed, due)).closeCause).toBe('rejected_idle_timeout');
    const inReceipt = returnCase(approve, shipBack);
    const later = at(T0, 14 * 24);
    expect(run(inReceipt, sys('system.auto_close', inReceipt, later), ctx(completed, later)).closeCause).toBe('warehouse_receipt_timeout');
  });

  it('auto-confirms receipt of an exchange 10 days after the outbound shipment', () => {
    let c = applied(completed, { caseType: 'exchange', reason: 'size_or_fit' });
    for (const step of [approve, shipBack, receive]) c = run(c, step(c), ctx(completed));
    c = run(c, command('warehouse.ship_exchange', { carrier: 'SF', trackingNumber: 'SF9876543210' }, { c }), ctx(completed));
    const due = at(T0, 240);
    expect(run(c, sys('system.auto_confirm', c, due), ctx(completed, due)).state).toBe('completed');
  });

  it('refuses a system action that does not belong to the state', () => {
    const c = applied();
    expect(rejectionOf(decide(c, sys('system.auto_close', c, at(T0, 1000)), ctx(completed, at(T0, 1000))))).toBe('invalid_state');
  });
});

describe('evolve', () => {
  it('never mutates the case it is given', () => {
    const c = returnCase(approve, shipBack);
    const snapshot = structuredClone(c);
    const d = decide(c, command('warehouse.raise_dispute', { category: 'empty_parcel', notes: '', photos: [] }, { c }), ctx(completed));
    if (!d.ok) throw new Error('rejected');
    const next = evolve(c, d.events[0] as CaseEvent);
    expect(c).toEqual(snapshot);
    expect(next.disputes).toHaveLength(1);
    expect(c.disputes).toHaveLength(0);
  });

  it('refuses out-of-order or foreign histories', () => {
    const d = decide(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(completed));
    if (!d.ok) throw new Error('rejected');
    const first = d.events[0] as CaseEvent;
    expect(() => foldCase([])).toThrow();
    expect(() => foldCase([first, first])).toThrow();
    const c = foldCase([first]);
    const approveEvents = decide(c, command('cs.approve', {}, { c }), ctx(completed));
    if (!approveEvents.ok) throw new Error('rejected');
    expect(() => foldCase(approveEvents.events)).toThrow();
    expect(() => foldCase([first, { ...(approveEvents.events[0] as CaseEvent), version: 5 }])).toThrow();
  });
});
