/**
 * evolve and foldCase: a case is the fold of its events, evolve never touches the case it is
 * given, and a history out of order or from nowhere is refused with a message that says why.
 */
import { describe, expect, it } from 'vitest';
import { evolve, evolveAll, foldCase, type AfterSalesCase, type CaseEvent } from '../../../shared/domain';
import { APPLY_RETURN_A, command, ctx, makeOrder, run } from './fixtures';
import { snapshots } from './paths';

/** Freezes a value and everything in it, so any write throws. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const all = snapshots();

describe('evolve and foldCase', () => {
  it('fold every history to the case evolve builds step by step, serialised alike', () => {
    for (const s of all) {
      const evolved = evolveAll(undefined, s.events);
      expect(JSON.stringify(foldCase(s.events)), s.label).toBe(JSON.stringify(evolved));
    }
  });

  it('never writes to the case it is given, for any event of any flow', () => {
    for (const s of all) {
      let c: AfterSalesCase | undefined;
      for (const e of s.events) {
        const before = c === undefined ? undefined : JSON.stringify(c);
        const next = evolve(c === undefined ? undefined : deepFreeze(structuredClone(c)), e);
        if (c !== undefined) expect(JSON.stringify(c), `${s.label} ${e.type}`).toBe(before);
        c = next;
      }
    }
  });

  it('keeps one command id for the events of one command, and the time a state was entered until it changes', () => {
    const unshipped = makeOrder('awaiting_shipment');
    const cancel = run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, caseType: 'cancel_after_payment', reason: 'changed_mind' }, { id: 'cmd-cancel' }), ctx(unshipped, unshipped.paidAt ?? undefined));
    expect(cancel.state).toBe('awaiting_refund');
    expect(cancel.commandIds).toEqual(['cmd-cancel']);
    const order = makeOrder('completed');
    const c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    const noted = run(c, command('cs.add_note', { text: 'called the buyer' }, { c, occurredAt: '2026-03-10T05:00:00.000Z' }), ctx(order, '2026-03-10T05:00:00.000Z'));
    expect(noted.stateEnteredAt).toBe(c.stateEnteredAt);
    expect(noted.notes).toEqual([{ text: 'called the buyer', by: 'cs-1', role: 'cs', at: '2026-03-10T05:00:00.000Z' }]);
    // A state change that leaves the case open sets no end, and keeps one open warranty pause.
    const approved = run(c, command('cs.approve', { returnAddress: { warehouseId: 'WH1', name: 'n', phone: 'p', address: 'a' } }, { c }), ctx(order));
    expect(approved.endedAt).toBeNull();
    expect(approved.warrantyPauses).toEqual([{ from: c.openedAt, to: null }]);
  });

  it('records who escalated, when and why, and keeps the return address when an approval names none', () => {
    const order = makeOrder('completed');
    const c = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(order));
    const escalated = run(c, command('cs.escalate', { reason: 'buyer appeals' }, { c, occurredAt: '2026-03-10T03:00:00.000Z' }), ctx(order, '2026-03-10T03:00:00.000Z'));
    expect(escalated.escalation).toEqual({ reason: 'buyer appeals', at: '2026-03-10T03:00:00.000Z', by: 'cs-1' });
    const address = { warehouseId: 'WH1', name: 'n', phone: 'p', address: 'a' };
    const withAddress = { ...c, returnAddress: address };
    const approved = evolve(withAddress, { type: 'case.approved', caseId: c.id, version: c.version + 1, occurredAt: c.openedAt, actor: { id: 'cs-1', role: 'cs' }, commandId: 'x', data: { returnAddress: null, next: 'awaiting_receipt', refund: null, overturned: false } } as CaseEvent);
    expect(approved.returnAddress).toEqual(address);
  });

  it('refuses a history that does not start with an application at version 1, or skips or repeats a version', () => {
    const first = all[0]?.events[0];
    const second = all.find((s) => s.events.length > 1)?.events[1];
    if (!first || !second) throw new Error('fixture: histories');
    expect(() => evolve(undefined, second)).toThrow(new Error(`first event of case ${second.caseId} must be case.applied, got ${second.type}`));
    expect(() => evolve(undefined, { ...first, version: 2 })).toThrow(new Error(`case ${first.caseId}: case.applied must have version 1, got 2`));
    const c = evolve(undefined, first);
    expect(() => evolve(c, { ...first, version: 2 })).toThrow(new Error(`case ${first.caseId} already exists`));
    expect(() => evolve(c, { ...second, caseId: first.caseId, version: 3 })).toThrow(new Error(`case ${first.caseId}: expected event version 2, got 3`));
    expect(() => foldCase([])).toThrow(new Error('cannot fold an empty history'));
  });
});
