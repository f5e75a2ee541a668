import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyBarcode, createSeededRng, ean13CheckDigit, generateTrackingNumber } from '../../../../shared/barcode';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import type { CaseViewRow, OrderRow, ParcelRow } from '../../../../renderer/src/db/types';
import { badS10, loadTestSheet } from '../../../../renderer/src/components/labels/testSheet';
import { uniqueName } from '../../sync/fixtures';

let db: DeskDb;
beforeEach(async () => {
  db = await openDeskDb(uniqueName('test-sheet'));
});
afterEach(() => {
  db.close();
});

const ean = (body12: string): string => body12 + String(ean13CheckDigit(body12));
const KETTLE = ean('690123456789');
const TOASTER = ean('690123456790');

/** A merged case as the views read it; only the fields the sheet looks at are meaningful. */
function row(n: number, over: { state?: string; tracking?: string; warehouseId?: string | null; sku?: string; quantity?: number }): CaseViewRow {
  const warehouseId = over.warehouseId === undefined ? 'WH-SH' : over.warehouseId;
  return {
    id: `case-${String(n).padStart(2, '0')}`,
    caseNo: `RMA251122${String(n).padStart(6, '0')}`,
    orderId: `order-${n}`,
    orderNo: `SO251122${String(n).padStart(8, '0')}`,
    sku: over.sku ?? KETTLE,
    state: over.state ?? 'awaiting_receipt',
    returnTrackingNo: over.tracking ?? `SF10000000000${String(n).padStart(2, '0')}`,
    buyerPhoneTail: '8000',
    queue: 'warehouse',
    dueAt: '',
    version: 3,
    serverVersion: 3,
    pending: 0,
    pendingCount: 0,
    data: {
      quantity: over.quantity ?? 1,
      returnAddress: warehouseId === null ? null : { warehouseId, name: '退货仓', phone: '021-00000000', address: '上海' },
    } as unknown as CaseViewRow['data'],
  };
}

describe('test-barcode sheet', () => {
  it('says so when the local store holds nothing (sign in and sync first)', async () => {
    expect(await loadTestSheet(db, { warehouseId: 'WH-SH' })).toEqual({ status: 'empty' });
  });

  it('lists up to six parcels awaiting receipt at the signed-in warehouse, with their EAN-13 products', async () => {
    await db.caseView.bulkPut([
      ...Array.from({ length: 8 }, (_, i) => row(i + 1, { sku: i % 2 === 0 ? KETTLE : TOASTER, quantity: i + 1 })),
      row(20, { warehouseId: 'WH-GZ' }),
      row(21, { tracking: '' }),
      row(22, { state: 'awaiting_buyer_shipment' }),
      row(23, { state: 'received', tracking: 'SF9999999999999' }),
    ]);
    const load = await loadTestSheet(db, { warehouseId: 'WH-SH', now: new Date('2025-11-22T08:00:00Z') });
    if (load.status !== 'ready') throw new Error('expected a sheet');
    const { sheet } = load;

    expect(sheet.parcels).toHaveLength(6);
    expect(sheet.parcels.map((p) => p.params.caseNo)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `RMA251122${String(n).padStart(6, '0')}`));
    expect(sheet.parcels.every((p) => p.symbology === 'CODE128' && classifyBarcode(p.value).kind === 'tracking')).toBe(true);
    expect(sheet.parcels[2]?.params).toMatchObject({ sku: KETTLE, quantity: 3, warehouse: 'WH-SH' });
    // Another warehouse's parcel, one without a tracking number and cases in other states are left out.
    const values = sheet.parcels.map((p) => p.value);
    expect(values).not.toContain(row(20, {}).returnTrackingNo);
    expect(values).not.toContain('SF9999999999999');

    // Each product once, as EAN-13.
    expect(sheet.products.map((p) => [p.symbology, p.value])).toEqual([
      ['EAN13', KETTLE],
      ['EAN13', TOASTER],
    ]);

    // A case and an order number of a listed parcel, so scanning them finds the same case.
    expect(sheet.others.map((o) => o.kind)).toEqual(['case', 'order', 'unknown_parcel', 'bad_check_digit']);
    expect(sheet.others[0]).toMatchObject({ symbology: 'CODE128', value: 'RMA251122000001' });
    expect(classifyBarcode(sheet.others[0]?.value ?? '').kind).toBe('case');
    expect(sheet.others[1]).toMatchObject({ value: 'SO25112200000001' });
    expect(classifyBarcode(sheet.others[1]?.value ?? '').kind).toBe('order');
    expect(sheet.generatedAt).toBe('2025-11-22T08:00:00.000Z');
  });

  it('prints the GTIN the order carries for a SKU that is not itself a product code', async () => {
    await db.caseView.bulkPut([row(1, { sku: 'JK-DOWN-M' }), row(2, { sku: 'JK-DOWN-L' }), row(3, { sku: 'JK-DOWN-M' })]);
    const order = (n: number, products: Record<string, unknown>) =>
      ({ id: `order-${n}`, orderNo: `SO${n}`, lines: [], skus: [], raw: { products } }) as unknown as OrderRow;
    await db.orders.bulkPut([
      order(1, { 'JK-DOWN-M': { name: '羽绒服 M', gtin: KETTLE } }),
      // A GTIN with a wrong check digit is not printed as EAN-13.
      order(2, { 'JK-DOWN-L': { name: '羽绒服 L', gtin: '6901234567890' } }),
      order(3, { 'JK-DOWN-M': { name: '羽绒服 M', gtin: KETTLE } }),
    ]);
    const load = await loadTestSheet(db, { warehouseId: 'WH-SH' });
    if (load.status !== 'ready') throw new Error('expected a sheet');
    expect(load.sheet.products).toEqual([{ kind: 'product', symbology: 'EAN13', value: KETTLE, params: { caseNo: 'RMA251122000001', sku: 'JK-DOWN-M' } }]);
    expect(classifyBarcode(KETTLE).kind).toBe('product');
  });

  it('leaves out SKUs that are not EAN-13 product codes', async () => {
    await db.caseView.bulkPut([row(1, { sku: 'SKU-KETTLE' }), row(2, { sku: '6901234567890' })]);
    const load = await loadTestSheet(db, { warehouseId: 'WH-SH' });
    expect(load.status === 'ready' && load.sheet.products).toEqual([]);
  });

  it('makes up an unmatched parcel that is a valid tracking number nobody in the store carries', async () => {
    // The first two numbers the seeded generator gives are known (a case, a recorded parcel): the sheet must skip both.
    const generator = createSeededRng(7);
    const taken = [generateTrackingNumber('SF', generator), generateTrackingNumber('SF', generator)];
    await db.caseView.put(row(1, { tracking: taken[0] }));
    await db.parcels.put({ id: 'p1', trackingNumber: taken[1] } as unknown as ParcelRow);

    const load = await loadTestSheet(db, { warehouseId: 'WH-SH', rng: createSeededRng(7) });
    if (load.status !== 'ready') throw new Error('expected a sheet');
    const unknown = load.sheet.others.find((o) => o.kind === 'unknown_parcel');
    expect(unknown?.value).toBeDefined();
    expect(taken).not.toContain(unknown?.value);
    expect(classifyBarcode(unknown?.value ?? '')).toMatchObject({ kind: 'tracking', carrier: 'SF' });
    expect(await db.caseView.where('returnTrackingNo').equals(unknown?.value ?? '').count()).toBe(0);
    expect(await db.parcels.where('trackingNumber').equals(unknown?.value ?? '').count()).toBe(0);
  });

  it('adds an EMS number with a wrong check digit that the scanner test names', async () => {
    await db.caseView.put(row(1, {}));
    const load = await loadTestSheet(db, { warehouseId: 'WH-SH' });
    if (load.status !== 'ready') throw new Error('expected a sheet');
    const bad = load.sheet.others.find((o) => o.kind === 'bad_check_digit');
    const classified = classifyBarcode(bad?.value ?? '');
    expect(classified).toMatchObject({ kind: 'invalid', reason: 's10_check_digit', params: { expected: bad?.params.expected } });
    for (let seed = 1; seed < 50; seed += 1) {
      const { value, expected } = badS10(createSeededRng(seed));
      expect(classifyBarcode(value)).toMatchObject({ kind: 'invalid', reason: 's10_check_digit', params: { expected } });
    }
  });

  it('still prints the other codes where no parcel awaits receipt', async () => {
    await db.caseView.bulkPut([row(1, { state: 'closed', warehouseId: 'WH-GZ' }), row(2, { warehouseId: 'WH-GZ' })]);
    const load = await loadTestSheet(db, { warehouseId: 'WH-SH' });
    if (load.status !== 'ready') throw new Error('expected a sheet');
    expect(load.sheet.parcels).toEqual([]);
    expect(load.sheet.products).toEqual([]);
    expect(load.sheet.others.map((o) => o.kind)).toEqual(['case', 'order', 'unknown_parcel', 'bad_check_digit']);
  });

  it('takes parcels of every warehouse for staff without one', async () => {
    await db.caseView.bulkPut([row(1, {}), row(2, { warehouseId: 'WH-GZ' })]);
    const load = await loadTestSheet(db, { warehouseId: null });
    expect(load.status === 'ready' && load.sheet.parcels.map((p) => p.params.warehouse)).toEqual(['WH-SH', 'WH-GZ']);
  });
});
