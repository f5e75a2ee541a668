/**
 * dispatchAll reads, decides and writes a run of case commands together: the rows it leaves must
 * be those of the same commands dispatched one after the other, including two commands on one
 * case and cases of one order (each decided on what the one before left).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { DeskDb } from '../../../renderer/src/db/schema';
import { dispatch, dispatchAll, type DispatchInput } from '../../../renderer/src/sync/dispatch';
import { CS, RETURN_ADDRESS, clock, putSnapshot, seededDb, serverCaseAfter } from './fixtures';

const id = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function store(): Promise<DeskDb> {
  const { db } = await seededDb('C1', 'O1');
  // C2 shares C1's order; C3 has its own.
  await putSnapshot(db, serverCaseAfter('C2', 'O1'));
  await putSnapshot(db, serverCaseAfter('C3', 'O3'));
  return db;
}

const INPUTS: DispatchInput[] = [
  { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS }, id: id(1) },
  { type: 'cs.approve', caseId: 'C2', payload: { returnAddress: RETURN_ADDRESS }, id: id(2) },
  // On what the first command left (version 2), by default.
  { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' }, id: id(3) },
  { type: 'cs.reject', caseId: 'C3', payload: { reason: '照片不清晰' }, id: id(4) },
];

async function rows(db: DeskDb) {
  return { outbox: await db.outbox.toArray(), overlay: await db.overlay.toArray(), caseView: await db.caseView.toArray(), nextSeq: await db.meta.get('nextSeq') };
}

describe('dispatchAll of case commands read and written together', () => {
  it('leaves the rows of the same commands dispatched one after the other', async () => {
    const one = await store();
    for (const input of INPUTS) expect((await dispatch(one, input, { actor: CS, clock })).ok).toBe(true);
    const all = await store();
    const result = await dispatchAll(all, INPUTS, { actor: CS, clock });
    expect(result.ok && result.results.map((r) => [r.commandId, r.seq, r.view?.version])).toEqual([
      [id(1), 1, 2],
      [id(2), 2, 2],
      [id(3), 3, 3],
      [id(4), 4, 2],
    ]);
    const [a, b] = [await rows(one), await rows(all)];
    // Device ids differ between the two stores; everything else must match.
    const noDevice = (outbox: typeof a.outbox) => outbox.map(({ deviceId: _d, ...row }) => row);
    expect(noDevice(b.outbox)).toEqual(noDevice(a.outbox));
    expect(b.overlay).toEqual(a.overlay);
    // The fixture's server steps carry random command ids; everything else must match.
    const comparable = (views: typeof a.caseView) => views.map((v) => ({ ...v, data: { ...v.data, commandIds: v.data.commandIds.filter((c) => c.startsWith('00000000-')) } }));
    expect(comparable(b.caseView)).toEqual(comparable(a.caseView));
    expect(b.nextSeq).toEqual(a.nextSeq);
    expect((await all.caseView.get('C1'))?.pendingCount).toBe(2);
  });

  it('refuses a command id already taken, in the outbox or earlier in the same batch, and writes nothing', async () => {
    const db = await store();
    const twice = await dispatchAll(db, [INPUTS[0]!, { ...INPUTS[1]!, id: id(1) }], { actor: CS, clock });
    expect(twice).toMatchObject({ ok: false, index: 1, rejection: { code: 'duplicate_command' } });
    expect([await db.outbox.count(), await db.overlay.count()]).toEqual([0, 0]);
    expect((await dispatch(db, INPUTS[0]!, { actor: CS, clock })).ok).toBe(true);
    const again = await dispatchAll(db, [INPUTS[1]!, { ...INPUTS[3]!, id: id(1) }], { actor: CS, clock });
    expect(again).toMatchObject({ ok: false, index: 1, rejection: { code: 'duplicate_command' } });
    expect(await db.outbox.count()).toBe(1);
    expect((await db.caseView.get('C2'))?.state).toBe('pending_review');
  });

  it('decides a later command on the state an earlier one left: approving a case twice refuses the second', async () => {
    const db = await store();
    const result = await dispatchAll(db, [INPUTS[0]!, { ...INPUTS[0]!, id: id(9) }], { actor: CS, clock });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.index).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.caseView.get('C1'))?.state).toBe('pending_review');
  });
});
