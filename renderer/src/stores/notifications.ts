/**
 * Staff notifications for customer service and supervisors: the notices derived from the synced
 * cases (`views/notifications/notices.ts`, which states the source rule), which of them this person
 * has read, and the read marks' exchange with the central API — after every sync of the desk, when
 * a notice is read, and when the list is opened. The due-soon window is a preference of the desk
 * (web storage), 4 hours unless chosen otherwise.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { toIso } from '../../../shared/domain';
import { firstContentShown } from '../composables/useFirstContent';
import { useLiveQuery } from '../composables/useLiveQuery';
import { useStoreQuery } from '../composables/useStoreQuery';
import { createApi, SyncApiError } from '../sync/api';
import { readPolicy } from '../sync/local';
import { runtime } from '../sync/runtime';
import { caseIdsOf, DEFAULT_HORIZON_HOURS, DEFAULT_WINDOW_HOURS, deriveDueNotices, deriveSweepNotices, mergeNotices, NOTICE_LIMIT, type Notice, type NoticeViewer } from '../views/notifications/notices';
import { queueIndexOf } from '../views/cs/queueIndex';
import { markRead as markReadRows, readKeys, syncReadMarks } from '../views/notifications/readMarks';
import { useNow } from '../views/cs/useNow';
import { preferenceStorage, readPreference, savePreference } from './preferences';
import { useSessionStore } from './session';
import { useSyncStore } from './sync';

export const NOTIFICATIONS_PREFERENCE_KEY = 'desk.notifications.v1';
/** The windows offered for "due soon", in hours. */
export const WINDOW_CHOICES = [1, 2, 4, 8, 24] as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

function storedWindow(): number {
  const saved = readPreference(preferenceStorage(), NOTIFICATIONS_PREFERENCE_KEY) as { windowHours?: unknown } | undefined;
  const hours = saved?.windowHours;
  return typeof hours === 'number' && (WINDOW_CHOICES as readonly number[]).includes(hours) ? hours : DEFAULT_WINDOW_HOURS;
}

export const useNotificationsStore = defineStore('notifications', () => {
  const session = useSessionStore();
  const sync = useSyncStore();
  const windowHours = ref(storedWindow());
  /** The last exchange of read marks failed with this code (offline: `sync.network`). */
  const lastError = ref<string | null>(null);

  const viewer = computed<NoticeViewer | null>(() => {
    const staff = session.staff;
    return staff && (staff.role === 'cs' || staff.role === 'admin') ? { staffId: staff.id, role: staff.role } : null;
  });
  const clock = useNow();
  // Deadlines come due with time: they are derived again each minute, and on every change. What
  // the sweeper did changes with the store; with the time only as the horizon slides, so it is
  // derived again hourly (reading every case that ended in the last days each minute kept the
  // store busy for up to a second, every minute).
  const minute = computed(() => Math.floor(clock.value / MINUTE_MS) * MINUTE_MS);
  const hour = computed(() => Math.floor(clock.value / HOUR_MS) * HOUR_MS);

  // Derived once the opened screen has drawn its first content: it reads first (composables/useFirstContent.ts).
  const started = firstContentShown();
  const sweeps = useLiveQuery<Notice[]>(
    async (db) => {
      if (!viewer.value || !started.value) return [];
      // Up to the end of the hour, and one hour further back, so nothing in the horizon is missed between two derivations.
      return deriveSweepNotices(db, await readPolicy(db), { now: toIso(hour.value + HOUR_MS), horizonHours: DEFAULT_HORIZON_HOURS + 1 });
    },
    [],
    [viewer, hour, started],
  );
  // From the queue index when it is built (views/cs/queueIndex.ts): no read of the store then.
  const due = useStoreQuery<Notice[]>(
    async (db) => {
      const who = viewer.value;
      if (!who || !started.value) return [];
      const options = { now: toIso(minute.value), windowHours: windowHours.value, horizonHours: DEFAULT_HORIZON_HOURS, limit: NOTICE_LIMIT };
      return deriveDueNotices(db, who, options, (await queueIndexOf(db).current())?.values());
    },
    [],
    [viewer, minute, windowHours, started],
    ['caseView'],
  );
  const notices = computed(() => mergeNotices(sweeps.data.value, due.data.value));
  const loading = computed(() => sweeps.loading.value || due.loading.value);
  const error = computed(() => sweeps.error.value ?? due.error.value);
  const read = useLiveQuery((db) => (viewer.value ? readKeys(db, viewer.value.staffId) : Promise.resolve(new Set<string>())), new Set<string>(), [viewer]);

  const list = computed(() => notices.value);
  const unread = computed(() => list.value.filter((n) => !read.data.value.has(n.key)));
  const unreadCount = computed(() => unread.value.length);
  /** Cases with an unread notice (their queue rows are flagged). */
  const flaggedCases = computed(() => caseIdsOf(unread.value));

  function isRead(key: string): boolean {
    return read.data.value.has(key);
  }

  let running: Promise<void> | null = null;
  let again = false;

  /**
   * Exchanges read marks with the central API now: one exchange at a time, and one more after it
   * when asked meanwhile (a notice read during an exchange is sent right after). Offline, the
   * marks wait for the next attempt.
   */
  function syncReads(): Promise<void> {
    const who = viewer.value;
    if (running) {
      again = true;
      return running;
    }
    if (!who || !session.token) return Promise.resolve();
    running = (async () => {
      try {
        const api = createApi({ baseUrl: session.apiBase, token: () => session.token, fetch: runtime().fetch });
        await syncReadMarks(await runtime().db(), who.staffId, api);
        lastError.value = null;
      } catch (error) {
        lastError.value = error instanceof SyncApiError ? error.code : 'storage';
      } finally {
        running = null;
        if (again) {
          again = false;
          void syncReads();
        }
      }
    })();
    return running;
  }

  /** Marks notices read on this desk at once, and on the person's other desks after the next exchange. */
  async function markRead(keys: readonly string[]): Promise<void> {
    const who = viewer.value;
    if (!who || keys.length === 0) return;
    await markReadRows(await runtime().db(), who.staffId, keys, runtime().clock().toISOString());
    void syncReads();
  }

  function markAllRead(): Promise<void> {
    return markRead(unread.value.map((n) => n.key));
  }

  function setWindowHours(hours: number): void {
    if (!(WINDOW_CHOICES as readonly number[]).includes(hours)) return;
    windowHours.value = hours;
    savePreference(preferenceStorage(), NOTIFICATIONS_PREFERENCE_KEY, { windowHours: hours });
  }

  // After each sync of the desk (the engine's poll, "sync now") and at sign-in.
  watch(
    () => sync.lastSyncAt,
    () => void syncReads(),
  );
  watch(viewer, () => void syncReads(), { immediate: true });

  return {
    windowHours,
    lastError,
    viewer,
    list,
    unread,
    unreadCount,
    flaggedCases,
    loading,
    error,
    isRead,
    markRead,
    markAllRead,
    syncReads,
    setWindowHours,
  };
});
