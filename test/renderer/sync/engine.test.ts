import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { MAX_PUSH_BATCH, type PullResponse, type PushRequest, type PushResponse, type PushResult, type StoredResult } from '../../../shared/sync/wire';
import type { DeskDb } from '../../../renderer/src/db/schema';
import { SyncApiError, type SyncApi } from '../../../renderer/src/sync/api';
import { dispatch } from '../../../renderer/src/sync/dispatch';
import { SyncEngine } from '../../../renderer/src/sync/engine';
import { MAX_BATCH } from '../../../renderer/src/sync/limits';
import { CS, RETURN_ADDRESS, clock, fakeSyncApi, putSnapshot, seededDb, serverCaseAfter, wireOrder } from './fixtures';

type Pusher = (body: PushRequest) => PushResponse | Promise<PushResponse>;

function fakeApi(push: Pusher, pull: (since: number) => PullResponse = (since) => ({ changes: [], nextCursor: since, hasMore: false, lastAckedSeq: 0 })): SyncApi & { pushes: PushRequest[] } {
  const pushes: PushRequest[] = [];
  const api = fakeSyncApi({
    push: async (body) => {
      pushes.push(body);
      return push(body);
    },
    pull: async (since) => pull(since),
  });
  return Object.assign(api, { pushes });
}

const applied = (id: string, version: number): StoredResult => ({ id, status: 'applied', version, events: 1 });

async function approve(db: Awaited<ReturnType<typeof seededDb>>['db'], caseId: string): Promise<string> {
  const r = await dispatch(db, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
  if (!r.ok) throw new Error(r.rejection.code);
  return r.commandId;
}

/** C1, C2 and C3 approved offline, and C1 escalated after: four commands waiting, their ids in device order. */
async function threeCasesWaiting(): Promise<{ db: DeskDb; ids: [string, string, string, string] }> {
  const { db } = await seededDb('C1', 'O1');
  await putSnapshot(db, serverCaseAfter('C2', 'O2'));
  await putSnapshot(db, serverCaseAfter('C3', 'O3'));
  const approvedC1 = await approve(db, 'C1');
  const escalated = await dispatch(db, { type: 'cs.escalate', caseId: 'C1', payload: { reason: '跟进' } }, { actor: CS, clock });
  if (!escalated.ok) throw new Error(escalated.rejection.code);
  return { db, ids: [approvedC1, escalated.commandId, await approve(db, 'C2'), await approve(db, 'C3')] };
}

describe('push', () => {
  it('classifies every answer and holds only the later commands of a refused case', async () => {
    const { db, ids } = await threeCasesWaiting();
    const [a1, a1b, a2, a3] = ids;
    const rejectedCase = serverCaseAfter('C1', 'O1', []);
    const api = fakeApi((body) => ({
      results: body.commands.map((c): PushResult => {
        if (c.id === a1) return { id: c.id, status: 'conflict', code: 'sync.conflict', rejection: { code: 'invalid_state', params: { state: 'rejected' } }, case: { id: 'C1', caseNo: 'AS-C1', version: 2, state: 'rejected', deleted: false, data: { ...rejectedCase, state: 'rejected', version: 2 } } };
        if (c.id === a2) return { id: c.id, status: 'duplicate', original: applied(c.id, 2) };
        return { id: c.id, status: 'rejected', code: 'wrong_warehouse', params: { expected: 'WH-GZ', actual: null } };
      }),
      lastAckedSeq: 4,
    }));
    const engine = new SyncEngine({ db, api, clock });
    expect((await engine.syncOnce()).ok).toBe(true);
    // One command per case per batch, in device order; the escalation never left the desk.
    expect(api.pushes).toHaveLength(1);
    expect(api.pushes[0]?.commands.map((c) => [c.id, c.deviceSeq])).toEqual([
      [a1, 1],
      [a2, 3],
      [a3, 4],
    ]);
    const status = Object.fromEntries((await db.outbox.toArray()).map((r) => [r.id, r.status]));
    expect(status).toEqual({ [a1]: 'conflict', [a1b]: 'pending', [a2]: 'acked', [a3]: 'rejected' });
    const conflicts = await db.conflicts.toArray();
    expect(conflicts.map((c) => [c.caseId, c.kind, c.rejection.code, c.open])).toEqual(
      expect.arrayContaining([
        ['C1', 'conflict', 'invalid_state', 1],
        ['C3', 'rejected', 'wrong_warehouse', 1],
      ]),
    );
    // The conflict's server case became the snapshot; the refused commands lost their effect.
    expect((await db.cases.get('C1'))?.version).toBe(2);
    expect(await db.caseView.get('C3')).toMatchObject({ state: 'pending_review', pending: 0 });
    expect(await db.caseView.get('C2')).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 1 });
  });

  it('goes offline on a network error, keeps the queue and resends the same command ids', async () => {
    const { db } = await seededDb();
    const id = await approve(db, 'C1');
    let fail = true;
    const api = fakeApi((body) => {
      if (fail) throw new SyncApiError('network', 'sync.network', null);
      return { results: body.commands.map((c) => ({ id: c.id, status: 'duplicate', original: applied(c.id, 2) }) as PushResult), lastAckedSeq: 1 };
    });
    const engine = new SyncEngine({ db, api, clock });
    const first = await engine.syncOnce();
    expect(first.ok).toBe(false);
    expect(engine.status).toMatchObject({ connection: 'offline', lastError: { kind: 'network', code: 'sync.network' } });
    expect(await db.outbox.get(id)).toMatchObject({ status: 'sending', attempts: 1, lastError: 'sync.network' });
    fail = false;
    expect((await engine.syncOnce()).ok).toBe(true);
    expect(api.pushes.map((p) => p.commands[0]?.id)).toEqual([id, id]);
    expect(await db.outbox.get(id)).toMatchObject({ status: 'acked', ackedVersion: 2, attempts: 2 });
    expect(engine.status.connection).toBe('online');
  });

  it('asks for a new sign-in on 401 without touching the queue', async () => {
    const { db } = await seededDb();
    const id = await approve(db, 'C1');
    const engine = new SyncEngine({ db, api: fakeApi(() => Promise.reject(new SyncApiError('unauthorized', 'auth.expired', 401))), clock });
    expect((await engine.syncOnce()).ok).toBe(false);
    expect(engine.status.connection).toBe('needs_sign_in');
    expect((await db.outbox.get(id))?.status).toBe('sending');
    expect(await db.overlay.count()).toBe(1);
    expect(await db.conflicts.count()).toBe(0);
  });

  it(`sends at most ${MAX_BATCH} commands per request`, async () => {
    const total = MAX_BATCH + 3;
    const { db } = await seededDb('C0', 'O0');
    for (let i = 1; i < total; i++) await putSnapshot(db, serverCaseAfter(`C${i}`, `O${i}`));
    for (let i = 0; i < total; i++) await approve(db, `C${i}`);
    const api = fakeApi((body) => ({ results: body.commands.map((c) => applied(c.id, 2)), lastAckedSeq: 0 }));
    expect(await new SyncEngine({ db, api, clock }).syncOnce()).toMatchObject({ ok: true, pushed: total });
    expect(api.pushes.map((p) => p.commands.length)).toEqual([MAX_BATCH, 3]);
    expect(MAX_BATCH).toBeLessThanOrEqual(MAX_PUSH_BATCH);
  }, 30_000);

  it('sends the next batch before recording the answers to the last, never a case whose answer is unrecorded', async () => {
    const { db, ids } = await threeCasesWaiting();
    const [c1, c1b, c2, c3] = ids;
    // What the outbox said about the earlier commands when each request went out.
    const seenAtSend: string[][] = [];
    const api = fakeApi(async (body) => {
      const rows = await db.outbox.toArray();
      seenAtSend.push(rows.filter((r) => r.status === 'acked').map((r) => r.id));
      return { results: body.commands.map((c) => applied(c.id, c.id === c1b ? 3 : 2)), lastAckedSeq: 0 };
    });
    expect(await new SyncEngine({ db, api, clock, batchSize: 2 }).syncOnce()).toMatchObject({ ok: true, pushed: 4 });
    expect(api.pushes.map((p) => p.commands.map((c) => c.id))).toEqual([[c1, c2], [c3], [c1b]]);
    // [c3] left before the answers to [c1, c2] were recorded; c1b only after c1's answer was.
    expect(seenAtSend).toEqual([[], [], expect.arrayContaining([c1, c2])]);
    expect(new Set((await db.outbox.toArray()).map((r) => r.status))).toEqual(new Set(['acked']));
    // Acknowledged but not pulled yet: the effects stay until the snapshots catch up.
    expect(await db.caseView.get('C1')).toMatchObject({ pending: 1, pendingCount: 2 });
  });

  it('marks rows sending only while a request is slow to answer, and counts one attempt per request', async () => {
    const { db } = await seededDb('C1', 'O1');
    await putSnapshot(db, serverCaseAfter('C2', 'O2'));
    const fast = await approve(db, 'C1');
    const slow = await approve(db, 'C2');
    const seen: { id: string; status: string; attempts: number }[] = [];
    const api = fakeApi(async (body) => {
      const slowRequest = body.commands.some((c) => c.id === slow);
      if (slowRequest) {
        // Wait until the engine has marked the row (its threshold is 20 ms here).
        for (let i = 0; i < 200 && (await db.outbox.get(slow))?.status !== 'sending'; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (const c of body.commands) {
        const row = await db.outbox.get(c.id);
        seen.push({ id: c.id, status: row?.status ?? 'missing', attempts: row?.attempts ?? -1 });
      }
      return { results: body.commands.map((c) => applied(c.id, 2)), lastAckedSeq: 0 };
    });
    expect(await new SyncEngine({ db, api, clock, batchSize: 1, markSendingAfterMs: 20 }).syncOnce()).toMatchObject({ ok: true, pushed: 2 });
    // The fast request was answered before the threshold: its row was never rewritten on the way.
    expect(seen).toEqual([
      { id: fast, status: 'pending', attempts: 0 },
      { id: slow, status: 'sending', attempts: 1 },
    ]);
    // Marked once while slow and once when answered: still one attempt each.
    expect(await db.outbox.get(fast)).toMatchObject({ status: 'acked', attempts: 1 });
    expect(await db.outbox.get(slow)).toMatchObject({ status: 'acked', attempts: 1 });
  });

  it('records the answers it has when a later request fails', async () => {
    const { db } = await seededDb('C1', 'O1');
    await putSnapshot(db, serverCaseAfter('C2', 'O2'));
    const c1 = await approve(db, 'C1');
    const c2 = await approve(db, 'C2');
    let calls = 0;
    const api = fakeApi((body) => {
      calls += 1;
      if (calls > 1) throw new SyncApiError('network', 'sync.network', null);
      return { results: body.commands.map((c) => applied(c.id, 2)), lastAckedSeq: 0 };
    });
    expect((await new SyncEngine({ db, api, clock, batchSize: 1 }).syncOnce()).ok).toBe(false);
    expect(await db.outbox.get(c1)).toMatchObject({ status: 'acked', ackedVersion: 2 });
    expect(await db.outbox.get(c2)).toMatchObject({ status: 'sending', lastError: 'sync.network' });
  });
});

describe('pull', () => {
  it('reports an unreadable page as a typed error and keeps the cursor', async () => {
    const { db } = await seededDb();
    await db.meta.put({ key: 'cursor', value: 7 });
    const api = fakeApi(
      () => ({ results: [], lastAckedSeq: 0 }),
      () => ({ changes: [{ seq: 8, kind: 'case', id: 'C9', deleted: false, version: 1, caseNo: 'AS-9', data: { nonsense: true } }], nextCursor: 8, hasMore: false, lastAckedSeq: 0 }),
    );
    const engine = new SyncEngine({ db, api, clock });
    const outcome = await engine.syncOnce();
    expect(outcome.ok).toBe(false);
    expect(engine.status.lastError).toEqual({ kind: 'server', code: 'sync.invalid_reply' });
    expect((await db.meta.get('cursor'))?.value).toBe(7);
    expect(await db.cases.get('C9')).toBeUndefined();
  });

  it('applies tombstones and reports first-sync progress page by page', async () => {
    const { db } = await seededDb();
    const c2 = serverCaseAfter('C2', 'O1');
    const pages: PullResponse[] = [
      { changes: [{ seq: 1, kind: 'case', id: 'C2', deleted: false, version: 1, caseNo: 'AS-2', data: c2 }], nextCursor: 1, hasMore: true, lastAckedSeq: 0 },
      { changes: [{ seq: 2, kind: 'case', id: 'C1', deleted: true, version: 1, caseNo: 'AS-1', data: null }], nextCursor: 2, hasMore: false, lastAckedSeq: 0 },
    ];
    const engine = new SyncEngine({ db, api: fakeApi(() => ({ results: [], lastAckedSeq: 0 }), (since) => pages[since] as PullResponse), clock });
    const seen: number[] = [];
    engine.subscribe((s) => {
      if (s.firstSync && !s.firstSync.done) seen.push(s.firstSync.received);
    });
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pulled: 2 });
    expect(seen).toEqual([0, 1, 2]);
    expect(engine.status.firstSync).toEqual({ received: 2, pages: 2, done: true, total: null });
    expect(await db.caseView.get('C1')).toBeUndefined();
    expect((await db.caseView.get('C2'))?.caseNo).toBe('AS-2');
    expect((await db.meta.get('cursor'))?.value).toBe(2);
  });

  it('builds the views of cases whose orders came on earlier pages from those pages, not from the store', async () => {
    const { db } = await seededDb('C1', 'O1');
    const order = (seq: number, id: string, phone: string) => ({ seq, kind: 'order' as const, id, deleted: false, version: null, caseNo: null, data: wireOrder(id, phone) });
    const caseChange = (seq: number, id: string, orderId: string) => ({ seq, kind: 'case' as const, id, deleted: false, version: 1, caseNo: `AS-${id}`, data: serverCaseAfter(id, orderId) });
    const pages: Record<number, PullResponse> = {
      0: { changes: [order(1, 'O2', '13900001111'), order(2, 'O3', '13900002222')], nextCursor: 2, hasMore: true, lastAckedSeq: 0 },
      // O3 changes again (new phone) before its case arrives; O1 was stored before this pull.
      2: { changes: [order(3, 'O3', '13900003333'), caseChange(4, 'C2', 'O2')], nextCursor: 4, hasMore: true, lastAckedSeq: 0 },
      4: { changes: [caseChange(5, 'C3', 'O3'), caseChange(6, 'C4', 'O1')], nextCursor: 6, hasMore: false, lastAckedSeq: 0 },
    };
    const read: string[] = [];
    const bulkGet = db.orders.bulkGet.bind(db.orders);
    db.orders.bulkGet = ((keys: string[]) => {
      read.push(...keys);
      return bulkGet(keys);
    }) as typeof db.orders.bulkGet;
    const engine = new SyncEngine({ db, api: fakeApi(() => ({ results: [], lastAckedSeq: 0 }), (since) => pages[since] as PullResponse), clock });
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pulled: 6 });
    expect(await db.caseView.get('C2')).toMatchObject({ orderNo: 'NO-O2', buyerPhoneTail: '1111' });
    expect(await db.caseView.get('C3')).toMatchObject({ orderNo: 'NO-O3', buyerPhoneTail: '3333' });
    expect(await db.caseView.get('C4')).toMatchObject({ orderNo: 'NO-O1', buyerPhoneTail: '8000' });
    // Only the order this pull did not write was read back.
    expect(read).toEqual(['O1']);
  });

  it('shows how much of a first sync is left when the feed says, also after an interruption', async () => {
    const { db } = await seededDb();
    const cases = ['C2', 'C3', 'C4'].map((id) => serverCaseAfter(id, 'O1'));
    const change = (i: number) => ({ seq: i + 1, kind: 'case' as const, id: cases[i]?.id ?? '', deleted: false, version: 1, caseNo: `AS-${i}`, data: cases[i] });
    let fail = true;
    const pull = (since: number): PullResponse => {
      if (since === 0) return { changes: [change(0)], nextCursor: 1, hasMore: true, lastAckedSeq: 0, remaining: 2 };
      if (since === 1 && fail) throw new SyncApiError('network', 'sync.network', null);
      return since === 1 ? { changes: [change(1)], nextCursor: 2, hasMore: true, lastAckedSeq: 0 } : { changes: [change(2)], nextCursor: 3, hasMore: false, lastAckedSeq: 0 };
    };
    const api = fakeApi(() => ({ results: [], lastAckedSeq: 0 }), pull);
    const first = new SyncEngine({ db, api, clock });
    expect((await first.syncOnce()).ok).toBe(false);
    expect(first.status.firstSync).toEqual({ received: 1, pages: 1, done: false, total: 3 });
    fail = false;
    // A new engine (the app restarted) carries on from the count stored with the cursor.
    const second = new SyncEngine({ db, api, clock });
    const seen: (number | null)[][] = [];
    second.subscribe((s) => s.firstSync && !s.firstSync.done && seen.push([s.firstSync.received, s.firstSync.total]));
    expect(await second.syncOnce()).toMatchObject({ ok: true, pulled: 2 });
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(second.status.firstSync).toEqual({ received: 3, pages: 2, done: true, total: 3 });
    expect(await db.caseView.count()).toBe(4);
  });
});
