/**
 * The scan station's working state (扫描台), one Pinia store that outlives the view, so leaving
 * the page and coming back keeps the parcel on the bench. It composes the pieces, each with its
 * own concern and tests:
 * - the bench (`bench.ts`): phase, banner, matches, cases and the inspection draft;
 * - the scan flow (`scanFlow.ts`): a scan looked up and put on the bench;
 * - the decisions (`decisions.ts`): receive, dispute, register, recorded through the local store;
 * - the session log (`sessionLog.ts`): each scan's row, written in order after the scan is shown;
 * - live reads of the cases shown (`live.ts`), so a case changed elsewhere shows at once.
 */
import { defineStore } from 'pinia';
import { computed } from 'vue';
import { classifyStorageError } from '../../db/storage';
import { runtime } from '../../sync/runtime';
import { useSessionStore } from '../../stores/session';
import { useSyncStore } from '../../stores/sync';
import { createBench } from './bench';
import { createDecisions } from './decisions';
import { createFollower } from './live';
import { createScanFlow, type StationContext } from './scanFlow';
import { createScanLog } from './sessionLog';

export type { DecisionResult } from './decisions';

export const useScanStationStore = defineStore('scanStation', () => {
  const session = useSessionStore();
  const sync = useSyncStore();
  /**
   * Staff who do not receive goods (CS, finance, supervisors) look cases up read-only: no counting,
   * no unmatched-parcel form, no decisions, and their lookups stay out of the warehouse's session log.
   */
  const readOnly = computed(() => session.staff?.role !== 'warehouse');
  const now = (): string => runtime().clock().toISOString();
  const db = () => runtime().db();

  const bench = createBench();
  const log = createScanLog({ now, staffId: () => session.staff?.id ?? null, silent: () => readOnly.value, failed: (problem) => (sync.storageProblem = problem) });
  const live = createFollower({ db, now, actor: () => session.actor, next: bench.refresh, error: (error) => (sync.storageProblem = classifyStorageError(error)) });
  const context: StationContext = {
    db,
    now,
    actor: () => session.actor,
    warehouseId: () => session.staff?.warehouseId ?? null,
    readOnly: () => readOnly.value,
    bench,
    log,
    follow: live.follow,
    reset() {
      live.follow([]);
      bench.clear();
      log.forget();
    },
  };
  const scans = createScanFlow(context);
  const decisions = createDecisions({ ...context, issue: (input, extras) => sync.issue(input, extras), issueAll: (inputs, extras) => sync.issueAll(inputs, extras) });

  return {
    phase: bench.phase,
    banner: bench.banner,
    matches: bench.matches,
    cases: bench.cases,
    benchNo: bench.benchNo,
    order: bench.order,
    draft: bench.draft,
    parcel: bench.parcel,
    register: bench.register,
    rules: bench.rules,
    foreignNames: bench.foreignNames,
    products: bench.products,
    blockers: bench.blockers,
    receivable: bench.receivable,
    disputable: bench.disputable,
    touched: bench.touched,
    busy: decisions.busy,
    lastRecorded: decisions.lastRecorded,
    logProblem: log.problem,
    readOnly,
    show: bench.show,
    setGrade: bench.setGrade,
    patchDraft: bench.patchDraft,
    adjust: bench.adjust,
    handleScan: scans.handleScan,
    pick: scans.pick,
    startMatch: scans.startMatch,
    cancel: scans.cancel,
    accept: decisions.accept,
    dispute: decisions.dispute,
    registerUnmatched: decisions.registerUnmatched,
  };
});
