/**
 * Live counts of every customer-service queue (for the queue list and the app's navigation). The
 * overdue queue depends on the time, so the counts are read again once a minute as well as on
 * every change in the local store. `enabled` false reads nothing (other roles' screens stay free
 * of the extra queries). `keys` limits the counting to the queues shown: the navigation shows two,
 * and counting every queue (the "all" count walks the whole case table) keeps the store busy at
 * start-up while the opened screen (the dashboard, say) waits for its own reads.
 */
import { computed } from 'vue';
import { toIso } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
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

export function useQueueCounts(enabled: () => boolean = () => true, keys: readonly QueueKey[] = QUEUE_KEYS) {
  const now = useNow();
  const minute = computed(() => Math.floor(now.value / MINUTE) * MINUTE);
  const on = computed(enabled);
  return useLiveQuery((db) => (on.value ? countsOf(db, keys, toIso(minute.value)) : Promise.resolve(zeroCounts())), zeroCounts(), [minute, on]);
}
