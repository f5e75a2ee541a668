/**
 * The customer-service workspace in the real app (built renderer, Chromium, on-disk IndexedDB),
 * signed in as a CS agent, with 100,000 cases in the local store (CS_BENCH_CASES) in twenty stages
 * of a case's life (`browser/cs-seed.mts`; the "needs me" queue — cases whose next deadline CS
 * owns: review and open disputes — holds 15 % of them). Each figure is in ms, value = p95 (with
 * p50/p99), beside a raw IndexedDB read of the same rows in the same page, alternated with it
 * (`alternate`: neither always goes first); `baseline` = the raw read's p95, `ratio` = value / baseline.
 *
 *  - `queue.open_100k`: from another screen (Settings) to the first rows of the "needs me" queue
 *    drawn, inside the running app (a CS agent going back to the queue). Baseline: the queue's ids
 *    from the `[queue+dueAt]` index and its first window of rows with their orders. Target p95 ≤ 300 ms.
 *  - `queue.open_100k.page_load`: the same from a page load of `#/queues` (the app starting: its
 *    scripts, the session, the shell), counted from the navigation's start; its raw read runs on
 *    a blank page of the origin, with no app beside it.
 *  - `queue.filter_100k`: a filter or search change applied through the queue store (what the
 *    toolbar does, after the search box's typing pause) until the list shows the rows the raw read
 *    found (its length and first row): a buyer's phone tail, a case number, an order number, a
 *    reason, a type, a warehouse, an amount range, an opening-date range, a reason with a type,
 *    each followed by clearing it again (also timed). Baseline: the same rows read raw (the
 *    queue's ids, each condition's index keys, intersected, the first window of rows). Target p95 ≤ 150 ms.
 *  - `case.open`: a queue row under the keyboard cursor, Enter, until the case page's timeline is
 *    drawn. Baseline: what the case page reads, raw, for another case of the queue. Target p95 ≤ 100 ms.
 *  - `queue.heap`: the page's JS heap (CDP `Runtime.getHeapUsage` after a forced GC, MB) after
 *    scrolling the whole queue a viewport at a time, each window's rows drawn. Baseline: the heap
 *    of a blank page on the same origin holding the queue's rows read raw (what keeping the
 *    queue in memory would cost). Target ≤ 300 MB.
 *
 * Every figure but the page loads is taken once the app has built its queue index (filters,
 * search and sorts in memory, `renderer/src/views/cs/queueIndex.ts`), logged with how long that
 * took: before it, filters read the store's indexes (about the raw read's time).
 *
 * The store is seeded and cached as for the other app benchmarks (`support/seeded-app.ts`;
 * CS_BENCH_CACHE=0 always seeds, CS_BENCH_PORT, default 47815). CS_BENCH_SAMPLES (default 15)
 * sets the samples of each latency. Without Chromium (CHROME_PATH) the benchmark is skipped.
 */
import type { CDPSession, Page } from 'playwright-core';
import { normalizeTrackingNumber } from '../../shared/domain';
import { emptyFilters } from '../../renderer/src/views/cs/queueDefs';
import type { CsDriverPage, CsSeedOptions, CsSeedResult, QueueChange, QueueSample, RawRange, RawRead } from './browser/cs-protocol';
import { pageCaller } from './support/bench-page';
import { positiveInt } from './support/env';
import { withSeededApp, type SeededApp } from './support/seeded-app';
import { alternate, percentile, type BenchFigure, type Benchmark } from './types';

const CASES = positiveInt('CS_BENCH_CASES', 100_000, 1000);
const SAMPLES = positiveInt('CS_BENCH_SAMPLES', 15, 3);
const PORT = 47_815;
const WARMUP = 2;
/** Rows in the queue list's first window: a 560 px list of 56 px rows and 8 rows of overscan. */
const WINDOW = 18;
const TIMEOUT_MS = 60_000;
/** A page load reads the store cold: the first one after seeding waits for the store's own start-up work. */
const LOAD_TIMEOUT_MS = 600_000;
const DAY_MS = 86_400_000;
const TARGETS = { open: 300, filter: 150, case: 100, heapMb: 300 };

const log = (message: string): void => console.log(`  [cs] ${message}`);
const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);
const ms = (n: number): string => n.toFixed(1);
const round = (n: number): number => Math.round(n * 10) / 10;
const summary = (values: readonly number[]): string => {
  const s = sorted(values);
  return `p50 ${ms(percentile(s, 50))}, p95 ${ms(percentile(s, 95))}, max ${ms(s.at(-1) ?? Number.NaN)} ms (n ${s.length})`;
};

/** The page's `csDriver`, called from Node (each call crosses `page.evaluate`). */
function driver(page: Page): CsDriverPage {
  const call = pageCaller<Record<string, (...args: unknown[]) => unknown>>(page, 'csDriver');
  return new Proxy({} as CsDriverPage, {
    // Not a thenable: the proxy is returned from async functions.
    get: (_, method) => (method === 'then' ? undefined : (...args: unknown[]) => call(String(method), ...args)),
  });
}

async function addDriver(app: SeededApp<CsSeedResult>, page: Page): Promise<CsDriverPage> {
  await page.addScriptTag({ url: app.moduleUrl('driver'), type: 'module' });
  await page.waitForFunction(() => (globalThis as { csDriver?: unknown }).csDriver !== undefined);
  return driver(page);
}

const prefix = (index: string, text: string): RawRange => ({ index, lower: text, upper: `${text}\uffff` });

/** A search as the queue reads it (`searchKeys`): case and order number prefixes, the tracking number, a phone's last four digits. */
function search(label: string, text: string): QueueChange {
  const upper = text.toUpperCase();
  const tracking = normalizeTrackingNumber(text);
  const ranges = [prefix('caseNo', upper), prefix('orderNo', upper)];
  if (tracking.length >= 4) ranges.push(prefix('returnTrackingNo', tracking));
  if (/^\d{4}$/.test(text)) ranges.push({ index: 'buyerPhoneTail', only: text });
  return { label, filters: emptyFilters(), search: text, raw: [ranges] };
}

/** The changes timed, each from the whole queue; built from rows of the queue. */
function changes(s: QueueSample[], now: number): QueueChange[] {
  const [a, b, c, d] = s;
  if (!a || !b || !c || !d) throw new Error('the queue has too few cases to build the filters from');
  const since = new Date(now - 14 * DAY_MS).toISOString();
  const none = emptyFilters();
  return [
    search('phone tail', a.phoneTail),
    search('case number', b.caseNo),
    search('order number', c.orderNo),
    { label: 'reason', filters: { ...none, reasons: [d.reason as never] }, search: '', raw: [[{ index: 'data.reason', only: d.reason }]] },
    { label: 'type', filters: { ...none, types: ['exchange'] }, search: '', raw: [[{ index: 'data.type', only: 'exchange' }]] },
    { label: 'warehouse', filters: { ...none, warehouses: ['WH-GZ'] }, search: '', raw: [[{ index: 'data.returnAddress.warehouseId', only: 'WH-GZ' }]] },
    { label: 'amount', filters: { ...none, amountMin: 5000, amountMax: 6000 }, search: '', raw: [[{ index: 'data.refund.cash', lower: 5000, upper: 6000 }]] },
    { label: 'opened', filters: { ...none, openedFrom: since }, search: '', raw: [[{ index: 'data.openedAt', lower: since }]] },
    {
      label: 'reason + type',
      filters: { ...none, reasons: [a.reason as never], types: ['refund_only'] },
      search: '',
      raw: [[{ index: 'data.reason', only: a.reason }], [{ index: 'data.type', only: 'refund_only' }]],
    },
  ];
}

const CLEAR: QueueChange = { label: 'clear', filters: emptyFilters(), search: '', raw: [] };

function figure(name: string, samples: readonly number[], baseline: readonly number[], storeSize: number): BenchFigure {
  const s = sorted(samples);
  const b = sorted(baseline);
  const p95 = percentile(s, 95);
  const base = percentile(b, 95);
  return { name, value: round(p95), unit: 'ms', p50: round(percentile(s, 50)), p95: round(p95), p99: round(percentile(s, 99)), baseline: round(base), ratio: p95 / base, n: s.length, storeSize };
}

const verdict = (value: number, target: number): string => `target ≤ ${target}: ${value <= target ? 'met' : 'missed'}`;

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize / 1e6;
}

/** Page loads of `#/queues`: navigation start → first rows drawn (the init script's mark), alternated with the raw read. */
async function pageLoads(app: SeededApp<CsSeedResult>, page: Page): Promise<{ engine: number[]; baseline: number[] }> {
  const load = async (): Promise<number> => {
    await page.goto('about:blank');
    await page.goto(`${app.appUrl}#/queues`);
    await page.waitForFunction(() => (globalThis as { csFirstRows?: number }).csFirstRows !== undefined, null, { timeout: LOAD_TIMEOUT_MS });
    const at = await page.evaluate(() => (globalThis as unknown as { csFirstRows: number }).csFirstRows);
    await addDriver(app, page);
    return at;
  };
  // The raw read runs on a blank page of the origin: no app started beside it to share the store with.
  const raw = async (): Promise<number> => {
    await page.goto(app.pageUrl);
    return (await (await addDriver(app, page)).rawOpen(WINDOW)).ms;
  };
  for (let i = 0; i < WARMUP; i++) await load();
  return alternate(SAMPLES, load, raw);
}

/**
 * Opens the app at the queue and waits until its background work is done (the queue index built,
 * `data-queue-index`), so that the figures after it, and the raw reads beside them, are taken on
 * a quiet app. Returns how long the index took from the first rows.
 */
async function settledApp(app: SeededApp<CsSeedResult>, page: Page): Promise<number> {
  await page.goto(`${app.appUrl}#/queues`);
  await page.waitForSelector('[data-testid="queue-row"]', { timeout: LOAD_TIMEOUT_MS });
  const rowsAt = Date.now();
  await page.waitForSelector('[data-queue-index="built"]', { timeout: LOAD_TIMEOUT_MS });
  const built = Date.now() - rowsAt;
  await addDriver(app, page);
  return built;
}

async function measure(): Promise<BenchFigure[]> {
  return withSeededApp<CsSeedOptions, CsSeedResult>({
    name: 'cs',
    seeder: 'cs-seed.mts',
    seedGlobal: 'csSeed',
    modules: { driver: 'cs-driver.mts', firstRows: 'cs-first-rows.mts' },
    options: { cases: CASES, days: 120, seed: 14 },
    port: PORT,
    viewport: { width: 1366, height: 768 },
    describe: (r) => `${r.cases.toLocaleString('en-US')} cases (${Object.entries(r.states).map(([s, n]) => `${s} ${n}`).join(', ')}) in ${r.seconds.toFixed(0)} s`,
  }, async (app) => {
    const { page } = app;
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The queue opens where the agent left it: start from "needs me" without filters.
    await page.goto(app.pageUrl);
    await page.evaluate(() => (globalThis as unknown as { localStorage: { removeItem(key: string): void } }).localStorage.removeItem('desk.cs.queues.v1'));
    const firstRows = await fetch(app.moduleUrl('firstRows'));
    await page.addInitScript({ content: await firstRows.text() });

    const loads = await pageLoads(app, page);
    const indexMs = await settledApp(app, page);
    const cs = driver(page);
    const stored = await cs.counts();
    if (stored.caseView !== CASES || stored.cases !== CASES) throw new Error(`the store holds ${JSON.stringify(stored)}, expected ${CASES} cases`);
    log(`store: ${JSON.stringify(stored)}`);
    log(`page load → first rows: ${summary(loads.engine)}; raw read: ${summary(loads.baseline)}`);
    log(`queue index built ${(indexMs / 1000).toFixed(1)} s after the first rows (filters and search read the store's indexes until then)`);

    // Inside the app: from Settings back to the queue.
    for (let i = 0; i < WARMUP; i++) await cs.openInApp(TIMEOUT_MS);
    const opens = await alternate(SAMPLES, () => cs.openInApp(TIMEOUT_MS), async () => (await cs.rawOpen(WINDOW)).ms);
    log(`Settings → queue's first rows: ${summary(opens.engine)}; raw read: ${summary(opens.baseline)}; ${verdict(percentile(sorted(opens.engine), 95), TARGETS.open)}`);

    // Filter and search changes, each followed by clearing it; the rows each must show come from an untimed raw read first.
    const list = changes(await cs.samples(8), Date.now());
    const expected = new Map<string, RawRead>();
    for (const c of [...list, CLEAR]) expected.set(c.label, await cs.rawChange(c, WINDOW));
    log(`changes: ${[...expected].map(([label, r]) => `${label} → ${r.count}`).join(', ')}`);
    const rounds = Math.max(1, Math.ceil(SAMPLES / list.length));
    const sequence = Array.from({ length: rounds }, () => list.flatMap((c) => [c, CLEAR])).flat();
    const byLabel = new Map<string, number[]>();
    let e = 0;
    let r = 0;
    const filters = await alternate(
      sequence.length,
      async () => {
        const c = sequence[e++]!;
        const took = await cs.change(c, expected.get(c.label)!, TIMEOUT_MS);
        byLabel.set(c.label, [...(byLabel.get(c.label) ?? []), took]);
        return took;
      },
      async () => (await cs.rawChange(sequence[r++]!, WINDOW)).ms,
    );
    log(`filter/search change → rows drawn: ${summary(filters.engine)}; raw read: ${summary(filters.baseline)}; ${verdict(percentile(sorted(filters.engine), 95), TARGETS.filter)}`);
    log(`  by change (median ms): ${[...byLabel].map(([label, v]) => `${label} ${ms(sorted(v)[Math.floor(v.length / 2)]!)}`).join(', ')}`);

    // Enter on a queue row → the case page's timeline; the raw read takes another case of the queue.
    const ids = await cs.queueIds();
    if (ids.length < 2 * SAMPLES + WARMUP) throw new Error(`the queue holds ${ids.length} cases, too few for ${SAMPLES} case opens`);
    for (let i = 0; i < WARMUP; i++) await cs.openCase(i, ids[i]!, TIMEOUT_MS);
    let k = WARMUP;
    let o = WARMUP + SAMPLES;
    const caseOpens = await alternate(
      SAMPLES,
      async () => {
        const index = k++;
        return cs.openCase(index, ids[index]!, TIMEOUT_MS);
      },
      () => cs.rawCase(ids[o++]!),
    );
    log(`row Enter → case page with timeline: ${summary(caseOpens.engine)}; raw case read: ${summary(caseOpens.baseline)}; ${verdict(percentile(sorted(caseOpens.engine), 95), TARGETS.case)}`);

    // The heap after scrolling the whole queue, beside a blank page holding the queue's rows read raw.
    const cdp = await app.context.newCDPSession(page);
    const heapBefore = await heapMb(cdp);
    const scrolled = await cs.scrollAll(TIMEOUT_MS);
    const heapAfter = await heapMb(cdp);
    const rawPage = await app.context.newPage();
    await rawPage.goto(app.pageUrl);
    const held = await (await addDriver(app, rawPage)).holdRaw();
    const rawHeap = await heapMb(await app.context.newCDPSession(rawPage));
    await rawPage.close();
    log(`heap: ${heapBefore.toFixed(1)} MB at the queue, ${heapAfter.toFixed(1)} MB after scrolling it all (${scrolled.steps} viewports, ${scrolled.rows} rows drawn, ${scrolled.seconds.toFixed(1)} s); a blank page holding the ${held} rows read raw: ${rawHeap.toFixed(1)} MB; ${verdict(heapAfter, TARGETS.heapMb)}`);
    if (scrolled.rows !== stored.needsMe) log(`note: ${scrolled.rows} distinct rows drawn while scrolling, the queue holds ${stored.needsMe}`);
    if (errors.length > 0) log(`page errors: ${errors.slice(0, 3).join(' | ')}`);

    return [
      figure('queue.open_100k', opens.engine, opens.baseline, stored.caseView),
      figure('queue.open_100k.page_load', loads.engine, loads.baseline, stored.caseView),
      figure('queue.filter_100k', filters.engine, filters.baseline, stored.caseView),
      figure('case.open', caseOpens.engine, caseOpens.baseline, stored.caseView),
      { name: 'queue.heap', value: round(heapAfter), unit: 'MB', baseline: round(rawHeap), ratio: heapAfter / rawHeap, n: 1, storeSize: stored.caseView },
    ];
  });
}

export default [{ name: 'cs', run: measure }] satisfies Benchmark[];
