import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../renderer/src/sync/runtime';
import { currentDeviceId } from '../../../renderer/src/sync/outbox';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { uniqueName } from '../sync/fixtures';

const STAFF = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: 'WH-SH' };

let db: DeskDb;
let server: 'up' | 'down';
let calls: { url: string; body: unknown }[];

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  calls.push({ url, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
  if (server === 'down') throw new TypeError('fetch failed');
  const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { password?: string }) : {};
  if (url.endsWith('/auth/login')) {
    if (body.password !== 'right-password') return new Response(JSON.stringify({ code: 'auth.invalid_credentials' }), { status: 401 });
    return new Response(JSON.stringify({ token: 'token-abcdefghijklmnop', expiresAt: '2026-03-02T00:00:00.000Z', staff: STAFF }), { status: 200 });
  }
  return new Response(JSON.stringify({ code: 'route.not_found' }), { status: 404 });
}) as typeof fetch;

beforeEach(async () => {
  db = await openDeskDb(uniqueName('session'));
  server = 'up';
  calls = [];
  configureRuntime({ db: async () => db, fetch: fakeFetch, pbkdf2Iterations: 1000, defaultApiBase: 'http://central.test' });
  setActivePinia(createPinia());
});
afterEach(() => {
  resetRuntime();
  db.close();
  sessionStorage.clear();
});

describe('session store', () => {
  it('signs in against the central API, keeps a verifier (never the password) and asks for persistent storage', async () => {
    const persist = vi.fn(async () => true);
    Object.defineProperty(navigator, 'storage', { value: { persist, persisted: async () => false }, configurable: true });
    const session = useSessionStore();
    expect(await session.signIn('WH1', 'right-password')).toEqual({ ok: true, mode: 'online' });
    expect(session.mode).toBe('online');
    expect(session.actor).toEqual({ id: 'staff-wh1', role: 'warehouse', warehouseId: 'WH-SH' });
    expect(session.token).toBe('token-abcdefghijklmnop');
    expect(persist).toHaveBeenCalledOnce();
    expect(session.persisted).toBe(true);
    const row = await db.session.get('wh1');
    expect(row).toMatchObject({ current: 1, verifier: { algorithm: 'PBKDF2-SHA-256', iterations: 1000 } });
    expect(JSON.stringify(row)).not.toContain('right-password');
    // The token is not in IndexedDB: a browser keeps it in this tab's session storage (the
    // desktop app in the OS keychain, test/renderer/platform/tokenVault.test.ts).
    expect(row?.token).toBeNull();
    expect(sessionStorage.getItem('desk.token.v1.wh1')).toBe('token-abcdefghijklmnop');
    // The login carried this workstation's device id with the user's name (hex of 'wh1'): each
    // person on a shared workstation signs in and pushes under a device id of their own.
    expect((calls[0]?.body as { deviceId: string }).deviceId).toBe(`${String((await db.meta.get('deviceId'))?.value)}.776831`);
    expect(await currentDeviceId(db)).toBe(`${String((await db.meta.get('deviceId'))?.value)}.776831`);
  });

  it('lets staff who signed in here before sign in offline with the right password only', async () => {
    const session = useSessionStore();
    await session.signIn('wh1', 'right-password');
    await session.signOut();
    expect(session.signedIn).toBe(false);

    server = 'down';
    expect(await session.signIn('wh1', 'wrong-password')).toEqual({ ok: false, code: 'session.invalid_credentials' });
    expect(await session.signIn('cs1', 'right-password')).toEqual({ ok: false, code: 'session.offline_unknown_user' });
    expect(await session.signIn('wh1', 'right-password')).toEqual({ ok: true, mode: 'offline' });
    expect(session.mode).toBe('offline');
    expect(session.staff?.username).toBe('wh1');
  });

  it('does not fall back to the offline check when the server says the password is wrong', async () => {
    const session = useSessionStore();
    await session.signIn('wh1', 'right-password');
    expect(await session.signIn('wh1', 'old-password')).toEqual({ ok: false, code: 'session.invalid_credentials' });
    expect(session.lastError).toBe('session.invalid_credentials');
  });

  it('restores the signed-in staff member after a restart', async () => {
    await useSessionStore().signIn('wh1', 'right-password');
    setActivePinia(createPinia());
    const again = useSessionStore();
    expect(again.signedIn).toBe(false);
    await again.restore();
    expect(again.staff?.id).toBe('staff-wh1');
    expect(again.token).toBe('token-abcdefghijklmnop');
    expect(again.apiBase).toBe('http://central.test');
  });

  it('moves a token an earlier version kept in the local database into the vault, and forgets it at sign-out', async () => {
    await useSessionStore().signIn('wh1', 'right-password');
    sessionStorage.clear();
    await db.session.update('wh1', { token: 'token-from-an-older-version' });
    setActivePinia(createPinia());
    const again = useSessionStore();
    await again.restore();
    expect(again.token).toBe('token-from-an-older-version');
    expect((await db.session.get('wh1'))?.token).toBeNull();
    expect(sessionStorage.getItem('desk.token.v1.wh1')).toBe('token-from-an-older-version');
    await again.signOut();
    expect(sessionStorage.getItem('desk.token.v1.wh1')).toBeNull();
  });
});
