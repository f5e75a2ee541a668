/// <reference lib="dom" />
/**
 * Seeding page of the scan benchmark (added to a blank page on the app's origin before the app
 * first opens its store): the signed-in warehouse session, then `cases`, `orders` and `caseView`
 * written by `seed-store.mts`. Rows are generated here, not sent from Node.
 *
 * The rows come from templates folded by the real domain rules (buyer.apply; + cs.approve; +
 * buyer.ship_back) and the real row builders (`orderRowFromChange`, `viewRow`); each case then
 * gets its own id, case number, order (id, number, buyer phone), SKU, command ids and — when
 * shipped back — a unique return tracking number in a format the barcode classifier accepts
 * (`generateTrackingNumber`, EMS with its S10 check digit).
 * Mix: 10 % pending review, 10 % approved and waiting for the buyer's parcel, 80 % awaiting receipt.
 */
import { createSeededRng, formatCaseNumber, formatOrderNumber, generateAnyTrackingNumber, randomDigits, randomInt, type Rng } from '../../../shared/barcode';
import { DEFAULT_POLICY, normalizeTrackingNumber, type AfterSalesCase } from '../../../shared/domain';
import type { CaseSnapshotRow, CaseViewRow, OrderRow } from '../../../renderer/src/db';
import { viewRow } from '../../../renderer/src/sync/local';
import { orderRowFromChange } from '../../../renderer/src/sync/wire-rows';
import type { ScanSeedPage, ScanTarget, SeedOptions, SeedResult } from './scan-protocol';
import { APPROVE_STEP, DAY_MS, RETURN_ADDRESS, SHIP_BACK_STEP, applyStep, expose, foldCase, iso, keyOrderedId, seedStore, staffSession, wireOrder, type Step } from './seed-store.mts';

/** Distinct SKUs over the store. */
const SKUS = 500;
/** Days the case numbers are spread over (ending today). */
const DAYS = 120;
/** Orders were paid this long before the seeding. */
const PAID_BEFORE_MS = 9 * DAY_MS;

const SESSION = staffSession({ id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: RETURN_ADDRESS.warehouseId });

type Stage = 'applied' | 'approved' | 'shipped';

interface Template {
  stage: Stage;
  data: AfterSalesCase;
  order: OrderRow;
  view: CaseViewRow;
}

/** One case folded by the domain rules up to `stage`, with its order row and merged view row. */
function template(stage: Stage, now: number): Template {
  const orderId = 'template-order';
  const wire = wireOrder({ id: orderId, orderNo: formatOrderNumber(1, iso(now).slice(0, 10)), sku: 'SKU-0000', phone: '13800138000', paidMs: now - PAID_BEFORE_MS });
  const order = orderRowFromChange({ seq: 1, kind: 'order', id: orderId, deleted: false, version: null, caseNo: null, data: wire });
  const steps: Step[] = [applyStep(orderId)];
  if (stage !== 'applied') steps.push(APPROVE_STEP);
  if (stage === 'shipped') steps.push(SHIP_BACK_STEP);
  const c = foldCase(wire, steps, now);
  const snapshot: CaseSnapshotRow = { id: c.id, caseNo: 'template', version: c.version, state: c.state, changeSeq: 1, data: c };
  return { stage, data: c, order, view: viewRow(snapshot, c, order, 0, DEFAULT_POLICY) };
}

function stageOf(i: number): Stage {
  const r = i % 10;
  return r === 0 ? 'applied' : r === 1 ? 'approved' : 'shipped';
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

async function seed(options: SeedOptions): Promise<SeedResult> {
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

  const written = await seedStore(SESSION, options.cases, (i) => {
    const t = templates[stageOf(i)];
    const day = days[Math.min(DAYS - 1, Math.floor(i / perDay))]!;
    const caseNo = formatCaseNumber((i % perDay) + 1, day);
    const orderNo = formatOrderNumber(i + 1, day);
    const id = keyOrderedId(i, options.cases);
    const orderId = keyOrderedId(i, options.cases);
    const sku = `SKU-${String(randomInt(SKUS, rng)).padStart(4, '0')}`;
    const phone = `13${randomDigits(9, rng)}`;
    const tracking = t.stage === 'shipped' ? uniqueTracking(rng, seen) : null;

    const wire = wireOrder({ id: orderId, orderNo, sku, phone, paidMs: now - PAID_BEFORE_MS });
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
    if (wanted.has(i)) wanted.set(i, { trackingNumber: tracking!.trackingNumber, caseNo });
    return { order, snapshot, view };
  });
  const targetOf = (i: number): ScanTarget => {
    const t = wanted.get(i);
    if (!t) throw new Error(`target ${i} was not written`);
    return t;
  };
  return {
    ...written,
    cases: options.cases,
    rows: options.cases * 3,
    targets: targetIdx.map(targetOf),
    baselineTargets: baselineIdx.map(targetOf),
  };
}

const page: ScanSeedPage = { seed };
expose('scanSeed', page);
