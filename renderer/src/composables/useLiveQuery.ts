/**
 * A Dexie liveQuery as Vue state: the view re-renders whenever the rows the query read change in
 * the local store (from this window, another window or the sync engine). The query may read
 * reactive state (the chosen queue, filters, visible rows): it is subscribed again when that
 * state changes, and an answer from an older subscription is never shown after a newer one.
 */
import { liveQuery, type Subscription } from 'dexie';
import { getCurrentScope, onScopeDispose, shallowRef, watch, type ShallowRef, type WatchSource } from 'vue';
import type { DeskDb } from '../db/schema';
import { runtime } from '../sync/runtime';

export interface LiveQueryState<T> {
  data: ShallowRef<T>;
  /** True until the first answer of the current subscription arrived. */
  loading: ShallowRef<boolean>;
  /** The last failure (a storage problem), cleared by the next answer. */
  error: ShallowRef<unknown>;
}

/**
 * `query` runs inside Dexie's liveQuery; `deps` are the reactive inputs it depends on (a getter
 * or refs): when they change the subscription is replaced. Stops with the calling scope.
 */
export function useLiveQuery<T>(query: (db: DeskDb) => Promise<T>, initial: T, deps: WatchSource[] = []): LiveQueryState<T> {
  const data = shallowRef<T>(initial);
  const loading = shallowRef(true);
  const error = shallowRef<unknown>(null);
  let subscription: Subscription | null = null;
  let generation = 0;
  let stopped = false;

  function subscribe(): void {
    subscription?.unsubscribe();
    subscription = null;
    const mine = ++generation;
    loading.value = true;
    void runtime()
      .db()
      .then((db) => {
        if (stopped || mine !== generation) return;
        subscription = liveQuery(() => query(db)).subscribe({
          next: (value) => {
            if (mine !== generation) return;
            data.value = value;
            error.value = null;
            loading.value = false;
          },
          error: (failure: unknown) => {
            if (mine !== generation) return;
            error.value = failure;
            loading.value = false;
          },
        });
      })
      .catch((failure: unknown) => {
        if (mine !== generation) return;
        error.value = failure;
        loading.value = false;
      });
  }

  if (deps.length > 0) watch(deps, subscribe, { immediate: true, deep: true });
  else subscribe();

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      generation += 1;
      subscription?.unsubscribe();
    });
  }
  return { data, loading, error };
}
