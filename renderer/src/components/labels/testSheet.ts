/**
 * The test-barcode sheet (测试条码页) for newcomers: real return parcels awaiting receipt at the
 * signed-in warehouse, read from the local store, with their product barcodes, one case number,
 * one order number, a valid tracking number that matches nothing (an unmatched parcel) and one
 * with a wrong check digit (the scan station's error message).
 */
import {
  createSeededRng,
  generateTrackingNumber,
  isValidEan13,
  s10CheckDigit,
  S10_PATTERN,
  type Rng,
} from '../../../../shared/barcode';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, OrderRow } from '../../db/types';
import type { BarcodeSymbology } from './types';

export const MAX_SHEET_PARCELS = 6;

export type TestBarcodeKind = 'parcel' | 'product' | 'case' | 'order' | 'unknown_parcel' | 'bad_check_digit';

export interface TestBarcode {
  kind: TestBarcodeKind;
  symbology: BarcodeSymbology;
  value: string;
  /** Fill-ins of the caption (`labels.sheet.hints.<kind>`). */
  params: Record<string, string | number>;
}

export interface TestSheetData {
  /** The warehouse whose parcels are listed; null: every warehouse (staff without one). */
  warehouseId: string | null;
  generatedAt: string;
  parcels: TestBarcode[];
  products: TestBarcode[];
  others: TestBarcode[];
}

export type TestSheetLoad = { status: 'empty' } | { status: 'ready'; sheet: TestSheetData };

export interface TestSheetOptions {
  warehouseId: string | null;
  now?: Date;
  /** Random source for the made-up tracking numbers; seeded, so a sheet is reproducible. */
  rng?: Rng;
}

function warehouseOf(row: CaseViewRow): string | null {
  return row.data.returnAddress?.warehouseId ?? null;
}

function atWarehouse(warehouseId: string | null): (row: CaseViewRow) => boolean {
  return (row) => warehouseId === null || warehouseOf(row) === warehouseId;
}

/** A valid tracking number no case and no recorded parcel in the local store carries. */
async function unknownTrackingNumber(db: DeskDb, rng: Rng): Promise<string> {
  for (;;) {
    const candidate = generateTrackingNumber('SF', rng);
    const known =
      (await db.caseView.where('returnTrackingNo').equals(candidate).count()) +
      (await db.parcels.where('trackingNumber').equals(candidate).count());
    if (known === 0) return candidate;
  }
}

/** A China Post EMS (UPU S10) number whose check digit is off by one, and the digit it should have. */
export function badS10(rng: Rng): { value: string; expected: number } {
  const valid = generateTrackingNumber('EMS', rng);
  const m = S10_PATTERN.exec(valid);
  const serial = m?.[2] ?? '00000000';
  const expected = s10CheckDigit(serial);
  return { value: `${valid.slice(0, 2)}${serial}${(expected + 1) % 10}${valid.slice(11)}`, expected };
}

/**
 * The EAN-13 on a product's packaging: the GTIN the order carries for the SKU (`raw.products`),
 * or the SKU itself where it is one; null when the product has no valid EAN-13.
 */
function productCode(sku: string, order: OrderRow | undefined): string | null {
  const products = order?.raw.products;
  const entry = products && typeof products === 'object' ? (products as Record<string, unknown>)[sku] : undefined;
  const gtin = entry && typeof entry === 'object' ? (entry as { gtin?: unknown }).gtin : undefined;
  if (typeof gtin === 'string' && isValidEan13(gtin)) return gtin;
  return isValidEan13(sku) ? sku : null;
}

export async function loadTestSheet(db: DeskDb, options: TestSheetOptions): Promise<TestSheetLoad> {
  if ((await db.caseView.count()) === 0) return { status: 'empty' };
  const here = atWarehouse(options.warehouseId);
  const rows = await db.caseView
    .where('state')
    .equals('awaiting_receipt')
    .filter((row) => row.returnTrackingNo !== '' && here(row))
    .limit(MAX_SHEET_PARCELS)
    .toArray();
  rows.sort((a, b) => a.caseNo.localeCompare(b.caseNo));

  const parcels: TestBarcode[] = rows.map((row) => ({
    kind: 'parcel',
    symbology: 'CODE128',
    value: row.returnTrackingNo,
    params: { caseNo: row.caseNo, sku: row.sku, quantity: row.data.quantity, warehouse: warehouseOf(row) ?? '' },
  }));

  const products: TestBarcode[] = [];
  const orders = await db.orders.bulkGet(rows.map((row) => row.orderId));
  rows.forEach((row, i) => {
    const code = productCode(row.sku, orders[i]);
    if (code !== null && !products.some((p) => p.value === code)) {
      products.push({ kind: 'product', symbology: 'EAN13', value: code, params: { caseNo: row.caseNo, sku: row.sku } });
    }
  });

  // The case and order of a listed parcel when there is one, so scanning them finds the same case.
  const sample = rows[0] ?? (await db.caseView.filter(here).first()) ?? (await db.caseView.toCollection().first());
  const rng = options.rng ?? createSeededRng(20_251_122);
  const others: TestBarcode[] = [];
  if (sample) {
    others.push({ kind: 'case', symbology: 'CODE128', value: sample.caseNo, params: { caseNo: sample.caseNo } });
    if (sample.orderNo) others.push({ kind: 'order', symbology: 'CODE128', value: sample.orderNo, params: { orderNo: sample.orderNo } });
  }
  const unknown = await unknownTrackingNumber(db, rng);
  others.push({ kind: 'unknown_parcel', symbology: 'CODE128', value: unknown, params: {} });
  const bad = badS10(rng);
  others.push({ kind: 'bad_check_digit', symbology: 'CODE128', value: bad.value, params: { expected: bad.expected } });

  return {
    status: 'ready',
    sheet: { warehouseId: options.warehouseId, generatedAt: (options.now ?? new Date()).toISOString(), parcels, products, others },
  };
}
