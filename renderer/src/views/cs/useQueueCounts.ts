/**
 * Live counts of every customer-service queue (for the queue list and the app's navigation). The
 * overdue queue depends on the time, so the counts are read again once a minute as well as on
 * every change in the local store. `enabled` false reads nothing (other roles' screens stay free
 * of the extra queries). `keys` limits the counting to the queues shown: the navigation shows two,
 * and counting every queue (the "all" count walks the whole case table) keeps the store busy at
 * start-up while the opened screen (the dashboard, say) waits for its own reads; and the counts
 * start only once that screen's first content is drawn.
 */
import { computed, type Ref } from 'vue';
import { toIso } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import { firstContentShown } from '../../composables/useFirstContent';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { QUEUE_KEYS, queueCount, type QueueKey } from './queueQuery';
import { useNow } from './useNow';

const MINUTE = 60_000;

export function zeroCounts(): Record<QueueKey, number> {
  return Object.fromEntries(QUEUE_KEYS.map((q) => [q, 0])) as Record<QueueKey, number>;
}

/** Counts of `keys` (the others stay 0). */
async function countsOf(db: DeskDb, keys: readonly QueueKey[], now: string): Promise<Record<QueueKey, number>> {
  const counts = await Promise.all(keys.map((q) => queueCount(db, q, now)));
  const out = zeroCounts();
  keys.forEach((q, i) => (out[q] = counts[i] ?? 0));
  return out;
}

/** The last counts read, per set of queues: a screen opened again shows them while it reads its rows first. */
const lastCounts = new Map<string, Record<QueueKey, number>>();

/** Forgets the counts kept between screens (sign-out, tests). */
export function forgetQueueCounts(): void {
  lastCounts.clear();
}

/**
 * `after`: the counts wait for it (see `composables/useFirstContent.ts`), showing the last counts
 * read meanwhile; by default the first screen's content.
 */
export function useQueueCounts(enabled: () => boolean = () => true, keys: readonly QueueKey[] = QUEUE_KEYS, after: Readonly<Ref<boolean>> = firstContentShown()) {
  const now = useNow();
  const minute = computed(() => Math.floor(now.value / MINUTE) * MINUTE);
  const on = computed(enabled);
  const cacheKey = keys.join(',');
  return useLiveQuery(
    async (db) => {
      if (!on.value) return zeroCounts();
      if (!after.value) return lastCounts.get(cacheKey) ?? zeroCounts();
      const counts = await countsOf(db, keys, toIso(minute.value));
      lastCounts.set(cacheKey, counts);
      return counts;
    },
    lastCounts.get(cacheKey) ?? zeroCounts(),
    [minute, on, after],
  );
}
