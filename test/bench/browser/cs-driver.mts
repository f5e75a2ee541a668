/// <reference lib="dom" />
/**
 * The customer-service benchmark's hands inside the running app (added as a module to the app
 * page, signed in as a CS agent): opens the "needs me" queue from another screen, changes its
 * filters and search through the queue store (what the toolbar does once the typing pause is
 * over), opens cases with Enter, scrolls the whole queue — each timed with `performance.now()`
 * until the first frame that shows the result (a MutationObserver, then one frame) — and reads
 * the same rows with raw IndexedDB requests for the baselines.
 */
import type { QueueFilters } from '../../../renderer/src/views/cs/queueDefs';
import type { CsDriverPage, CsStoreCounts, QueueChange, QueueSample, RawRange, RawRead, ScrollResult } from './cs-protocol';
import { afterNextFrame, answer, count, openRaw, whenDom } from './page-kit.mts';

/** The queue's members in due order: the `[queue+dueAt]` index of the merged view, owner 'cs'. */
const NEEDS_ME = IDBKeyRange.bound(['cs'], ['cs', []]);
const ROW = '[data-testid="queue-row"]';
const LIST = '[data-testid="queue-list"]';
const WATCHED = ['data-count', 'data-case-id', 'data-testid', 'class'];

interface CaseViewLike {
  id: string;
  orderId: string;
  caseNo: string;
  orderNo: string;
  buyerPhoneTail: string;
  data: { reason: string; type: string; returnAddress: { warehouseId: string } | null };
}

/** The queue store as the toolbar drives it (the Pinia store of `stores/queues.ts`). */
interface QueuesStore {
  cursor: number;
  filters: QueueFilters;
  search: string;
  setFilters(filters: QueueFilters): void;
  setSearch(text: string): void;
}

function queuesStore(): QueuesStore {
  const root = document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, unknown> } } } } }) | null;
  const store = root?.__vue_app__?.config.globalProperties.$pinia?._s.get('csQueues');
  if (!store) throw new Error('the queue store is not in use: is the app at #/queues?');
  return store as QueuesStore;
}

let connection: Promise<IDBDatabase> | null = null;
const db = (): Promise<IDBDatabase> => (connection ??= openRaw());

function keyRange(r: RawRange): IDBKeyRange {
  if (r.only !== undefined) return IDBKeyRange.only(r.only);
  if (r.lower !== undefined && r.upper !== undefined) return IDBKeyRange.bound(r.lower, r.upper);
  if (r.lower !== undefined) return IDBKeyRange.lowerBound(r.lower);
  if (r.upper !== undefined) return IDBKeyRange.upperBound(r.upper);
  throw new Error(`empty range on ${r.index}`);
}

/** The first `window` rows of `ids` and their orders, in one transaction. */
async function firstRows(tx: IDBTransaction, ids: readonly IDBValidKey[], window: number): Promise<void> {
  const views = await Promise.all(ids.slice(0, window).map((id) => answer(tx.objectStore('caseView').get(id) as IDBRequest<CaseViewLike | undefined>)));
  await Promise.all(views.map((v) => (v ? answer(tx.objectStore('orders').get(v.orderId)) : undefined)));
}

/** The queue's ids in every condition of `raw` (each the union of its ranges), and its first `window` rows. */
async function rawRead(raw: readonly RawRange[][], window: number): Promise<RawRead> {
  const idb = await db();
  const started = performance.now();
  const tx = idb.transaction(['caseView', 'orders'], 'readonly');
  const cv = tx.objectStore('caseView');
  const [ordered, ...conditions] = await Promise.all([
    answer(cv.index('[queue+dueAt]').getAllKeys(NEEDS_ME)),
    ...raw.map(async (ranges) => new Set((await Promise.all(ranges.map((r) => answer(cv.index(r.index).getAllKeys(keyRange(r)))))).flat())),
  ]);
  const sets = (conditions as Set<IDBValidKey>[]).sort((a, b) => a.size - b.size);
  const ids = sets.length === 0 ? ordered : ordered.filter((id) => sets.every((s) => s.has(id)));
  await firstRows(tx, ids, window);
  return { ms: performance.now() - started, count: ids.length, first: String(ids[0] ?? '') };
}

async function queueIds(): Promise<string[]> {
  const idb = await db();
  return (await answer(idb.transaction('caseView', 'readonly').objectStore('caseView').index('[queue+dueAt]').getAllKeys(NEEDS_ME))).map(String);
}

async function counts(): Promise<CsStoreCounts> {
  const idb = await db();
  const needsMe = await answer(idb.transaction('caseView', 'readonly').objectStore('caseView').index('[queue+dueAt]').count(NEEDS_ME));
  return { cases: await count(idb, 'cases'), orders: await count(idb, 'orders'), caseView: await count(idb, 'caseView'), needsMe };
}

async function samples(n: number): Promise<QueueSample[]> {
  const idb = await db();
  const rows = (await answer(idb.transaction('caseView', 'readonly').objectStore('caseView').index('[queue+dueAt]').getAll(NEEDS_ME))) as CaseViewLike[];
  const step = Math.max(1, Math.floor(rows.length / n));
  return rows
    .filter((_, i) => i % step === Math.floor(step / 2))
    .slice(0, n)
    .map((r) => ({ id: r.id, caseNo: r.caseNo, orderNo: r.orderNo, phoneTail: r.buyerPhoneTail, reason: r.data.reason, type: r.data.type, warehouse: r.data.returnAddress?.warehouseId ?? null }));
}

const queueShown = (): boolean => document.querySelector(ROW) !== null;

async function openInApp(timeoutMs: number): Promise<number> {
  location.hash = '#/settings';
  await whenDom(() => document.querySelector(LIST) === null, timeoutMs, WATCHED);
  await afterNextFrame();
  const started = performance.now();
  location.hash = '#/queues';
  await whenDom(queueShown, timeoutMs, WATCHED);
  return (await afterNextFrame()) - started;
}

/** Whether the list shows what the raw read found: its length, and its first row. */
function showing(expected: RawRead): boolean {
  if (expected.count === 0) return document.querySelector('[data-testid="queue-empty"]') !== null;
  const list = document.querySelector(LIST);
  if (list?.getAttribute('data-count') !== String(expected.count)) return false;
  return list.querySelector(ROW)?.getAttribute('data-case-id') === expected.first;
}

async function change(next: QueueChange, expected: RawRead, timeoutMs: number): Promise<number> {
  const store = queuesStore();
  const started = performance.now();
  if (store.search !== next.search) store.setSearch(next.search);
  if (JSON.stringify(store.filters) !== JSON.stringify(next.filters)) store.setFilters(next.filters);
  try {
    await whenDom(() => showing(expected), timeoutMs, WATCHED);
  } catch {
    const list = document.querySelector(LIST);
    throw new Error(`${next.label}: the list shows ${list?.getAttribute('data-count')} rows from ${list?.querySelector(ROW)?.getAttribute('data-case-id')}, the raw read found ${expected.count} from ${expected.first}`);
  }
  return (await afterNextFrame()) - started;
}

async function openCase(index: number, caseId: string, timeoutMs: number): Promise<number> {
  queuesStore().cursor = index;
  await afterNextFrame();
  const drawn = `[data-testid="case-page"][data-case-id="${caseId}"] [data-testid="timeline-entry"]`;
  const started = performance.now();
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
  await whenDom(() => document.querySelector(drawn) !== null, timeoutMs, WATCHED);
  const ms = (await afterNextFrame()) - started;
  history.back();
  await whenDom(queueShown, timeoutMs, WATCHED);
  await afterNextFrame();
  return ms;
}

async function rawCase(caseId: string): Promise<number> {
  const idb = await db();
  const started = performance.now();
  const tx = idb.transaction(['caseView', 'cases', 'orders', 'outbox', 'conflicts'], 'readonly');
  const [view] = await Promise.all([
    answer(tx.objectStore('caseView').get(caseId) as IDBRequest<CaseViewLike | undefined>),
    answer(tx.objectStore('cases').get(caseId)),
    answer(tx.objectStore('outbox').index('[caseId+seq]').getAll(IDBKeyRange.bound([caseId], [caseId, []]))),
    answer(tx.objectStore('conflicts').index('caseId').getAll(caseId)),
  ]);
  if (!view) throw new Error(`raw case read: no case ${caseId}`);
  await Promise.all([answer(tx.objectStore('orders').get(view.orderId)), answer(tx.objectStore('caseView').index('orderId').getAll(view.orderId))]);
  return performance.now() - started;
}

async function scrollAll(timeoutMs: number): Promise<ScrollResult> {
  const scroller = document.querySelector(`${LIST} .v-vl`);
  if (!scroller) throw new Error('the queue list has no scroll container');
  const seen = new Set<string>();
  const started = performance.now();
  let steps = 0;
  for (let top = 0; ; top += scroller.clientHeight) {
    scroller.scrollTop = top;
    steps += 1;
    await afterNextFrame();
    await whenDom(() => scroller.querySelector('.placeholder') === null, timeoutMs, WATCHED);
    for (const row of scroller.querySelectorAll(ROW)) seen.add(row.getAttribute('data-case-id') ?? '');
    if (top + scroller.clientHeight >= scroller.scrollHeight) break;
  }
  return { steps, rows: seen.size, seconds: (performance.now() - started) / 1000 };
}

async function holdRaw(): Promise<number> {
  const idb = await db();
  const rows = await answer(idb.transaction('caseView', 'readonly').objectStore('caseView').index('[queue+dueAt]').getAll(NEEDS_ME));
  (globalThis as unknown as { csHeld: unknown[] }).csHeld = rows;
  return rows.length;
}

const driver: CsDriverPage = {
  counts,
  samples,
  openInApp,
  rawOpen: (window) => rawRead([], window),
  change,
  rawChange: (next, window) => rawRead(next.raw, window),
  openCase,
  rawCase,
  queueIds,
  scrollAll,
  holdRaw,
};
(globalThis as unknown as { csDriver: CsDriverPage }).csDriver = driver;
