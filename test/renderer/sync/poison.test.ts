import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PushRequest, PushResponse } from '../../../shared/sync/wire';
import { SyncApiError, type SyncApi } from '../../../renderer/src/sync/api';
import { dispatch } from '../../../renderer/src/sync/dispatch';
import { SyncEngine } from '../../../renderer/src/sync/engine';
import { MAX_ISOLATION_REQUESTS, UNPROCESSABLE } from '../../../renderer/src/sync/poison';
import { createAppI18n } from '../../../renderer/src/i18n';
import { rejectionText } from '../../../renderer/src/format/labels';
import { CS, RETURN_ADDRESS, clock, fakeSyncApi, putSnapshot, seededDb, serverCaseAfter } from './fixtures';

type Db = Awaited<ReturnType<typeof seededDb>>['db'];

/** A server that applies every command, except that a request holding a command in `bad` fails as a whole. */
function server(bad: Set<string>, failure: () => SyncApiError = () => new SyncApiError('server', 'server.error', 500, 'internal error')): SyncApi & { pushes: string[][] } {
  const pushes: string[][] = [];
  const api = fakeSyncApi({
    push: async (body: PushRequest): Promise<PushResponse> => {
      pushes.push(body.commands.map((c) => c.id));
      if (body.commands.some((c) => bad.has(c.id))) throw failure();
      return { results: body.commands.map((c) => ({ id: c.id, status: 'applied', version: 2, events: 1 })), lastAckedSeq: 0 };
    },
  });
  return Object.assign(api, { pushes });
}

/** `n` cases, one approval each, in device order; returns the command ids. */
async function approvals(n: number): Promise<{ db: Db; ids: string[] }> {
  const { db } = await seededDb('C0', 'O0');
  for (let i = 1; i < n; i++) await putSnapshot(db, serverCaseAfter(`C${i}`, `O${i}`));
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await dispatch(db, { type: 'cs.approve', caseId: `C${i}`, payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    if (!r.ok) throw new Error(r.rejection.code);
    ids.push(r.commandId);
  }
  return { db, ids };
}

async function statuses(db: Db): Promise<Record<string, string>> {
  return Object.fromEntries((await db.outbox.toArray()).map((r) => [r.id, r.status]));
}

describe('a command the server cannot process', () => {
  it('is narrowed down after the batch failed twice, put in the inbox, and the rest of the outbox drains', async () => {
    const { db, ids } = await approvals(12);
    const poisoned = ids[7] as string;
    const api = server(new Set([poisoned]));
    const engine = new SyncEngine({ db, api, clock });

    // Once may be bad luck: the batch goes again after the pause, as after any failure.
    expect((await engine.syncOnce()).ok).toBe(false);
    expect(api.pushes).toEqual([ids]);
    expect(await db.conflicts.count()).toBe(0);

    // Twice: halves, then halves of the failing half, then the command alone (twice).
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 11 });
    expect(api.pushes.length).toBeLessThanOrEqual(2 + 2 * Math.ceil(Math.log2(12)) + 1);
    expect(api.pushes.slice(-2)).toEqual([[poisoned], [poisoned]]);
    // Every good command was applied by exactly one request, and not sent again after it.
    const applied = api.pushes.map((p, i) => [p, i] as const).filter(([p]) => !p.includes(poisoned));
    expect(applied.flatMap(([p]) => p).sort()).toEqual(ids.filter((id) => id !== poisoned).sort());
    for (const [p, i] of applied) expect(api.pushes.slice(i + 1).some((later) => later.some((id) => p.includes(id)))).toBe(false);

    const status = await statuses(db);
    expect(status[poisoned]).toBe('rejected');
    expect(Object.entries(status).filter(([id]) => id !== poisoned).every(([, s]) => s === 'acked')).toBe(true);
    const [entry] = await db.conflicts.toArray();
    expect(entry).toMatchObject({ commandId: poisoned, caseId: 'C7', kind: 'rejected', open: 1, rejection: { code: UNPROCESSABLE, params: { status: 500, code: 'server.error' } } });
    // Its effect is gone from the case the desk shows; the others keep theirs until pulled.
    expect(await db.caseView.get('C7')).toMatchObject({ state: 'pending_review', pending: 0 });
    expect(await db.caseView.get('C6')).toMatchObject({ state: 'awaiting_buyer_shipment', pending: 1 });

    // Nothing is retried afterwards.
    const sent = api.pushes.length;
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 0 });
    expect(api.pushes.length).toBe(sent);
  });

  it('finds several, also when the server refuses the whole request as malformed (400), and holds the later commands of their cases', async () => {
    const { db, ids } = await approvals(9);
    const bad = new Set([ids[0] as string, ids[5] as string]);
    const later = await dispatch(db, { type: 'cs.escalate', caseId: 'C5', payload: { reason: '跟进' } }, { actor: CS, clock });
    if (!later.ok) throw new Error(later.rejection.code);
    const api = server(bad, () => new SyncApiError('client', 'body.invalid', 400, 'request does not match the schema'));
    const engine = new SyncEngine({ db, api, clock });
    expect((await engine.syncOnce()).ok).toBe(false);
    expect(await engine.syncOnce()).toMatchObject({ ok: true, pushed: 7 });
    const status = await statuses(db);
    expect([...bad].map((id) => status[id])).toEqual(['rejected', 'rejected']);
    expect(status[later.commandId]).toBe('pending');
    expect((await db.conflicts.toArray()).map((c) => [c.caseId, c.rejection.params.code]).sort()).toEqual([
      ['C0', 'body.invalid'],
      ['C5', 'body.invalid'],
    ]);
  });

  it('is never looked for when the request did not reach the server or the server is unavailable', async () => {
    for (const failure of [() => new SyncApiError('network', 'sync.network', null), () => new SyncApiError('server', 'proxy.unavailable', 503), () => new SyncApiError('server', 'sync.invalid_reply', 500)]) {
      const { db, ids } = await approvals(4);
      const api = server(new Set([ids[2] as string]), failure);
      const engine = new SyncEngine({ db, api, clock });
      for (let i = 0; i < 4; i++) expect((await engine.syncOnce()).ok).toBe(false);
      // The same whole batch each time, no halves; nothing put aside.
      expect(api.pushes).toEqual([ids, ids, ids, ids]);
      expect(await db.conflicts.count()).toBe(0);
      expect(new Set(Object.values(await statuses(db)))).toEqual(new Set(['sending']));
    }
  });

  it('puts nothing aside while the server fails on every request, and asks it less than at every sync', async () => {
    const { db, ids } = await approvals(6);
    const api = server(new Set(ids));
    const engine = new SyncEngine({ db, api, clock });
    const perSync: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = api.pushes.length;
      expect((await engine.syncOnce()).ok).toBe(false);
      perSync.push(api.pushes.length - before);
    }
    expect(await db.conflicts.count()).toBe(0);
    expect(new Set(Object.values(await statuses(db)))).toEqual(new Set(['sending']));
    // A narrowing follows the first failing half down to one command (two requests per halving)
    // and then needs two more failures of the whole batch before the next one.
    expect(perSync).toEqual([1, 1 + 2 * Math.ceil(Math.log2(6)), 1, 1 + 2 * Math.ceil(Math.log2(6)), 1]);
  });

  it('keeps a lone failing command until another request shows the server works, then puts it aside', async () => {
    const { db, ids } = await approvals(1);
    const poisoned = ids[0] as string;
    const api = server(new Set([poisoned]));
    const engine = new SyncEngine({ db, api, clock });
    for (let i = 0; i < 3; i++) expect((await engine.syncOnce()).ok).toBe(false);
    expect(await db.conflicts.count()).toBe(0);
    await putSnapshot(db, serverCaseAfter('C1', 'O1'));
    const next = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor: CS, clock });
    if (!next.ok) throw new Error(next.rejection.code);
    // The two fail together until the batch is narrowed down: then the new one's answer shows the server works.
    let outcome = await engine.syncOnce();
    for (let i = 0; i < 2 && !outcome.ok; i++) outcome = await engine.syncOnce();
    expect(outcome).toMatchObject({ ok: true, pushed: 1 });
    expect(await statuses(db)).toEqual({ [poisoned]: 'rejected', [next.commandId]: 'acked' });
  });

  it(`sends at most ${MAX_ISOLATION_REQUESTS} requests in one narrowing`, async () => {
    const { db, ids } = await approvals(40);
    // Every other command is bad: the narrowing has to go down to single commands everywhere.
    const api = server(new Set(ids.filter((_, i) => i % 2 === 0)));
    const engine = new SyncEngine({ db, api, clock });
    expect((await engine.syncOnce()).ok).toBe(false);
    const before = api.pushes.length;
    expect((await engine.syncOnce()).ok).toBe(false);
    expect(api.pushes.length - before).toBe(1 + MAX_ISOLATION_REQUESTS);
    // What it found so far stays found; the next syncs carry on until the outbox is drained.
    const found = await db.conflicts.count();
    expect(found).toBeGreaterThan(0);
    let outcome = await engine.syncOnce();
    for (let i = 0; i < 20 && !outcome.ok; i++) outcome = await engine.syncOnce();
    expect(outcome.ok).toBe(true);
    const status = Object.values(await statuses(db));
    expect(status.filter((s) => s === 'rejected')).toHaveLength(20);
    expect(status.filter((s) => s === 'acked')).toHaveLength(20);
  }, 30_000);
});

describe('the inbox reason', () => {
  it('says in both languages that the server could not process the action, with its answer', () => {
    const rejection = { code: UNPROCESSABLE, params: { status: 500, code: 'server.error' } };
    for (const [locale, words] of [
      ['zh-CN', '服务器无法处理此操作'],
      ['en-US', 'The server could not process this action'],
    ] as const) {
      const { t, te } = createAppI18n(locale).global;
      const text = rejectionText((key, params) => t(key, params ?? {}), (key) => te(key), rejection);
      expect(text).toContain(words);
      expect(text).toContain('500 server.error');
    }
  });
});
