/**
 * The local dispatch transaction with the rows that belong to a decision (its session-log row):
 * written with the command, or not at all.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dispatch, dispatchAll } from '../../../renderer/src/sync/dispatch';
import type { ScanLogRow } from '../../../renderer/src/db/types';
import { CS, NOW, RETURN_ADDRESS, WAREHOUSE, clock, putSnapshot, seededDb, serverCaseAfter } from './fixtures';

const logRow = (id: string): ScanLogRow => ({ id, at: NOW, code: 'SF1234567890', kind: 'tracking', outcome: 'received', caseId: 'C1', caseNo: 'AS-C1', commandId: 'cmd-1', parcelId: 'P1', staffId: 'staff-wh1' });
const approve = { type: 'cs.approve' as const, caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } };

describe('dispatch with the rows of a decision', () => {
  it('writes the command, its effect and the log row together', async () => {
    const { db } = await seededDb();
    const result = await dispatch(db, { ...approve, id: 'cmd-1' }, { actor: CS, clock }, { scanLog: [logRow('L1')] });
    expect(result.ok).toBe(true);
    expect(await db.outbox.get('cmd-1')).toMatchObject({ type: 'cs.approve', status: 'pending' });
    expect((await db.caseView.get('C1'))?.state).toBe('awaiting_buyer_shipment');
    expect(await db.scanLog.get('L1')).toEqual(logRow('L1'));
  });

  it('writes none of them when the rules refuse the command', async () => {
    const { db } = await seededDb();
    const refused = await dispatch(db, { type: 'cs.reject', caseId: 'C1', payload: { reason: 'x' } }, { actor: WAREHOUSE, clock }, { scanLog: [logRow('L1')] });
    expect(refused.ok).toBe(false);
    expect([await db.outbox.count(), await db.scanLog.count()]).toEqual([0, 0]);
  });

  it('undoes the decision when its log row cannot be written: nothing is half-written', async () => {
    const { db } = await seededDb();
    const before = await db.caseView.get('C1');
    // A row without its key: IndexedDB refuses the write inside the transaction.
    const broken = { ...logRow('L1'), id: undefined } as unknown as ScanLogRow;
    await expect(dispatch(db, { ...approve, id: 'cmd-1' }, { actor: CS, clock }, { scanLog: [broken] })).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.overlay.count()).toBe(0);
    expect(await db.caseView.get('C1')).toEqual(before);
    expect(await db.meta.get('nextSeq')).toBeUndefined();
    // The same decision goes through once the rows are right.
    expect((await dispatch(db, { ...approve, id: 'cmd-1' }, { actor: CS, clock }, { scanLog: [logRow('L1')] })).ok).toBe(true);
    expect((await db.outbox.get('cmd-1'))?.seq).toBe(1);
  });

  it('records several commands all or none: a refusal of the second undoes the first', async () => {
    const { db } = await seededDb();
    await putSnapshot(db, serverCaseAfter('C2', 'O2'));
    const refused = await dispatchAll(db, [approve, { type: 'cs.reject', caseId: 'C2', payload: { reason: '' } }], { actor: CS, clock }, { scanLog: [logRow('L1')] });
    expect(refused).toMatchObject({ ok: false, index: 1, rejection: { code: 'payload_invalid' } });
    expect([await db.outbox.count(), await db.overlay.count(), await db.scanLog.count()]).toEqual([0, 0, 0]);
    expect((await db.caseView.get('C1'))?.state).toBe('pending_review');

    const both = await dispatchAll(db, [approve, { type: 'cs.reject', caseId: 'C2', payload: { reason: 'no proof' } }], { actor: CS, clock }, { scanLog: [logRow('L1')] });
    expect(both.ok && both.results.map((r) => r.seq)).toEqual([1, 2]);
    expect((await db.caseView.bulkGet(['C1', 'C2'])).map((v) => v?.state)).toEqual(['awaiting_buyer_shipment', 'rejected']);
    expect(await db.scanLog.count()).toBe(1);
  });
});
