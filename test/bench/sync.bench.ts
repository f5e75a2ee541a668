/**
 * The sync engine in Chromium with real IndexedDB, against the real central API on loopback.
 *  - sync.pull_100k: cases/s of the initial pull of a 100,000-case database (with their orders)
 *    into a fresh workstation store, the engine at the app's settings. Baseline: raw Dexie
 *    bulkPut of the same records the pull stored (case snapshots, orders, merged view rows) into
 *    the same tables of a fresh store (the workstation's schema: same indexes, strict durability),
 *    one transaction, in the same page, expressed as cases/s. An earlier version of this baseline
 *    wrote the case rows alone into a `cases` table, a third of what the pull stores; that figure
 *    is still measured and logged (`cases only`) for comparison.
 *  - sync.push_10k: commands/s draining 10,000 `warehouse.receive` commands dispatched offline,
 *    from engine start until every answer is recorded. Baseline: as many commands of the same kind
 *    on other cases, in already-built batches of the engine's size (`MAX_BATCH`) POSTed straight to
 *    /sync/push from the page.
 *  - sync.dispatch: latency of `dispatch()` (ms; value = p99) for those 10,000 offline commands,
 *    with the 100,000 cases stored. Baseline: p99 of a native IndexedDB index `get` on the merged
 *    view in the same page.
 * The API runs `startServer` with demo data (`--scale`, bulk path) in a child process on a
 * temporary PGlite folder, or on PostgreSQL when BENCH_DATABASE_URL is set. SYNC_BENCH_CASES
 * scales the database down for a quick check (commands: a tenth of the cases, at most 10,000).
 * Without Chromium (CHROME_PATH, default /usr/bin/chromium) the benchmarks are skipped.
 * SYNC_BENCH_PROFILE=<folder> records a CPU profile of the page per phase (Chrome DevTools
 * protocol) into that folder and prints the functions with the most self time.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { MAX_BATCH } from '../../renderer/src/sync/limits';
import { chromiumPath, launchChromium } from '../e2e/support/browser';
import type { SyncBenchPage } from './browser/protocol';
import { serveBenchPage, signIn, startApi, type BenchPageServer, type RunningApi } from './support/sync-harness';
import { percentile, type BenchFigure, type Benchmark } from './types';

const CASES = positiveInt('SYNC_BENCH_CASES', 100_000);
const COMMANDS = Math.min(10_000, Math.floor(CASES / 10));
const WAREHOUSE_USER = 'wh1';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100) throw new Error(`${name} must be an integer ≥ 100, got ${raw}`);
  return n;
}

const PROFILE_DIR = process.env.SYNC_BENCH_PROFILE ?? '';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Records a CPU profile of the page around `run` when SYNC_BENCH_PROFILE names a folder. */
async function profiled<T>(page: Page, phase: string, run: () => Promise<T>): Promise<T> {
  if (PROFILE_DIR === '') return run();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await cdp.detach();
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${phase}.cpuprofile`), JSON.stringify(profile));
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byName = new Map<string, number>();
    for (const node of profile.nodes) {
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1) ?? ''}:${f.lineNumber + 1}`;
      byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
    }
    const top = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25);
    log(`profile ${phase}: ${top.map(([k, us]) => `\n      ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`).join('')}`);
  }
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const log = (message: string): void => console.log(`  [sync] ${message}`);

type Figures = Record<'pull' | 'push' | 'dispatch', BenchFigure | null>;

async function measure(): Promise<Figures> {
  const skipped: Figures = { pull: null, push: null, dispatch: null };
  if (!existsSync(chromiumPath())) {
    console.warn(`  [sync] skipped: Chromium not found at ${chromiumPath()} (set CHROME_PATH, or install the chromium package)`);
    return skipped;
  }
  let api: RunningApi | undefined;
  let pageServer: BenchPageServer | undefined;
  let browser: Browser | undefined;
  try {
    log(`seeding ${CASES} demo cases…`);
    api = await startApi(CASES);
    log(`API on ${api.storage} ready in ${api.seedSeconds.toFixed(1)} s`);
    pageServer = await serveBenchPage(api.url, { minify: PROFILE_DIR === '' });
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`  [sync] page error: ${error.message}`));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => (globalThis as { syncBench?: SyncBenchPage }).syncBench !== undefined);
    // Calls a method of the page's `window.syncBench` with plain-data arguments.
    const call = <M extends keyof SyncBenchPage>(method: M, ...args: Parameters<SyncBenchPage[M]>): Promise<Awaited<ReturnType<SyncBenchPage[M]>>> =>
      page.evaluate(
        ([name, params]) => {
          const target = (globalThis as unknown as { syncBench: Record<string, (...a: unknown[]) => Promise<unknown>> }).syncBench[name];
          if (!target) throw new Error(`syncBench.${name} is missing`);
          return target(...params);
        },
        [method, args as unknown[]] as const,
      ) as Promise<Awaited<ReturnType<SyncBenchPage[M]>>>;

    const desk = await signIn(api.url, WAREHOUSE_USER);
    const other = await signIn(api.url, WAREHOUSE_USER);
    const warehouseId = desk.warehouseId;
    if (!warehouseId) throw new Error(`${WAREHOUSE_USER} has no warehouse`);
    const session = { token: desk.token, deviceId: desk.deviceId };

    // 1. Initial pull, then the raw bulkPut of the records it stored.
    const pull = await profiled(page, 'pull', () => call('pull', session));
    // The warehouse pulls its own scope (docs/api.md, "Trust rules: who sees what"): the cases
    // addressed to it and their orders, as many as the first page of its feed announces.
    const probe = (await (await fetch(`${api.url}/sync/pull?since=0&limit=1`, { headers: { authorization: `Bearer ${other.token}` } })).json()) as { changes: unknown[]; remaining: number };
    if (pull.cases + pull.orders !== probe.changes.length + probe.remaining) throw new Error(`pulled ${pull.cases} cases and ${pull.orders} orders, the warehouse's feed holds ${probe.changes.length + probe.remaining}`);
    log(`pull: ${pull.cases} cases + ${pull.orders} orders in ${pull.seconds.toFixed(2)} s (${pull.pages} pages, ${pull.networkSeconds.toFixed(2)} s waiting for replies)`);
    const put = await call('baselinePut');
    if (put.cases !== pull.cases || put.orders !== pull.orders || put.views !== pull.views) throw new Error(`raw bulkPut stored ${put.cases}/${put.orders}/${put.views} cases/orders/views, the pull ${pull.cases}/${pull.orders}/${pull.views}`);
    log(
      `raw bulkPut: ${put.records} rows (${put.cases} cases, ${put.orders} orders, ${put.views} views) in ${put.seconds.toFixed(2)} s = ${(put.cases / put.seconds).toFixed(0)} cases/s` +
        ` (ratio ${(put.seconds / pull.seconds).toFixed(2)}); cases only: ${put.cases} rows in ${put.casesOnlySeconds.toFixed(2)} s = ${(put.cases / put.casesOnlySeconds).toFixed(0)} cases/s (ratio ${(put.casesOnlySeconds / pull.seconds).toFixed(2)})`,
    );

    // 2. Offline dispatches (engine not started), each timed; then the raw IndexedDB gets.
    const dispatched = await profiled(page, 'dispatch', () => call('dispatchOffline', COMMANDS, warehouseId, desk.staffId));
    if (dispatched.refused > 0) throw new Error(`${dispatched.refused} dispatches refused (first: ${dispatched.firstRefusal})`);
    const raw = await call('rawGet', COMMANDS);
    const d = sorted(dispatched.latencies);
    const g = sorted(raw.latencies);
    log(`dispatch: ${dispatched.accepted} accepted, p50 ${percentile(d, 50).toFixed(2)} ms, p99 ${percentile(d, 99).toFixed(2)} ms; raw get p99 ${percentile(g, 99).toFixed(3)} ms`);

    // 3. Raw pushes of built batches (other cases, another device), then the engine's drain.
    const rawPush = await call('rawPush', { token: other.token, deviceId: other.deviceId }, COMMANDS, MAX_BATCH, warehouseId);
    if (rawPush.refused > 0) throw new Error(`raw push: ${rawPush.refused} commands refused (first: ${rawPush.firstRefusal})`);
    log(`raw push: ${rawPush.applied} commands in ${rawPush.seconds.toFixed(2)} s (${rawPush.requests} requests)`);
    const drain = await profiled(page, 'drain', () => call('drain'));
    if (drain.acked !== COMMANDS) throw new Error(`drain: ${drain.acked} acked, ${drain.conflict} conflicts, ${drain.rejected} rejected, ${drain.pending} pending`);
    log(`engine drain: ${drain.acked} commands in ${drain.seconds.toFixed(2)} s (${drain.pushRequests} requests, ${drain.networkSeconds.toFixed(2)} s waiting for replies)`);
    await call('cleanup');

    const pullRate = pull.cases / pull.seconds;
    // Cases per second of the raw write of the same records (every case with its order and view).
    const putRate = put.cases / put.seconds;
    const pushRate = drain.acked / drain.seconds;
    const rawPushRate = rawPush.applied / rawPush.seconds;
    const p99 = percentile(d, 99);
    const rawP99 = percentile(g, 99);
    return {
      pull: { name: 'sync.pull_100k', value: pullRate, unit: 'cases/s', baseline: putRate, ratio: pullRate / putRate, n: pull.cases },
      push: { name: 'sync.push_10k', value: pushRate, unit: 'commands/s', baseline: rawPushRate, ratio: pushRate / rawPushRate, n: drain.acked },
      dispatch: { name: 'sync.dispatch', value: p99, unit: 'ms', p50: percentile(d, 50), p95: percentile(d, 95), p99, baseline: rawP99, ratio: p99 / rawP99, n: d.length },
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await pageServer?.close().catch(() => undefined);
    await api?.stop().catch((error: unknown) => console.error(error));
  }
}

// One setup (seeding, build, browser) serves the three figures; each benchmark takes its own.
let session: Promise<Figures> | null = null;
const figure = async (key: keyof Figures): Promise<BenchFigure[]> => {
  const f = (await (session ??= measure()))[key];
  return f ? [f] : [];
};

export default [
  { name: 'sync.pull_100k', run: () => figure('pull') },
  { name: 'sync.push_10k', run: () => figure('push') },
  { name: 'sync.dispatch', run: () => figure('dispatch') },
] satisfies Benchmark[];
