/**
 * The scenario runner judges scenarios, so it must fail them when they are wrong: every kind of
 * expectation reports its own readable mismatch, relative times advance as documented, and broken
 * policies, orders, order patches and command steps are failures rather than crashes.
 */
import { describe, expect, it } from 'vitest';
import { runScenarioJson } from '../../../shared/domain';

const START = '2026-03-05T02:00:00.000Z';
const ADDRESS = { warehouseId: 'WH1', name: 'Returns desk', phone: '021-5555-0100', address: '1 Warehouse Rd, Shanghai' };
const APPLY = { orderId: 'O1', lineId: 'L-A', caseType: 'return_refund', quantity: 1, reason: 'quality_issue' };

/** A small scenario: one line of two A at 20 yuan, received and confirmed before the start. */
function scenario(steps: unknown[], patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'runner check',
    start: START,
    products: [{ sku: 'A', spu: 'SPU-A', unitPrice: 2000, sevenDayNoReason: true, virtual: false, weightGrams: 300, warrantyDays: 0 }],
    order: {
      state: 'completed',
      lines: [{ id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000 }],
      shippingFee: 0,
      paidAt: '2026-03-01T01:00:00.000Z',
      shippedAt: '2026-03-01T10:00:00.000Z',
      signedAt: '2026-03-03T07:00:00.000Z',
      confirmedAt: '2026-03-04T01:00:00.000Z',
    },
    steps,
    ...patch,
  };
}
const apply = (expectations: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({ case: 'RMA-1', command: 'buyer.apply', payload: APPLY, expect: expectations, ...extra });
const run = (steps: unknown[], patch?: Record<string, unknown>) => runScenarioJson(scenario(steps, patch), 'runner.json');

describe('scenario runner: expectations that do not hold', () => {
  it('passes a scenario whose expectations hold, recording its transitions', () => {
    const r = run([apply({ state: 'pending_review', buyerStatus: 'awaiting_merchant_review', events: ['case.applied'], refund: null, order: { settlementFrozen: true } })]);
    expect(r).toEqual({ name: 'runner check', passed: true, failures: [], steps: 1, transitions: ['return_refund:none:buyer.apply'], rejectionCodes: [] });
  });

  it('reports each kind of expectation on its own line, labelled with the step', () => {
    const r = run([apply({ state: 'completed', buyerStatus: 'succeeded', events: ['case.closed'], refund: { goods: 1 }, case: { quantity: 2 }, deadline: null, order: { settlementFrozen: false } })]);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      'step 1 (buyer.apply RMA-1): state: expected "completed", got "pending_review"',
      'step 1 (buyer.apply RMA-1): refund: expected {"goods":1}, got null',
      'step 1 (buyer.apply RMA-1): case.quantity: expected 2, got 1',
      'step 1 (buyer.apply RMA-1): buyerStatus: expected "succeeded", got "awaiting_merchant_review"',
      expect.stringMatching(/^step 1 \(buyer\.apply RMA-1\): deadline: expected null, got \{"action":"system\.auto_approve"/),
      'step 1 (buyer.apply RMA-1): events[0]: expected "case.closed", got "case.applied"',
      'step 1 (buyer.apply RMA-1): order.settlementFrozen: expected false, got true',
    ]);
  });

  it('compares arrays element by element and by length, and objects against non-objects', () => {
    const r = run([apply({ events: ['case.applied', 'case.applied'], case: { evidence: [], lastRejection: { reason: 'x' }, lineId: { id: 'L-A' } } })]);
    expect(r.failures).toEqual([
      'step 1 (buyer.apply RMA-1): case.lastRejection: expected {"reason":"x"}, got null',
      'step 1 (buyer.apply RMA-1): case.lineId: expected {"id":"L-A"}, got "L-A"',
      'step 1 (buyer.apply RMA-1): events: expected ["case.applied","case.applied"], got ["case.applied"]',
    ]);
    const wrongItem = run([apply({ events: ['case.closed'] })]);
    expect(wrongItem.failures).toEqual(['step 1 (buyer.apply RMA-1): events[0]: expected "case.closed", got "case.applied"']);
    const element = run([apply({ case: { evidence: ['x'] } }, { payload: { ...APPLY, evidence: [] } })]);
    expect(element.failures).toEqual(['step 1 (buyer.apply RMA-1): case.evidence: expected ["x"], got []']);
  });

  it('reports a rejection that did not come, a wrong code or params, and one nobody expected', () => {
    const accepted = run([apply({}, { expect: { rejection: { code: 'invalid_state' } } })]);
    expect(accepted.failures).toEqual(['step 1 (buyer.apply RMA-1): rejection: expected "invalid_state", but the command was accepted']);
    const approveFirst = { case: 'RMA-1', command: 'cs.approve', payload: { returnAddress: ADDRESS } };
    const wrongCode = run([{ ...approveFirst, expect: { rejection: { code: 'invalid_state' } } }]);
    expect(wrongCode.failures).toEqual(['step 1 (cs.approve RMA-1): rejection.code: expected "invalid_state", got "case_not_found" {"caseId":"RMA-1"}']);
    expect(wrongCode.rejectionCodes).toEqual(['case_not_found']);
    const wrongParams = run([{ ...approveFirst, expect: { rejection: { code: 'case_not_found', params: { caseId: 'RMA-9' } } } }]);
    expect(wrongParams.failures).toEqual(['step 1 (cs.approve RMA-1): rejection.params.caseId: expected "RMA-9", got "RMA-1"']);
    const unexpected = run([approveFirst]);
    expect(unexpected.failures).toEqual(['step 1 (cs.approve RMA-1): unexpected rejection "case_not_found" {"caseId":"RMA-1"}']);
    expect(run([{ ...approveFirst, expect: { rejection: { code: 'case_not_found', params: { caseId: 'RMA-1' } } } }]).passed).toBe(true);
  });

  it('turns a payload the command schema refuses into payload_invalid with its path', () => {
    const r = run([apply({ rejection: { code: 'payload_invalid', params: { path: 'payload.quantity' } } }, { payload: { ...APPLY, quantity: 0 } })]);
    expect(r.failures).toEqual([]);
    expect(r.rejectionCodes).toEqual(['payload_invalid']);
  });
});

describe('scenario runner: time, order and steps', () => {
  it('advances one minute by default, or by +m / +h / +d, or to an absolute time', () => {
    const openedAt = (at: string | undefined) => {
      const r = run([{ case: 'RMA-0' }, apply({ case: { openedAt: 'x' } }, at === undefined ? {} : { at })]);
      return /got "([^"]+)"/.exec(r.failures[0] ?? '')?.[1];
    };
    expect(openedAt(undefined)).toBe('2026-03-05T02:01:00.000Z');
    expect(openedAt('+30m')).toBe('2026-03-05T02:30:00.000Z');
    expect(openedAt('+2h')).toBe('2026-03-05T04:00:00.000Z');
    expect(openedAt('+3d')).toBe('2026-03-08T02:00:00.000Z');
    expect(openedAt('2026-03-06T00:00:00.000Z')).toBe('2026-03-06T00:00:00.000Z');
    // A first step with its own time starts there.
    const first = run([apply({ case: { openedAt: 'x' } }, { at: '+1h' })]);
    expect(first.failures[0]).toContain('got "2026-03-05T03:00:00.000Z"');
  });

  it('fails, without running, a scenario whose policy or order cannot be built', () => {
    const badPolicy = run([apply()], { policy: { timeZone: 'Mars/Olympus' } });
    expect(badPolicy.passed).toBe(false);
    expect(badPolicy.steps).toBe(0);
    expect(badPolicy.failures).toHaveLength(1);
    expect(badPolicy.failures[0]).toMatch(/^policy: /);
    const base = scenario([apply()]);
    const badOrder = runScenarioJson({ ...base, order: { ...(base.order as object), coins: 999_999 } }, 'x.json');
    expect(badOrder).toMatchObject({ passed: false, steps: 0, failures: ['order: discount and coins exceed the order amount'], transitions: [], rejectionCodes: [] });
  });

  it('takes line amounts as given when all three are, and prices shipping with the policy template when the fee is omitted', () => {
    const base = scenario([{ case: 'RMA-1', expect: { order: { lines: [{ discount: 100, coins: 300, paid: 3600 }], shippingFee: 0 } } }]);
    const explicit = { ...(base.order as object), lines: [{ id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000, discount: 100, coins: 300, paid: 3600 }] };
    expect(runScenarioJson({ ...base, order: explicit }, 'x').failures).toEqual([]);
    // Only some of the three: the order-level amounts are allocated instead.
    const partial = { ...explicit, lines: [{ id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000, discount: 100 }] };
    expect(runScenarioJson({ ...base, order: partial }, 'x').failures).toEqual([
      'step 1 (RMA-1): order.lines[0].discount: expected 100, got 0',
      'step 1 (RMA-1): order.lines[0].coins: expected 300, got 0',
      'step 1 (RMA-1): order.lines[0].paid: expected 3600, got 4000',
    ]);
    const noFee = { ...(base.order as Record<string, unknown>) };
    delete noFee.shippingFee;
    const priced = runScenarioJson({ ...base, order: noFee, steps: [{ case: 'RMA-1', expect: { order: { shippingFee: 0 } } }] }, 'x');
    expect(priced.failures).toHaveLength(1);
    expect(priced.failures[0]).toMatch(/^step 1 \(RMA-1\): order\.shippingFee: expected 0, got [1-9]\d*$/);
  });

  it('patches the order at a step, and reports a patch that breaks it', () => {
    const base = scenario([]);
    const shipped = { ...(base.order as object), state: 'shipped', signedAt: null, confirmedAt: null };
    const patched = runScenarioJson({ ...base, order: shipped, steps: [{ order: { state: 'completed', confirmedAt: '2026-03-05T02:00:00.000Z' }, case: 'RMA-1', expect: { order: { state: 'completed' } } }] }, 'x');
    expect(patched.failures).toEqual([]);
    const broken = run([{ order: { state: 'teleported' } }]);
    expect(broken.failures).toHaveLength(1);
    expect(broken.failures[0]).toMatch(/^step 1 \(order\): order patch: state: /);
  });

  it('needs a case on a command step, and names steps by what they do', () => {
    expect(run([{ command: 'buyer.apply', payload: APPLY }]).failures).toEqual(['step 1 (buyer.apply): a command step needs "case"']);
    expect(run([{ case: 'RMA-1', expect: { state: 'pending_review' } }]).failures).toEqual(['step 1 (RMA-1): state: expected "pending_review", got undefined']);
    expect(run([{ expect: { state: 'pending_review' } }]).failures).toEqual(['step 1: state: expected "pending_review", got undefined']);
  });

  it('sweeps due system actions over every case and expects on the step’s case', () => {
    const r = run([apply(), { sweep: true, at: '+8d', case: 'RMA-1', expect: { state: 'awaiting_buyer_shipment', events: ['case.approved'] } }], { policy: { defaultReturnAddress: ADDRESS } });
    expect(r.failures).toEqual([]);
    expect(r.transitions).toEqual(['return_refund:none:buyer.apply', 'return_refund:pending_review:system.auto_approve']);
    // Before anything is due the sweep does nothing.
    const early = run([apply(), { sweep: true, at: '+1h', case: 'RMA-1', expect: { state: 'awaiting_buyer_shipment' } }], { policy: { defaultReturnAddress: ADDRESS } });
    expect(early.failures).toEqual(['step 2 (sweep): state: expected "awaiting_buyer_shipment", got "pending_review"']);
  });

  it('uses the default actor of a role, the buyer of the order, or an actor given in full', () => {
    const otherBuyer = run([apply({ rejection: { code: 'not_case_owner' } }, { actor: { id: 'buyer-x', role: 'buyer' } })]);
    expect(otherBuyer.failures).toEqual([]);
    const asCs = run([apply(), { case: 'RMA-1', command: 'cs.add_note', payload: { text: 'checked' }, actor: 'cs', expect: { case: { notes: [{ by: 'cs-1' }] } } }]);
    expect(asCs.failures).toEqual([]);
  });

  it('names a malformed file by its file name and runs nothing', () => {
    const r = runScenarioJson({ name: '' }, 'bad.json');
    expect(r).toMatchObject({ name: 'bad.json', passed: false, steps: 0, transitions: [], rejectionCodes: [] });
    expect(r.failures.every((f) => f.startsWith('format: '))).toBe(true);
    expect(r.failures).toContain('format: name: Too small: expected string to have >=1 characters');
  });
});
