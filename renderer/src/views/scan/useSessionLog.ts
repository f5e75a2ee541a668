/** Today's scans at this station for the session-log panel, read live with their sync state. */
import { computed } from 'vue';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { runtime } from '../../sync/runtime';
import { todaysScans, waitingCount, type LogEntry } from './sessionLog';

export function useSessionLog() {
  const { data: entries } = useLiveQuery((db) => todaysScans(db, runtime().clock()), [] as LogEntry[]);
  /** Entries not on the server yet (what a worker checks before leaving). */
  const waiting = computed(() => waitingCount(entries.value));
  return { entries, waiting };
}
