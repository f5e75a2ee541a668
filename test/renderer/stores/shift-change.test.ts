/**
 * Shift change on one workstation: the first person's commands, issued offline, still go out
 * under their own identity (token, device id, actor) after the next person signs in — never
 * under the next person's. The fake central API below takes the actor from the token, binds
 * each token to the device id it was issued for and answers a revoked or expired token with 401,
 * as the real one does.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushRequest } from '../../../shared/sync/wire';
import { deviceIdOf, staffDeviceId } from '../../../renderer/src/sync/outbox';
import { waitingPeople } from '../../../renderer/src/sync/waiting';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { useSyncStore } from '../../../renderer/src/stores/sync';
import { centralRuntime, deskPerTest } from '../support/desk';
import { RETURN_ADDRESS, clock, putSnapshot, seededDb, serverCaseAfter } from '../sync/fixtures';

const STAFF = {
  cs1: { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null },
  cs2: { id: 'staff-cs2', username: 'cs2', displayName: '客服 Li', role: 'cs', warehouseId: null },
} as const;
type Username = keyof typeof STAFF;

interface Issued {
  username: Username;
  deviceId: string;
  revoked: boolean;
}
interface Applied {
  commandId: string;
  caseId: string;
  type: string;
  actorId: string;
  deviceId: string;
}

let reachable: boolean;
let tokens: Map<string, Issued>;
let applied: Applied[];
/** Every push request with the token it came with. */
let pushes: { token: string | null; body: PushRequest }[];

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  if (!reachable) throw new TypeError('fetch failed');
  const json = (body: unknown, status = 200) => new Response(body === undefined ? '' : JSON.stringify(body), { status });
  const bearer = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? null;
  const issued = bearer ? tokens.get(bearer) : undefined;
  if (url.endsWith('/auth/login')) {
    const body = JSON.parse(String(init?.body)) as { username: Username; deviceId: string };
    const token = `token-${body.username}-${tokens.size + 1}-abcdefghijkl`;
    tokens.set(token, { username: body.username, deviceId: body.deviceId, revoked: false });
    return json({ token, expiresAt: '2026-03-02T00:00:00.000Z', staff: STAFF[body.username] });
  }
  if (url.endsWith('/health')) return json({ ok: true, time: '2026-03-01T10:00:00Z', version: '0.1.0' });
  if (!issued || issued.revoked) return json({ code: 'auth.invalid_token', message: 'sign in again' }, 401);
  if (url.endsWith('/auth/logout')) {
    issued.revoked = true;
    return json(undefined, 204);
  }
  if (url.includes('/sync/pull')) return json({ changes: [], nextCursor: 0, hasMore: false, lastAckedSeq: 0 });
  if (url.endsWith('/sync/push')) {
    const body = JSON.parse(String(init?.body)) as PushRequest;
    pushes.push({ token: bearer, body });
    if (body.deviceId !== issued.deviceId) return json({ code: 'auth.device_mismatch', message: 'another device' }, 403);
    const actorId = STAFF[issued.username].id;
    for (const c of body.commands) applied.push({ commandId: c.id, caseId: c.caseId, type: c.type, actorId, deviceId: body.deviceId });
    return json({ results: body.commands.map((c) => ({ id: c.id, status: 'applied', version: c.baseVersion + 1, events: 1 })), lastAckedSeq: 0 });
  }
  return json({ code: 'route.not_found' }, 404);
}) as typeof fetch;

async function until(check: () => boolean | Promise<boolean>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const tokenOf = (username: Username): string => [...tokens.entries()].filter(([, t]) => t.username === username).at(-1)?.[0] ?? '';

const desk = deskPerTest({
  open: async () => {
    const { db } = await seededDb();
    await putSnapshot(db, serverCaseAfter('C2', 'O2'));
    return db;
  },
  runtime: () => ({ ...centralRuntime(fakeFetch), clock }),
});
beforeEach(() => {
  reachable = true;
  tokens = new Map();
  applied = [];
  pushes = [];
});
afterEach(async () => {
  await useSyncStore().stop();
  sessionStorage.clear();
});

/** cs1 signs in, approves C1 with the network down and signs out; the network comes back. */
async function firstShiftOffline(): Promise<string> {
  const session = useSessionStore();
  const sync = useSyncStore();
  await sync.start();
  await session.signIn('cs1', 'pw');
  await until(() => sync.connection === 'online');
  reachable = false;
  const approved = await sync.issue({ type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } });
  if (!approved.ok) throw new Error(approved.rejection.code);
  await session.signOut();
  reachable = true;
  return approved.commandId;
}

describe('shift change on a shared workstation', () => {
  it('pushes the first person’s offline commands under their own token, device id and actor after the next person signs in', async () => {
    const session = useSessionStore();
    const sync = useSyncStore();
    const first = await firstShiftOffline();
    expect(sessionStorage.getItem('desk.token.v1.cs1')).not.toBeNull();

    await session.signIn('cs2', 'pw');
    const issued = await sync.issue({ type: 'cs.approve', caseId: 'C2', payload: { returnAddress: RETURN_ADDRESS } });
    if (!issued.ok) throw new Error(issued.rejection.code);
    const second = issued.commandId;
    await until(() => applied.some((a) => a.commandId === first) && applied.some((a) => a.commandId === second));

    // Every time each command reached the server, it came as its own author's.
    const workstation = await deviceIdOf(desk.db);
    const as = (id: string) => [...new Set(applied.filter((a) => a.commandId === id).map((a) => JSON.stringify([a.caseId, a.actorId, a.deviceId])))];
    expect(as(first)).toEqual([JSON.stringify(['C1', 'staff-cs1', staffDeviceId(workstation, 'cs1')])]);
    expect(as(second)).toEqual([JSON.stringify(['C2', 'staff-cs2', staffDeviceId(workstation, 'cs2')])]);
    // Nothing lost, nothing refused for identity.
    await until(async () => (await desk.db.outbox.where('status').equals('acked').count()) === 2);
    expect(await desk.db.conflicts.count()).toBe(0);
    expect(pushes.every((p) => p.token !== null && tokens.get(p.token)?.deviceId === p.body.deviceId)).toBe(true);
    // cs1's commands are answered: their kept token is revoked and forgotten; cs2's stays.
    await until(() => tokens.get(tokenOf('cs1'))?.revoked === true);
    await until(() => sessionStorage.getItem('desk.token.v1.cs1') === null);
    expect(tokens.get(tokenOf('cs2'))?.revoked).toBe(false);
    expect(await waitingPeople(desk.db)).toEqual([]);
  });

  it('keeps a person’s commands waiting for them when their token is refused, and never sends them under the next person', async () => {
    const session = useSessionStore();
    const sync = useSyncStore();
    const first = await firstShiftOffline();
    // cs1's session ends on the server meanwhile (expired, or revoked by an administrator).
    const cs1Token = tokenOf('cs1');
    (tokens.get(cs1Token) as Issued).revoked = true;

    await session.signIn('cs2', 'pw');
    // cs2 notes the case cs1 approved: it must wait behind cs1's approval.
    const note = await sync.issue({ type: 'cs.add_note', caseId: 'C1', payload: { text: '买家来电催促' } });
    const other = await sync.issue({ type: 'cs.approve', caseId: 'C2', payload: { returnAddress: RETURN_ADDRESS } });
    if (!note.ok || !other.ok) throw new Error('refused');
    await until(async () => (await desk.db.outbox.get(other.commandId))?.status === 'acked');
    await until(async () => (await waitingPeople(desk.db)).some((p) => p.staffId === 'staff-cs1' && p.state === 'needs_sign_in'));

    expect(new Set(applied.map((a) => a.commandId))).toEqual(new Set([other.commandId]));
    expect(pushes.some((p) => p.body.commands.some((c) => c.id === first || c.id === note.commandId) && p.token !== cs1Token)).toBe(false);
    expect(sessionStorage.getItem('desk.token.v1.cs1')).toBeNull();
    expect(await waitingPeople(desk.db)).toEqual([
      { staffId: 'staff-cs1', displayName: '客服 Chen', count: 1, state: 'needs_sign_in' },
      { staffId: 'staff-cs2', displayName: '客服 Li', count: 1, state: 'signed_in' },
    ]);
    expect((await desk.db.outbox.get(first))?.status).toMatch(/pending|sending/);
    expect(await desk.db.conflicts.count()).toBe(0);

    // cs2 hands over (the note still waits: their token is kept for it); cs1 signs in again.
    await session.signOut();
    expect(await waitingPeople(desk.db)).toEqual([
      { staffId: 'staff-cs1', displayName: '客服 Chen', count: 1, state: 'needs_sign_in' },
      { staffId: 'staff-cs2', displayName: '客服 Li', count: 1, state: 'kept' },
    ]);
    await session.signIn('cs1', 'pw');
    await until(async () => (await waitingPeople(desk.db)).length === 0);
    const authors = new Map(applied.map((a) => [a.commandId, a.actorId]));
    expect(authors).toEqual(new Map([[other.commandId, 'staff-cs2'], [first, 'staff-cs1'], [note.commandId, 'staff-cs2']]));
    // The note on C1 reached the server after cs1's approval of it.
    expect(applied.findIndex((a) => a.commandId === note.commandId)).toBeGreaterThan(applied.findIndex((a) => a.commandId === first));
    expect(await desk.db.conflicts.count()).toBe(0);
  });

  it('forgets and revokes the token at sign-out when none of that person’s commands wait', async () => {
    const session = useSessionStore();
    await useSyncStore().start();
    await session.signIn('cs1', 'pw');
    await session.signOut();
    expect(sessionStorage.getItem('desk.token.v1.cs1')).toBeNull();
    expect(tokens.get(tokenOf('cs1'))?.revoked).toBe(true);
    expect((await desk.db.session.get('cs1'))?.tokenKept).toBe(false);
  });
});
