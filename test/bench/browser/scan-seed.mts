/// <reference lib="dom" />
/**
 * Seeding page of the scan benchmark (served on the app's origin, loaded before the app): creates
 * the app's local store with the real schema (`openDeskDb`, current version), writes the signed-in
 * warehouse session, then fills `cases`, `orders` and `caseView` with native IndexedDB `put`s in
 * large relaxed-durability transactions. Rows are generated here, not sent from Node.
 *
 * Case and order ids are random v4 UUIDs as the server makes them, but written in key order: the
 * first 32 bits of the i-th id are a random point in the i-th of `cases` equal slices of that
 * range, the rest random. The store holds ids spread like random ones, and LevelDB under
 * IndexedDB appends instead of rewriting its levels on every compaction: on a shared two-core
 * machine, seeding 150,000 cases took 408 s instead of 757 s with ids written in random order (the
 * gap widens with the store).
 *
 * The rows come from templates folded by the real domain rules (`decide` → `evolveAll`:
 * buyer.apply; + cs.approve; + buyer.ship_back) and the real row builders (`orderRowFromChange`,
 * `viewRow`); each case then gets its own id, case number, order (id, number, buyer phone), SKU,
 * command ids and — when shipped back — a unique return tracking number in a format the barcode
 * classifier accepts (`generateTrackingNumber`, EMS with its S10 check digit).
 * Mix: 10 % pending review, 10 % approved and waiting for the buyer's parcel, 80 % awaiting receipt.
 */
import { createSeededRng, formatCaseNumber, formatOrderNumber, generateAnyTrackingNumber, randomDigits, randomInt, type Rng } from '../../../shared/barcode';
import { DEFAULT_POLICY, decide, evolveAll, normalizeTrackingNumber, type Actor, type AfterSalesCase, type Command, type DecideContext } from '../../../shared/domain';
import { openDeskDb, type CaseSnapshotRow, type CaseViewRow, type OrderRow, type SessionRow } from '../../../renderer/src/db';
import { orderRowFromChange } from '../../../renderer/src/sync/engine';
import { viewRow } from '../../../renderer/src/sync/local';
import type { ScanSeedPage, ScanTarget, SeedOptions, SeedResult } from './scan-protocol';

/** The app's database name (renderer/src/sync/runtime.ts uses openDeskDb's default). */
const DB_NAME = 'after-sales-desk';
/** Cases per transaction (three rows each). */
const CHUNK = 10_000;
/** Transactions committing while the page builds the next one. */
const IN_FLIGHT = 2;
/** Distinct SKUs over the store. */
const SKUS = 500;
/** Days the case numbers are spread over (ending today). */
const DAYS = 120;

const WAREHOUSE_ID = 'WH-SH';
const RETURN_ADDRESS = { warehouseId: WAREHOUSE_ID, name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区曹安公路 4800 号' };
const CS: Actor = { id: 'staff-cs1', role: 'cs' };
const BUYER: Actor = { id: 'buyer-1', role: 'buyer' };

const SESSION: SessionRow = {
  username: 'wh1',
  current: 1,
  staff: { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: WAREHOUSE_ID },
  token: null,
  expiresAt: null,
  verifier: { algorithm: 'PBKDF2-SHA-256', iterations: 1000, salt: 'AA==', hash: 'AA==' },
  signedInAt: new Date().toISOString(),
};

type Stage = 'applied' | 'approved' | 'shipped';

interface Template {
  stage: Stage;
  data: AfterSalesCase;
  order: OrderRow;
  view: CaseViewRow;
}

const iso = (ms: number): string => new Date(ms).toISOString();

const DAY_MS = 86_400_000;
/** Order times (paid, shipped, signed, confirmed) days before `now`, formatted once per `now`. */
let orderTimes: { now: number; at: string[] } | null = null;

function wireOrder(id: string, orderNo: string, sku: string, phone: string, now: number): Record<string, unknown> {
  if (orderTimes?.now !== now) orderTimes = { now, at: [9, 8, 6, 5].map((d) => iso(now - d * DAY_MS)) };
  const [paidAt, shippedAt, signedAt, confirmedAt] = orderTimes.at;
  return {
    id,
    orderNo,
    state: 'completed',
    buyerId: BUYER.id,
    buyerName: '张三',
    buyerPhone: phone,
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

/** One case folded by the domain rules up to `stage`, with its order row and merged view row. */
function template(stage: Stage, now: number): Template {
  const caseId = 'template-case';
  const orderId = 'template-order';
  const sku = 'SKU-0000';
  const wire = wireOrder(orderId, formatOrderNumber(1, iso(now).slice(0, 10)), sku, '13800138000', now);
  const order = orderRowFromChange({ seq: 1, kind: 'order', id: orderId, deleted: false, version: null, caseNo: null, data: wire });
  const line = order.lines[0]!;
  const ctx: DecideContext = {
    order: {
      id: orderId,
      buyerId: BUYER.id,
      state: 'completed',
      lines: [{ id: line.id, sku, quantity: line.quantity, unitPrice: line.unitPrice, discount: line.discount, coins: line.coins, paid: line.paid }],
      shippingFee: 1000,
      invoiceIssued: false,
      paidAt: String(wire.paidAt),
      shippedAt: String(wire.shippedAt),
      signedAt: String(wire.signedAt),
      confirmedAt: String(wire.confirmedAt),
      platformSubsidy: 0,
      serviceFee: 0,
    },
    products: wire.products as DecideContext['products'],
    policy: DEFAULT_POLICY,
    now: iso(now),
    otherCases: [],
  };
  const steps: Array<Pick<Command, 'type' | 'actor'> & { payload: unknown }> = [
    { type: 'buyer.apply', actor: BUYER, payload: { orderId, lineId: line.id, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '壶底漏水', evidence: [] } },
  ];
  if (stage !== 'applied') steps.push({ type: 'cs.approve', actor: CS, payload: { returnAddress: RETURN_ADDRESS } });
  if (stage === 'shipped') steps.push({ type: 'buyer.ship_back', actor: BUYER, payload: { carrier: 'SF', trackingNumber: 'SF1234567890123' } });
  let c: AfterSalesCase | undefined;
  for (const step of steps) {
    const command = { id: crypto.randomUUID(), caseId, baseVersion: c?.version ?? 0, occurredAt: iso(now), ...step } as Command;
    const d = decide(c, command, ctx);
    if (!d.ok) throw new Error(`template step ${step.type} refused: ${d.rejection.code}`);
    c = evolveAll(c, d.events);
  }
  if (!c) throw new Error('no template case');
  const snapshot: CaseSnapshotRow = { id: c.id, caseNo: 'template', version: c.version, state: c.state, changeSeq: 1, data: c };
  return { stage, data: c, order, view: viewRow(snapshot, c, order, 0, DEFAULT_POLICY) };
}

function stageOf(i: number): Stage {
  const r = i % 10;
  return r === 0 ? 'applied' : r === 1 ? 'approved' : 'shipped';
}

/**
 * The i-th of `n` random v4 UUIDs in ascending order: its first 8 hex digits are a random point in
 * the i-th of n equal slices of [0, 2^32), so ids of different i never collide.
 */
function keyOrderedId(i: number, n: number): string {
  const slice = 2 ** 32 / n;
  const head = Math.floor(i * slice) + Math.floor(Math.random() * Math.max(1, Math.floor((i + 1) * slice) - Math.floor(i * slice)));
  return head.toString(16).padStart(8, '0') + crypto.randomUUID().slice(8);
}

/** A tracking number no other case has. */
function uniqueTracking(rng: Rng, seen: Set<string>): { carrier: string; trackingNumber: string } {
  for (;;) {
    const t = generateAnyTrackingNumber(rng);
    const normalized = normalizeTrackingNumber(t.trackingNumber);
    if (!seen.has(normalized)) {
      seen.add(normalized);
      return t;
    }
  }
}

/** `count` distinct indices of shipped cases in [0, cases), excluding `taken`. */
function pickShipped(count: number, cases: number, rng: Rng, taken: Set<number>): number[] {
  const shipped = cases - Math.ceil(cases / 10) - Math.ceil((cases - 1) / 10);
  if (count > shipped - taken.size) throw new Error(`only ${shipped} cases awaiting receipt for ${count + taken.size} targets`);
  const out: number[] = [];
  while (out.length < count) {
    const i = randomInt(cases, rng);
    if (stageOf(i) !== 'shipped' || taken.has(i)) continue;
    taken.add(i);
    out.push(i);
  }
  return out;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error(`cannot open ${name}`));
    request.onblocked = () => reject(new Error(`opening ${name} is blocked`));
  });
}

async function seed(options: SeedOptions): Promise<SeedResult> {
  // The real schema creates the store at the current version; the session lets the router in.
  const desk = await openDeskDb(DB_NAME);
  await desk.session.put(SESSION);
  desk.close();

  const now = Date.now();
  const templates: Record<Stage, Template> = { applied: template('applied', now), approved: template('approved', now), shipped: template('shipped', now) };
  const rng = createSeededRng(options.seed);
  const taken = new Set<number>();
  const targetIdx = pickShipped(options.targets, options.cases, rng, taken);
  const baselineIdx = pickShipped(options.baselineTargets, options.cases, rng, taken);
  const wanted = new Map<number, ScanTarget | null>([...targetIdx, ...baselineIdx].map((i) => [i, null]));
  const days = Array.from({ length: DAYS }, (_, d) => iso(now - (DAYS - 1 - d) * DAY_MS).slice(0, 10));
  const perDay = Math.ceil(options.cases / DAYS);
  const seen = new Set<string>();
  const states: Record<string, number> = {};

  const idb = await openRaw(DB_NAME);
  const started = performance.now();
  let building = 0;
  /** Transactions not yet committed: the next chunk is built while the previous one commits. */
  const inFlight: Promise<void>[] = [];
  try {
    for (let from = 0; from < options.cases; from += CHUNK) {
      const to = Math.min(options.cases, from + CHUNK);
      const chunkStarted = performance.now();
      const tx = idb.transaction(['cases', 'orders', 'caseView'], 'readwrite', { durability: 'relaxed' });
      const committed = done(tx);
      // A failed commit must fail the run, not surface later as an unhandled rejection.
      committed.catch(() => undefined);
      const casesStore = tx.objectStore('cases');
      const ordersStore = tx.objectStore('orders');
      const viewStore = tx.objectStore('caseView');
      for (let i = from; i < to; i++) {
        const t = templates[stageOf(i)];
        const day = days[Math.min(DAYS - 1, Math.floor(i / perDay))]!;
        const caseNo = formatCaseNumber((i % perDay) + 1, day);
        const orderNo = formatOrderNumber(i + 1, day);
        const id = keyOrderedId(i, options.cases);
        const orderId = keyOrderedId(i, options.cases);
        const sku = `SKU-${String(randomInt(SKUS, rng)).padStart(4, '0')}`;
        const phone = `13${randomDigits(9, rng)}`;
        const tracking = t.stage === 'shipped' ? uniqueTracking(rng, seen) : null;

        const wire = wireOrder(orderId, orderNo, sku, phone, now);
        const order: OrderRow = { ...t.order, id: orderId, orderNo, buyerPhone: phone, buyerPhoneTail: phone.slice(-4), lines: [{ ...t.order.lines[0]!, id: `${orderId}-L1`, sku }], skus: [sku], raw: wire };
        const data: AfterSalesCase = {
          ...t.data,
          id,
          orderId,
          lineId: `${orderId}-L1`,
          sku,
          returnShipment: tracking && t.data.returnShipment ? { ...t.data.returnShipment, carrier: tracking.carrier as NonNullable<AfterSalesCase['returnShipment']>['carrier'], trackingNumber: tracking.trackingNumber } : t.data.returnShipment,
          commandIds: t.data.commandIds.map(() => crypto.randomUUID()),
        };
        const snapshot: CaseSnapshotRow = { id, caseNo, version: data.version, state: data.state, changeSeq: i + 1, data };
        const view: CaseViewRow = {
          ...t.view,
          id,
          caseNo,
          orderId,
          orderNo,
          sku,
          returnTrackingNo: tracking ? normalizeTrackingNumber(tracking.trackingNumber) : '',
          buyerPhoneTail: phone.slice(-4),
          data,
        };
        ordersStore.put(order);
        casesStore.put(snapshot);
        viewStore.put(view);
        states[data.state] = (states[data.state] ?? 0) + 1;
        if (wanted.has(i)) wanted.set(i, { trackingNumber: tracking!.trackingNumber, caseNo });
      }
      building += performance.now() - chunkStarted;
      inFlight.push(committed);
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
      if ((to / CHUNK) % 5 === 0 || to === options.cases) {
        document.getElementById('status')!.textContent = `seeded ${to} of ${options.cases} in ${((performance.now() - started) / 1000).toFixed(0)} s`;
      }
    }
    await Promise.all(inFlight);
  } finally {
    idb.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const targetOf = (i: number): ScanTarget => {
    const t = wanted.get(i);
    if (!t) throw new Error(`target ${i} was not written`);
    return t;
  };
  return {
    seconds,
    buildSeconds: building / 1000,
    cases: options.cases,
    states,
    rows: options.cases * 3,
    usageBytes: estimate?.usage ?? null,
    quotaBytes: estimate?.quota ?? null,
    targets: targetIdx.map(targetOf),
    baselineTargets: baselineIdx.map(targetOf),
  };
}

const page: ScanSeedPage = { seed };
(globalThis as unknown as { scanSeed: ScanSeedPage }).scanSeed = page;
document.getElementById('status')!.textContent = 'ready';
