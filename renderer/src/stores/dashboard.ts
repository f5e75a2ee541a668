/**
 * The supervisor dashboard's choices: the date range and which charts are shown as tables. The
 * range is kept as calendar dates (day numbers) and, like the table choices, saved in web storage
 * as a span relative to today, so "the last 30 days" stays the last 30 days tomorrow.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { z } from 'zod';
import type { DayRange } from '../stats';
import { preferenceStorage, readPreference, savePreference } from './preferences';

export const DASHBOARD_PREFERENCE_KEY = 'desk.dashboard.v1';
export const DEFAULT_SPAN_DAYS = 30;
/** Longest range the daily charts show (a year). */
export const MAX_SPAN_DAYS = 366;

export const CHART_KEYS = ['openByState', 'openByType', 'throughput', 'overdue', 'breaches', 'returnsBySku', 'returnsByReason', 'stationHours', 'grades', 'dispositions', 'disputes', 'refunds'] as const;
export type ChartKey = (typeof CHART_KEYS)[number];

const StoredSchema = z.object({
  spanDays: z.number().int().min(1).max(MAX_SPAN_DAYS).catch(DEFAULT_SPAN_DAYS),
  tables: z.array(z.enum(CHART_KEYS)).catch([]),
});

/** The range of the last `span` days ending on `today`. */
export function lastDays(today: number, span: number): DayRange {
  return { from: today - span + 1, to: today };
}

/** A range within the allowed span (ends swapped if needed, at most MAX_SPAN_DAYS long, ending on `to`). */
export function clampRange(range: DayRange): DayRange {
  const from = Math.min(range.from, range.to);
  const to = Math.max(range.from, range.to);
  return { from: Math.max(from, to - MAX_SPAN_DAYS + 1), to };
}

export const useDashboardStore = defineStore('dashboard', () => {
  const parsed = StoredSchema.safeParse(readPreference(preferenceStorage(), DASHBOARD_PREFERENCE_KEY) ?? {});
  const stored = parsed.success ? parsed.data : { spanDays: DEFAULT_SPAN_DAYS, tables: [] };
  const spanDays = ref(stored.spanDays);
  /** A range picked by hand; null = the last `spanDays` days. */
  const picked = ref<DayRange | null>(null);
  const tables = ref<ChartKey[]>(stored.tables);

  watch([spanDays, tables], () => savePreference(preferenceStorage(), DASHBOARD_PREFERENCE_KEY, { spanDays: spanDays.value, tables: tables.value }), { deep: true });

  function rangeFor(today: number): DayRange {
    return picked.value ?? lastDays(today, spanDays.value);
  }

  function setRange(range: DayRange, today: number): void {
    const r = clampRange(range);
    if (r.to === today) {
      spanDays.value = r.to - r.from + 1;
      picked.value = null;
    } else picked.value = r;
  }

  function isTable(key: ChartKey): boolean {
    return tables.value.includes(key);
  }

  function toggleTable(key: ChartKey): void {
    tables.value = isTable(key) ? tables.value.filter((k) => k !== key) : [...tables.value, key];
  }

  return { spanDays, picked, tables, rangeFor, setRange, isTable, toggleTable, tableCount: computed(() => tables.value.length) };
});
