/**
 * Tombstones in the pull feed: a case deleted on the server, or moved out of this workstation's
 * scope (a warehouse's feed says so when a case's return parcel is readdressed to another
 * warehouse, with a tombstone for its order too), leaves the local store with every row built on it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../../../shared/sync/wire';
import type { DeskDb } from '../../../renderer/src/db/schema';
import type { SyncApi } from '../../../renderer/src/sync/api';
import { dispatch } from '../../../renderer/src/sync/dispatch';
import { SyncEngine } from '../../../renderer/src/sync/engine';
import { Puller } from '../../../renderer/src/sync/pull';
import { CS, RETURN_ADDRESS, clock, fakeSyncApi, seededDb, serverCaseAfter, wireOrder } from './fixtures';

/** A feed served page by page from `pages` (keyed by cursor); pushes are answered as applied. */
function feed(pages: Record<number, PullResponse>): SyncApi {
  return fakeSyncApi({ pull: async (since) => pages[since] ?? { changes: [], nextCursor: since, hasMore: false, lastAckedSeq: 0 } });
}

const page = (from: number, changes: Change[], hasMore = false): Record<number, PullResponse> => ({ [from]: { changes, nextCursor: changes.at(-1)?.seq ?? from, hasMore, lastAckedSeq: 0 } });
const orderChange = (seq: number, id: string, phone = '****8000'): Change => ({ seq, kind: 'order', id, deleted: false, version: null, caseNo: null, data: { ...wireOrder(id, phone), buyerName: '张*' } });
const caseChange = (seq: number, id: string, orderId: string): Change => ({ seq, kind: 'case', id, deleted: false, version: 1, caseNo: `AS-${id}`, data: serverCaseAfter(id, orderId) });
const gone = (seq: number, kind: Change['kind'], id: string): Change => ({ seq, kind, id, deleted: true, version: null, caseNo: null, data: null });

/** A store holding case `caseId` that has pulled up to `cursor`, its first sync done (and `meta`'s other keys set). */
async function pulledUpTo(cursor: number, caseId: string, orderId: string, meta: Record<string, unknown> = {}): Promise<DeskDb> {
  const { db } = await seededDb(caseId, orderId);
  await db.meta.bulkPut([{ key: 'cursor', value: cursor }, { key: 'firstSyncDone', value: true }, ...Object.entries(meta).map(([key, value]) => ({ key, value }))]);
  return db;
}

describe('pull tombstones', () => {
  it('remove a case that left the workstation’s scope and its order, with the views and lookups built on them', async () => {
    const db = await pulledUpTo(10, 'C0', 'O0');
    const engine = new SyncEngine({ db, api: feed({ ...page(10, [orderChange(11, 'O2', '****2222'), caseChange(12, 'C2', 'O2')], true), ...page(12, [gone(13, 'case', 'C2'), gone(14, 'order', 'O2')]) }), clock });
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pulled: 4 });
    expect(await db.cases.get('C2')).toBeUndefined();
    expect(await db.caseView.get('C2')).toBeUndefined();
    expect(await db.orders.get('O2')).toBeUndefined();
    // Nothing finds it any more: not the phone tail, not the order's SKU, not the queue.
    expect(await db.caseView.where('buyerPhoneTail').equals('2222').count()).toBe(0);
    expect(await db.orders.where('skus').equals('SKU-KETTLE').primaryKeys()).toEqual(['O0']);
    expect(await db.caseView.where('[queue+dueAt]').between(['cs', ''], ['cs', '\uffff']).primaryKeys()).toEqual(['C0']);
    expect((await db.meta.get('cursor'))?.value).toBe(14);
    // The case the workstation still holds is untouched.
    expect(await db.caseView.get('C0')).toMatchObject({ orderNo: 'NO-O0', state: 'pending_review' });
  });

  it('also when the case had a command of this desk not yet sent: the command stays for the server to answer', async () => {
    const db = await pulledUpTo(5, 'C1', 'O1');
    const approved = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    if (!approved.ok) throw new Error(approved.rejection.code);
    expect(await db.caseView.get('C1')).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 1 });
    // Pulled before the command could be pushed (the pull on its own, as after a push that sent nothing).
    const puller = new Puller({ db, api: feed(page(5, [gone(6, 'case', 'C1'), gone(7, 'order', 'O1')])), clock, onFirstSync: () => undefined });
    expect(await puller.pullAll()).toBe(2);
    expect(await db.cases.get('C1')).toBeUndefined();
    expect(await db.orders.get('O1')).toBeUndefined();
    expect(await db.caseView.get('C1')).toBeUndefined();
    expect(await db.caseView.count()).toBe(0);
    // The command keeps its outbox row and its overlay row, without effect: the server will answer it.
    expect(await db.outbox.get(approved.commandId)).toMatchObject({ status: 'pending' });
    expect(await db.overlay.get(approved.commandId)).toMatchObject({ events: [], failing: { code: 'case_not_found' } });
  });

  it('a later page that brings the case back (moved back) restores it, and an order gone on an earlier page is not taken from memory', async () => {
    const db = await pulledUpTo(20, 'C0', 'O0');
    const pages = {
      ...page(20, [orderChange(21, 'O3', '****3333'), caseChange(22, 'C3', 'O3')], true),
      ...page(22, [gone(23, 'case', 'C3'), gone(24, 'order', 'O3')], true),
      // The case comes back before its order does: its view must not show the order that went.
      ...page(24, [caseChange(25, 'C3', 'O3')], true),
      ...page(25, [orderChange(26, 'O3', '****4444')]),
    };
    const seen: (string | undefined)[] = [];
    const engine = new SyncEngine({ db, api: feed(pages), clock, yieldBetweenPages: async () => void seen.push((await db.caseView.get('C3'))?.orderNo) });
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pulled: 6 });
    expect(seen).toEqual(['NO-O3', undefined, '']);
    expect(await db.caseView.get('C3')).toMatchObject({ orderNo: 'NO-O3', buyerPhoneTail: '4444' });
  });

  it('a feed of another scope than the store was pulled under (another person on this desk) starts the store over', async () => {
    const db = await pulledUpTo(30, 'C0', 'O0', { pullScope: 'all' });
    const scoped = (from: number, changes: Change[]): Record<number, PullResponse> => ({ [from]: { changes, nextCursor: changes.at(-1)?.seq ?? from, hasMore: false, lastAckedSeq: 0, scope: 'warehouse:WH-SH' } });
    const asked: number[] = [];
    const api = feed({ ...scoped(30, []), ...scoped(0, [orderChange(3, 'O5', '****5555'), caseChange(4, 'C5', 'O5')]) });
    const pull = api.pull;
    api.pull = (since, limit, signal) => {
      asked.push(since);
      return pull(since, limit, signal);
    };
    const progress: boolean[] = [];
    const puller = new Puller({ db, api, clock, onFirstSync: (p) => progress.push(p.done) });
    expect(await puller.pullAll()).toBe(2);
    expect(asked).toEqual([30, 0]);
    // Customer service's full data is gone; the warehouse's feed is all the store holds.
    expect(await db.cases.toCollection().primaryKeys()).toEqual(['C5']);
    expect(await db.orders.toCollection().primaryKeys()).toEqual(['O5']);
    expect(await db.caseView.toCollection().primaryKeys()).toEqual(['C5']);
    expect((await db.meta.get('pullScope'))?.value).toBe('warehouse:WH-SH');
    expect((await db.meta.get('cursor'))?.value).toBe(4);
    // Shown as a first sync, which it is.
    expect(progress.at(-1)).toBe(true);

    // The same scope again: nothing is dropped.
    asked.length = 0;
    expect(await puller.pullAll()).toBe(0);
    expect(asked).toEqual([4]);
    expect(await db.cases.toCollection().primaryKeys()).toEqual(['C5']);
  });

  it('a store pulled before feeds named their scope starts over once, then keeps the scope', async () => {
    const db = await pulledUpTo(8, 'C0', 'O0');
    const api = feed({ 8: { changes: [], nextCursor: 8, hasMore: false, lastAckedSeq: 0, scope: 'all' }, 0: { changes: [caseChange(2, 'C0', 'O0')], nextCursor: 2, hasMore: false, lastAckedSeq: 0, scope: 'all' } });
    const puller = new Puller({ db, api, clock, onFirstSync: () => undefined });
    await puller.pullAll();
    expect((await db.meta.get('pullScope'))?.value).toBe('all');
    expect((await db.meta.get('cursor'))?.value).toBe(2);
    expect(await db.cases.toCollection().primaryKeys()).toEqual(['C0']);
  });
});
