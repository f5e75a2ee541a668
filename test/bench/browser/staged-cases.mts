/// <reference lib="dom" />
/**
 * Cases in twenty stages of a case's life, for the seeding pages of the benchmarks that read the
 * whole store (dashboard, customer-service queues): review, shipment, receipt, refund, disputes
 * open and settled, completed refunds, closures by withdrawal or timeout, rejection. One case is
 * folded by the real rules (buyer.apply → cs.approve → buyer.ship_back) for the shape and size of
 * a real row; each stored case is that case carried by hand to the (i mod 20)-th stage with its
 * own times spread over `days` days, SKU, reason, inspection and refund. Rows go through the real
 * row builders (`orderRowFromChange`, `viewRow`).
 */
import { createSeededRng, formatCaseNumber, formatOrderNumber, randomInt, type Rng } from '../../../shared/barcode';
import { CONDITION_GRADES, DEFAULT_POLICY, DISPUTE_CATEGORIES, REASONS, type AfterSalesCase, type CaseState, type CaseType, type Disposition } from '../../../shared/domain';
import type { CaseSnapshotRow } from '../../../renderer/src/db';
import { viewRow } from '../../../renderer/src/sync/local';
import { orderRowFromChange } from '../../../renderer/src/sync/wire-rows';
import { APPROVE_STEP, DAY_MS, HOUR_MS, SHIP_BACK_STEP, applyStep, foldCase, iso, keyOrderedId, wireOrder, type StoredCase } from './seed-store.mts';

const SKUS = 300;
const WAREHOUSES = ['WH-SH', 'WH-GZ'];
const STAFF = ['staff-wh1', 'staff-wh2', 'staff-wh3'];
const MIXED_TYPES: CaseType[] = ['return_refund', 'refund_only', 'exchange'];
const DISPOSITIONS: Disposition[] = [{ kind: 'restock', location: 'A-01-02' }, { kind: 'refurbish' }, { kind: 'scrap' }, { kind: 'return_to_vendor' }];

/** A case shipped back, folded by the rules: the shape every stored case starts from. */
function baseCase(now: number): AfterSalesCase {
  const wire = wireOrder({ id: 'template-order', orderNo: 'template', sku: 'SKU-0000', phone: '13800138000', paidMs: now - 9 * DAY_MS });
  return foldCase(wire, [applyStep('template-order'), APPROVE_STEP, SHIP_BACK_STEP], now);
}

/** Carries the base case to the i-th stage (twenty stages, in turn) with its own times. */
function stage(base: AfterSalesCase, i: number, openedMs: number, now: number, rng: Rng): AfterSalesCase {
  const c: AfterSalesCase = { ...base };
  const r = i % 20;
  const at = (hours: number): string => iso(Math.min(now - 60_000, openedMs + hours * HOUR_MS));
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

export interface StagedOptions {
  cases: number;
  /** Days the cases are spread over, ending now. */
  days: number;
  /** Seed of the data (same seed, same store). */
  seed: number;
  /** Each order its own buyer phone (else one phone for every order). */
  distinctPhones?: boolean;
  /** Case types drawn at random among those that go through these stages (else each stage has its own type). */
  mixedTypes?: boolean;
}

/** The builder of the i-th staged case (call it for i = 0, 1, … in turn: it draws from one seeded generator). */
export function stagedCases(options: StagedOptions, now: number): (i: number) => StoredCase {
  const base = baseCase(now);
  const rng = createSeededRng(options.seed);
  const n = options.cases;
  return (i) => {
    const openedMs = now - Math.floor(((n - i) / n) * options.days * DAY_MS) - randomInt(HOUR_MS, rng);
    const day = iso(openedMs).slice(0, 10);
    const caseNo = formatCaseNumber((i % 99_999) + 1, day);
    const orderNo = formatOrderNumber(i + 1, day);
    const id = keyOrderedId(i, n);
    const orderId = keyOrderedId(i, n);
    const sku = `SKU-${String(randomInt(SKUS, rng)).padStart(4, '0')}`;
    const phone = options.distinctPhones ? `13${String(randomInt(1e9, rng)).padStart(9, '0')}` : '13800138000';
    const wire = wireOrder({ id: orderId, orderNo, sku, phone, paidMs: openedMs - 5 * DAY_MS });
    const order = orderRowFromChange({ seq: i + 1, kind: 'order', id: orderId, deleted: false, version: null, caseNo: null, data: wire });
    const data = stage({ ...base, id, orderId, lineId: `${orderId}-L1`, sku, commandIds: base.commandIds.map(() => crypto.randomUUID()) }, i, openedMs, now, rng);
    if (options.mixedTypes) data.type = MIXED_TYPES[randomInt(MIXED_TYPES.length, rng)]!;
    const snapshot: CaseSnapshotRow = { id, caseNo, version: data.version, state: data.state, changeSeq: i + 1, data };
    return { order, snapshot, view: viewRow(snapshot, data, order, 0, DEFAULT_POLICY) };
  };
}
