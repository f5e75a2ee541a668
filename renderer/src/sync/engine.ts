/**
 * The sync engine: pushes the outbox (`push.ts`), pulls changes (`pull.ts`), rebases the overlay.
 * It is the only code that talks to the central API about cases. This file is the loop around
 * them: one sync at a time, backoff after a failure, a heartbeat while offline, and the status
 * the UI shows. Never awaits the network inside a Dexie transaction: a batch is read in one
 * transaction, sent with none open, and its results recorded in another.
 */
import type { DeskDb } from '../db/schema';
import { classifyStorageError, isStorageError } from '../db/storage';
import { SyncApiError, type SyncApi } from './api';
import { backoffDelay, DEFAULT_BACKOFF, Waiter, type BackoffOptions } from './connectivity';
import type { PushIdentities } from './identities';
import type { Leadership } from './leader';
import { Puller } from './pull';
import { Pusher } from './push';
import { StatusBoard, type EngineStatus, type SyncOutcome } from './status';

export type { ConnectionState, EngineStatus, FirstSyncProgress, SyncOutcome } from './status';
export { orderRowFromChange } from './wire-rows';

export interface EngineOptions {
  db: DeskDb;
  api: SyncApi;
  clock?: () => Date;
  /** Commands per push (at most `MAX_BATCH`). */
  batchSize?: number;
  pullLimit?: number;
  /** Pause between syncs while all is well. */
  pollIntervalMs?: number;
  backoff?: BackoffOptions;
  waiter?: Waiter;
  /** When given, the loop runs only while this instance leads. */
  leadership?: Leadership;
  /** Lets the UI breathe between pull pages (a scan must not wait for the first sync). */
  yieldBetweenPages?: () => Promise<void>;
  /** A push unanswered for this long marks its rows 'sending' (pending list); default 1 s. */
  markSendingAfterMs?: number;
  /** A shared workstation: each person's commands go with their own token and device id (`identities.ts`). */
  identities?: PushIdentities;
}

export class SyncEngine {
  readonly #db: DeskDb;
  readonly #api: SyncApi;
  readonly #clock: () => Date;
  readonly #pollMs: number;
  readonly #backoff: BackoffOptions;
  readonly #waiter: Waiter;
  readonly #leadership: Leadership | undefined;
  readonly #pusher: Pusher;
  readonly #puller: Puller;
  readonly #board = new StatusBoard();
  #controller: AbortController | null = null;
  #loop: Promise<void> | null = null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: EngineOptions) {
    this.#db = options.db;
    this.#api = options.api;
    this.#clock = options.clock ?? (() => new Date());
    this.#pollMs = options.pollIntervalMs ?? 15_000;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#waiter = options.waiter ?? new Waiter();
    this.#leadership = options.leadership;
    this.#pusher = new Pusher({ db: this.#db, api: this.#api, clock: this.#clock, batchSize: options.batchSize, markSendingAfterMs: options.markSendingAfterMs, identities: options.identities });
    this.#puller = new Puller({
      db: this.#db,
      api: this.#api,
      clock: this.#clock,
      pullLimit: options.pullLimit,
      yieldBetweenPages: options.yieldBetweenPages,
      onFirstSync: (firstSync) => this.#set({ firstSync }),
    });
  }

  get status(): EngineStatus {
    return this.#board.current;
  }

  subscribe(listener: (status: EngineStatus) => void): () => void {
    return this.#board.subscribe(listener);
  }

  #set(patch: Partial<EngineStatus>): void {
    this.#board.set(patch);
  }

  /** Starts the background loop (push, pull, wait; back off on failure). */
  start(): void {
    if (this.#loop) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.#set({ running: true });
    this.#loop = this.#run(controller.signal).finally(() => {
      this.#set({ running: false, syncing: false, nextRetryAt: null });
    });
  }

  /** Stops the loop, cancelling a request in flight. The outbox keeps everything not yet answered. */
  async stop(): Promise<void> {
    this.#controller?.abort();
    const loop = this.#loop;
    this.#loop = null;
    this.#controller = null;
    await loop;
    await this.#tail.catch(() => undefined);
  }

  /** Ends the current wait: a new command, the "sync now" button, a fresh sign-in. */
  wake(): void {
    this.#waiter.wake();
  }

  async #run(signal: AbortSignal): Promise<void> {
    if (this.#leadership) {
      const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await Promise.race([this.#leadership.acquired, aborted]);
    }
    const lastSync = await this.#db.meta.get('lastSyncAt').catch(() => undefined);
    if (typeof lastSync?.value === 'string' && this.status.lastSyncAt === null) this.#set({ lastSyncAt: lastSync.value });
    while (!signal.aborted) {
      if (this.status.connection === 'offline') {
        // Heartbeat first: a cheap request tells whether the server is back.
        const alive = await this.#api.health(signal).then(
          () => true,
          () => false,
        );
        if (signal.aborted) break;
        if (!alive) {
          await this.#pause(signal);
          continue;
        }
      }
      const outcome = await this.syncOnce(signal);
      if (signal.aborted) break;
      if (outcome.ok) {
        this.#set({ attempt: 0, nextRetryAt: null });
        await this.#waiter.wait(this.#pollMs, signal);
      } else if (this.status.connection === 'needs_sign_in') {
        // Nothing to do until someone signs in again; the session store wakes us.
        await this.#waiter.wait(10 * 60_000, signal);
      } else {
        await this.#pause(signal);
      }
    }
  }

  async #pause(signal: AbortSignal): Promise<void> {
    const attempt = this.status.attempt + 1;
    const delay = backoffDelay(attempt, this.#backoff);
    this.#set({ attempt, nextRetryAt: new Date(this.#clock().getTime() + delay).toISOString() });
    await this.#waiter.wait(delay, signal);
  }

  /** One push of everything pushable, then a pull to the end. Serialised: never two at once. */
  syncOnce(signal?: AbortSignal): Promise<SyncOutcome> {
    const run = this.#tail.then(() => this.#syncOnce(signal));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #syncOnce(signal?: AbortSignal): Promise<SyncOutcome> {
    this.#set({ syncing: true });
    try {
      const pushed = await this.#pusher.pushAll(signal);
      const pulled = await this.#puller.pullAll(signal);
      const at = this.#clock().toISOString();
      await this.#db.meta.put({ key: 'lastSyncAt', value: at });
      this.#set({ connection: 'online', lastSyncAt: at, lastError: null, storageProblem: null, syncing: false });
      return { ok: true, pushed, pulled };
    } catch (error) {
      const patch: Partial<EngineStatus> = { syncing: false };
      if (error instanceof SyncApiError) {
        if (error.kind === 'unauthorized') patch.connection = 'needs_sign_in';
        else if (error.kind === 'network') patch.connection = 'offline';
        else if (error.kind !== 'aborted') patch.connection = 'online';
        if (error.kind !== 'aborted') patch.lastError = { kind: error.kind, code: error.code };
        this.#set(patch);
        return { ok: false, error };
      }
      if (isStorageError(error)) {
        const problem = classifyStorageError(error);
        this.#set({ ...patch, storageProblem: problem, lastError: { kind: 'storage', code: `storage.${problem}` } });
      } else {
        this.#set({ ...patch, lastError: { kind: 'internal', code: error instanceof Error ? error.name : 'unknown' } });
      }
      return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}
