/**
 * A read of the local store that is read again when one of its tables changes — a write from this
 * window, from another window of the desk, or from the sync engine (Dexie's `storagemutated`) —
 * and whose last answer can be kept by key between mounts, so that a screen opened again over a
 * store that has not changed since shows it without reading.
 *
 * For the reads that walk whole index ranges (a large queue's ids, the queue counts, the filters'
 * choices): IndexedDB serves them key by key, seconds on a store of 100,000 cases, and a liveQuery
 * re-subscribed on every visit read them again each time, keeping the store busy while the next
 * screen waited for its own reads. Their ranges cover most writes anyway, so watching the table
 * loses little against a liveQuery's range tracking.
 *
 * One read at a time: writes during a read cause one more read after it, not one per write, and
 * an answer to inputs that have changed meanwhile is never shown.
 */
import Dexie from 'dexie';
import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref, type WatchSource } from 'vue';
import type { DeskDb } from '../db/schema';
import { runtime } from '../sync/runtime';
import type { LiveQueryState } from './useLiveQuery';

/** How many times each table has changed since this window started. */
const generations = new Map<string, number>();
const listeners = new Set<(tables: ReadonlySet<string>) => void>();

/** The table a `storagemutated` part names: `idb://<database>/<table>/<index>`. */
function tableOf(part: string): string | null {
  const match = /^idb:\/\/[^/]*\/([^/]+)\//.exec(part);
  return match?.[1] ?? null;
}

Dexie.on('storagemutated', (parts: Record<string, unknown>) => {
  const tables = new Set<string>();
  for (const part of Object.keys(parts)) {
    const table = tableOf(part);
    if (table !== null) tables.add(table);
  }
  for (const table of tables) generations.set(table, (generations.get(table) ?? 0) + 1);
  for (const listener of listeners) listener(tables);
});

/** A stamp of the tables' state: equal stamps mean no write to them committed in between. */
export function storeStamp(tables: readonly string[]): string {
  return tables.map((t) => generations.get(t) ?? 0).join('.');
}

/** Answers kept between mounts, the most recently used last. */
const kept = new Map<string, { stamp: string; value: unknown }>();
const KEPT_LIMIT = 8;

function keep(key: string, stamp: string, value: unknown): void {
  kept.delete(key);
  kept.set(key, { stamp, value });
  if (kept.size > KEPT_LIMIT) {
    const oldest = kept.keys().next();
    if (!oldest.done) kept.delete(oldest.value);
  }
}

/** Forgets every kept answer (sign-out, tests). */
export function forgetKeptAnswers(): void {
  kept.clear();
}

export interface StoreQueryOptions {
  /** The key the answer is kept under between mounts (it must name every input of the query), or null not to keep it. */
  key?: () => string | null;
  /**
   * While false nothing is read (a screen kept alive but not shown): changes meanwhile are read
   * once it is true again.
   */
  active?: Readonly<Ref<boolean>>;
}

/**
 * `query` reads `tables`; `deps` are the reactive inputs it depends on: when they change the
 * shown answer is replaced by one read for them. Stops with the calling scope.
 */
export function useStoreQuery<T>(query: (db: DeskDb) => Promise<T>, initial: T, deps: WatchSource[], tables: readonly string[], options: StoreQueryOptions = {}): LiveQueryState<T> {
  const data = shallowRef<T>(initial);
  const loading = shallowRef(true);
  const error = shallowRef<unknown>(null);
  let running = false;
  let inputsChanged = false;
  let storeChanged = false;
  let stopped = false;

  function settle(value: T): void {
    data.value = value;
    error.value = null;
    loading.value = false;
  }

  async function readOnce(): Promise<void> {
    const key = options.key?.() ?? null;
    const stamp = storeStamp(tables);
    const hit = key === null ? undefined : kept.get(key);
    if (hit && hit.stamp === stamp) {
      settle(hit.value as T);
      return;
    }
    try {
      const value = await query(await runtime().db());
      // Inputs changed during the read: this answer is to a question no longer asked.
      if (stopped || inputsChanged) return;
      settle(value);
      // Kept under the stamp from before the read: a write during it leaves the stamp stale.
      if (key !== null) keep(key, stamp, value);
    } catch (failure: unknown) {
      if (stopped || inputsChanged) return;
      error.value = failure;
      loading.value = false;
    }
  }

  const paused = (): boolean => options.active !== undefined && !options.active.value;

  async function read(): Promise<void> {
    if (running || paused()) return;
    running = true;
    try {
      while (!stopped && !paused() && (inputsChanged || storeChanged)) {
        inputsChanged = false;
        storeChanged = false;
        await readOnce();
      }
    } finally {
      running = false;
    }
  }

  const wanted = new Set(tables);
  const onChange = (changed: ReadonlySet<string>): void => {
    if (![...changed].some((t) => wanted.has(t))) return;
    storeChanged = true;
    void read();
  };
  listeners.add(onChange);

  const start = (): void => {
    inputsChanged = true;
    loading.value = true;
    void read();
  };
  if (deps.length > 0) watch(deps, start, { immediate: true, deep: true });
  else start();
  if (options.active) watch(options.active, () => void read());

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      listeners.delete(onChange);
    });
  }
  return { data, loading, error };
}
