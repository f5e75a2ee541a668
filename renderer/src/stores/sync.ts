/**
 * Sync status for the status bar and the sync view, and the desk's entry point for commands.
 * The engine runs in the window that holds the sync lock; every window reads the counts from
 * the local store through liveQuery, so they agree without talking to each other.
 */
import { defineStore } from 'pinia';
import { liveQuery, type Subscription } from 'dexie';
import { ref, watch } from 'vue';
import { classifyStorageError, isStorageError, storageEstimate, type StorageEstimateInfo, type StorageProblem } from '../db/storage';
import { dispatch, dispatchAll, type DispatchAllResult, type DispatchExtras, type DispatchInput, type DispatchResult } from '../sync/dispatch';
import { SyncEngine, type ConnectionState, type EngineStatus, type FirstSyncProgress } from '../sync/engine';
import { acquireLeadership, type Leadership } from '../sync/leader';
import { ACTIVE_STATUSES } from '../sync/outbox';
import { discardConflict, escalateConflict, reissueConflict, type ResolveResult } from '../sync/resolve';
import { runtime } from '../sync/runtime';
import { useSessionStore } from './session';

export type SyncConnection = ConnectionState | 'signed_out';

export const useSyncStore = defineStore('sync', () => {
  const session = useSessionStore();
  const connection = ref<SyncConnection>('signed_out');
  const syncing = ref(false);
  const leader = ref(false);
  const pendingCount = ref(0);
  const conflictCount = ref(0);
  const lastSyncAt = ref<string | null>(null);
  const firstSync = ref<FirstSyncProgress | null>(null);
  const lastError = ref<{ kind: string; code: string } | null>(null);
  const nextRetryAt = ref<string | null>(null);
  const storageProblem = ref<StorageProblem | null>(null);
  const storage = ref<StorageEstimateInfo>({ usage: null, quota: null, persisted: null });

  let engine: SyncEngine | null = null;
  let engineBase: string | null = null;
  let leadership: Leadership | null = null;
  let unsubscribeEngine: (() => void) | null = null;
  const subscriptions: Subscription[] = [];
  let started: Promise<void> | null = null;
  const ready = ref(false);

  function apply(status: EngineStatus): void {
    syncing.value = status.syncing;
    lastError.value = status.lastError;
    nextRetryAt.value = status.nextRetryAt;
    if (status.lastSyncAt) lastSyncAt.value = status.lastSyncAt;
    if (status.firstSync) firstSync.value = status.firstSync;
    if (status.storageProblem) storageProblem.value = status.storageProblem;
    if (session.signedIn) connection.value = status.connection;
    if (status.connection === 'needs_sign_in') session.tokenRejected();
    if (status.connection === 'online' && session.signedIn) session.tokenAccepted();
  }

  /** Starts watching the local store and, once signed in, the engine. Idempotent. */
  function start(): Promise<void> {
    started ??= (async () => {
      await session.restore();
      const db = await runtime().db();
      const last = await db.meta.get('lastSyncAt');
      if (typeof last?.value === 'string') lastSyncAt.value = last.value;
      subscriptions.push(
        liveQuery(() => db.outbox.where('status').anyOf([...ACTIVE_STATUSES]).count()).subscribe({ next: (n) => (pendingCount.value = n), error: report }),
        liveQuery(() => db.conflicts.where('open').equals(1).count()).subscribe({ next: (n) => (conflictCount.value = n), error: report }),
      );
      storage.value = await storageEstimate();
      leadership = acquireLeadership();
      void leadership.acquired.then(() => {
        leader.value = leadership?.isLeader() ?? false;
      });
      ready.value = true;
    })();
    return started;
  }

  // Created with the store (not after an await) so it ends with the store's scope.
  watch(
    () => [ready.value && session.signedIn, session.token, session.apiBase] as const,
    ([active]) => {
      if (active) startEngine();
      else if (engine) stopEngine();
    },
  );

  function startEngine(): void {
    if (engine && engineBase === session.apiBase) {
      // A fresh sign-in: the same engine carries on with the new token.
      engine.wake();
      return;
    }
    if (engine) stopEngine();
    const base = session.apiBase;
    engineBase = base;
    void (async () => {
      const db = await runtime().db();
      if (engine || engineBase !== base || !session.signedIn) return;
      // Each person's waiting commands go with their own token (a shared workstation).
      engine = new SyncEngine({ db, api: session.api(), identities: session.pushIdentities(), clock: runtime().clock, ...(leadership ? { leadership } : {}) });
      unsubscribeEngine = engine.subscribe(apply);
      connection.value = 'unknown';
      engine.start();
      // Sign-in asked for persistent storage: show the answer.
      void refreshStorage();
    })();
  }

  function stopEngine(): void {
    const current = engine;
    engine = null;
    engineBase = null;
    unsubscribeEngine?.();
    unsubscribeEngine = null;
    connection.value = 'signed_out';
    void current?.stop();
  }

  async function stop(): Promise<void> {
    const current = engine;
    engine = null;
    unsubscribeEngine?.();
    for (const s of subscriptions.splice(0)) s.unsubscribe();
    leadership?.release();
    leadership = null;
    started = null;
    ready.value = false;
    await current?.stop();
  }

  /** The "sync now" button: ends the current wait at once (or syncs once when no loop runs). */
  async function syncNow(): Promise<void> {
    if (!engine) return;
    if (engine.status.running) engine.wake();
    else await engine.syncOnce();
  }

  function report(error: unknown): void {
    storageProblem.value = classifyStorageError(error);
  }

  async function refreshStorage(): Promise<void> {
    storage.value = await storageEstimate();
  }

  /**
   * Records a command from the desk (with `extras`, rows written in the same transaction); storage
   * failures come back as a typed refusal, shown to the user.
   */
  async function issue(input: DispatchInput, extras?: DispatchExtras): Promise<DispatchResult> {
    const actor = session.actor;
    if (!actor) return { ok: false, rejection: { code: 'session.signed_out', params: {} } };
    try {
      const result = await dispatch(await runtime().db(), input, { actor, clock: runtime().clock }, extras);
      if (result.ok) engine?.wake();
      return result;
    } catch (error) {
      return { ok: false, rejection: storageRefusal(error) };
    }
  }

  /** Records several commands and their extra rows together, all or none (see `dispatchAll`). */
  async function issueAll(inputs: readonly DispatchInput[], extras?: DispatchExtras): Promise<DispatchAllResult> {
    const actor = session.actor;
    if (!actor) return { ok: false, index: 0, rejection: { code: 'session.signed_out', params: {} } };
    try {
      const result = await dispatchAll(await runtime().db(), inputs, { actor, clock: runtime().clock }, extras);
      if (result.ok) engine?.wake();
      return result;
    } catch (error) {
      return { ok: false, index: 0, rejection: storageRefusal(error) };
    }
  }

  /** A storage failure as a refusal (shown to the user; the problem goes to the status too); anything else is rethrown. */
  function storageRefusal(error: unknown): { code: string; params: Record<string, never> } {
    if (!isStorageError(error)) throw error;
    const problem = classifyStorageError(error);
    storageProblem.value = problem;
    return { code: `storage.${problem}`, params: {} };
  }

  async function discard(commandId: string): Promise<ResolveResult> {
    return discardConflict(await runtime().db(), commandId, runtime().clock);
  }

  async function reissue(commandId: string): Promise<ResolveResult> {
    const actor = session.actor;
    if (!actor) return { ok: false, rejection: { code: 'session.signed_out', params: {} } };
    const result = await reissueConflict(await runtime().db(), commandId, actor, runtime().clock);
    if (result.ok) engine?.wake();
    return result;
  }

  async function escalate(commandId: string, reason: string): Promise<ResolveResult> {
    const actor = session.actor;
    if (!actor) return { ok: false, rejection: { code: 'session.signed_out', params: {} } };
    const result = await escalateConflict(await runtime().db(), commandId, actor, reason, runtime().clock);
    if (result.ok) engine?.wake();
    return result;
  }

  return {
    connection,
    syncing,
    leader,
    pendingCount,
    conflictCount,
    lastSyncAt,
    firstSync,
    lastError,
    nextRetryAt,
    storageProblem,
    storage,
    start,
    stop,
    syncNow,
    refreshStorage,
    issue,
    issueAll,
    discard,
    reissue,
    escalate,
  };
});
