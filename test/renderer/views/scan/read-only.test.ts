import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useScanStationStore } from '../../../../renderer/src/views/scan/station';
import { inspection } from '../../../shared/domain/inspection';
import { BUYER, CS, RETURN_ADDRESS, SKU, WAREHOUSE, command, putSnapshot, serverCaseAfter } from '../../sync/fixtures';
import { mountStation } from './page';
import { scan, stationDeskPerTest } from './support';

/** CS, finance and supervisors at the scan station: a read-only lookup of what the warehouse recorded. */

const rng = createSeededRng(41);
const RECEIVED = generateTrackingNumber('SF', rng);
const DISPUTED = generateTrackingNumber('SF', rng);
const recorded = inspection({ condition: 'damaged', checklist: { packaging: false, seals: true }, weightGrams: 880, notes: '外箱破损，壶身凹陷', disposition: { kind: 'refurbish' } });
const shipped = (id: string, tracking: string) => [command('cs.approve', id, 1, { returnAddress: RETURN_ADDRESS }, CS), command('buyer.ship_back', id, 2, { carrier: 'SF', trackingNumber: tracking }, BUYER)];

const desk = stationDeskPerTest(
  async (db) => {
    await putSnapshot(db, serverCaseAfter('C1', 'O1', [...shipped('C1', RECEIVED), command('warehouse.receive', 'C1', 3, { inspection: recorded }, WAREHOUSE)]), 'RMA260301000001');
    await putSnapshot(db, serverCaseAfter('C2', 'O2', [...shipped('C2', DISPUTED), command('warehouse.raise_dispute', 'C2', 3, { category: 'empty_parcel', notes: '包裹内没有商品，重量 40 克', photos: [] }, WAREHOUSE)]), 'RMA260301000002');
  },
  { name: 'scan-read-only' },
);

async function mountAs(role: 'cs' | 'finance' | 'admin' | 'warehouse'): Promise<void> {
  useSessionStore().staff = { id: `staff-${role}`, username: role, displayName: role, role, warehouseId: role === 'warehouse' ? 'WH-SH' : null };
  await mountStation(desk, () => 0);
}
const find = (selector: string): HTMLElement | null => document.querySelector<HTMLElement>(selector);

describe('read-only scan station', () => {
  it.each(['cs', 'finance', 'admin'] as const)('shows %s the recorded inspection and no form or decision buttons', async (role) => {
    await mountAs(role);
    expect(find('[data-testid="scan-read-only"]')).not.toBeNull();
    await scan(RECEIVED);
    await vi.waitFor(() => expect(find('[data-testid="recorded-RMA260301000001"]')).not.toBeNull());
    const record = find('[data-testid="recorded-inspection"]')!.textContent!;
    expect(record).toContain(`${SKU} × 1`);
    expect(record).toContain('有损坏');
    expect(record).toContain('外包装: 有问题');
    expect(record).toContain('880');
    expect(record).toContain('外箱破损，壶身凹陷');
    expect(find('[data-testid="inspection-form"]')).toBeNull();
    expect(find('[data-testid="accept"]')).toBeNull();
    expect(find('[data-testid="dispute"]')).toBeNull();
    expect(await useScanStationStore().accept()).toEqual({ ok: false, rejection: { code: 'scan.read_only', params: {} } });
  });

  it('shows a raised dispute with its category and notes, and keeps the lookups out of the session log', async () => {
    await mountAs('cs');
    await scan(DISPUTED);
    await vi.waitFor(() => expect(find('[data-testid="recorded-dispute"]')).not.toBeNull());
    expect(find('[data-testid="recorded-dispute"]')?.textContent).toContain('空包');
    expect(find('[data-testid="recorded-dispute"]')?.textContent).toContain('包裹内没有商品，重量 40 克');
    expect(find('[data-testid="recorded-none"]')?.textContent).toBe('仓库尚未验货');
    // Neither an unknown tracking number opens the unmatched-parcel form.
    await scan(generateTrackingNumber('ZTO', rng));
    expect(useScanStationStore().phase).toBe('idle');
    expect(find('[data-testid="register-parcel"]')).toBeNull();
    // Give any queued log write time to land (a warehouse scan's row is there well within this).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await desk.db.scanLog.count()).toBe(0);
  });

  it('still gives warehouse staff the inspection form and logs their scans', async () => {
    await mountAs('warehouse');
    expect(find('[data-testid="scan-read-only"]')).toBeNull();
    await scan(RECEIVED);
    await vi.waitFor(() => expect(find('[data-testid="inspection-form"]')).not.toBeNull());
    expect(find('[data-testid="recorded-inspection"]')).toBeNull();
    await vi.waitFor(async () => expect(await desk.db.scanLog.count()).toBe(1));
  });
});
