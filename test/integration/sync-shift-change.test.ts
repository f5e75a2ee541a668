/**
 * Shift change at one workstation against the real central API: the session store signs two
 * people in one after the other on the same local store, tokens kept by the desktop app's
 * keychain store (electron/token-store.ts over a stand-in for safeStorage). The first person's
 * offline approval reaches the server as theirs (actor, role, device id), the second person's as
 * theirs; a first person whose session ended meanwhile keeps their commands waiting for them.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createTokenStore, type TokenStore } from '../../electron/token-store';
import { openDeskDb, type DeskDb } from '../../renderer/src/db/schema';
import { dispatch } from '../../renderer/src/sync/dispatch';
import { SyncEngine } from '../../renderer/src/sync/engine';
import { deviceIdOf, staffDeviceId } from '../../renderer/src/sync/outbox';
import { configureRuntime, resetRuntime } from '../../renderer/src/sync/runtime';
import { waitingPeople } from '../../renderer/src/sync/waiting';
import { useSessionStore } from '../../renderer/src/stores/session';
import { DEMO_PASSWORD } from '../../server/seed/staff';
import { createOrder, openReturnCase, RETURN_ADDRESS, startCentralApi, type LoggedIn, type TestServer } from './support/world';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let server: TestServer;
let buyer: LoggedIn;
let desk: DeskDb;
let dir: string;
let keychain: TokenStore;

/** Reversible stand-in for the OS encryption. */
const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (plain: string) => Buffer.from(`ENC:${Buffer.from(plain).toString('hex')}`),
  decryptString: (data: Buffer) => Buffer.from(data.toString().slice(4), 'hex').toString(),
};

beforeAll(async () => {
  server = await startCentralApi();
  buyer = await server.login('buyer1');
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-shift-'));
  keychain = createTokenStore(dir, safeStorage, 'linux');
  // The desktop app's bridge: the session store keeps tokens in the keychain store.
  vi.stubGlobal('window', { desk: { secrets: { getToken: (owner: string) => keychain.get(owner), setToken: (owner: string, token: string | null) => keychain.set(owner, token) } } });
  desk = await openDeskDb(`desk-shift-${randomUUID()}`);
  configureRuntime({ db: async () => desk, fetch: (input, init) => globalThis.fetch(input, init), pbkdf2Iterations: 1000, defaultApiBase: server.url });
  setActivePinia(createPinia());
});
afterEach(async () => {
  resetRuntime();
  vi.unstubAllGlobals();
  desk.close();
  await rm(dir, { recursive: true, force: true });
});

/** The engine the sync store runs: the signed-in person's client, every person's identity. */
function engineOf(session: ReturnType<typeof useSessionStore>): SyncEngine {
  return new SyncEngine({ db: desk, api: session.api(), identities: session.pushIdentities() });
}

async function approve(session: ReturnType<typeof useSessionStore>, caseId: string): Promise<string> {
  const actor = session.actor;
  if (!actor) throw new Error('nobody signed in');
  const result = await dispatch(desk, { type: 'cs.approve', caseId, payload: { returnAddress: RETURN_ADDRESS } }, { actor });
  if (!result.ok) throw new Error(result.rejection.code);
  return result.commandId;
}

/** Who the server recorded for a command: the event's actor and role, the command's device. */
async function recorded(commandId: string): Promise<{ actor: string; role: string; device: string } | undefined> {
  const [row] = await server.db.query<{ actor: string; role: string; device: string }>(
    `SELECT e.actor_id AS actor, e.role, c.device_id AS device FROM case_events e JOIN commands c ON c.command_id = e.command_id WHERE e.command_id = $1`,
    [commandId],
  );
  return row;
}

/** Two fresh cases; cs1 signs in and syncs them, approves the first with the network down, signs out. */
async function firstShift(): Promise<{ caseA: string; caseB: string; first: string }> {
  await server.db.query(`UPDATE sessions SET revoked_at = now() WHERE staff_id IN ('staff-cs1', 'staff-admin') AND revoked_at IS NULL`);
  const caseA = await openReturnCase(server, buyer, await createOrder(server));
  const caseB = await openReturnCase(server, buyer, await createOrder(server));
  const session = useSessionStore();
  expect(await session.signIn('cs1', DEMO_PASSWORD)).toEqual({ ok: true, mode: 'online' });
  expect((await engineOf(session).syncOnce()).ok).toBe(true);
  // Offline: the engine does not run; the approval waits in the outbox.
  const first = await approve(session, caseA);
  await session.signOut();
  return { caseA, caseB, first };
}

describe('shift change against the central API', () => {
  it('applies the first person’s offline approval as theirs and the next person’s as theirs', async () => {
    const { caseB, first } = await firstShift();
    expect(await keychain.get('cs1')).not.toBeNull();

    const session = useSessionStore();
    expect((await session.signIn('admin', DEMO_PASSWORD)).ok).toBe(true);
    const second = await approve(session, caseB);
    const outcome = await engineOf(session).syncOnce();
    expect(outcome).toMatchObject({ ok: true, pushed: 2 });

    const workstation = await deviceIdOf(desk);
    expect(await recorded(first)).toEqual({ actor: 'staff-cs1', role: 'cs', device: staffDeviceId(workstation, 'cs1') });
    expect(await recorded(second)).toEqual({ actor: 'staff-admin', role: 'admin', device: staffDeviceId(workstation, 'admin') });
    expect((await desk.outbox.toArray()).map((r) => r.status)).toEqual(['acked', 'acked']);
    expect(await desk.conflicts.count()).toBe(0);
    // cs1's commands are answered: the kept token is revoked on the server and leaves the keychain.
    expect(await keychain.get('cs1')).toBeNull();
    const [open] = await server.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM sessions WHERE staff_id = 'staff-cs1' AND revoked_at IS NULL`);
    expect(Number(open?.n)).toBe(0);
    expect(await keychain.get('admin')).not.toBeNull();
  });

  it('keeps the commands of a person whose session ended waiting for them, and applies them as theirs after they sign in again', async () => {
    const { caseB, first } = await firstShift();
    // An administrator ends cs1's sessions meanwhile.
    await server.db.query(`UPDATE sessions SET revoked_at = now() WHERE staff_id = 'staff-cs1' AND revoked_at IS NULL`);

    const session = useSessionStore();
    expect((await session.signIn('admin', DEMO_PASSWORD)).ok).toBe(true);
    const second = await approve(session, caseB);
    expect(await engineOf(session).syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect(await recorded(second)).toMatchObject({ actor: 'staff-admin' });
    expect(await recorded(first)).toBeUndefined();
    expect(await waitingPeople(desk)).toEqual([{ staffId: 'staff-cs1', displayName: expect.any(String), count: 1, state: 'needs_sign_in' }]);
    expect(await keychain.get('cs1')).toBeNull();

    await session.signOut();
    expect((await session.signIn('cs1', DEMO_PASSWORD)).ok).toBe(true);
    expect(await engineOf(session).syncOnce()).toMatchObject({ ok: true, pushed: 1 });
    expect(await recorded(first)).toMatchObject({ actor: 'staff-cs1', role: 'cs' });
    expect(await desk.conflicts.count()).toBe(0);
    expect(await waitingPeople(desk)).toEqual([]);
  });
});
