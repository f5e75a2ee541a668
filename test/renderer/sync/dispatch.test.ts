import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { DEFAULT_POLICY } from '../../../shared/domain';
import { dispatch } from '../../../renderer/src/sync/dispatch';
import type { CaseViewRow } from '../../../renderer/src/db/types';
import { rebaseCase, rebaseCases } from '../../../renderer/src/sync/local';
import { inspection } from '../../shared/domain/inspection';
import { CS, RETURN_ADDRESS, WAREHOUSE, clock, command, putSnapshot, seededDb, serverCaseAfter, NOW } from './fixtures';

describe('dispatch', () => {
  it('records the command and its optimistic effect together; the view shows it at once as pending', async () => {
    const { db } = await seededDb();
    const seen: string[] = [];
    const sub = liveQuery(() => db.caseView.get('C1')).subscribe((v) => {
      if (v) seen.push(`${v.state}:${v.pending}`);
    });
    const result = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    expect(result.ok).toBe(true);
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ seq: 1, caseId: 'C1', type: 'cs.approve', baseVersion: 1, status: 'pending', attempts: 0, occurredAt: NOW });
    expect(row?.deviceId).toMatch(/^desk-/);
    expect(await db.overlay.get(row?.id ?? '')).toMatchObject({ caseId: 'C1', seq: 1, failing: null });
    expect(await db.caseView.get('C1')).toMatchObject({ state: 'awaiting_buyer_shipment', version: 2, serverVersion: 1, pending: 1, pendingCount: 1, queue: 'buyer' });
    // The server snapshot is untouched: a refusal would only remove the overlay.
    expect((await db.cases.get('C1'))?.state).toBe('pending_review');
    await new Promise((r) => setTimeout(r, 20));
    sub.unsubscribe();
    expect(seen).toContain('awaiting_buyer_shipment:1');
  });

  it('returns the typed rejection of the shared rules and writes nothing', async () => {
    const { db } = await seededDb();
    const wrongRole = await dispatch(db, { type: 'warehouse.receive', caseId: 'C1', payload: { inspection: inspection({ sku: 'x', checklist: { packaging: null, accessories: null }, weightGrams: 1, disposition: { kind: 'scrap' } }) } }, { actor: WAREHOUSE, clock });
    expect(wrongRole).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'pending_review', commandType: 'warehouse.receive' } } });
    const invalid = await dispatch(db, { type: 'cs.reject', caseId: 'C1', payload: { reason: '' } }, { actor: CS, clock });
    expect(invalid.ok === false && invalid.rejection.code).toBe('payload_invalid');
    const unknown = await dispatch(db, { type: 'cs.approve', caseId: 'nope', payload: {} }, { actor: CS, clock });
    expect(unknown.ok === false && unknown.rejection.code).toBe('case_not_found');
    expect(await db.outbox.count()).toBe(0);
    expect(await db.overlay.count()).toBe(0);
    expect(await db.meta.get('nextSeq')).toBeUndefined();
  });

  it('chains commands on the merged case and numbers them per device', async () => {
    const { db } = await seededDb();
    await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    const second = await dispatch(db, { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' } }, { actor: CS, clock });
    expect(second.ok).toBe(true);
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => [r.seq, r.baseVersion])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(await db.caseView.get('C1')).toMatchObject({ version: 3, pendingCount: 2 });
  });
});

describe('rebase on pulled data', () => {
  it('drops an overlay row only when its command is acknowledged and reflected', async () => {
    const { db } = await seededDb();
    const result = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    if (!result.ok) throw new Error('refused');
    const approved = serverCaseAfter('C1', 'O1', [command('cs.approve', 'C1', 1, { returnAddress: RETURN_ADDRESS }, CS, result.commandId)]);

    // Pulled before the push reply arrived: reflected, not acknowledged → kept, without effect.
    await putSnapshot(db, approved);
    await db.transaction('rw', [db.cases, db.orders, db.caseView, db.overlay, db.outbox, db.conflicts, db.meta], () => rebaseCase(db, 'C1', NOW, DEFAULT_POLICY));
    expect(await db.overlay.get(result.commandId)).toMatchObject({ events: [], failing: null });
    expect(await db.caseView.get('C1')).toMatchObject({ state: 'awaiting_buyer_shipment', version: 2, pending: 1 });

    // Acknowledged at version 2 and the snapshot is at 2 → dropped.
    await db.outbox.update(result.commandId, { status: 'acked', ackedVersion: 2 });
    await db.transaction('rw', [db.cases, db.orders, db.caseView, db.overlay, db.outbox, db.conflicts, db.meta], () => rebaseCase(db, 'C1', NOW, DEFAULT_POLICY));
    expect(await db.overlay.count()).toBe(0);
    expect(await db.caseView.get('C1')).toMatchObject({ pending: 0, serverVersion: 2 });
  });

  it('re-decides pending commands on a case another desk moved; one that no longer fits holds the rest', async () => {
    const { db } = await seededDb();
    await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    await dispatch(db, { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' } }, { actor: CS, clock });
    const rejected = serverCaseAfter('C1', 'O1', [command('cs.reject', 'C1', 1, { reason: '照片不清晰' }, { id: 'staff-admin', role: 'admin' })]);
    await putSnapshot(db, rejected);
    await db.transaction('rw', [db.cases, db.orders, db.caseView, db.overlay, db.outbox, db.conflicts, db.meta], () => rebaseCase(db, 'C1', NOW, DEFAULT_POLICY));
    const overlay = await db.overlay.toCollection().sortBy('seq');
    expect(overlay.map((o) => o.failing?.code ?? null)).toEqual(['invalid_state', 'sync.blocked']);
    // The desk shows the server's case, never its own guess over it.
    expect(await db.caseView.get('C1')).toMatchObject({ state: 'rejected', version: 2, pending: 1 });
    expect(await db.outbox.where('status').equals('pending').count()).toBe(2);
  });

  it('rebases several cases in one go exactly as one after the other, a case seeing the views its order-mates got', async () => {
    const setUp = async () => {
      const { db } = await seededDb('C1', 'O1');
      await putSnapshot(db, serverCaseAfter('C2', 'O1'));
      await putSnapshot(db, serverCaseAfter('C3', 'O3'));
      // Fixed command ids, so both stores can be compared row for row.
      for (const [i, caseId] of ['C1', 'C2', 'C3'].entries()) await dispatch(db, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS }, id: `00000000-0000-4000-8000-00000000000${i}` }, { actor: CS, clock });
      await dispatch(db, { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' }, id: '00000000-0000-4000-8000-000000000009' }, { actor: CS, clock });
      // Another desk moved C1 and C3 on the server.
      await putSnapshot(db, serverCaseAfter('C1', 'O1', [command('cs.reject', 'C1', 1, { reason: '照片不清晰' }, { id: 'staff-admin', role: 'admin' })]));
      await putSnapshot(db, serverCaseAfter('C3', 'O3', [command('cs.approve', 'C3', 1, { returnAddress: RETURN_ADDRESS }, CS)]));
      return db;
    };
    const tables = ['cases', 'orders', 'caseView', 'overlay', 'outbox', 'conflicts', 'meta'] as const;
    const one = await setUp();
    await one.transaction('rw', [...tables], async () => {
      for (const id of ['C2', 'C1', 'C3']) await rebaseCase(one, id, NOW, DEFAULT_POLICY);
    });
    const all = await setUp();
    const views = await all.transaction('rw', [...tables], () => rebaseCases(all, ['C2', 'C1', 'C3'], NOW, DEFAULT_POLICY));
    expect(await all.overlay.toArray()).toEqual(await one.overlay.toArray());
    // The fixture's server steps carry random command ids; everything else must match.
    const comparable = (rows: CaseViewRow[]) => rows.map((v) => ({ ...v, data: { ...v.data, commandIds: v.data.commandIds.filter((id) => id.startsWith('00000000-')) } }));
    expect(comparable(await all.caseView.toArray())).toEqual(comparable(await one.caseView.toArray()));
    expect(views.map((v) => v?.id)).toEqual(['C2', 'C1', 'C3']);
    expect(await all.caseView.get('C1')).toMatchObject({ state: 'rejected', pendingCount: 2 });
  });
});
