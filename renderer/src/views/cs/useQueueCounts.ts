/**
 * Live counts of every customer-service queue (for the queue list and the app's navigation). The
 * overdue queue depends on the time, so the counts are read again once a minute as well as on
 * every change in the local store. `enabled` false reads nothing (other roles' screens stay free
 * of the extra queries). `keys` limits the counting to the queues shown: the navigation shows two,
 * and counting every queue (the "all" count walks the whole case table) keeps the store busy at
 * start-up while the opened screen (the dashboard, say) waits for its own reads; and the counts
 * start only once that screen's first content is drawn. A queue's count is walked again only when
 * the cases changed since it was last read (or, for the overdue queue, the minute). Once the queue
 * index is built (`queueIndex.ts`), counts are taken from memory and no index range is walked.
 */
import { computed, type Ref } from 'vue';
import { toIso } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import { firstContentShown } from '../../composables/useFirstContent';
import { storeStamp, useStoreQuery } from '../../composables/useStoreQuery';
import { queueIndexOf } from './queueIndex';
import { QUEUE_KEYS, queueCount, type QueueKey } from './queueQuery';
import { useNow } from './useNow';

const MINUTE = 60_000;

export function zeroCounts(): Record<QueueKey, number> {
  return Object.fromEntries(QUEUE_KEYS.map((q) => [q, 0])) as Record<QueueKey, number>;
}

/**
 * The last count of each queue with the store's stamp (and the minute, for the overdue queue) it
 * was read at: a count whose cases have not changed since is not walked again, so opening the
 * queues again, or the minute passing, re-reads only what may differ.
 */
const lastCounts = new Map<QueueKey, { stamp: string; minute: number; count: number }>();
/** Counts being read, shared by the screens asking at once (the navigation and the queues). */
const reading = new Map<string, Promise<number>>();
const TABLES = ['caseView'];

function readCount(db: DeskDb, q: QueueKey, stamp: string, minute: number): Promise<number> {
  const key = `${q}|${stamp}|${q === 'overdue' ? minute : ''}`;
  let count = reading.get(key);
  if (!count) {
    count = queueCount(db, q, toIso(minute), queueIndexOf(db)).then((n) => {
      lastCounts.set(q, { stamp, minute, count: n });
      return n;
    });
    reading.set(key, count);
    void count.then(
      () => reading.delete(key),
      () => reading.delete(key),
    );
  }
  return count;
}

/** Counts of `keys` (the others stay 0). */
async function countsOf(db: DeskDb, keys: readonly QueueKey[], minute: number): Promise<Record<QueueKey, number>> {
  const stamp = storeStamp(TABLES);
  const counts = await Promise.all(
    keys.map((q) => {
      const last = lastCounts.get(q);
      if (last && last.stamp === stamp && (q !== 'overdue' || last.minute === minute)) return last.count;
      return readCount(db, q, stamp, minute);
    }),
  );
  const out = zeroCounts();
  keys.forEach((q, i) => (out[q] = counts[i] ?? 0));
  return out;
}

/** The last counts known, whatever their age (shown while a screen reads its rows first). */
function knownCounts(keys: readonly QueueKey[]): Record<QueueKey, number> {
  const out = zeroCounts();
  for (const q of keys) out[q] = lastCounts.get(q)?.count ?? 0;
  return out;
}

/** Forgets the counts kept between screens (sign-out, tests). */
export function forgetQueueCounts(): void {
  lastCounts.clear();
  reading.clear();
}

/**
 * `after`: the counts wait for it (see `composables/useFirstContent.ts`), showing the last counts
 * read meanwhile; by default the first screen's content.
 */
export function useQueueCounts(
  enabled: () => boolean = () => true,
  keys: readonly QueueKey[] = QUEUE_KEYS,
  after: Readonly<Ref<boolean>> = firstContentShown(),
  /** False while the screen showing the counts is kept alive but hidden: the last counts stay, nothing is read. */
  active?: Readonly<Ref<boolean>>,
) {
  const now = useNow();
  const minute = computed(() => Math.floor(now.value / MINUTE) * MINUTE);
  const on = computed(enabled);
  return useStoreQuery(
    async (db) => {
      if (!on.value) return zeroCounts();
      if (!after.value) return knownCounts(keys);
      return countsOf(db, keys, minute.value);
    },
    knownCounts(keys),
    [minute, on, after],
    TABLES,
    active ? { active } : {},
  );
}
