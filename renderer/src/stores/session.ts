/**
 * Who works at this desk. Sign-in goes to the central API when it answers; when it does not,
 * staff who signed in here before get in offline with their password checked against a stored
 * verifier (never the password). The bearer token lives in memory and in the token vault
 * (platform/tokenVault.ts: the OS keychain in the desktop app, session storage in a browser), never
 * in the local database, so a restart keeps the queue flowing without a credential at rest in
 * IndexedDB. Persistent storage is requested at sign-in.
 *
 * A workstation changes hands between shifts: whoever signs out with commands still waiting
 * leaves their token in the vault, so the engine pushes those commands under their own name
 * (`sync/identities.ts`) while the next person works; it is revoked once they are answered.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Actor } from '../../../shared/domain';
import type { Staff } from '../../../shared/sync/wire';
import { forgetKeptAnswers } from '../composables/useStoreQuery';
import { stopQueueIndexes } from '../views/cs/queueIndex';
import { requestPersistentStorage } from '../db/storage';
import { tokenVault } from '../platform/tokenVault';
import { createApi, SyncApiError, type SyncApi } from '../sync/api';
import { deskIdentities, hasWaitingCommands, type PushIdentities } from '../sync/identities';
import { deviceIdOf, staffDeviceId } from '../sync/outbox';
import { runtime } from '../sync/runtime';
import { checkVerifier, createVerifier } from '../sync/verifier';

export type SessionMode = 'signed_out' | 'online' | 'offline';

export type SignInResult = { ok: true; mode: 'online' | 'offline' } | { ok: false; code: SignInErrorCode };

export type SignInErrorCode =
  | 'session.invalid_credentials'
  | 'session.rate_limited'
  /** The server is unreachable and this user never signed in at this desk. */
  | 'session.offline_unknown_user'
  | 'session.server_error'
  | 'session.storage_error';

export const useSessionStore = defineStore('session', () => {
  const staff = ref<Staff | null>(null);
  const token = ref<string | null>(null);
  const expiresAt = ref<string | null>(null);
  const mode = ref<SessionMode>('signed_out');
  const apiBase = ref(runtime().defaultApiBase);
  const persisted = ref<boolean | null>(null);
  const busy = ref(false);
  const lastError = ref<SignInErrorCode | null>(null);
  let restored: Promise<void> | null = null;

  const signedIn = computed(() => staff.value !== null);
  const actor = computed<Actor | null>(() => {
    const s = staff.value;
    if (!s) return null;
    return s.warehouseId !== null ? { id: s.id, role: s.role, warehouseId: s.warehouseId } : { id: s.id, role: s.role };
  });

  /** An API client that always sends the current token. */
  function api(): SyncApi {
    return createApi({ baseUrl: apiBase.value, token: () => token.value, fetch: runtime().fetch });
  }

  /** Reads the desk's last session (app start). Safe to call more than once. */
  function restore(): Promise<void> {
    restored ??= (async () => {
      const db = await runtime().db();
      const base = await db.meta.get('apiBase');
      if (typeof base?.value === 'string') apiBase.value = base.value;
      const row = await db.session.where('current').equals(1).first();
      if (!row) return;
      staff.value = row.staff;
      token.value = await readToken(db, row.username, row.token);
      expiresAt.value = row.expiresAt;
      mode.value = 'offline';
    })();
    return restored;
  }

  async function signIn(username: string, password: string, base: string = apiBase.value): Promise<SignInResult> {
    busy.value = true;
    lastError.value = null;
    try {
      const result = await attempt(username.trim(), password, base);
      if (!result.ok) lastError.value = result.code;
      return result;
    } finally {
      busy.value = false;
    }
  }

  async function attempt(username: string, password: string, base: string): Promise<SignInResult> {
    const { db: openDb, pbkdf2Iterations, clock } = runtime();
    const db = await openDb();
    const key = username.toLowerCase();
    apiBase.value = base;
    await db.meta.put({ key: 'apiBase', value: base });
    const deviceId = staffDeviceId(await deviceIdOf(db), key);
    try {
      const reply = await createApi({ baseUrl: base, fetch: runtime().fetch }).login({ username, password, deviceId });
      const verifier = await createVerifier(password, pbkdf2Iterations);
      await db.transaction('rw', db.session, async () => {
        await db.session.where('current').equals(1).modify({ current: 0 });
        await db.session.put({ username: key, staff: reply.staff, token: null, expiresAt: reply.expiresAt, verifier, signedInAt: clock().toISOString(), current: 1 });
      });
      await saveToken(key, reply.token);
      staff.value = reply.staff;
      token.value = reply.token;
      expiresAt.value = reply.expiresAt;
      mode.value = 'online';
      persisted.value = await requestPersistentStorage();
      return { ok: true, mode: 'online' };
    } catch (error) {
      if (!(error instanceof SyncApiError)) return { ok: false, code: 'session.storage_error' };
      if (error.kind === 'unauthorized') return { ok: false, code: 'session.invalid_credentials' };
      if (error.status === 429) return { ok: false, code: 'session.rate_limited' };
      if (error.kind !== 'network' && error.kind !== 'server') return { ok: false, code: 'session.server_error' };
    }
    // The server cannot be reached: offline sign-in for someone who signed in here before.
    const row = await db.session.get(key);
    if (!row) return { ok: false, code: 'session.offline_unknown_user' };
    if (!(await checkVerifier(password, row.verifier))) return { ok: false, code: 'session.invalid_credentials' };
    await db.transaction('rw', db.session, async () => {
      await db.session.where('current').equals(1).modify({ current: 0 });
      await db.session.update(key, { current: 1, signedInAt: clock().toISOString(), tokenKept: false });
    });
    staff.value = row.staff;
    token.value = await readToken(db, key, row.token);
    expiresAt.value = row.expiresAt;
    mode.value = 'offline';
    persisted.value = await requestPersistentStorage();
    return { ok: true, mode: 'offline' };
  }

  /**
   * Signs out of this desk; the outbox stays. This person's commands still waiting keep their
   * token in the vault and are pushed under their name after the next sign-in (anyone's); without
   * waiting commands (or a vault to keep it in) the token is forgotten and revoked.
   */
  async function signOut(): Promise<void> {
    const current = token.value;
    const db = await runtime().db();
    const owner = staff.value?.username.toLowerCase();
    const staffId = staff.value?.id;
    const keep = current !== null && owner !== undefined && staffId !== undefined && (await hasWaitingCommands(db, staffId)) && (await keepToken(owner, current));
    await db.session.where('current').equals(1).modify({ current: 0, token: null, tokenKept: keep });
    if (owner && !keep) await saveToken(owner, null);
    staff.value = null;
    token.value = null;
    expiresAt.value = null;
    mode.value = 'signed_out';
    // The next person's screens read their own answers.
    forgetKeptAnswers();
    stopQueueIndexes();
    if (current && !keep) {
      // Best effort: offline, the token simply expires on the server.
      await createApi({ baseUrl: apiBase.value, token: () => current, fetch: runtime().fetch })
        .logout()
        .catch(() => undefined);
    }
  }

  /**
   * The token of `owner` from the vault. A token an earlier version kept in the session row
   * moves to the vault on first read and leaves the database.
   */
  async function readToken(db: Awaited<ReturnType<ReturnType<typeof runtime>['db']>>, owner: string, legacy: string | null): Promise<string | null> {
    if (legacy) {
      await saveToken(owner, legacy);
      await db.session.update(owner, { token: null });
      return legacy;
    }
    try {
      return await tokenVault().get(owner);
    } catch {
      return null;
    }
  }

  /** A vault that cannot be written leaves the token in memory for this run (sign in again after a restart). */
  async function saveToken(owner: string, value: string | null): Promise<void> {
    try {
      await tokenVault().set(owner, value);
    } catch (error) {
      console.warn('the token could not be stored', error);
    }
  }

  /** Leaves the token in the vault for the waiting commands; false when the vault cannot hold it. */
  async function keepToken(owner: string, value: string): Promise<boolean> {
    try {
      await tokenVault().set(owner, value);
      return true;
    } catch {
      return false;
    }
  }

  /** Whose token each person's waiting commands go with: theirs, from memory or the vault. */
  function pushIdentities(): PushIdentities {
    return deskIdentities({
      db: () => runtime().db(),
      vault: { get: (owner) => tokenVault().get(owner), set: (owner, value) => tokenVault().set(owner, value) },
      current: () => (staff.value ? { username: staff.value.username.toLowerCase(), token: token.value } : null),
      currentApi: api,
      apiWith: (value) => createApi({ baseUrl: apiBase.value, token: () => value, fetch: runtime().fetch }),
    });
  }

  /** The server refused the token (401): sign in again; the queue waits. */
  function tokenRejected(): void {
    if (mode.value === 'online') mode.value = 'offline';
  }

  /** The server accepted the token again (after an offline sign-in or a restart). */
  function tokenAccepted(): void {
    if (mode.value === 'offline') mode.value = 'online';
  }

  return { staff, token, expiresAt, mode, apiBase, persisted, busy, lastError, signedIn, actor, api, restore, signIn, signOut, tokenRejected, tokenAccepted, pushIdentities };
});
