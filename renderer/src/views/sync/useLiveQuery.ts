import { liveQuery, type Subscription } from 'dexie';
import { onBeforeUnmount, shallowRef, type ShallowRef } from 'vue';
import type { DeskDb } from '../../db/schema';
import { runtime } from '../../sync/runtime';

/** A Dexie liveQuery as a Vue ref: the view re-renders whenever the local store changes. */
export function useLiveQuery<T>(query: (db: DeskDb) => Promise<T>, initial: T): ShallowRef<T> {
  const value = shallowRef<T>(initial);
  let subscription: Subscription | null = null;
  let stopped = false;
  void runtime()
    .db()
    .then((db) => {
      if (stopped) return;
      subscription = liveQuery(() => query(db)).subscribe({
        next: (next) => {
          value.value = next;
        },
      });
    });
  onBeforeUnmount(() => {
    stopped = true;
    subscription?.unsubscribe();
  });
  return value;
}
