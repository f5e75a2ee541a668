/**
 * The dashboard's figures as Vue state: the store's per-day summary (`stores/dashboardData`, read
 * once and then kept current), the chosen range and the minute; the figures are recomputed in one
 * pass over the range's days when one of those moves — never when only the theme or the language
 * changes. A drill-down waits for the projected cases (read the first time one is wanted).
 */
import { computed, getCurrentScope, onScopeDispose, shallowRef } from 'vue';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { ZoneClock, drillCases, figures, type DrillCase, type DrillKey } from '../../stats';
import { useDashboardStore } from '../../stores/dashboard';
import { dashboardFeed, type DashboardSnapshot } from '../../stores/dashboardData';
import { runtime } from '../../sync/runtime';
import { useNow } from '../cs/useNow';

export function useDashboard() {
  const store = useDashboardStore();
  const snapshot = shallowRef<DashboardSnapshot | null>(null);
  const error = shallowRef<unknown>(null);
  let unsubscribe: (() => void) | null = null;
  let stopped = false;

  const feedOfStore = runtime()
    .db()
    .then((db) => dashboardFeed(db));
  void feedOfStore
    .then(async (feed) => {
      if (stopped) return;
      unsubscribe = feed.subscribe((next) => {
        snapshot.value = next;
        error.value = null;
      });
      await feed.ready();
      if (!stopped) snapshot.value = feed.snapshot();
    })
    .catch((failure: unknown) => {
      error.value = failure;
    });
  if (getCurrentScope()) {
    onScopeDispose(() => {
      stopped = true;
      unsubscribe?.();
    });
  }

  const now = useNow();
  const minute = computed(() => Math.floor(now.value / 60_000) * 60_000);
  const clock = computed(() => new ZoneClock(snapshot.value?.timeZone ?? DEFAULT_POLICY.timeZone));
  const today = computed(() => clock.value.day(minute.value));
  const range = computed(() => store.rangeFor(today.value));
  const dashboard = computed(() => {
    const snap = snapshot.value;
    return snap ? figures(snap.summary, range.value, minute.value) : null;
  });
  const empty = computed(() => snapshot.value !== null && snapshot.value.summary.caseCount === 0);

  /** The return cases behind a bar, for the range shown when it was clicked. */
  async function drill(key: DrillKey): Promise<{ cases: DrillCase[]; total: number }> {
    const shown = range.value;
    const facts = await (await feedOfStore).facts();
    return drillCases(facts.cases.values(), facts.orders.values(), shown, key);
  }

  return { store, dashboard, error, empty, today, range, drill, readMs: computed(() => Math.round(snapshot.value?.readMs ?? 0)), source: computed(() => snapshot.value?.source ?? ''), phases: computed(() => JSON.stringify(snapshot.value?.phases ?? {})), loading: computed(() => snapshot.value === null && error.value === null) };
}
