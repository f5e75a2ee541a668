/**
 * The customer-service queues' working state: which queue is open, its filters, search and sort,
 * the row under the keyboard cursor, the selection for bulk approval, and the saved filters.
 * Saved filters and the last view are kept in web storage, so they survive a restart of the app;
 * the queue contents themselves are read from the local store (`views/cs/queueQuery.ts`).
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { z } from 'zod';
import { CASE_STATES, CASE_TYPES, REASONS } from '../../../shared/domain';
import { OwnerFilterSchema, QUEUE_KEYS, SORT_KEYS, emptyFilters, type QueueFilters, type QueueKey, type QueueSpec, type SortKey } from '../views/cs/queueQuery';
import { preferenceStorage, readPreference, savePreference } from './preferences';
import { useSessionStore } from './session';

export const QUEUES_PREFERENCE_KEY = 'desk.cs.queues.v1';

const FiltersSchema = z.object({
  types: z.array(z.enum(CASE_TYPES)).catch([]),
  reasons: z.array(z.enum(REASONS)).catch([]),
  states: z.array(z.enum(CASE_STATES)).catch([]),
  warehouses: z.array(z.string().max(100)).catch([]),
  carriers: z.array(z.string().max(100)).catch([]),
  openedFrom: z.iso.datetime({ offset: true }).nullable().catch(null),
  openedTo: z.iso.datetime({ offset: true }).nullable().catch(null),
  amountMin: z.number().int().nonnegative().nullable().catch(null),
  amountMax: z.number().int().nonnegative().nullable().catch(null),
  owner: OwnerFilterSchema.nullable().catch(null),
});

const SavedFilterSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(60),
  queue: z.enum(QUEUE_KEYS),
  filters: FiltersSchema,
  search: z.string().max(100).catch(''),
  sort: z.enum(SORT_KEYS).catch('due'),
});
export type SavedFilter = z.infer<typeof SavedFilterSchema>;

const StoredSchema = z.object({
  // One damaged entry is dropped, not the whole list.
  saved: z.array(z.unknown()).catch([]),
  last: z
    .object({ queue: z.enum(QUEUE_KEYS).catch('needs_me'), filters: FiltersSchema.catch(emptyFilters()), sort: z.enum(SORT_KEYS).catch('due') })
    .nullable()
    .catch(null),
});

function readStored(): { saved: SavedFilter[]; last: { queue: QueueKey; filters: QueueFilters; sort: SortKey } | null } {
  const parsed = StoredSchema.safeParse(readPreference(preferenceStorage(), QUEUES_PREFERENCE_KEY) ?? {});
  if (!parsed.success) return { saved: [], last: null };
  const saved = parsed.data.saved.flatMap((entry) => {
    const one = SavedFilterSchema.safeParse(entry);
    return one.success ? [one.data] : [];
  });
  return { saved, last: parsed.data.last };
}

function newFilterId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `f-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export const useQueuesStore = defineStore('csQueues', () => {
  const stored = readStored();
  const queue = ref<QueueKey>(stored.last?.queue ?? 'needs_me');
  const filters = ref<QueueFilters>(stored.last?.filters ?? emptyFilters());
  const sort = ref<SortKey>(stored.last?.sort ?? 'due');
  const search = ref('');
  const saved = ref<SavedFilter[]>(stored.saved);
  /** Index of the row under the keyboard cursor. */
  const cursor = ref(0);
  /** Case ids chosen for bulk approval. */
  const selected = ref<string[]>([]);

  const session = useSessionStore();
  // The signed-in person's id makes the owner filter's "mine".
  const spec = computed<QueueSpec>(() => ({ queue: queue.value, filters: filters.value, search: search.value, sort: sort.value, me: session.staff?.id ?? null }));

  watch(
    [saved, queue, filters, sort],
    () => savePreference(preferenceStorage(), QUEUES_PREFERENCE_KEY, { saved: saved.value, last: { queue: queue.value, filters: filters.value, sort: sort.value } }),
    { deep: true },
  );

  function resetPosition(): void {
    cursor.value = 0;
    selected.value = [];
  }

  function setQueue(next: QueueKey): void {
    if (next === queue.value) return;
    queue.value = next;
    resetPosition();
  }

  function setFilters(next: QueueFilters): void {
    filters.value = next;
    resetPosition();
  }

  function clearFilters(): void {
    setFilters(emptyFilters());
    search.value = '';
  }

  function setSort(next: SortKey): void {
    sort.value = next;
    cursor.value = 0;
  }

  function setSearch(text: string): void {
    search.value = text;
    resetPosition();
  }

  /** Saves the current queue, filters, search and sort under a name; returns the saved entry (or null for an empty name). */
  function saveCurrent(name: string): SavedFilter | null {
    const entry = SavedFilterSchema.safeParse({ id: newFilterId(), name, queue: queue.value, filters: filters.value, search: search.value, sort: sort.value });
    if (!entry.success) return null;
    saved.value = [...saved.value.filter((s) => s.name !== entry.data.name), entry.data];
    return entry.data;
  }

  function applySaved(id: string): boolean {
    const entry = saved.value.find((s) => s.id === id);
    if (!entry) return false;
    queue.value = entry.queue;
    filters.value = JSON.parse(JSON.stringify(entry.filters)) as QueueFilters;
    search.value = entry.search;
    sort.value = entry.sort;
    resetPosition();
    return true;
  }

  function deleteSaved(id: string): void {
    saved.value = saved.value.filter((s) => s.id !== id);
  }

  /** Moves the keyboard cursor by `delta` rows within `total`. */
  function move(delta: number, total: number): void {
    if (total <= 0) {
      cursor.value = 0;
      return;
    }
    cursor.value = Math.min(total - 1, Math.max(0, cursor.value + delta));
  }

  function toggleSelected(id: string): void {
    selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
  }

  function clearSelection(): void {
    selected.value = [];
  }

  return {
    queue,
    filters,
    sort,
    search,
    saved,
    cursor,
    selected,
    spec,
    setQueue,
    setFilters,
    clearFilters,
    setSort,
    setSearch,
    saveCurrent,
    applySaved,
    deleteSaved,
    move,
    toggleSelected,
    clearSelection,
  };
});
