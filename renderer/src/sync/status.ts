/**
 * What the sync engine tells the status bar and the sync view: connection, progress of the first
 * download, the last error and the retry schedule. One mutable record with listeners; every
 * change is published as a new object so a reactive store can take it as is.
 */
import type { StorageProblem } from '../db/storage';
import type { SyncApiError } from './api';

export type ConnectionState = 'unknown' | 'online' | 'offline' | 'needs_sign_in';

export interface FirstSyncProgress {
  /** Changes written so far. */
  received: number;
  /** Pages written by this run. */
  pages: number;
  done: boolean;
  /**
   * Changes the whole download holds (at least `received`), as the server counted them when the
   * download began; null when the server did not say.
   */
  total: number | null;
}

export interface EngineStatus {
  connection: ConnectionState;
  running: boolean;
  syncing: boolean;
  lastSyncAt: string | null;
  lastError: { kind: string; code: string } | null;
  /** Set while the first full download of this workstation runs (and once it is done). */
  firstSync: FirstSyncProgress | null;
  /** Consecutive failed attempts; 0 after a success. */
  attempt: number;
  nextRetryAt: string | null;
  storageProblem: StorageProblem | null;
}

export type SyncOutcome = { ok: true; pushed: number; pulled: number } | { ok: false; error: SyncApiError | Error };

export const INITIAL_STATUS: EngineStatus = {
  connection: 'unknown',
  running: false,
  syncing: false,
  lastSyncAt: null,
  lastError: null,
  firstSync: null,
  attempt: 0,
  nextRetryAt: null,
  storageProblem: null,
};

export class StatusBoard {
  #status: EngineStatus = INITIAL_STATUS;
  readonly #listeners = new Set<(status: EngineStatus) => void>();

  get current(): EngineStatus {
    return this.#status;
  }

  subscribe(listener: (status: EngineStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  set(patch: Partial<EngineStatus>): void {
    this.#status = { ...this.#status, ...patch };
    for (const listener of this.#listeners) listener(this.#status);
  }
}
