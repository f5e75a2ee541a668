/**
 * Live counts of every customer-service queue (for the queue list and the app's navigation). The
 * overdue queue depends on the time, so the counts are read again once a minute as well as on
 * every change in the local store. `enabled` false reads nothing (other roles' screens stay free
 * of the extra queries).
 */
import { computed } from 'vue';
import { toIso } from '../../../../shared/domain';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { QUEUE_KEYS, queueCounts, type QueueKey } from './queueQuery';
import { useNow } from './useNow';

const MINUTE = 60_000;

export function zeroCounts(): Record<QueueKey, number> {
  return Object.fromEntries(QUEUE_KEYS.map((q) => [q, 0])) as Record<QueueKey, number>;
}

export function useQueueCounts(enabled: () => boolean = () => true) {
  const now = useNow();
  const minute = computed(() => Math.floor(now.value / MINUTE) * MINUTE);
  const on = computed(enabled);
  return useLiveQuery((db) => (on.value ? queueCounts(db, toIso(minute.value)) : Promise.resolve(zeroCounts())), zeroCounts(), [minute, on]);
}
