/**
 * What the customer-service benchmark's page modules expose, shared with the Node driver
 * (`../cs.bench.ts`). Plain data only: every call crosses `page.evaluate`.
 *  - `window.csSeed` (`cs-seed.mts`, on a blank page of the app's origin): fills the app's store.
 *  - `window.csDriver` (`cs-driver.mts`, added to the running app): opens the queue, changes its
 *    filters, opens cases, scrolls, and reads the same rows raw for the baselines.
 */
import type { QueueFilters } from '../../../renderer/src/views/cs/queueDefs';

export interface CsSeedOptions {
  /** Cases to write (each with its order and its merged view row). */
  cases: number;
  /** Days the cases are spread over, ending now. */
  days: number;
  /** Seed of the data (same seed, same store). */
  seed: number;
}

export interface CsSeedResult {
  seconds: number;
  buildSeconds: number;
  cases: number;
  /** Cases per state written. */
  states: Record<string, number>;
  usageBytes: number | null;
  quotaBytes: number | null;
}

export interface CsSeedPage {
  seed(options: CsSeedOptions): Promise<CsSeedResult>;
}

/** One index range of the raw baseline: `only` one key, or `lower`…`upper` (inclusive). */
export interface RawRange {
  index: string;
  only?: string | number;
  lower?: string | number;
  upper?: string | number;
}

/**
 * A change of the "needs me" queue's filters or search, applied through the queue store as the
 * toolbar applies it, and the same rows read raw: the queue's ids in due order that are in every
 * condition of `raw`, each condition the union of its ranges.
 */
export interface QueueChange {
  label: string;
  filters: QueueFilters;
  search: string;
  raw: RawRange[][];
}

/** Rows of the "needs me" queue the Node side builds its searches and filters from. */
export interface QueueSample {
  id: string;
  caseNo: string;
  orderNo: string;
  phoneTail: string;
  reason: string;
  type: string;
  warehouse: string | null;
}

export interface RawRead {
  ms: number;
  /** Rows the query found (the queue's length after the change). */
  count: number;
  /** The first row's id ('' when none). */
  first: string;
}

export interface CsStoreCounts {
  cases: number;
  orders: number;
  caseView: number;
  /** Cases in the "needs me" queue (next deadline owned by customer service). */
  needsMe: number;
}

export interface ScrollResult {
  /** Scroll positions visited, one viewport apart, each waited for until its rows were drawn. */
  steps: number;
  /** Distinct rows drawn on the way. */
  rows: number;
  seconds: number;
}

export interface CsDriverPage {
  counts(): Promise<CsStoreCounts>;
  /** `n` rows spread over the "needs me" queue. */
  samples(n: number): Promise<QueueSample[]>;
  /** From another screen (Settings) to the queue's first rows drawn, inside the running app (ms). */
  openInApp(timeoutMs: number): Promise<number>;
  /** Raw: the queue's ids from its index and the first `window` rows with their orders. */
  rawOpen(window: number): Promise<RawRead>;
  /** Applies a change through the queue store; ms until the list shows the rows the raw read found. */
  change(change: QueueChange, expected: RawRead, timeoutMs: number): Promise<number>;
  /** Raw: the rows of a change (see QueueChange) and the first `window` of them. */
  rawChange(change: QueueChange, window: number): Promise<RawRead>;
  /** Puts the keyboard cursor on row `index`, presses Enter; ms until the case page's timeline is drawn. Then back to the queue. */
  openCase(index: number, caseId: string, timeoutMs: number): Promise<number>;
  /** Raw: what the case page reads, by key and index (case, snapshot, order, same-order cases, outbox, conflicts). */
  rawCase(caseId: string): Promise<number>;
  /** The queue's ids in due order, raw (to know which case row `index` opens). */
  queueIds(): Promise<string[]>;
  /** Scrolls the queue list from top to bottom, a viewport at a time, waiting for each window's rows. */
  scrollAll(timeoutMs: number): Promise<ScrollResult>;
  /** Reads the queue's rows raw and keeps them (the baseline of the heap figure). */
  holdRaw(): Promise<number>;
}
