/**
 * finance.batch_500: batch approval of 500 refunds from one selection, in Chromium on the desk's
 * real store (Dexie, IndexedDB, strict durability). What is timed is `approveRefunds`, the code
 * behind the finance workspace's "approve" button: one `finance.approve_refund` per case, each
 * decided by the rule book on its merged case with its own outbox row and optimistic effect,
 * recorded `APPROVAL_CHUNK` to a transaction (`dispatchAll`), progress after each chunk.
 * value = commands/s over the whole selection (median of the runs; target ≥ 100/s, i.e. ≤ 5 s
 * for 500); p50/p95/p99 = per-command latency in ms (a chunk's time over its size), pooled.
 *
 * Baseline, alternated with the figure in the same page and store: as many bare `dispatch()`
 * calls of `finance.approve_refund` on other cases awaiting refund, one transaction each (the
 * `sync.dispatch` path), as commands/s; ratio = value / baseline.
 *
 * The page (`browser/finance-bench.*`) is built with Vite and served on loopback; no central API
 * (nothing is pushed). FINANCE_BENCH_CASES sets the selection (default 500). Without Chromium
 * (CHROME_PATH, default /usr/bin/chromium) the benchmark is skipped.
 */
import { existsSync } from 'node:fs';
import { chromiumPath, launchChromium } from '../e2e/support/browser';
import type { FinanceBenchPage } from './browser/finance-protocol';
import { pageCaller, serveBenchPage } from './support/bench-page';
import { alternate, percentile, withSpread, type BenchFigure, type Benchmark } from './types';

const RUNS = 3;
const SELECTION = (() => {
  const raw = process.env.FINANCE_BENCH_CASES;
  const n = raw ? Number(raw) : 500;
  if (!Number.isInteger(n) || n < 10) throw new Error(`FINANCE_BENCH_CASES must be an integer ≥ 10, got ${raw}`);
  return n;
})();
const log = (message: string): void => console.log(`  [finance] ${message}`);

async function run(): Promise<BenchFigure[]> {
  if (!existsSync(chromiumPath())) {
    console.warn(`  [finance] skipped: Chromium not found at ${chromiumPath()} (set CHROME_PATH, or install the chromium package)`);
    return [];
  }
  const server = await serveBenchPage('finance-bench.html');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`  [finance] page error: ${error.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as { financeBench?: FinanceBenchPage }).financeBench !== undefined);
    const call = pageCaller<FinanceBenchPage>(page, 'financeBench');

    const total = SELECTION * RUNS * 2;
    const seeded = await call('seed', total);
    log(`seeded ${seeded.cases} cases awaiting refund in ${seeded.seconds.toFixed(1)} s`);
    const latencies: number[] = [];
    const measured = await alternate(
      RUNS,
      async () => {
        const r = await call('batch', SELECTION);
        if (r.refused > 0) throw new Error(`${r.refused} approvals refused (first: ${r.firstRefusal})`);
        latencies.push(...r.latencies);
        log(`batch: ${r.commands} approvals in ${r.seconds.toFixed(2)} s`);
        return r.commands / r.seconds;
      },
      async () => {
        const r = await call('bare', SELECTION);
        if (r.refused > 0) throw new Error(`${r.refused} dispatches refused (first: ${r.firstRefusal})`);
        log(`bare dispatch: ${r.commands} approvals in ${r.seconds.toFixed(2)} s`);
        return r.commands / r.seconds;
      },
    );
    await call('cleanup');
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (n: number): number => Math.round(n * 10) / 10;
    return [
      {
        name: 'finance.batch_500',
        unit: 'commands/s',
        ...withSpread(measured.engine, measured.baseline, round),
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        latencyUnit: 'ms',
        n: sorted.length,
        storeSize: total,
      },
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}

const benchmarks: Benchmark[] = [{ name: 'finance.batch_500', run }];
export default benchmarks;
