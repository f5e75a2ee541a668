/**
 * What the scan benchmark's two page modules expose, shared with the Node driver
 * (`../scan.bench.ts`). Plain data only: every call crosses `page.evaluate`.
 *  - `window.scanSeed` (`scan-seed.mts`, on a blank page of the app's origin): fills the app's
 *    local store before the app is loaded.
 *  - `window.scanDriver` (`scan-driver.mts`, a script added to the running app): scans like a
 *    keyboard-wedge scanner and times what the station shows.
 */

/** A case the benchmark scans: its return tracking number and the case number the view must show. */
export interface ScanTarget {
  trackingNumber: string;
  caseNo: string;
}

export interface SeedOptions {
  /** Cases to write (each with its order and its merged view row). */
  cases: number;
  /** Distinct cases awaiting receipt to hand back for the timed scans (targets). */
  targets: number;
  /** Distinct other cases awaiting receipt to hand back for the raw baseline gets. */
  baselineTargets: number;
  /** Seed of the data (same seed, same store). */
  seed: number;
}

export interface SeedResult {
  /** Wall time of the bulk writes (rows generated in the page, written in chunks). */
  seconds: number;
  /** Part of `seconds` the page spent building rows and handing them to `put` (the rest: waiting for commits). */
  buildSeconds: number;
  cases: number;
  /** Cases per state written. */
  states: Record<string, number>;
  /** Rows written over the three tables (cases, orders, caseView). */
  rows: number;
  /** `navigator.storage.estimate()` after seeding (bytes), null when unavailable. */
  usageBytes: number | null;
  quotaBytes: number | null;
  targets: ScanTarget[];
  baselineTargets: ScanTarget[];
}

export interface ScanSeedPage {
  seed(options: SeedOptions): Promise<SeedResult>;
}

export interface ScanRunOptions {
  targets: ScanTarget[];
  /** Tracking numbers looked up with a raw IndexedDB index `get`, one before each scan. */
  baseline: string[];
  /** Gap between two keys of one scan (setTimeout). */
  keyGapMs: number;
  /** The decoder's largest gap inside one burst: a burst with a longer gap is not timed. */
  maxInterKeyMs: number;
  /** Give up on one scan after this long. */
  timeoutMs: number;
}

export interface ScanRunResult {
  /** Enter keydown → the first frame showing the inspection of the expected case (ms), in scan order. */
  latencies: number[];
  /** Enter keydown → the banner saying the case was found (ms; no frame wait), for the scans that got there. */
  bannerLatencies: number[];
  /** Raw `index('returnTrackingNo').get()` on `caseView` (ms), one readonly transaction each. */
  baseline: number[];
  /** Scans whose key gaps grew past `maxInterKeyMs` on a busy page (not timed, not counted). */
  brokenBursts: number;
  /** Scans that did not show the expected case within `timeoutMs`. */
  timeouts: number;
  /** Scans whose row did not show in the session log within `timeoutMs` (the next scan went ahead). */
  unsettled: number;
  /** The station banner's translation key once each timed scan settled, counted. */
  banners: Record<string, number>;
}

/** Rows in the app's store, counted with raw IndexedDB `count()`s. */
export interface StoreCounts {
  cases: number;
  orders: number;
  caseView: number;
}

export interface ScanDriverPage {
  run(options: ScanRunOptions): Promise<ScanRunResult>;
  /** What the app's store holds (the benchmark reports the cases it actually scanned among). */
  counts(): Promise<StoreCounts>;
}
