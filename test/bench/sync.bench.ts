/**
 * The sync engine in Chromium with real IndexedDB, against the real central API on loopback.
 * Each engine figure and its baseline are measured three times in one run, alternately (which
 * goes first changes every round); the figure is the median, with min…max of both in the JSON.
 *  - sync.pull_100k: cases/s of the initial pull of a 100,000-case database (with their orders)
 *    into a fresh workstation store, the engine at the app's settings, through customer service's
 *    feed (every case; a warehouse's feed holds only its own). Baseline: raw Dexie bulkPut of the
 *    same records the pull stored (case snapshots, orders, merged view rows) into the same tables
 *    of a fresh store (the workstation's schema: same indexes, strict durability), one
 *    transaction, in the same page, expressed as cases/s; the case rows alone are also logged.
 *  - sync.push_10k: commands/s draining `warehouse.receive` commands dispatched offline on the
 *    warehouse desk's own store, from engine start until every answer is recorded: three rounds
 *    of a third of 10,000 each. Baseline: as many commands of the same kind on other cases, in
 *    already-built batches of the engine's size (`MAX_BATCH`) POSTed straight to /sync/push from
 *    the page, from another device.
 *  - sync.dispatch: latency of `dispatch()` (ms; value = p99) for those offline commands (engine
 *    stopped). Baseline: p99 of a native IndexedDB index `get` on the merged view in the same page.
 *  - sync.dispatch_online: the same latency with the engine running and pushing (1,000 commands).
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
import { pageCaller, serveBenchPage, type BenchPageServer } from './support/bench-page';
import { signIn, startApi, type RunningApi } from './support/sync-harness';
import { alternate, percentile, withSpread, type BenchFigure, type Benchmark } from './types';

const CASES = positiveInt('SYNC_BENCH_CASES', 100_000);
const COMMANDS = Math.min(10_000, Math.floor(CASES / 10));
const WAREHOUSE_USER = 'wh1';
const CS_USER = 'cs1';
/** Repeats of each engine figure and its baseline, alternated. */
const RUNS = 3;
/** Dispatches timed with the engine running (sync.dispatch_online). */
const ONLINE_COMMANDS = Math.min(1000, Math.floor(CASES / 100));

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

type Figures = Record<'pull' | 'push' | 'dispatch' | 'dispatchOnline', BenchFigure | null>;

async function measure(): Promise<Figures> {
  const skipped: Figures = { pull: null, push: null, dispatch: null, dispatchOnline: null };
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
    pageServer = await serveBenchPage('sync-bench.html', { apiUrl: api.url, minify: PROFILE_DIR === '' });
    browser = await launchChromium();
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`  [sync] page error: ${error.message}`));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => (globalThis as { syncBench?: SyncBenchPage }).syncBench !== undefined);
    const call = pageCaller<SyncBenchPage>(page, 'syncBench');

    // 1. Initial pull of every case (customer service's feed: the whole database), alternated
    //    with the raw bulkPut of the records it stored, RUNS times each.
    const apiUrl = api.url;
    const cs = await signIn(apiUrl, CS_USER);
    const pulls = await alternate(
      RUNS,
      async () => {
        const pull = await profiled(page, 'pull', () => call('pull', { token: cs.token, deviceId: cs.deviceId }));
        if (pull.cases !== CASES) throw new Error(`pulled ${pull.cases} cases, expected ${CASES}`);
        log(`pull: ${pull.cases} cases + ${pull.orders} orders in ${pull.seconds.toFixed(2)} s (${pull.pages} pages, ${pull.networkSeconds.toFixed(2)} s waiting for replies)`);
        return pull;
      },
      async () => {
        const put = await call('baselinePut');
        log(`raw bulkPut: ${put.records} rows (${put.cases} cases, ${put.orders} orders, ${put.views} views) in ${put.seconds.toFixed(2)} s = ${(put.cases / put.seconds).toFixed(0)} cases/s; cases only: ${(put.cases / put.casesOnlySeconds).toFixed(0)} cases/s`);
        return put;
      },
    );
    const lastPull = pulls.engine.at(-1);
    for (const put of pulls.baseline) {
      if (lastPull && (put.cases !== lastPull.cases || put.orders !== lastPull.orders || put.views !== lastPull.views)) {
        throw new Error(`raw bulkPut stored ${put.cases}/${put.orders}/${put.views} cases/orders/views, the pull ${lastPull.cases}/${lastPull.orders}/${lastPull.views}`);
      }
    }

    // 2. The warehouse desk: its own (scoped) store, then RUNS rounds of offline dispatches (each
    //    timed) and a drain by the engine, alternated with raw pushes of as many built commands on
    //    other cases from another device.
    const desk = await signIn(api.url, WAREHOUSE_USER);
    const warehouseId = desk.warehouseId;
    if (!warehouseId) throw new Error(`${WAREHOUSE_USER} has no warehouse`);
    const session = { token: desk.token, deviceId: desk.deviceId };
    const deskPull = await call('pull', session);
    log(`warehouse store: ${deskPull.cases} cases of ${warehouseId} in ${deskPull.seconds.toFixed(2)} s`);
    const perRound = Math.floor(COMMANDS / RUNS);
    const dispatchLatencies: number[] = [];
    let drained = 0;
    const pushes = await alternate(
      RUNS,
      async () => {
        const dispatched = await profiled(page, 'dispatch', () => call('dispatchOffline', perRound, warehouseId, desk.staffId));
        if (dispatched.refused > 0) throw new Error(`${dispatched.refused} dispatches refused (first: ${dispatched.firstRefusal})`);
        dispatchLatencies.push(...dispatched.latencies);
        const drain = await profiled(page, 'drain', () => call('drain'));
        if (drain.acked !== drained + perRound) throw new Error(`drain: ${drain.acked} acked (expected ${drained + perRound}), ${drain.conflict} conflicts, ${drain.rejected} rejected, ${drain.pending} pending`);
        drained = drain.acked;
        log(`engine drain: ${perRound} commands in ${drain.seconds.toFixed(2)} s (${drain.pushRequests} requests, ${drain.networkSeconds.toFixed(2)} s waiting for replies)`);
        return perRound / drain.seconds;
      },
      async () => {
        const other = await signIn(apiUrl, WAREHOUSE_USER);
        const rawPush = await call('rawPush', { token: other.token, deviceId: other.deviceId }, perRound, MAX_BATCH, warehouseId);
        if (rawPush.refused > 0) throw new Error(`raw push: ${rawPush.refused} commands refused (first: ${rawPush.firstRefusal})`);
        log(`raw push: ${rawPush.applied} commands in ${rawPush.seconds.toFixed(2)} s (${rawPush.requests} requests)`);
        return rawPush.applied / rawPush.seconds;
      },
    );
    const raw = await call('rawGet', dispatchLatencies.length);
    const d = sorted(dispatchLatencies);
    const g = sorted(raw.latencies);
    log(`dispatch (engine stopped): ${d.length} timed, p50 ${percentile(d, 50).toFixed(2)} ms, p99 ${percentile(d, 99).toFixed(2)} ms; raw get p99 ${percentile(g, 99).toFixed(3)} ms`);

    // 3. Dispatches while the engine runs and pushes them (the desk as it is used online).
    const online = await call('dispatchOnline', ONLINE_COMMANDS, warehouseId, desk.staffId);
    if (online.refused > 0) throw new Error(`${online.refused} online dispatches refused (first: ${online.firstRefusal})`);
    const o = sorted(online.latencies);
    log(`dispatch (engine running): ${o.length} timed, p50 ${percentile(o, 50).toFixed(2)} ms, p99 ${percentile(o, 99).toFixed(2)} ms`);
    await call('cleanup');

    const pullRates = pulls.engine.map((p) => p.cases / p.seconds);
    // Cases per second of the raw write of the same records (every case with its order and view).
    const putRates = pulls.baseline.map((p) => p.cases / p.seconds);
    const p99 = percentile(d, 99);
    const rawP99 = percentile(g, 99);
    const onlineP99 = percentile(o, 99);
    return {
      pull: { name: 'sync.pull_100k', unit: 'cases/s', ...withSpread(pullRates, putRates), n: pulls.engine.length, storeSize: CASES },
      push: { name: 'sync.push_10k', unit: 'commands/s', ...withSpread(pushes.engine, pushes.baseline), n: perRound * pushes.engine.length },
      dispatch: { name: 'sync.dispatch', value: p99, unit: 'ms', p50: percentile(d, 50), p95: percentile(d, 95), p99, baseline: rawP99, ratio: p99 / rawP99, n: d.length, storeSize: deskPull.cases },
      dispatchOnline: { name: 'sync.dispatch_online', value: onlineP99, unit: 'ms', p50: percentile(o, 50), p95: percentile(o, 95), p99: onlineP99, baseline: rawP99, ratio: onlineP99 / rawP99, n: o.length, storeSize: deskPull.cases },
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
  { name: 'sync.dispatch_online', run: () => figure('dispatchOnline') },
] satisfies Benchmark[];
