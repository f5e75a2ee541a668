/**
 * Who a staff id is: the site's staff directory (`GET /staff/directory`) kept in the local store
 * (`meta` row `staffDirectory`), so a case's owner, the people in its timeline and the colleagues a
 * supervisor may assign a case to are shown by name — offline too, from the last copy. Fetched at
 * sign-in and after a sync of the desk, at most every ten minutes (buyers have no directory); an
 * id the copy does not know is shown as it is.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { z } from 'zod';
import { DIRECTORY_ROLES, DirectoryEntrySchema, type DirectoryEntry } from '../../../shared/sync/staff-directory';
import type { DeskDb } from '../db/schema';
import { useLiveQuery } from '../composables/useLiveQuery';
import { createApi, SyncApiError } from '../sync/api';
import { runtime } from '../sync/runtime';
import { useSessionStore } from './session';
import { useSyncStore } from './sync';

export const STAFF_DIRECTORY_KEY = 'staffDirectory';
/** A copy younger than this is not fetched again after a sync (sign-in always fetches). */
export const DIRECTORY_REFRESH_MS = 10 * 60_000;

const SavedDirectorySchema = z.object({ fetchedAt: z.string(), staff: z.array(DirectoryEntrySchema) });
type SavedDirectory = z.infer<typeof SavedDirectorySchema>;

const READERS: ReadonlySet<string> = new Set(DIRECTORY_ROLES);

/** The copy kept in the local store, or null when there is none (or it is not a directory). */
async function readSaved(db: DeskDb): Promise<SavedDirectory | null> {
  const parsed = SavedDirectorySchema.safeParse((await db.meta.get(STAFF_DIRECTORY_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

export const useStaffDirectoryStore = defineStore('staffDirectory', () => {
  const session = useSessionStore();
  const sync = useSyncStore();
  /** The last fetch failed with this code (offline: `sync.network`); the saved copy stays in use. */
  const lastError = ref<string | null>(null);

  const saved = useLiveQuery<SavedDirectory | null>(readSaved, null);
  const byId = computed(() => new Map((saved.data.value?.staff ?? []).map((entry) => [entry.id, entry])));

  /** The entry for `id`: from the directory, or the signed-in person as the session knows them. */
  function entryOf(id: string): DirectoryEntry | null {
    const me = session.staff;
    if (me && me.id === id && me.role !== 'buyer') return { id, displayName: me.displayName, role: me.role, active: true };
    return byId.value.get(id) ?? null;
  }

  /** The name to show for a staff id (the id itself when nobody by that id is known here). */
  function nameOf(id: string): string {
    return entryOf(id)?.displayName || id;
  }

  /** Active colleagues in `roles`, by name (the signed-in person included). */
  function colleagues(roles: readonly DirectoryEntry['role'][]): DirectoryEntry[] {
    const listed = new Map([...byId.value].filter(([, e]) => e.active && roles.includes(e.role)));
    const me = session.staff ? entryOf(session.staff.id) : null;
    if (me && roles.includes(me.role)) listed.set(me.id, me);
    return [...listed.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
  }

  let running: Promise<void> | null = null;

  /** Fetches the directory when this person may read it and the copy is older than `maxAgeMs`. */
  function refresh(maxAgeMs = DIRECTORY_REFRESH_MS): Promise<void> {
    if (running) return running;
    const staff = session.staff;
    if (!staff || !READERS.has(staff.role) || !session.token) return Promise.resolve();
    running = (async () => {
      try {
        const db = await runtime().db();
        const copy = await readSaved(db);
        const now = runtime().clock();
        if (copy && now.getTime() - Date.parse(copy.fetchedAt) < maxAgeMs) return;
        const api = createApi({ baseUrl: session.apiBase, token: () => session.token, fetch: runtime().fetch });
        const reply = await api.staffDirectory();
        await db.meta.put({ key: STAFF_DIRECTORY_KEY, value: { fetchedAt: now.toISOString(), staff: reply.staff } satisfies SavedDirectory });
        lastError.value = null;
      } catch (error) {
        lastError.value = error instanceof SyncApiError ? error.code : 'storage';
      } finally {
        running = null;
      }
    })();
    return running;
  }

  // At sign-in (whatever the age of the copy) and after each sync of the desk.
  watch(
    () => session.staff?.id,
    (id) => {
      if (id) void refresh(0);
    },
    { immediate: true },
  );
  watch(
    () => sync.lastSyncAt,
    () => void refresh(),
  );

  return { lastError, loading: saved.loading, nameOf, entryOf, colleagues, refresh };
});
