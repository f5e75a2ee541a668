import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createSeededRng, generateEan13, generateTrackingNumber } from '../../../../shared/barcode';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { SKU } from '../../sync/fixtures';
import { putAwaitingReceipt, scan, stationDeskPerTest } from './support';

/** What the station says about a scan: a discrepancy as one, a wrong item by name, one parcel's message at a time. */

const rng = createSeededRng(31);
const TRACKING = generateTrackingNumber('SF', rng);
const OTHER = generateTrackingNumber('YTO', rng);
const UNKNOWN = generateTrackingNumber('ZTO', rng);
const MUG_GTIN = generateEan13('690', rng);

stationDeskPerTest(
  async (db) => {
    await putAwaitingReceipt(db, TRACKING, OTHER);
    // The catalogue knows a mug (on another order), by name and barcode.
    const o2 = (await db.orders.get('O2'))!;
    await db.orders.put({ ...o2, skus: [...o2.skus, 'SKU-MUG'], raw: { ...o2.raw, products: { ...(o2.raw.products as object), 'SKU-MUG': { name: '保温杯 500ml', gtin: MUG_GTIN } } } });
  },
  { name: 'scan-text' },
);

describe('scan station messages', () => {
  it('shows an item beyond the claim as a discrepancy, not as a good count', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    expect(await scan(SKU)).toBe(true);
    expect(station.banner).toMatchObject({ tone: 'success', key: 'scanStation.banner.counted' });
    expect(await scan(SKU)).toBe(false);
    expect(station.banner).toEqual({ tone: 'error', key: 'scanStation.banner.countedExtra', params: { sku: SKU, count: 2, expected: 1 } });
  });

  it('names a wrong item when the catalogue knows it, and keeps the bare code when it does not', async () => {
    const station = useScanStationStore();
    await scan(TRACKING);
    expect(await scan(MUG_GTIN)).toBe(false);
    expect(station.banner).toEqual({ tone: 'error', key: 'scanStation.banner.wrongSkuNamed', params: { sku: MUG_GTIN, name: '保温杯 500ml', count: 1 } });
    expect(station.foreignNames[MUG_GTIN]).toBe('保温杯 500ml');
    const unknown = generateEan13('691', rng);
    await scan(unknown);
    expect(station.banner).toMatchObject({ key: 'scanStation.banner.wrongSku', params: { sku: unknown } });
  });

  it('never shows the unmatched-parcel form beside a message about another scan', async () => {
    const station = useScanStationStore();
    await scan(UNKNOWN);
    expect(station.phase).toBe('register');
    // Untouched, the form gives way to the next scan (an invalid code here).
    await scan('12345678');
    expect(station.phase).toBe('idle');
    expect(station.banner.key).toBe('scanStation.banner.invalid');

    await scan(UNKNOWN);
    station.register.shelf = 'U-03';
    expect(await scan(TRACKING)).toBe(false);
    expect(station.phase).toBe('register');
    expect(station.banner).toEqual({ tone: 'warning', key: 'scanStation.banner.finishRegister', params: { tracking: UNKNOWN, code: TRACKING } });
    await scan('12345678');
    expect(station.banner.key).toBe('scanStation.banner.finishRegister');
    // The same parcel again: the form's own message.
    await scan(UNKNOWN);
    expect(station.banner.key).toBe('scanStation.banner.unmatched');
    expect(station.register.shelf).toBe('U-03');
  });
});
