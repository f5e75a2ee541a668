/**
 * The dashboard's copies in the local store, each in one `meta` row with the store's change
 * marker of the moment it was made: the per-day summary (`dashboardSummary`, small: what a start
 * needs to draw every chart) and the packed projections of every case and order
 * (`dashboardFacts`, large: what keeping the figures current and the drill-down need, read only
 * when they are wanted). A copy whose marker is not the store's current one is not used.
 *
 * The marker moves whenever the merged cases or the orders change: the pull cursor, the next
 * outbox sequence and the count of local overlays (a pull, a command recorded here, a command
 * refused or discarded), with the policy's time zone and deadlines the figures depend on.
 */
import { DEFAULT_POLICY, type Policy } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { DashboardSummary, PackedFacts } from '../stats';

export const DASHBOARD_CACHE_KEY = 'dashboardFacts';
export const DASHBOARD_SUMMARY_KEY = 'dashboardSummary';
/** Bumped when the summary's shape changes: an older copy is then read again from the store. */
export const SUMMARY_FORMAT = 1;

export interface FactsRow {
  marker: string;
  packed: PackedFacts;
}

export interface SummaryRow {
  marker: string;
  format: number;
  summary: DashboardSummary;
}

function markerOf(cursor: unknown, seq: unknown, overlays: number, policy: Policy): string {
  return JSON.stringify([cursor ?? null, seq ?? null, overlays, policy.timeZone, policy.deadlines]);
}

/** The store's change marker now (see the file comment). */
export async function changeMarker(db: DeskDb, policy: Policy): Promise<string> {
  const [cursor, seq, overlays] = await Promise.all([db.meta.get('cursor'), db.meta.get('nextSeq'), db.overlay.count()]);
  return markerOf(cursor?.value, seq?.value, overlays, policy);
}

export interface Opening {
  policy: Policy;
  marker: string;
  /** The saved summary when it was made at this marker. */
  summary: DashboardSummary | null;
}

/**
 * What opening the dashboard reads: the policy, the marker and the saved summary, as one
 * read-only transaction of two requests (four `meta` rows in one, the overlay count), so a start
 * waits for one turn of the store, not one per row.
 */
export function readOpening(db: DeskDb): Promise<Opening> {
  return db.transaction('r', [db.meta, db.overlay], async () => {
    const [[policyRow, cursor, seq, saved], overlays] = await Promise.all([db.meta.bulkGet(['policy', 'cursor', 'nextSeq', DASHBOARD_SUMMARY_KEY]), db.overlay.count()]);
    const policy = (policyRow?.value as Policy | undefined) ?? DEFAULT_POLICY;
    const marker = markerOf(cursor?.value, seq?.value, overlays, policy);
    const row = saved?.value as SummaryRow | undefined;
    return { policy, marker, summary: row?.marker === marker && row.format === SUMMARY_FORMAT ? row.summary : null };
  });
}

/** The saved projections when they were packed at `marker`; null otherwise. */
export async function readPackedFacts(db: DeskDb, marker: string): Promise<PackedFacts | null> {
  const row = (await db.meta.get(DASHBOARD_CACHE_KEY))?.value as FactsRow | undefined;
  return row?.marker === marker ? row.packed : null;
}

/** Saves both copies at `marker`, together (a start never finds a summary without its projections). */
export function saveCopies(db: DeskDb, marker: string, summary: DashboardSummary, packed: PackedFacts): Promise<unknown> {
  const summaryRow: SummaryRow = { marker, format: SUMMARY_FORMAT, summary };
  const factsRow: FactsRow = { marker, packed };
  return db.meta.bulkPut([
    { key: DASHBOARD_SUMMARY_KEY, value: summaryRow },
    { key: DASHBOARD_CACHE_KEY, value: factsRow },
  ]);
}
