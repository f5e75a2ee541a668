/**
 * Each customer-service action becomes its command through the local store: checked with the
 * command's schema first, then decided by the rule book, recorded in the outbox as pending, and
 * its effect shown in the merged case at once.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { orderRowFromChange } from '../../../../renderer/src/sync/engine';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { approveEach, checkDraft, runAction, type ActionDraft, type Issue } from '../../../../renderer/src/views/cs/actions';
import { NOW, RETURN_ADDRESS, putSnapshot, uniqueName } from '../../sync/fixtures';
import { caseOn, seedQueues, wireOrderIn } from './support';

let db: DeskDb;
let issue: Issue;
const words = { templateText: '凭证照片不清晰，无法确认问题', buyerAgreedNote: '买家已同意' };

beforeEach(async () => {
  db = await openDeskDb(uniqueName());
  await seedQueues(db);
  for (const [id, state, apply] of [
    ['CANCEL', 'awaiting_shipment', { caseType: 'cancel_after_payment', reason: 'changed_mind' }],
    ['LOST', 'shipped', { caseType: 'refund_only', reason: 'not_received' }],
  ] as const) {
    const wire = wireOrderIn(`O-${id}`, state);
    await db.orders.put(orderRowFromChange({ seq: 1, kind: 'order', id: `O-${id}`, deleted: false, version: null, caseNo: null, data: wire }));
    await putSnapshot(db, caseOn(wire, id, apply), `RMA-${id}`);
  }
  configureRuntime({ db: async () => db, clock: () => new Date(NOW), fetch: (async () => { throw new TypeError('offline'); }) as typeof fetch });
  setActivePinia(createPinia());
  useSessionStore().staff = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null };
  const sync = useSyncStore();
  issue = (input) => sync.issue(input);
});
afterEach(() => {
  resetRuntime();
  db.close();
});

async function act(caseId: string, draft: ActionDraft) {
  const view = await db.caseView.get(caseId);
  const checked = checkDraft(draft, words);
  if (!checked.ok) throw new Error(`draft refused: ${checked.fields.join(',')}`);
  return runAction(issue, caseId, view!.version, draft.type, checked.payload);
}

async function lastCommand(caseId: string) {
  const rows = await db.outbox.where('caseId').equals(caseId).sortBy('seq');
  return rows.at(-1);
}

describe('customer-service actions dispatch their commands', () => {
  it('approve with the chosen return address', async () => {
    expect((await act('PR-NEW', { type: 'cs.approve', returnAddress: RETURN_ADDRESS })).ok).toBe(true);
    expect(await lastCommand('PR-NEW')).toMatchObject({ type: 'cs.approve', status: 'pending', command: { payload: { returnAddress: RETURN_ADDRESS }, actor: { id: 'staff-cs1', role: 'cs' } } });
    expect(await db.caseView.get('PR-NEW')).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 1 });
  });

  it('reject with a template and free text', async () => {
    expect((await act('PR-OLD', { type: 'cs.reject', template: 'evidence_unclear', text: '请补充正面照片' })).ok).toBe(true);
    expect((await lastCommand('PR-OLD'))?.command.payload).toEqual({ reason: '凭证照片不清晰，无法确认问题：请补充正面照片' });
    expect((await db.caseView.get('PR-OLD'))?.state).toBe('rejected');
  });

  it('escalate, intercept result and reship', async () => {
    expect((await act('PR-OLD', { type: 'cs.escalate', reason: '买家投诉' })).ok).toBe(true);
    expect((await db.caseView.get('PR-OLD'))?.data.escalation?.reason).toBe('买家投诉');
    expect((await act('CANCEL', { type: 'cs.intercept_result', intercepted: true })).ok).toBe(true);
    expect(await db.caseView.get('CANCEL')).toMatchObject({ state: 'awaiting_refund', pending: 1 });
    expect((await act('LOST', { type: 'cs.create_reship', cause: 'lost_parcel' })).ok).toBe(true);
    expect((await lastCommand('LOST'))).toMatchObject({ type: 'cs.create_reship', command: { payload: { cause: 'lost_parcel' } } });
    expect((await db.caseView.get('LOST'))?.data.reshipCause).toBe('lost_parcel');
  });

  it('takes the case, adds an internal note, and refuses an empty note before the rule book sees it', async () => {
    expect((await act('PR-OLD', { type: 'cs.assign', owner: 'staff-cs1' })).ok).toBe(true);
    expect((await db.caseView.get('PR-OLD'))?.data.owner).toBe('staff-cs1');
    expect((await act('PR-OLD', { type: 'cs.add_note', text: '买家来电，已解释需补充照片' })).ok).toBe(true);
    const view = await db.caseView.get('PR-OLD');
    expect(view?.data.notes).toEqual([{ text: '买家来电，已解释需补充照片', by: 'staff-cs1', role: 'cs', at: NOW }]);
    expect(view).toMatchObject({ state: 'pending_review', pending: 1, pendingCount: 2 });
    expect(checkDraft({ type: 'cs.add_note', text: '   ' }, words)).toEqual({ ok: false, fields: ['text'] });
    // Another agent's case is not taken over by an agent: the rule book refuses, nothing is recorded.
    const refused = await act('PR-OLD', { type: 'cs.assign', owner: 'staff-cs2' });
    expect(refused).toMatchObject({ ok: false, rejection: { code: 'assign_not_allowed' } });
    expect((await lastCommand('PR-OLD'))?.type).toBe('cs.add_note');
  });

  it('settles a dispute at an agreed amount with the buyer’s agreement recorded', async () => {
    const draft: ActionDraft = { type: 'cs.resolve_dispute', resolution: 'agreed_amount', amount: 3000, buyerAgreed: false, reason: '包装破损，协商部分退款' };
    expect(checkDraft(draft, words)).toEqual({ ok: false, fields: ['buyerAgreed'] });
    expect((await act('DISP', { ...draft, buyerAgreed: true })).ok).toBe(true);
    expect((await lastCommand('DISP'))?.command.payload).toEqual({ resolution: 'agreed_amount', amount: 3000, reason: '包装破损，协商部分退款（买家已同意）' });
    const view = await db.caseView.get('DISP');
    expect(view?.state).toBe('awaiting_refund');
    expect(view?.data.refund?.cash).toBe(3000);
  });

  it('settles a dispute by returning the goods (case closes) or in full', async () => {
    expect((await act('DISP', { type: 'cs.resolve_dispute', resolution: 'return_to_buyer', amount: null, buyerAgreed: false, reason: '空包，退回买家' })).ok).toBe(true);
    expect((await db.caseView.get('DISP'))?.data).toMatchObject({ state: 'closed', closeCause: 'returned_to_buyer' });
  });

  it('overrides an amount only with a reason', async () => {
    expect(checkDraft({ type: 'cs.override_amount', cash: 4000, kind: 'override', reason: '  ' }, words)).toEqual({ ok: false, fields: ['reason'] });
    expect((await act('REFUND', { type: 'cs.override_amount', cash: 4000, kind: 'shipping_subsidy', reason: '补贴运费' })).ok).toBe(true);
    expect((await db.caseView.get('REFUND'))?.data.refund?.cash).toBe(4000);
  });

  it('refuses an invalid form before dispatch, and the rule book refuses what no longer fits', async () => {
    expect(checkDraft({ type: 'cs.reject', template: null, text: ' ' }, words)).toEqual({ ok: false, fields: ['reason'] });
    expect(checkDraft({ type: 'cs.resolve_dispute', resolution: null, amount: null, buyerAgreed: false, reason: 'x' }, words)).toMatchObject({ ok: false });
    const formInvalid = await runAction(issue, 'PR-NEW', 1, 'cs.create_reship', { cause: 'bogus' });
    expect(formInvalid).toMatchObject({ ok: false, rejection: { code: 'cs.form_invalid' } });
    // Approving a case in the warehouse's hands: the local rules refuse, nothing is queued.
    const refused = await runAction(issue, 'RECV', 3, 'cs.approve', {});
    expect(refused).toMatchObject({ ok: false, rejection: { code: 'invalid_state' } });
    expect(await db.outbox.where('caseId').equals('RECV').count()).toBe(0);
  });

  it('bulk approval issues one command per case and goes on after a refusal', async () => {
    const outcome = await approveEach(issue, [{ id: 'PR-NEW', version: 1 }, { id: 'RECV', version: 3 }, { id: 'ESC', version: 2 }], RETURN_ADDRESS);
    expect(outcome).toEqual({ applied: ['PR-NEW', 'ESC'], refused: [{ caseId: 'RECV', code: 'invalid_state' }] });
    expect((await db.outbox.orderBy('seq').toArray()).filter((r) => r.type === 'cs.approve').map((r) => r.caseId)).toEqual(['PR-NEW', 'ESC']);
  });
});
