import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createSeededRng, generateTrackingNumber } from '../../../../shared/barcode';
import { codeForChar } from '../../../../shared/scanner';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { provideScannerService } from '../../../../renderer/src/composables/useScanner';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import type { ScanLogRow } from '../../../../renderer/src/db/types';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import ScanStationView from '../../../../renderer/src/views/scan/ScanStationView.vue';
import { NOW, putSnapshot, uniqueName } from '../../sync/fixtures';
import { awaitingReceipt } from './support';

/** The scan station page: the inspection between parcels, and a session-log write that fails. */

const rng = createSeededRng(23);
const FIRST = generateTrackingNumber('SF', rng);
const SECOND = generateTrackingNumber('SF', rng);

let wrapper: VueWrapper | null = null;
let pinia: Pinia;
let db: DeskDb;
/** The scanner's clock (ms): advanced by hand, so key gaps do not depend on the machine's speed. */
let now = 1000;

async function mountStation(): Promise<VueWrapper> {
  const Root = defineComponent({
    setup() {
      provideScannerService({ clock: () => now });
      return () => h(ScanStationView);
    },
  });
  wrapper = mount(Root, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
  await flushPromises();
  return wrapper;
}

function press(key: string): void {
  const mapped = key.length === 1 ? codeForChar(key) : null;
  (document.activeElement ?? document.body).dispatchEvent(
    new KeyboardEvent('keydown', { key, code: mapped?.code ?? key, shiftKey: mapped?.shiftKey ?? false, bubbles: true, cancelable: true }),
  );
}

/** A scanner burst, a key every 8 ms, then Enter; waits for the station to answer. */
async function scan(code: string): Promise<void> {
  now += 1000;
  for (const key of [...code, 'Enter']) {
    now += 8;
    press(key);
  }
  await vi.waitFor(async () => {
    await flushPromises();
    expect(document.querySelector('[data-testid="scan-banner"]')?.getAttribute('data-key')).not.toBe('scanStation.banner.ready');
    // A scan's lookups in fake-indexeddb take a few hundred ms on a loaded machine.
  }, 5000);
}

const find = (selector: string): Element | null => document.querySelector(selector);

beforeEach(async () => {
  pinia = createPinia();
  setActivePinia(pinia);
  db = await openDeskDb(uniqueName('scan-view'));
  await putSnapshot(db, awaitingReceipt('C1', 'O1', FIRST), 'RMA260301000001');
  await putSnapshot(db, awaitingReceipt('C2', 'O2', SECOND), 'RMA260301000002');
  configureRuntime({ db: async () => db, clock: () => new Date(NOW), pbkdf2Iterations: 1000, fetch: (async () => { throw new TypeError('offline'); }) as typeof fetch });
  useSessionStore().staff = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse', warehouseId: 'WH-SH' };
});
afterEach(() => {
  vi.restoreAllMocks();
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  resetRuntime();
  db.close();
});

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
    now += 1000;
    // The first two keys, then a late gap (a loaded machine, a wireless scanner), then the rest.
    for (const [i, key] of [...FIRST, 'Enter'].entries()) {
      now += i === 2 ? 50 : 8;
      press(key);
    }
    await vi.waitFor(async () => {
      await flushPromises();
      expect(find('[data-testid="scan-banner"]')?.getAttribute('data-key')).toBe('barcode.failure.incomplete_scan');
    }, 5000);
    expect(find('[data-testid="scan-banner"]')?.textContent).toContain('扫描不完整，请重新扫描');
    expect(find('[data-testid="inspection"]')).toBeNull();
    expect(await db.scanLog.count()).toBe(0);
  });

  it('says a long garbage burst is not a barcode', async () => {
    await mountStation();
    now += 1000;
    for (const key of [...'X'.repeat(5000), 'Enter']) {
      now += 8;
      press(key);
    }
    await vi.waitFor(async () => {
      await flushPromises();
      expect(find('[data-testid="scan-banner"]')?.getAttribute('data-key')).toBe('barcode.failure.too_long');
    }, 5000);
    expect(find('[data-testid="scan-banner"]')?.textContent).toContain('不是条码，请重新扫描');
  });

  it('says so under the banner when the session log cannot be written', async () => {
    await mountStation();
    const put = vi.spyOn(db.scanLog, 'put').mockImplementation(((_row: ScanLogRow) => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as DeskDb['scanLog']['put']);
    await scan(FIRST);
    await vi.waitFor(() => expect(find('[data-testid="scan-refusal"]')?.textContent).toBe('这次扫描没有记入会话日志。磁盘空间或存储配额已满。请清理磁盘空间后点击“立即同步”；已记录的操作不会丢失。'));
    expect(put).toHaveBeenCalledOnce();
    expect(find('[data-testid="inspection"][data-case-no="RMA260301000001"]')).not.toBeNull();
    expect(useSyncStore().storageProblem).toBe('quota_exceeded');
  });
});
