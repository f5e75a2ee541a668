/**
 * Case ownership in customer service (跟进人) and the interception result of a cancellation:
 * who may move a case to whom, what is refused with which params, and what each records.
 */
import { describe, expect, it } from 'vitest';
import { decide, unitSlice, type Actor, type AfterSalesCase, type Decision } from '../../../shared/domain';
import { ACTORS, APPLY_RETURN_A, command, ctx, makeOrder, run } from './fixtures';

const order = makeOrder('completed');
const open = (owner: string | null = null): AfterSalesCase => ({ ...run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order)), owner });
const assign = (c: AfterSalesCase, owner: string | null, actor: Actor = ACTORS.cs): Decision => decide(c, command('cs.assign', { owner }, { c, actor }), ctx(order));
const assigned = (d: Decision) => (d.ok ? d.events.map((e) => ({ type: e.type, data: e.data })) : d.rejection);

describe('case owner (cs.assign)', () => {
  it('lets an agent take an unowned case or release their own, recording the previous owner', () => {
    expect(assigned(assign(open(), 'cs-1'))).toEqual([{ type: 'case.owner_assigned', data: { owner: 'cs-1', previous: null } }]);
    expect(assigned(assign(open('cs-1'), null))).toEqual([{ type: 'case.owner_assigned', data: { owner: null, previous: 'cs-1' } }]);
  });

  it('refuses an agent taking another’s case, giving it to someone else, or releasing another’s', () => {
    expect(assigned(assign(open('cs-2'), 'cs-1'))).toEqual({ code: 'assign_not_allowed', params: { owner: 'cs-2' } });
    expect(assigned(assign(open(), 'cs-2'))).toEqual({ code: 'assign_not_allowed', params: { owner: null } });
    expect(assigned(assign(open('cs-1'), 'cs-2'))).toEqual({ code: 'assign_not_allowed', params: { owner: 'cs-1' } });
    expect(assigned(assign(open('cs-2'), null))).toEqual({ code: 'assign_not_allowed', params: { owner: 'cs-2' } });
  });

  it('lets the supervisor move a case between agents or release it', () => {
    expect(assigned(assign(open('cs-2'), 'cs-1', ACTORS.admin))).toEqual([{ type: 'case.owner_assigned', data: { owner: 'cs-1', previous: 'cs-2' } }]);
    expect(assigned(assign(open(), 'cs-3', ACTORS.admin))).toEqual([{ type: 'case.owner_assigned', data: { owner: 'cs-3', previous: null } }]);
    expect(assigned(assign(open('cs-2'), null, ACTORS.admin))).toEqual([{ type: 'case.owner_assigned', data: { owner: null, previous: 'cs-2' } }]);
  });

  it('refuses an assignment that changes nothing, for anyone', () => {
    expect(assigned(assign(open('cs-1'), 'cs-1'))).toEqual({ code: 'already_assigned', params: { owner: 'cs-1' } });
    expect(assigned(assign(open(), null, ACTORS.admin))).toEqual({ code: 'already_assigned', params: { owner: null } });
    // A case from before owners existed (no field) counts as unowned.
    const legacy = open();
    delete (legacy as Partial<AfterSalesCase>).owner;
    expect(assigned(assign(legacy, null, ACTORS.admin))).toEqual({ code: 'already_assigned', params: { owner: null } });
    expect(assigned(assign(legacy, 'cs-1'))).toEqual([{ type: 'case.owner_assigned', data: { owner: 'cs-1', previous: null } }]);
  });
});

describe('interception result (cs.intercept_result)', () => {
  const unshipped = makeOrder('awaiting_shipment');
  const cancel = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'cancel_after_payment', reason: 'changed_mind' }), ctx(unshipped));
  const intercept = (c: AfterSalesCase, intercepted: boolean) => decide(c, command('cs.intercept_result', { intercepted }, { c }), ctx(unshipped));

  it('records a failed interception without a refund, a successful one with the refund of the line', () => {
    const failed = intercept(cancel, false);
    expect(failed.ok && failed.events[0]?.data).toEqual({ intercepted: false, refund: null });
    const ok = intercept(cancel, true);
    const data = ok.ok ? (ok.events[0]?.data as { intercepted: boolean; refund: { goods: number } | null }) : null;
    expect(data?.intercepted).toBe(true);
    const lineA = unshipped.lines.find((l) => l.id === 'L-A');
    if (!lineA) throw new Error('fixture: line L-A');
    expect(data?.refund?.goods).toBe(unitSlice(lineA.paid, lineA.quantity, 0, 1));
    expect(data?.refund?.goods).toBeGreaterThan(0);
  });

  it('applies only to a cancellation under review, and says why not', () => {
    expect(intercept({ ...cancel, state: 'awaiting_refund' }, true)).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'awaiting_refund', commandType: 'cs.intercept_result' } } });
    const ret = open();
    const d = decide(ret, command('cs.intercept_result', { intercepted: true }, { c: ret }), ctx(order));
    expect(d.ok).toBe(false);
    expect(d.ok ? null : d.rejection.code).toBe('not_applicable_to_case_type');
    // A successful interception needs the case's line on the order.
    expect(intercept({ ...cancel, lineId: 'L-GONE' }, true)).toEqual({ ok: false, rejection: { code: 'line_not_found', params: { lineId: 'L-GONE' } } });
  });
});
