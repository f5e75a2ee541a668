/**
 * scan.to_case: the scan station in the real app (built renderer, Chromium, real IndexedDB) with
 * 100,000 cases in the local store (SCAN_BENCH_CASES). Time from the scanner's Enter key to the
 * first frame that shows the inspection of the scanned case (ms; value = p95, with p50/p99;
 * n = scans timed, storeSize = cases in the store counted in the app's page, failures = bursts broken
 * up by a busy page). Target: p95 ≤ 50 ms.
 *
 *  - The store (`support/seeded-app.ts`): a seeding module on the app's origin creates it with the
 *    real schema, writes the signed-in warehouse session (wh1, WH-SH) and fills cases/orders/caseView
 *    from domain-folded templates (`browser/scan-seed.mts`); its time is printed. Chromium is then
 *    closed and started again on the same on-disk profile (a desk opening its store in the morning)
 *    before the app is loaded. Seeded profiles are kept in node_modules/.cache/scan-bench and served
 *    on a fixed loopback port (SCAN_BENCH_PORT, default 47813); SCAN_BENCH_CACHE=0 always seeds.
 *  - Scans: the app opens at `#/scan`; `browser/scan-driver.mts` types each return tracking number
 *    as a keyboard-wedge scanner (synthetic keydowns 5 ms apart, then Enter) and waits for
 *    `[data-testid="inspection"][data-case-no=…]` plus one frame; Escape puts the parcel back, and
 *    the next scan waits until the session log shows this one (its row is written after the case
 *    is shown). Distinct random cases awaiting receipt, after a few warm-up scans.
 *  - Baseline: a raw IndexedDB `index('returnTrackingNo').get()` on the app's `caseView` store, one
 *    before each scan in the same page (other cases); `baseline` = its p95, `ratio` = value / baseline.
 *
 * No central API: the sync engine finds no `/api` and stays offline. SCAN_BENCH_CASES (default
 * 100,000, seeded in a few minutes; 1,000,000 works but takes far longer) sets the store;
 * SCAN_BENCH_SCANS (default 250) the timed scans. Without Chromium (CHROME_PATH, default
 * /usr/bin/chromium) the benchmark is skipped.
 */
import type { ScanDriverPage, ScanRunResult, SeedOptions, SeedResult, StoreCounts } from './browser/scan-protocol';
import { positiveInt } from './support/env';
import { withSeededApp } from './support/seeded-app';
import { percentile, type BenchFigure, type Benchmark } from './types';

const CASES = positiveInt('SCAN_BENCH_CASES', 100_000, 1000);
const SCANS = positiveInt('SCAN_BENCH_SCANS', 250, 10);
const WARMUP = 5;
/** Scans kept in reserve for bursts a busy page breaks up (those are not timed). */
const SPARE = Math.ceil(SCANS / 5);
/** The decoder's default largest gap inside a burst (shared/scanner/config.ts). */
const MAX_INTER_KEY_MS = 30;
const KEY_GAP_MS = 5;
const TARGET_P95_MS = 50;
/** The loopback port the pages are served on when profiles are cached (IndexedDB is per origin). */
const PORT = 47_813;

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const log = (message: string): void => console.log(`  [scan] ${message}`);
const ms = (n: number): string => n.toFixed(1);
const gb = (bytes: number | null): string => (bytes === null ? '?' : `${(bytes / 1e9).toFixed(2)} GB`);

function describeSeed(seeded: SeedResult): string {
  return `${seeded.cases.toLocaleString('en-US')} cases (${seeded.rows.toLocaleString('en-US')} rows; ${Object.entries(seeded.states)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ')}) in ${seeded.seconds.toFixed(1)} s = ${Math.round(seeded.cases / seeded.seconds)} cases/s (${seeded.buildSeconds.toFixed(1)} s of it building rows in the page); storage ${gb(seeded.usageBytes)} of ${gb(seeded.quotaBytes)} quota`;
}

async function measure(): Promise<BenchFigure[]> {
  const options: SeedOptions = { cases: CASES, targets: WARMUP + SCANS + SPARE, baselineTargets: WARMUP + SCANS + SPARE, seed: 6 };
  return withSeededApp<SeedOptions, SeedResult>({
    name: 'scan',
    seeder: 'scan-seed.mts',
    seedGlobal: 'scanSeed',
    modules: { driver: 'scan-driver.mts' },
    options,
    port: PORT,
    viewport: { width: 1360, height: 820 },
    describe: describeSeed,
  }, async (app) => {
    const { page, seeded } = app;
    const errors: string[] = [];
    let apiRequests = 0;
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests += 1;
    });

    // 2. The app at the scan station, signed in from the stored session.
    const opened = performance.now();
    await page.goto(`${app.appUrl}#/scan`);
    await page.waitForSelector('[data-testid="scan-idle"]', { timeout: 120_000 });
    log(`app open at #/scan in ${((performance.now() - opened) / 1000).toFixed(1)} s`);
    await page.addScriptTag({ url: app.moduleUrl('driver'), type: 'module' });
    await page.waitForFunction(() => (globalThis as { scanDriver?: ScanDriverPage }).scanDriver !== undefined);
    const stored: StoreCounts = await page.evaluate(() => (globalThis as unknown as { scanDriver: ScanDriverPage }).scanDriver.counts());
    if (stored.caseView !== CASES || stored.cases !== CASES || stored.orders !== CASES) throw new Error(`the store holds ${JSON.stringify(stored)}, expected ${CASES} of each`);

    const run = (targets: SeedResult['targets'], baseline: SeedResult['targets']): Promise<ScanRunResult> =>
      page.evaluate(
        (options) => (globalThis as unknown as { scanDriver: ScanDriverPage }).scanDriver.run(options),
        { targets, baseline: baseline.map((t) => t.trackingNumber), keyGapMs: KEY_GAP_MS, maxInterKeyMs: MAX_INTER_KEY_MS, timeoutMs: 10_000 },
      );
    const warm = await run(seeded.targets.slice(0, WARMUP), seeded.baselineTargets.slice(0, WARMUP));
    log(`warm-up: ${warm.latencies.map(ms).join(', ')} ms (${warm.brokenBursts} bursts broken up, ${warm.timeouts} timeouts)`);

    // 3. Timed scans. A burst the busy page broke up is counted as a failure in the figure, and a
    //    spare scan takes its place so the percentiles still rest on SCANS samples.
    const latencies: number[] = [];
    const baseline: number[] = [];
    const bannerLatencies: number[] = [];
    const banners: Record<string, number> = {};
    let broken = 0;
    let timeouts = 0;
    let unsettled = 0;
    let next = WARMUP;
    const last = seeded.targets.length;
    while (latencies.length < SCANS && next < last) {
      const take = Math.min(SCANS - latencies.length, last - next);
      const r = await run(seeded.targets.slice(next, next + take), seeded.baselineTargets.slice(next, next + take));
      next += take;
      latencies.push(...r.latencies);
      baseline.push(...r.baseline);
      bannerLatencies.push(...r.bannerLatencies);
      broken += r.brokenBursts;
      timeouts += r.timeouts;
      unsettled += r.unsettled;
      for (const [k, n] of Object.entries(r.banners)) banners[k] = (banners[k] ?? 0) + n;
    }
    if (timeouts > 0) throw new Error(`${timeouts} scans did not show their case within 10 s`);
    if (latencies.length < SCANS) throw new Error(`only ${latencies.length} of ${SCANS} scans timed (${broken} bursts broken up by a busy page)`);
    if (errors.length > 0) log(`page errors: ${errors.slice(0, 3).join(' | ')}`);

    const s = sorted(latencies);
    const b = sorted(baseline);
    const p95 = percentile(s, 95);
    const rawP95 = percentile(b, 95);
    log(
      `scan → case: p50 ${ms(percentile(s, 50))} ms, p95 ${ms(p95)} ms, p99 ${ms(percentile(s, 99))} ms, max ${ms(s.at(-1) ?? Number.NaN)} ms (${s.length} scans among ${stored.caseView.toLocaleString('en-US')} cases; target p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'missed'})`,
    );
    log(`raw index get: p50 ${percentile(b, 50).toFixed(2)} ms, p95 ${rawP95.toFixed(2)} ms, p99 ${percentile(b, 99).toFixed(2)} ms (n ${b.length})`);
    const f = sorted(bannerLatencies);
    log(`scan → "found" banner: p50 ${ms(percentile(f, 50))} ms, p95 ${ms(percentile(f, 95))} ms (n ${f.length})`);
    log(`banners: ${JSON.stringify(banners)}; bursts broken up (not timed): ${broken}; scans not in the session log in time: ${unsettled}; /api requests: ${apiRequests}`);
    return [
      {
        name: 'scan.to_case',
        value: p95,
        unit: 'ms',
        p50: percentile(s, 50),
        p95,
        p99: percentile(s, 99),
        baseline: rawP95,
        ratio: p95 / rawP95,
        n: s.length,
        storeSize: stored.caseView,
        // Bursts a busy page broke up: the worker would have had to scan again. Not in the
        // percentiles (they never found a case), so reported beside them.
        failures: broken,
      },
    ];
  });
}

export default [{ name: 'scan.to_case', run: measure }] satisfies Benchmark[];
