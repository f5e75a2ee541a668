import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, type DeskDb, openDeskDb, phoneTail, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V7 } from '../../../renderer/src/db/schema';
import { validateParcelCommand, type AfterSalesCase } from '../../../shared/domain';
import type { CaseViewRow } from '../../../renderer/src/db/types';
import { orderRowFromChange } from '../../../renderer/src/sync/engine';
import { NOW, command, CS, RETURN_ADDRESS, serverCaseAfter, uniqueName, wireOrder } from '../sync/fixtures';

/** Every version an older build of the desk declared, with its schema (there was no version 6). */
const HISTORY: ReadonlyArray<readonly [number, Readonly<Record<string, string>>]> = [
  [1, SCHEMA_V1],
  [2, SCHEMA_V2],
  [3, SCHEMA_V3],
  [4, SCHEMA_V4],
  [5, SCHEMA_V5],
  [7, SCHEMA_V7],
];

/** A fresh store opened as the build that stopped at version `upTo` would have opened it. */
async function oldStore(upTo: number): Promise<Dexie> {
  const old = new Dexie(uniqueName());
  for (const [version, schema] of HISTORY) if (version <= upTo) old.version(version).stores(schema);
  await old.open();
  return old;
}

/** Closes the old build's store and opens it with the current one, which upgrades it. */
async function upgraded(old: Dexie): Promise<DeskDb> {
  old.close();
  const db = await openDeskDb(old.name);
  expect(db.verno).toBe(CURRENT_VERSION);
  return db;
}

/** A merged-view row for a case as it was stored from version 2 on (no pending commands). */
function viewRow(x: AfterSalesCase, patch: Partial<CaseViewRow> = {}): CaseViewRow {
  return {
    id: x.id, caseNo: `AS-${x.id}`, orderId: x.orderId, orderNo: `NO-${x.orderId}`, sku: x.sku, state: x.state, returnTrackingNo: '', buyerPhoneTail: '', queue: 'cs', dueAt: '', version: x.version, serverVersion: x.version, pending: 0, pendingCount: 0, data: x,
    ...patch,
  };
}

/** A parcel row as the scan station stored it before parcels synced: unmatched unless `patch` says otherwise. */
function oldParcel(id: string, trackingNumber: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, trackingNumber, carrier: 'SF', warehouseId: 'WH-SH', receivedAt: NOW, receivedBy: 'staff-wh1', status: 'unmatched', caseId: null, matchedAt: null, notes: '', photos: [], unmatched: 1, ...patch };
}

const MATCHED_TO_C1 = { status: 'matched', caseId: 'C1', matchedAt: NOW, unmatched: 0 };

describe('local store schema', () => {
  it('declares numbered versions up to the current one', async () => {
    const db = await openDeskDb(uniqueName());
    expect(db.verno).toBe(CURRENT_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['attachments', 'caseView', 'cases', 'conflicts', 'meta', 'orders', 'outbox', 'overlay', 'noticeReads', 'parcelSnapshots', 'parcels', 'scanLog', 'session'].sort());
    db.close();
  });

  it('upgrades a version-1 store with data in every table intact, filling the new lookups', async () => {
    const v1 = await oldStore(1);
    const c = serverCaseAfter('C1', 'O1');
    const approved = serverCaseAfter('C2', 'O2', [command('cs.approve', 'C2', 1, { returnAddress: RETURN_ADDRESS }, CS)]);
    // Rows exactly as version 1 wrote them: no phone tail, no queue.
    const { buyerPhoneTail: _t1, ...order1 } = orderRowFromChange({ seq: 1, kind: 'order', id: 'O1', deleted: false, version: null, caseNo: null, data: wireOrder('O1', '138-0013-8000') });
    const { buyerPhoneTail: _t2, ...order2 } = orderRowFromChange({ seq: 2, kind: 'order', id: 'O2', deleted: false, version: null, caseNo: null, data: wireOrder('O2', '13912345678') });
    const v1View = (x: typeof c): Omit<CaseViewRow, 'queue' | 'buyerPhoneTail'> => {
      const { queue: _q, buyerPhoneTail: _b, ...row } = viewRow(x);
      return row;
    };
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
    await v1.table('orders').bulkPut([order1, order2]);
    await v1.table('cases').bulkPut([
      { id: 'C1', caseNo: 'AS-C1', version: c.version, state: c.state, changeSeq: 3, data: c },
      { id: 'C2', caseNo: 'AS-C2', version: approved.version, state: approved.state, changeSeq: 4, data: approved },
    ]);
    await v1.table('caseView').bulkPut([v1View(c), v1View(approved)]);
    const cmd = command('cs.reject', 'C1', 1, { reason: '照片不清晰' }, CS);
    await v1.table('outbox').put({ id: cmd.id, seq: 1, deviceId: 'desk-1', caseId: 'C1', type: cmd.type, command: cmd, baseVersion: 1, occurredAt: NOW, status: 'pending', attempts: 2, lastError: 'sync.network', ackedVersion: null, attachments: [], createdAt: NOW, updatedAt: NOW });
    await v1.table('overlay').put({ commandId: cmd.id, caseId: 'C1', seq: 1, events: [], failing: null });
    await v1.table('conflicts').put({ commandId: 'x', caseId: 'C2', kind: 'rejected', rejection: { code: 'invalid_state', params: {} }, command: cmd, serverCase: null, serverVersion: null, createdAt: NOW, open: 1, resolution: null, resolvedAt: null, followUpId: null });
    await v1.table('parcels').put(oldParcel('P1', 'SF1234567890'));
    await v1.table('attachments').put({ sha256: 'a'.repeat(64), mime: 'image/jpeg', size: 4, blob, uploaded: 0, createdAt: NOW });
    await v1.table('meta').bulkPut([{ key: 'deviceId', value: 'desk-1' }, { key: 'nextSeq', value: 2 }, { key: 'cursor', value: 4 }]);
    await v1.table('session').put({ username: 'cs1', staff: { id: 'staff-cs1', username: 'cs1', displayName: '客服', role: 'cs', warehouseId: null }, token: 't', expiresAt: NOW, verifier: { algorithm: 'PBKDF2-SHA-256', iterations: 1000, salt: 'AA==', hash: 'AA==' }, signedInAt: NOW, current: 1 });

    const db = await upgraded(v1);
    // Everything is still there.
    expect(await db.outbox.get(cmd.id)).toMatchObject({ seq: 1, status: 'pending', attempts: 2, lastError: 'sync.network', command: cmd });
    expect(await db.overlay.count()).toBe(1);
    expect((await db.cases.get('C2'))?.data).toEqual(approved);
    expect((await db.conflicts.where('open').equals(1).first())?.commandId).toBe('x');
    expect((await db.parcels.where('unmatched').equals(1).first())?.trackingNumber).toBe('SF1234567890');
    // (The photo bytes round-trip through IndexedDB in the integration tests, where Blob is Node's.)
    expect(await db.attachments.get('a'.repeat(64))).toMatchObject({ mime: 'image/jpeg', size: 4, uploaded: 0 });
    // The unmatched parcel of this desk was queued to sync (version 5) under the next sequence.
    expect((await db.meta.get('nextSeq'))?.value).toBe(3);
    expect((await db.outbox.where('caseId').equals('P1').first())?.seq).toBe(2);
    expect((await db.session.get('cs1'))?.current).toBe(1);
    // The new lookups work on old rows.
    expect((await db.orders.where('buyerPhoneTail').equals('8000').first())?.id).toBe('O1');
    expect((await db.caseView.where('buyerPhoneTail').equals('5678').first())?.id).toBe('C2');
    const csQueue = await db.caseView.where('[queue+dueAt]').between(['cs', ''], ['cs', '\uffff']).toArray();
    expect(csQueue.map((v) => v.id)).toEqual(['C1']);
    const buyerQueue = await db.caseView.where('[queue+dueAt]').between(['buyer', ''], ['buyer', '\uffff']).toArray();
    expect(buyerQueue.map((v) => v.id)).toEqual(['C2']);
    expect(buyerQueue[0]?.dueAt).toMatch(/^\d{4}-/);
    db.close();
  });

  it('upgrades a version-2 store to version 3 with parcels intact and the scan log ready', async () => {
    const v2 = await oldStore(2);
    await v2.table('parcels').bulkPut([
      oldParcel('P1', 'SF1234567890', { receivedAt: '2026-11-20T08:00:00.000Z' }),
      oldParcel('P2', 'YT1234567890123', { carrier: 'YTO', receivedAt: '2026-11-21T08:00:00.000Z', ...MATCHED_TO_C1 }),
    ]);

    const db = await upgraded(v2);
    const waiting = await db.parcels.where('[unmatched+receivedAt]').between([1, ''], [1, '\uffff']).toArray();
    expect(waiting.map((p) => p.id)).toEqual(['P1']);
    await db.scanLog.put({ id: 'S1', at: NOW, code: 'SF1234567890', kind: 'tracking', outcome: 'unmatched_registered', caseId: null, caseNo: null, commandId: null, parcelId: 'P1', staffId: 'staff-wh1' });
    expect(await db.scanLog.where('at').aboveOrEqual('2026-01-01').count()).toBe(1);
    db.close();
  });

  it('upgrades a version-3 store to version 4: the queue indexes cover the rows already there', async () => {
    const v3 = await oldStore(3);
    const pending = serverCaseAfter('C1', 'O1');
    const approved = serverCaseAfter('C2', 'O2', [command('cs.approve', 'C2', 1, { returnAddress: RETURN_ADDRESS }, CS)]);
    const escalated = serverCaseAfter('C3', 'O3', [command('cs.escalate', 'C3', 1, { reason: '买家投诉' }, CS)]);
    await v3.table('caseView').bulkPut([
      viewRow(pending, { dueAt: '2026-03-08T10:00:00.000Z' }),
      viewRow(approved, { dueAt: '2026-03-02T10:00:00.000Z' }),
      viewRow(escalated, { dueAt: '2026-03-05T10:00:00.000Z' }),
    ]);

    const db = await upgraded(v3);
    expect(await db.caseView.orderBy('dueAt').primaryKeys()).toEqual(['C2', 'C3', 'C1']);
    expect(await db.caseView.where('[state+data.escalation.at]').between(['pending_review', Dexie.minKey], ['pending_review', Dexie.maxKey]).primaryKeys()).toEqual(['C3']);
    expect(await db.caseView.where('data.returnAddress.warehouseId').equals('WH-SH').primaryKeys()).toEqual(['C2']);
    expect(await db.caseView.where('data.type').equals('return_refund').count()).toBe(3);
    expect(await db.caseView.where('data.openedAt').aboveOrEqual('2000-01-01').count()).toBe(3);
    db.close();
  });

  it('upgrades a version-4 store to version 7: completed cases are found by the time they ended', async () => {
    const v4 = await oldStore(4);
    const open = serverCaseAfter('C1', 'O1');
    const ended = (x: typeof open, endedAt: string) => ({ ...x, state: 'completed' as const, endedAt });
    const view = (x: typeof open): CaseViewRow => viewRow(x, { queue: '' });
    await v4.table('caseView').bulkPut([
      view(open),
      view(ended(serverCaseAfter('C2', 'O2'), '2026-03-01T09:00:00.000Z')),
      view(ended(serverCaseAfter('C3', 'O3'), '2026-03-02T09:00:00.000Z')),
    ]);

    const db = await upgraded(v4);
    const range = db.caseView.where('[state+data.endedAt]').between(['completed', '2026-03-01T00:00:00.000Z'], ['completed', '2026-03-02T00:00:00.000Z']);
    expect(await range.primaryKeys()).toEqual(['C2']);
    // The earlier indexes are still there.
    expect(await db.caseView.where('data.type').equals('return_refund').count()).toBe(3);
    db.close();
  });

  it('upgrades a version-7 store to version 8: cases found by their owner, read marks kept per person', async () => {
    const v7 = await oldStore(7);
    await v7.table('caseView').bulkPut([
      viewRow(serverCaseAfter('C1', 'O1')),
      viewRow({ ...serverCaseAfter('C2', 'O2'), owner: 'staff-cs1' }),
      viewRow({ ...serverCaseAfter('C3', 'O3'), owner: 'staff-cs2' }),
      viewRow({ ...serverCaseAfter('C4', 'O4'), owner: null }),
    ]);

    const db = await upgraded(v7);
    expect(await db.caseView.where('data.owner').equals('staff-cs1').primaryKeys()).toEqual(['C2']);
    // Never assigned or released: in no owner's range.
    expect(await db.caseView.where('data.owner').above('').primaryKeys()).toEqual(['C2', 'C3']);
    expect(await db.caseView.count()).toBe(4);
    await db.noticeReads.bulkPut([
      { staffId: 'staff-cs1', key: 'k1', readAt: NOW, synced: 0 },
      { staffId: 'staff-cs1', key: 'k2', readAt: NOW, synced: 1 },
      { staffId: 'staff-cs2', key: 'k1', readAt: NOW, synced: 0 },
    ]);
    expect(await db.noticeReads.where('[staffId+synced]').equals(['staff-cs1', 0]).toArray()).toEqual([{ staffId: 'staff-cs1', key: 'k1', readAt: NOW, synced: 0 }]);
    db.close();
  });

  it('upgrades a version-4 store to version 5: parcels of this desk only are queued to sync, matched ones kept as records', async () => {
    const v4 = await oldStore(4);
    const photo = 'b'.repeat(64);
    await v4.table('parcels').bulkPut([
      oldParcel('P1', 'SF1234567890', { receivedAt: '2026-11-20T08:00:00.000Z', notes: '外箱破损', photos: [photo], shelf: 'U-01' }),
      oldParcel('P2', 'YT1234567890123', { carrier: 'YTO', receivedAt: '2026-11-21T08:00:00.000Z', ...MATCHED_TO_C1, shelf: 'A-01' }),
      oldParcel('P3', 'JT0000000001', { carrier: null, receivedAt: '2026-11-22T08:00:00.000Z' }),
    ]);
    await v4.table('meta').bulkPut([{ key: 'deviceId', value: 'desk-1' }, { key: 'nextSeq', value: 7 }]);

    const db = await upgraded(v4);
    const queued = await db.outbox.orderBy('seq').toArray();
    expect(queued.map((r) => [r.seq, r.caseId, r.type, r.status])).toEqual([
      [7, 'P1', 'parcel.register', 'pending'],
      [8, 'P3', 'parcel.register', 'pending'],
    ]);
    // Each is a command the rule book accepts as it is (a shelf for the one registered without).
    for (const row of queued) expect(validateParcelCommand(row.command).ok).toBe(true);
    expect(queued[0]?.command).toMatchObject({ actor: { id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' }, occurredAt: '2026-11-20T08:00:00.000Z', payload: { shelf: 'U-01', notes: '外箱破损', photos: [photo] } });
    expect(queued[0]?.attachments).toEqual([photo]);
    expect((await db.meta.get('nextSeq'))?.value).toBe(9);
    expect(await db.parcels.get('P1')).toMatchObject({ version: 1, pendingCount: 1, serverVersion: 0, commandIds: [queued[0]?.id] });
    expect(await db.parcels.get('P2')).toMatchObject({ status: 'matched', caseId: 'C1', version: 0, pendingCount: 0 });
    expect((await db.parcels.get('P3'))?.shelf).toBe('-');
    expect(await db.parcels.where('warehouseId').equals('WH-SH').count()).toBe(3);
    expect(await db.parcelSnapshots.count()).toBe(0);
    db.close();
  });

  it('takes the last four digits of a phone number', () => {
    expect(phoneTail('+86 138-0013-8000')).toBe('8000');
    expect(phoneTail('12')).toBe('');
    expect(phoneTail(null)).toBe('');
  });
});
