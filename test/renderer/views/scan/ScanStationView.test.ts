import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import { codeForChar } from '../../../../shared/scanner';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import type { ScanLogRow } from '../../../../renderer/src/db/types';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { mountStation as mountPage } from './page';
import { putAwaitingReceipt, stationDeskPerTest } from './support';

/** The scan station page: the inspection between parcels, and a session-log write that fails. */

const rng = createSeededRng(23);
const FIRST = generateTrackingNumber('SF', rng);
const SECOND = generateTrackingNumber('SF', rng);

const desk = stationDeskPerTest((db) => putAwaitingReceipt(db, FIRST, SECOND), { name: 'scan-view', restoreMocks: true });

/** The scanner's clock (ms): advanced by hand, so key gaps do not depend on the machine's speed. */
let now = 1000;
const mountStation = () => mountPage(desk, () => now);

function press(key: string): void {
  const mapped = key.length === 1 ? codeForChar(key) : null;
  (document.activeElement ?? document.body).dispatchEvent(
    new KeyboardEvent('keydown', { key, code: mapped?.code ?? key, shiftKey: mapped?.shiftKey ?? false, bubbles: true, cancelable: true }),
  );
}

/** Presses `code` then Enter after a pause, as a scanner does: `gap(i)` ms before the i-th key (8 by default). */
function burst(code: string, gap: (i: number) => number = () => 8): void {
  now += 1000;
  for (const [i, key] of [...code, 'Enter'].entries()) {
    now += gap(i);
    press(key);
  }
}

/** Waits until the station's banner passes `check` (its message key). */
async function bannerUntil(check: (key: string | null | undefined) => void): Promise<void> {
  await vi.waitFor(async () => {
    await flushPromises();
    check(document.querySelector('[data-testid="scan-banner"]')?.getAttribute('data-key'));
    // A scan's lookups in fake-indexeddb take a few hundred ms on a loaded machine.
  }, 5000);
}

/** A scanner burst, a key every 8 ms, then Enter; waits for the station to answer. */
async function scan(code: string): Promise<void> {
  burst(code);
  await bannerUntil((key) => expect(key).not.toBe('scanStation.banner.ready'));
}

const find = (selector: string): Element | null => document.querySelector(selector);

describe('scan station page', () => {
  it('shows each parcel in the same inspection form, and nothing of it while the bench is empty', async () => {
    await mountStation();
    await scan(FIRST);
    await vi.waitFor(() => expect(find('[data-testid="inspection"][data-case-no="RMA260301000001"]')).not.toBeNull());
    const form = find('[data-testid="inspection-form"]');
    expect(find('[data-testid="inspection-photos"]')).not.toBeNull();

    press('Escape');
    await flushPromises();
    expect(find('[data-testid="scan-idle"]')).not.toBeNull();
    expect(find('[data-testid="inspection"]')).toBeNull();
    expect(find('[data-testid="inspection-photos"]')).toBeNull();

    await scan(SECOND);
    await vi.waitFor(() => expect(find('[data-testid="inspection"][data-case-no="RMA260301000002"]')).not.toBeNull());
    expect(find('[data-testid="scan-idle"]')).toBeNull();
    // The form was kept, not built again; its counts and photo picker are the new parcel's.
    expect(find('[data-testid="inspection-form"]')).toBe(form);
    expect(document.querySelectorAll('[data-testid="counts"] tr')).toHaveLength(1);
    expect(find('[data-testid="inspection-photos"]')).not.toBeNull();
    expect(find('[data-testid="scan-banner"]')?.getAttribute('data-key')).toBe('scanStation.banner.found');
    // Two parcels' lookups: each may take seconds in fake-indexeddb on a loaded machine.
  }, 15_000);

  it('asks to scan again when a burst started mid-way, instead of looking up its tail as another code', async () => {
    await mountStation();
    // The first two keys, then a late gap (a loaded machine, a wireless scanner), then the rest.
    burst(FIRST, (i) => (i === 2 ? 50 : 8));
    await bannerUntil((key) => expect(key).toBe('barcode.failure.incomplete_scan'));
    expect(find('[data-testid="scan-banner"]')?.textContent).toContain('扫描不完整，请重新扫描');
    expect(find('[data-testid="inspection"]')).toBeNull();
    expect(await desk.db.scanLog.count()).toBe(0);
  });

  it('says a long garbage burst is not a barcode', async () => {
    await mountStation();
    burst('X'.repeat(5000));
    await bannerUntil((key) => expect(key).toBe('barcode.failure.too_long'));
    expect(find('[data-testid="scan-banner"]')?.textContent).toContain('不是条码，请重新扫描');
  });

  it('says so under the banner when the session log cannot be written', async () => {
    await mountStation();
    const put = vi.spyOn(desk.db.scanLog, 'put').mockImplementation(((_row: ScanLogRow) => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as DeskDb['scanLog']['put']);
    await scan(FIRST);
    await vi.waitFor(() => expect(find('[data-testid="scan-refusal"]')?.textContent).toBe('这次扫描没有记入会话日志。磁盘空间或存储配额已满。请清理磁盘空间后点击“立即同步”；已记录的操作不会丢失。'));
    expect(put).toHaveBeenCalledOnce();
    expect(find('[data-testid="inspection"][data-case-no="RMA260301000001"]')).not.toBeNull();
    expect(useSyncStore().storageProblem).toBe('quota_exceeded');
  });
});
