/**
 * dashboard.open_100k: the supervisor's dashboard in the real app (built renderer, Chromium, real
 * on-disk IndexedDB) with 100,000 cases and their orders in the local store (DASHBOARD_BENCH_CASES).
 * Time from navigation to every chart drawn (ms; value = p95, with p50/p99; target p95 ≤ 1 s).
 *
 *  - Seeding (`support/seeded-app.ts`): a module on the app's origin creates the store with the real
 *    schema, writes the signed-in supervisor's session (admin) and fills cases/orders/caseView with
 *    cases in twenty stages spread over 120 days (`browser/dashboard-seed.mts`). Chromium is then
 *    closed and started again on the same profile before the app is loaded. Seeded profiles are
 *    kept in node_modules/.cache/dashboard-bench and served on a fixed loopback port
 *    (DASHBOARD_BENCH_PORT, default 47814) so a later run finds the same IndexedDB;
 *    DASHBOARD_BENCH_CACHE=0 always seeds.
 *  - One open = a page load of `#/dashboard` (a fresh page: nothing of the app is in memory) until
 *    the view's `data-drawn="all"`; the figure is the view's `dashboard:drawn` performance mark,
 *    which counts from the navigation's start. The first open reads every case and saves the
 *    per-day summary and the packed projections; the timed opens find the store unchanged and
 *    draw from the saved summary (`data-source="cache"`). DASHBOARD_BENCH_OPENS (default 10)
 *    timed opens after two warm-ups; each prints when the app's scripts had run, when the store
 *    read started and how long it took.
 *  - Also printed: reopening the dashboard inside the running app (from another screen; the store
 *    was read once and is kept current, so nothing is read again) and the time of the store read
 *    inside each open.
 *  - Baseline: a raw IndexedDB `getAll()` of the `caseView` and `orders` stores in the same page
 *    (reading every row is the floor of any full scan), DASHBOARD_BENCH_BASELINE_RUNS times (default
 *    1); `ratio` = p95 / baseline p95.
 * Without Chromium (CHROME_PATH, default /usr/bin/chromium) the benchmark is skipped.
 */
import type { Page } from 'playwright-core';
import type { DashboardSeedOptions, DashboardSeedResult } from './browser/dashboard-protocol';
import { positiveInt } from './support/env';
import { withSeededApp } from './support/seeded-app';
import { percentile, type BenchFigure, type Benchmark } from './types';

const CASES = positiveInt('DASHBOARD_BENCH_CASES', 100_000, 1000);
const OPENS = positiveInt('DASHBOARD_BENCH_OPENS', 10, 3);
const WARMUP = 2;
const BASELINE_RUNS = positiveInt('DASHBOARD_BENCH_BASELINE_RUNS', 1, 1);
const TARGET_P95_MS = 1000;
const PORT = 47_814;

const log = (message: string): void => console.log(`  [dashboard] ${message}`);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const ms = (n: number): string => n.toFixed(0);
const summary = (values: readonly number[]): string => {
  const s = sorted(values);
  return `p50 ${ms(percentile(s, 50))} ms, p95 ${ms(percentile(s, 95))} ms, max ${ms(s.at(-1) ?? Number.NaN)} ms (n ${s.length})`;
};

/** The page globals the timing code uses (this program is typed without the DOM library). */
interface PageGlobals {
  navigator: { userAgent: string };
  performance: { getEntriesByType(type: 'navigation'): Array<{ domContentLoadedEventEnd: number }> };
  document: { querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null };
  location: { hash: string };
  indexedDB: {
    open(name: string): {
      result: {
        transaction(stores: string[], mode: 'readonly'): {
          objectStore(name: string): {
            getAll(): { onsuccess: (() => void) | null; onerror: (() => void) | null; error: unknown };
            get(key: string): { onsuccess: (() => void) | null; onerror: (() => void) | null; result: unknown };
          };
        };
        close(): void;
      };
      error: unknown;
      onsuccess: (() => void) | null;
      onerror: (() => void) | null;
    };
  };
}
/** Navigation start → every chart drawn, from the view's own performance mark. */
async function openOnce(page: Page, appUrl: string): Promise<{ drawn: number; readMs: number; source: string; phases: string; loaded: number }> {
  await page.goto('about:blank');
  await page.goto(`${appUrl}#/dashboard`);
  await page.locator('[data-testid="area-dashboard"][data-drawn="all"]').waitFor({ timeout: 900_000 });
  return page.evaluate(() => {
    const root = (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="area-dashboard"]');
    return {
      drawn: performance.getEntriesByName('dashboard:drawn')[0]?.startTime ?? Number.NaN,
      readMs: Number(root?.getAttribute('data-read-ms') ?? Number.NaN),
      source: root?.getAttribute('data-source') ?? '',
      phases: root?.getAttribute('data-read-phases') ?? '',
      // The app's scripts ran by then (module scripts run before DOMContentLoaded).
      loaded: (globalThis as unknown as PageGlobals).performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? Number.NaN,
    };
  });
}

/** Waits until the page wrote the packed projections (raw IndexedDB `meta` get). */
async function packedCopyWritten(page: Page): Promise<void> {
  const written = (): Promise<boolean> =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const open = (globalThis as unknown as PageGlobals).indexedDB.open('after-sales-desk');
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const db = open.result;
            const request = db.transaction(['meta'], 'readonly').objectStore('meta').get('dashboardFacts');
            request.onsuccess = () => {
              db.close();
              resolve(request.result !== undefined);
            };
            request.onerror = () => resolve(false);
          };
        }),
    );
  const until = Date.now() + 300_000;
  while (!(await written())) {
    if (Date.now() > until) throw new Error('the dashboard did not keep its packed copy within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Another screen, then the dashboard again inside the running app (the store was read already). */
async function reopen(page: Page): Promise<number> {
  await page.evaluate(() => ((globalThis as unknown as PageGlobals).location.hash = '#/sync'));
  await page.locator('[data-testid="area-dashboard"]').waitFor({ state: 'detached' });
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        performance.clearMarks('dashboard:drawn');
        (globalThis as unknown as PageGlobals).location.hash = '#/dashboard';
        const timer = setInterval(() => {
          const mark = performance.getEntriesByName('dashboard:drawn')[0];
          if (mark) {
            clearInterval(timer);
            resolve(mark.startTime - started);
          } else if (performance.now() - started > 60_000) {
            clearInterval(timer);
            reject(new Error('the dashboard did not draw within 60 s'));
          }
        }, 5);
      }),
  );
}

/** Raw IndexedDB: every caseView and order row, as the floor of reading the store (ms). */
function rawReadAll(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = (globalThis as unknown as PageGlobals).indexedDB.open('after-sales-desk');
        open.onerror = () => reject(open.error instanceof Error ? open.error : new Error('cannot open the store'));
        open.onsuccess = () => {
          const db = open.result;
          const started = performance.now();
          const tx = db.transaction(['caseView', 'orders'], 'readonly');
          let left = 2;
          for (const name of ['caseView', 'orders']) {
            const request = tx.objectStore(name).getAll();
            request.onsuccess = () => {
              left -= 1;
              if (left === 0) {
                const took = performance.now() - started;
                db.close();
                resolve(took);
              }
            };
            request.onerror = () => reject(request.error instanceof Error ? request.error : new Error('getAll failed'));
          }
        };
      }),
  );
}

async function measure(): Promise<BenchFigure[]> {
  const options: DashboardSeedOptions = { cases: CASES, days: 120, seed: 16 };
  return withSeededApp<DashboardSeedOptions, DashboardSeedResult>({
    name: 'dashboard',
    seeder: 'dashboard-seed.mts',
    seedGlobal: 'dashboardSeed',
    options,
    port: PORT,
    viewport: { width: 1366, height: 768 },
    describe: (seeded) => `${seeded.cases.toLocaleString('en-US')} cases (${Object.entries(seeded.states).map(([s, n]) => `${s} ${n}`).join(', ')}), seeded in ${seeded.seconds.toFixed(0)} s`,
  }, async (app) => {
    const { page, seeded, appUrl } = app;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    let cacheMissedCopy = false;
    const opens: number[] = [];
    const reads: number[] = [];
    const sources: Record<string, number> = {};
    for (let i = 0; i < WARMUP + OPENS; i++) {
      const r = await openOnce(page, appUrl);
      if (i === 0) {
        log(`first open (${r.source}): every chart drawn at ${ms(r.drawn)} ms, the read took ${ms(r.readMs)} ms`);
        await packedCopyWritten(page);
        cacheMissedCopy = r.source === 'store';
      }
      if (i < WARMUP) continue;
      opens.push(r.drawn);
      reads.push(r.readMs);
      log(`open ${i - WARMUP + 1}: drawn at ${ms(r.drawn)} ms; scripts ran by ${ms(r.loaded)} ms; read ${ms(r.readMs)} ms ${r.phases}`);
      sources[r.source] = (sources[r.source] ?? 0) + 1;
    }
    log(`timed opens read from: ${JSON.stringify(sources)}`);
    const stored = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="dashboard-summary"]')?.textContent ?? '');
    const reopens: number[] = [];
    for (let i = 0; i < 5; i++) reopens.push(await reopen(page));
    // One raw read of everything: on a busy two-core machine it alone takes minutes.
    const baseline: number[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) baseline.push(await rawReadAll(page));
    if (errors.length > 0) log(`page errors: ${errors.slice(0, 3).join(' | ')}`);
    // The cached profile keeps the packed copy the first open left, so a later run's first open
    // reads it too instead of every row (the timed opens are the same either way).
    if (cacheMissedCopy) {
      await app.keepProfile();
      log('profile with the packed copy kept for later runs');
    }

    const s = sorted(opens);
    const b = sorted(baseline);
    const p95 = percentile(s, 95);
    log(`navigation → every chart drawn: ${summary(opens)}; target p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'missed'}`);
    log(`  of which reading the projections: ${summary(reads)}`);
    log(`reopened inside the app (no read): ${summary(reopens)}`);
    log(`raw getAll of caseView + orders: ${summary(baseline)}`);
    log(`the dashboard said: ${stored}`);
    return [
      {
        name: 'dashboard.open_100k',
        value: p95,
        unit: 'ms',
        p50: percentile(s, 50),
        p95,
        p99: percentile(s, 99),
        baseline: percentile(b, 95),
        ratio: p95 / percentile(b, 95),
        n: s.length,
        storeSize: seeded.cases,
      },
    ];
  });
}

export default [{ name: 'dashboard.open_100k', run: measure }] satisfies Benchmark[];
