/// <reference lib="dom" />
/**
 * What every benchmark seeding page shares (each page is a module the Node harness adds to a blank
 * page on the app's origin, before the app first opens its store): the signed-in staff member's
 * session, orders as the sync feed carries them, cases folded by the real rules from those orders,
 * ids in key order, and the bulk write of `cases`, `orders` and `caseView` with native IndexedDB
 * `put`s in large relaxed-durability transactions (the next chunk is built while the previous one
 * commits).
 *
 * Case and order ids are random v4 UUIDs as the server makes them, but written in key order: the
 * first 32 bits of the i-th id are a random point in the i-th of `cases` equal slices of that
 * range, the rest random. The store holds ids spread like random ones, and LevelDB under
 * IndexedDB appends instead of rewriting its levels on every compaction: on a shared two-core
 * machine, seeding 150,000 cases took 408 s instead of 757 s with ids written in random order (the
 * gap widens with the store).
 */
import { DEFAULT_POLICY, decide, evolveAll, type Actor, type AfterSalesCase, type Command } from '../../../shared/domain';
import { decisionInputsFromWireOrder } from '../../../shared/sync/order-context';
import { openDeskDb, type CaseSnapshotRow, type CaseViewRow, type OrderRow, type SessionRow } from '../../../renderer/src/db';
import { DB_NAME, openRaw } from './page-kit.mts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const BUYER: Actor = { id: 'buyer-1', role: 'buyer' };
export const CS: Actor = { id: 'staff-cs1', role: 'cs' };
export const RETURN_ADDRESS = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区曹安公路 4800 号' };

export const iso = (ms: number): string => new Date(ms).toISOString();

/** The session of a signed-in staff member (the router lets the app in without a sign-in). */
export function staffSession(staff: SessionRow['staff']): SessionRow {
  return {
    username: staff.username,
    current: 1,
    staff,
    token: null,
    expiresAt: null,
    verifier: { algorithm: 'PBKDF2-SHA-256', iterations: 1000, salt: 'AA==', hash: 'AA==' },
    signedInAt: new Date().toISOString(),
  };
}

/** Order times (paid, shipped, signed, confirmed) formatted once per paid time: most rows share one. */
let orderTimes: { paidMs: number; at: string[] } | null = null;

/** A completed one-line order (two kettles) as the sync feed carries it, paid at `paidMs`. */
export function wireOrder(o: { id: string; orderNo: string; sku: string; phone: string; paidMs: number }): Record<string, unknown> {
  if (orderTimes?.paidMs !== o.paidMs) orderTimes = { paidMs: o.paidMs, at: [0, 1, 3, 4].map((d) => iso(o.paidMs + d * DAY_MS)) };
  const [paidAt, shippedAt, signedAt, confirmedAt] = orderTimes.at;
  const { id, orderNo, sku } = o;
  return {
    id,
    orderNo,
    state: 'completed',
    buyerId: BUYER.id,
    buyerName: '张三',
    buyerPhone: o.phone,
    shippingFee: 1000,
    paidAt,
    shippedAt,
    signedAt,
    confirmedAt,
    completedAt: confirmedAt,
    lines: [{ id: `${id}-L1`, sku, quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
    products: { [sku]: { sku, spu: `SPU-${sku.slice(4)}`, name: `电热水壶 ${sku.slice(4)}`, gtin: null, unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 1200, warrantyDays: 365, active: true } },
  };
}

export type Step = Pick<Command, 'type' | 'actor'> & { payload: unknown };

/** The buyer's return-and-refund application for one unit of the order's line (a leaking kettle). */
export function applyStep(orderId: string): Step {
  return { type: 'buyer.apply', actor: BUYER, payload: { orderId, lineId: `${orderId}-L1`, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '壶底漏水', evidence: [] } };
}

/** CS approves the return to the Shanghai warehouse. */
export const APPROVE_STEP: Step = { type: 'cs.approve', actor: CS, payload: { returnAddress: RETURN_ADDRESS } };
/** The buyer ships the parcel back (one tracking number for every template: cases get their own later). */
export const SHIP_BACK_STEP: Step = { type: 'buyer.ship_back', actor: BUYER, payload: { carrier: 'SF', trackingNumber: 'SF1234567890123' } };

/** A case folded by the rule book (`decide` → `evolveAll`) through `steps` on the order, all at `now`. */
export function foldCase(wire: Record<string, unknown>, steps: readonly Step[], now: number, caseId = 'template-case'): AfterSalesCase {
  const inputs = decisionInputsFromWireOrder(wire);
  if (!inputs) throw new Error('the template order does not parse');
  const ctx = { ...inputs, policy: DEFAULT_POLICY, now: iso(now), otherCases: [] };
  let c: AfterSalesCase | undefined;
  for (const step of steps) {
    const command = { id: crypto.randomUUID(), caseId, baseVersion: c?.version ?? 0, occurredAt: iso(now), ...step } as Command;
    const d = decide(c, command, ctx);
    if (!d.ok) throw new Error(`template step ${step.type} refused: ${d.rejection.code}`);
    c = evolveAll(c, d.events);
  }
  if (!c) throw new Error('no template case');
  return c;
}

/**
 * The i-th of `n` random v4 UUIDs in ascending order: its first 8 hex digits are a random point in
 * the i-th of n equal slices of [0, 2^32), so ids of different i never collide.
 */
export function keyOrderedId(i: number, n: number): string {
  const slice = 2 ** 32 / n;
  const head = Math.floor(i * slice) + Math.floor(Math.random() * Math.max(1, Math.floor((i + 1) * slice) - Math.floor(i * slice)));
  return head.toString(16).padStart(8, '0') + crypto.randomUUID().slice(8);
}

/** The three rows one case is stored as. */
export interface StoredCase {
  order: OrderRow;
  snapshot: CaseSnapshotRow;
  view: CaseViewRow;
}

export interface BulkSeedResult {
  /** Wall time of the bulk writes. */
  seconds: number;
  /** Part of `seconds` the page spent building rows and handing them to `put` (the rest: waiting for commits). */
  buildSeconds: number;
  /** Cases per state written. */
  states: Record<string, number>;
  /** `navigator.storage.estimate()` after seeding (bytes), null when unavailable. */
  usageBytes: number | null;
  quotaBytes: number | null;
}

/** Cases per transaction (three rows each). */
const CHUNK = 10_000;
/** Transactions committing while the page builds the next one. */
const IN_FLIGHT = 2;

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export function setStatus(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

/**
 * Creates the app's store with the real schema (`openDeskDb`, current version), writes the
 * session, then the `cases` rows built by `build(i)` for i in [0, cases).
 */
export async function seedStore(session: SessionRow, cases: number, build: (i: number) => StoredCase): Promise<BulkSeedResult> {
  const desk = await openDeskDb(DB_NAME);
  await desk.session.put(session);
  desk.close();

  const states: Record<string, number> = {};
  const idb = await openRaw(DB_NAME);
  const started = performance.now();
  let building = 0;
  const inFlight: Promise<void>[] = [];
  try {
    for (let from = 0; from < cases; from += CHUNK) {
      const to = Math.min(cases, from + CHUNK);
      const chunkStarted = performance.now();
      const tx = idb.transaction(['cases', 'orders', 'caseView'], 'readwrite', { durability: 'relaxed' });
      const committed = done(tx);
      // A failed commit must fail the run, not surface later as an unhandled rejection.
      committed.catch(() => undefined);
      const casesStore = tx.objectStore('cases');
      const ordersStore = tx.objectStore('orders');
      const viewStore = tx.objectStore('caseView');
      for (let i = from; i < to; i++) {
        const row = build(i);
        ordersStore.put(row.order);
        casesStore.put(row.snapshot);
        viewStore.put(row.view);
        states[row.snapshot.state] = (states[row.snapshot.state] ?? 0) + 1;
      }
      building += performance.now() - chunkStarted;
      inFlight.push(committed);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      setStatus(`seeded ${to} of ${cases} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    await Promise.all(inFlight);
  } finally {
    idb.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return { seconds, buildSeconds: building / 1000, states, usageBytes: estimate?.usage ?? null, quotaBytes: estimate?.quota ?? null };
}

/** Makes the page's seeder callable from Node (`page.evaluate`) under `globalThis[name]`. */
export function expose(name: string, page: object): void {
  (globalThis as unknown as Record<string, object>)[name] = page;
  setStatus('ready');
}
