/**
 * Scan → case (扫码找单): what the station finds in the local store for one scanned or typed key.
 * Every lookup goes through an index of the merged view (`caseView`), so it costs the same with
 * a thousand cases or a million. Cases waiting for goods come first, then by due time.
 */
import { awaitsGoods, GOODS_AWAITED_STATE, normalizeTrackingNumber } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, OrderRow, ParcelRow } from '../../db/types';

export type LookupKey =
  | { by: 'tracking'; value: string }
  | { by: 'case'; value: string }
  | { by: 'order'; value: string }
  /** Last four digits of the buyer's phone, typed by hand. */
  | { by: 'phone'; value: string }
  /** A product: its SKU, or the GTIN on its barcode. */
  | { by: 'product'; value: string };

/** At most this many cases are listed for one key (a phone tail can match many). */
export const LOOKUP_LIMIT = 50;

const receivableFirst = (a: CaseViewRow, b: CaseViewRow): number => {
  const ra = awaitsGoods(a) ? 0 : 1;
  const rb = awaitsGoods(b) ? 0 : 1;
  if (ra !== rb) return ra - rb;
  return (a.dueAt || '\uffff') < (b.dueAt || '\uffff') ? -1 : (a.dueAt || '\uffff') > (b.dueAt || '\uffff') ? 1 : a.caseNo.localeCompare(b.caseNo);
};

/** True for four digits typed by hand: the tail of a buyer's phone number. */
export function isPhoneTail(text: string): boolean {
  return /^\d{4}$/.test(text.trim());
}

export async function findCases(db: DeskDb, key: LookupKey): Promise<CaseViewRow[]> {
  let rows: CaseViewRow[];
  switch (key.by) {
    case 'tracking':
      rows = await db.caseView.where('returnTrackingNo').equals(normalizeTrackingNumber(key.value)).limit(LOOKUP_LIMIT).toArray();
      break;
    case 'case':
      rows = await db.caseView.where('caseNo').equals(key.value.toUpperCase()).limit(LOOKUP_LIMIT).toArray();
      break;
    case 'order':
      rows = await db.caseView.where('orderNo').equals(key.value.toUpperCase()).limit(LOOKUP_LIMIT).toArray();
      break;
    case 'phone':
      rows = await db.caseView.where('buyerPhoneTail').equals(key.value.trim()).limit(LOOKUP_LIMIT).toArray();
      break;
    case 'product': {
      const skus = await skusForProductCode(db, key.value);
      rows = skus.length === 0 ? [] : await db.caseView.where('sku').anyOf(skus).and(awaitsGoods).limit(LOOKUP_LIMIT).toArray();
      break;
    }
  }
  return rows.sort(receivableFirst);
}

/** Name and GTIN of a product as the order carries them (`data.products`). */
export interface ProductInfo {
  sku: string;
  name: string | null;
  gtin: string | null;
}

export function productsOf(order: OrderRow | undefined): Record<string, ProductInfo> {
  const out: Record<string, ProductInfo> = {};
  const raw = order?.raw.products;
  if (raw && typeof raw === 'object') {
    for (const [sku, value] of Object.entries(raw as Record<string, unknown>)) {
      const p = (value ?? {}) as { name?: unknown; gtin?: unknown };
      out[sku] = { sku, name: typeof p.name === 'string' ? p.name : null, gtin: typeof p.gtin === 'string' ? p.gtin : null };
    }
  }
  for (const line of order?.lines ?? []) out[line.sku] ??= { sku: line.sku, name: null, gtin: null };
  return out;
}

/**
 * SKUs a product code stands for: the code itself when it is a SKU of a case, else the SKUs whose
 * GTIN it is, found on the orders of cases waiting for goods (a parcel without a tracking label).
 */
export async function skusForProductCode(db: DeskDb, code: string): Promise<string[]> {
  const upper = code.toUpperCase();
  if ((await db.caseView.where('sku').equals(upper).count()) > 0) return [upper];
  const waiting = await db.caseView.where('state').equals(GOODS_AWAITED_STATE).limit(5000).toArray();
  const orderIds = [...new Set(waiting.map((v) => v.orderId))];
  const orders = await db.orders.bulkGet(orderIds);
  const skus = new Set<string>();
  for (const order of orders) {
    for (const p of Object.values(productsOf(order))) if (p.gtin === code) skus.add(p.sku);
  }
  return [...skus];
}

/** An unmatched parcel already registered with this tracking number, if any. */
export async function findParcel(db: DeskDb, trackingNumber: string): Promise<ParcelRow | undefined> {
  return db.parcels.where('trackingNumber').equals(normalizeTrackingNumber(trackingNumber)).first();
}

/**
 * The name the catalogue (the products the local orders carry) gives a product code, a SKU or a
 * GTIN, with its SKU; null when no local order knows it. Used for a wrong item, which no case on
 * the bench describes.
 */
export async function catalogueProduct(db: DeskDb, code: string): Promise<{ sku: string; name: string } | null> {
  const skus = await skusForProductCode(db, code);
  for (const sku of skus.length > 0 ? skus : [code.toUpperCase()]) {
    const order = await db.orders.where('skus').equals(sku).first();
    const name = productsOf(order)[sku]?.name;
    if (name) return { sku, name };
  }
  return null;
}
