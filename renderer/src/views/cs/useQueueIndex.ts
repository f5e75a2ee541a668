/**
 * Starts the queue index (`queueIndex.ts`: filters, search and sorts in memory) for the queues
 * page, in the background once the first rows, the counts and the filters' choices have had the
 * store to themselves. Until it is built, and after a failed build until the page is shown again,
 * the queue reads the store's indexes.
 */
import { getCurrentScope, onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import { runtime } from '../../sync/runtime';
import { queueIndexOf } from './queueIndex';

/** How long after the first rows the queue index starts being built. */
export const INDEX_DELAY_MS = 2000;

/**
 * `listed`: the page's first rows are drawn. `start` is called again when the page is shown
 * again (a start already waiting is not put off). `built`: the queue answers from memory.
 */
export function useQueueIndex(listed: Readonly<Ref<boolean>>): { start: () => void; built: Readonly<Ref<boolean>> } {
  const built = shallowRef(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unwatch: (() => void) | undefined;
  let stopped = false;
  function start(): void {
    if (!listed.value || timer !== undefined) return;
    timer = setTimeout(() => {
      void runtime()
        .db()
        .then((db) => {
          timer = undefined;
          if (stopped) return;
          const index = queueIndexOf(db);
          unwatch?.();
          unwatch = index.watch((now) => (built.value = now));
          index.start();
          built.value = index.ready;
        });
    }, INDEX_DELAY_MS);
  }
  watch(listed, start, { immediate: true });
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      clearTimeout(timer);
      unwatch?.();
    });
  }
  return { start, built };
}
