/// <reference lib="dom" />
/**
 * Seeding page of the dashboard benchmark (served on the app's origin, loaded before the app):
 * creates the app's store with the real schema, writes the signed-in supervisor's session (admin)
 * and fills `cases`, `orders` and `caseView` with native IndexedDB `put`s in large
 * relaxed-durability transactions.
 *
 * One case is folded by the real rules (buyer.apply → cs.approve → buyer.ship_back) for the shape
 * and size of a real row; each stored case is that case carried by hand to one of twenty stages
 * (review, shipment, receipt, refund, disputes open and settled, completed refunds, closures by
 * withdrawal or timeout, rejection) with its own times spread over `days` days, SKU, reason,
 * inspection and refund, so every chart of the dashboard has figures. Rows go through the real
 * row builders (`orderRowFromChange`, `viewRow`).
 */
import { createSeededRng, formatCaseNumber, formatOrderNumber, randomInt, type Rng } from '../../../shared/barcode';
import {
  CONDITION_GRADES,
  DEFAULT_POLICY,
  DISPUTE_CATEGORIES,
  REASONS,
  decide,
  evolveAll,
  type Actor,
  type AfterSalesCase,
  type CaseState,
  type Command,
  type DecideContext,
  type Disposition,
} from '../../../shared/domain';
import { openDeskDb, type CaseSnapshotRow, type SessionRow } from '../../../renderer/src/db';
import { orderRowFromChange } from '../../../renderer/src/sync/engine';
import { viewRow } from '../../../renderer/src/sync/local';
import type { DashboardSeedOptions, DashboardSeedPage, DashboardSeedResult } from './dashboard-protocol';

const DB_NAME = 'after-sales-desk';
const CHUNK = 10_000;
const SKUS = 300;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WAREHOUSES = ['WH-SH', 'WH-GZ'];
const STAFF = ['staff-wh1', 'staff-wh2', 'staff-wh3'];
const BUYER: Actor = { id: 'buyer-1', role: 'buyer' };
const CS: Actor = { id: 'staff-cs1', role: 'cs' };

const SESSION: SessionRow = {
  username: 'admin',
  current: 1,
  staff: { id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin', warehouseId: null },
  token: null,
  expiresAt: null,
  verifier: { algorithm: 'PBKDF2-SHA-256', iterations: 1000, salt: 'AA==', hash: 'AA==' },
  signedInAt: new Date().toISOString(),
};

const iso = (ms: number): string => new Date(ms).toISOString();

function wireOrder(id: string, orderNo: string, sku: string, paidMs: number): Record<string, unknown> {
  return {
    id,
    orderNo,
    state: 'completed',
    buyerId: BUYER.id,
    buyerName: '张三',
    buyerPhone: '13800138000',
    shippingFee: 1000,
    paidAt: iso(paidMs),
    shippedAt: iso(paidMs + DAY),
    signedAt: iso(paidMs + 3 * DAY),
    confirmedAt: iso(paidMs + 4 * DAY),
    completedAt: iso(paidMs + 4 * DAY),
    lines: [{ id: `${id}-L1`, sku, quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 }],
    products: { [sku]: { sku, spu: `SPU-${sku.slice(4)}`, name: `电热水壶 ${sku.slice(4)}`, gtin: null, unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 1200, warrantyDays: 365, active: true } },
  };
}

/** A case shipped back, folded by the rules: the shape every stored case starts from. */
function baseCase(now: number): AfterSalesCase {
  const wire = wireOrder('template-order', 'template', 'SKU-0000', now - 9 * DAY);
  const order = orderRowFromChange({ seq: 1, kind: 'order', id: 'template-order', deleted: false, version: null, caseNo: null, data: wire });
  const line = order.lines[0]!;
  const ctx: DecideContext = {
    order: {
      id: order.id,
      buyerId: BUYER.id,
      state: 'completed',
      lines: [{ id: line.id, sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, discount: line.discount, coins: line.coins, paid: line.paid }],
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
  const returnAddress = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区曹安公路 4800 号' };
  const steps: Array<Pick<Command, 'type' | 'actor'> & { payload: unknown }> = [
    { type: 'buyer.apply', actor: BUYER, payload: { orderId: order.id, lineId: line.id, caseType: 'return_refund', quantity: 1, reason: 'quality_issue', description: '壶底漏水', evidence: [] } },
    { type: 'cs.approve', actor: CS, payload: { returnAddress } },
    { type: 'buyer.ship_back', actor: BUYER, payload: { carrier: 'SF', trackingNumber: 'SF1234567890123' } },
  ];
  let c: AfterSalesCase | undefined;
  for (const step of steps) {
    const command = { id: crypto.randomUUID(), caseId: 'template-case', baseVersion: c?.version ?? 0, occurredAt: iso(now), ...step } as Command;
    const d = decide(c, command, ctx);
    if (!d.ok) throw new Error(`template step ${step.type} refused: ${d.rejection.code}`);
    c = evolveAll(c, d.events);
  }
  if (!c) throw new Error('no template case');
  return c;
}

const DISPOSITIONS: Disposition[] = [{ kind: 'restock', location: 'A-01-02' }, { kind: 'refurbish' }, { kind: 'scrap' }, { kind: 'return_to_vendor' }];

/** Carries the base case to the i-th stage (twenty stages, in turn) with its own times. */
function stage(base: AfterSalesCase, i: number, openedMs: number, now: number, rng: Rng): AfterSalesCase {
  const c: AfterSalesCase = { ...base };
  const r = i % 20;
  const at = (hours: number): string => iso(Math.min(now - 60_000, openedMs + hours * HOUR));
  c.openedAt = iso(openedMs);
  c.type = r % 7 === 3 ? 'refund_only' : r % 7 === 5 ? 'exchange' : 'return_refund';
  c.reason = REASONS[randomInt(REASONS.length, rng)]!;
  const setState = (state: CaseState, hours: number): void => {
    c.state = state;
    c.stateEnteredAt = at(hours);
    c.updatedAt = c.stateEnteredAt;
    if (state === 'completed' || state === 'closed') c.endedAt = c.stateEnteredAt;
  };
  const inspect = (hours: number): void => {
    c.inspection = {
      received: [{ sku: c.sku, quantity: c.quantity }],
      condition: CONDITION_GRADES[randomInt(CONDITION_GRADES.length, rng)]!,
      checklist: { packaging: true, seals: true, accessories: true, serialNumber: null },
      weightGrams: 1250,
      photos: [],
      notes: '',
      disposition: DISPOSITIONS[randomInt(DISPOSITIONS.length, rng)]!,
    };
    c.receivedBy = STAFF[randomInt(STAFF.length, rng)]!;
    c.returnAddress = { ...base.returnAddress!, warehouseId: WAREHOUSES[randomInt(WAREHOUSES.length, rng)]! };
    c.refund = { goods: 4850, coins: 50, outboundShipping: 0, returnShipping: 1000, taxDeduction: 0, adjustments: [], cash: 5850 };
    setState('awaiting_refund', hours);
  };
  const dispute = (hours: number, resolveAfter: number | null, resolution: 'agreed_amount' | 'return_to_buyer' | 'full_refund'): void => {
    inspect(hours);
    const raisedAt = at(hours);
    c.disputes = [{ category: DISPUTE_CATEGORIES[randomInt(DISPUTE_CATEGORIES.length, rng)]!, notes: '', photos: [], raisedAt, raisedBy: c.receivedBy!, resolution: null, agreedAmount: null, resolvedAt: null }];
    setState('disputed', hours);
    if (resolveAfter === null) return;
    c.disputes = [{ ...c.disputes[0]!, resolution, agreedAmount: resolution === 'agreed_amount' ? 3000 : null, resolvedAt: at(hours + resolveAfter) }];
  };
  if (r <= 1) {
    c.returnAddress = null;
    c.returnShipment = null;
    c.refund = null;
    setState('pending_review', 0);
  } else if (r === 2) {
    c.returnShipment = null;
    setState('awaiting_buyer_shipment', 6);
  } else if (r <= 5) setState('awaiting_receipt', 30);
  else if (r <= 7) inspect(50 + randomInt(24, rng));
  else if (r === 8) dispute(50 + randomInt(24, rng), null, 'agreed_amount');
  else if (r <= 14) {
    inspect(50 + randomInt(24, rng));
    setState('completed', 60 + randomInt(60, rng));
  } else if (r === 15) {
    dispute(50, 20 + randomInt(80, rng), 'agreed_amount');
    c.refund = { ...c.refund!, cash: 3000 };
    setState('completed', 150);
  } else if (r === 16) {
    dispute(50, 30, 'return_to_buyer');
    c.closeCause = 'returned_to_buyer';
    setState('closed', 80);
  } else if (r === 17) {
    c.closeCause = 'withdrawn';
    setState('closed', 10);
  } else if (r === 18) {
    c.returnShipment = null;
    c.closeCause = 'buyer_shipment_timeout';
    setState('closed', 7 * 24 + 6);
  } else {
    c.returnAddress = null;
    c.returnShipment = null;
    c.refund = null;
    c.rejectionCount = 1;
    setState('rejected', 5);
  }
  return c;
}

function keyOrderedId(i: number, n: number): string {
  const slice = 2 ** 32 / n;
  const head = Math.floor(i * slice) + Math.floor(Math.random() * Math.max(1, Math.floor((i + 1) * slice) - Math.floor(i * slice)));
  return head.toString(16).padStart(8, '0') + crypto.randomUUID().slice(8);
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

async function seed(options: DashboardSeedOptions): Promise<DashboardSeedResult> {
  const desk = await openDeskDb(DB_NAME);
  await desk.session.put(SESSION);
  desk.close();

  const now = Date.now();
  const base = baseCase(now);
  const rng = createSeededRng(options.seed);
  const states: Record<string, number> = {};
  const idb = await openRaw(DB_NAME);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  try {
    for (let from = 0; from < options.cases; from += CHUNK) {
      const to = Math.min(options.cases, from + CHUNK);
      const tx = idb.transaction(['cases', 'orders', 'caseView'], 'readwrite', { durability: 'relaxed' });
      const committed = done(tx);
      committed.catch(() => undefined);
      for (let i = from; i < to; i++) {
        const openedMs = now - Math.floor(((options.cases - i) / options.cases) * options.days * DAY) - randomInt(HOUR, rng);
        const day = iso(openedMs).slice(0, 10);
        const caseNo = formatCaseNumber((i % 99_999) + 1, day);
        const orderNo = formatOrderNumber(i + 1, day);
        const id = keyOrderedId(i, options.cases);
        const orderId = keyOrderedId(i, options.cases);
        const sku = `SKU-${String(randomInt(SKUS, rng)).padStart(4, '0')}`;
        const wire = wireOrder(orderId, orderNo, sku, openedMs - 5 * DAY);
        const order = orderRowFromChange({ seq: i + 1, kind: 'order', id: orderId, deleted: false, version: null, caseNo: null, data: wire });
        const data = stage({ ...base, id, orderId, lineId: `${orderId}-L1`, sku, commandIds: base.commandIds.map(() => crypto.randomUUID()) }, i, openedMs, now, rng);
        const snapshot: CaseSnapshotRow = { id, caseNo, version: data.version, state: data.state, changeSeq: i + 1, data };
        tx.objectStore('orders').put(order);
        tx.objectStore('cases').put(snapshot);
        tx.objectStore('caseView').put(viewRow(snapshot, data, order, 0, DEFAULT_POLICY));
        states[data.state] = (states[data.state] ?? 0) + 1;
      }
      inFlight.push(committed);
      if (inFlight.length >= 2) await inFlight.shift();
      document.getElementById('status')!.textContent = `seeded ${to} of ${options.cases} in ${((performance.now() - started) / 1000).toFixed(0)} s`;
    }
    await Promise.all(inFlight);
  } finally {
    idb.close();
  }
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  return { seconds: (performance.now() - started) / 1000, cases: options.cases, states, usageBytes: estimate?.usage ?? null };
}

const page: DashboardSeedPage = { seed };
(globalThis as unknown as { dashboardSeed: DashboardSeedPage }).dashboardSeed = page;
document.getElementById('status')!.textContent = 'ready';
