import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushRequest } from '../../../shared/sync/wire';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { useSyncStore } from '../../../renderer/src/stores/sync';
import { centralRuntime, deskPerTest } from '../support/desk';
import { RETURN_ADDRESS, clock, seededDb } from '../sync/fixtures';

const STAFF = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null };

let pushes: PushRequest[];
let reachable: boolean;

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  if (!reachable) throw new TypeError('fetch failed');
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
  if (url.endsWith('/auth/login')) return json({ token: 'token-abcdefghijklmnop', expiresAt: '2026-03-02T00:00:00.000Z', staff: STAFF });
  if (url.endsWith('/health')) return json({ ok: true, time: '2026-03-01T10:00:00Z', version: '0.1.0' });
  if (url.includes('/sync/pull')) return json({ changes: [], nextCursor: 0, hasMore: false, lastAckedSeq: 0 });
  if (url.endsWith('/sync/push')) {
    const body = JSON.parse(String(init?.body)) as PushRequest;
    pushes.push(body);
    return json({ results: body.commands.map((c) => ({ id: c.id, status: 'applied', version: c.baseVersion + 1, events: 1 })), lastAckedSeq: 0 });
  }
  return json({ code: 'route.not_found' }, 404);
}) as typeof fetch;

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const desk = deskPerTest({ open: async () => (await seededDb()).db, runtime: () => ({ ...centralRuntime(fakeFetch), clock }) });
beforeEach(() => {
  pushes = [];
  reachable = true;
});
afterEach(async () => {
  await useSyncStore().stop();
});

describe('sync store', () => {
  it('shows signed out until someone signs in, then syncs and reports online with the last sync time', async () => {
    const sync = useSyncStore();
    await sync.start();
    expect(sync.connection).toBe('signed_out');
    await useSessionStore().signIn('cs1', 'pw');
    await until(() => sync.connection === 'online');
    expect(sync.lastSyncAt).toBe('2026-03-01T10:00:00.000Z');
    expect(sync.firstSync).toMatchObject({ done: true });
  });

  it('counts pending commands live and pushes a new command without waiting for the poll', async () => {
    const sync = useSyncStore();
    await sync.start();
    reachable = false;
    await useSessionStore().signIn('cs1', 'pw').catch(() => undefined);
    // Nobody signed in here before and the server is down: nothing to do but wait.
    expect(useSessionStore().signedIn).toBe(false);
    reachable = true;
    await useSessionStore().signIn('cs1', 'pw');
    await until(() => sync.connection === 'online');

    reachable = false;
    const result = await sync.issue({ type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } });
    expect(result.ok).toBe(true);
    await until(() => sync.pendingCount === 1);
    await until(() => sync.connection === 'offline');
    reachable = true;
    await sync.syncNow();
    await until(() => sync.pendingCount === 0, 5000);
    expect(pushes.flatMap((p) => p.commands.map((c) => c.type))).toContain('cs.approve');
  });

  it('returns the typed refusal of an illegal command and counts nothing', async () => {
    const sync = useSyncStore();
    await sync.start();
    await useSessionStore().signIn('cs1', 'pw');
    const result = await sync.issue({ type: 'cs.resolve_dispute', caseId: 'C1', payload: { resolution: 'full_refund', reason: '同意' } });
    expect(result).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'pending_review', commandType: 'cs.resolve_dispute' } } });
    expect(sync.pendingCount).toBe(0);
  });

  it('refuses commands when nobody is signed in', async () => {
    const sync = useSyncStore();
    await sync.start();
    const result = await sync.issue({ type: 'cs.approve', caseId: 'C1', payload: {} });
    expect(result).toEqual({ ok: false, rejection: { code: 'session.signed_out', params: {} } });
  });
});

describe('sync store after a restart', () => {
  it('restores the session, syncs with the kept token and reports the desk online again', async () => {
    await useSessionStore().signIn('cs1', 'pw');
    await useSyncStore().stop();
    desk.restart();
    const sync = useSyncStore();
    await sync.start();
    const session = useSessionStore();
    expect(session.mode).toBe('offline');
    await until(() => sync.connection === 'online');
    expect(session.mode).toBe('online');
  });
});
