/**
 * Starts the queue index (`queueIndex.ts`: filters, search and sorts in memory) for the queues
 * page, in the background once the first rows, the counts and the filters' choices have had the
 * store to themselves. Until it is built, and after a failed build until the page is shown again,
 * the queue reads the store's indexes.
 */
import { getCurrentScope, onScopeDispose, watch, type Ref } from 'vue';
import { runtime } from '../../sync/runtime';
import { queueIndexOf } from './queueIndex';

/** How long after the first rows the queue index starts being built. */
export const INDEX_DELAY_MS = 2000;

/** `listed`: the page's first rows are drawn. The returned `start` is called again when the page is shown again. */
export function useQueueIndex(listed: Readonly<Ref<boolean>>): { start: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  function start(): void {
    if (!listed.value) return;
    clearTimeout(timer);
    timer = setTimeout(() => void runtime().db().then((db) => queueIndexOf(db).start()), INDEX_DELAY_MS);
  }
  watch(listed, start, { immediate: true });
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer));
  return { start };
}
