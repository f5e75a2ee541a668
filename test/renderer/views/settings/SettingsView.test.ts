import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { codeForChar, DEFAULT_SCANNER_CONFIG } from '../../../../shared/scanner';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import { provideScannerService } from '../../../../renderer/src/composables/useScanner';
import { useScannerStore } from '../../../../renderer/src/stores/scanner';
import { useSettingsStore } from '../../../../renderer/src/stores/settings';
import SettingsView from '../../../../renderer/src/views/settings/SettingsView.vue';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import type { CaseViewRow } from '../../../../renderer/src/db/types';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import type { DeskBridge, PrintRequest } from '../../../../shared/ipc/channels';
import { uniqueName } from '../../sync/fixtures';

let wrapper: VueWrapper | null = null;
let pinia: Pinia;
/** The scanner's clock (ms): advanced by hand, so key gaps do not depend on the machine's speed. */
let now = 1000;

async function mountSettings(locale: AppLocale = 'zh-CN'): Promise<VueWrapper> {
  const Root = defineComponent({
    setup() {
      provideScannerService({ clock: () => now });
      return () => h(SettingsView);
    },
  });
  wrapper = mount(Root, { attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale)] } });
  await flushPromises();
  return wrapper;
}

/** A scanner burst, a key every 8 ms, ended by `suffix`. */
async function scan(code: string, suffix = 'Enter'): Promise<void> {
  const target = document.activeElement ?? document.body;
  now += 1000;
  for (const key of [...code, suffix]) {
    now += 8;
    const mapped = key.length === 1 ? codeForChar(key) : null;
    target.dispatchEvent(
      new KeyboardEvent('keydown', { key, code: mapped?.code ?? key, shiftKey: mapped?.shiftKey ?? false, bubbles: true, cancelable: true }),
    );
  }
  await nextTick();
}

const text = (testId: string): string => wrapper?.find(`[data-testid="${testId}"]`).text() ?? '';

let db: DeskDb;

beforeEach(async () => {
  pinia = createPinia();
  setActivePinia(pinia);
  db = await openDeskDb(uniqueName('settings'));
  configureRuntime({ db: async () => db });
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  delete window.desk;
  Reflect.deleteProperty(window, 'print');
  resetRuntime();
  db.close();
});

describe('settings page: scanner test box', () => {
  it('waits for a scan, then shows the code, what it is, where it came from and its timing', async () => {
    const page = await mountSettings();
    expect(text('scan-test-latest')).toContain('等待扫描');
    expect(page.find('[data-testid="scan-test-history"]').exists()).toBe(false);

    await scan('SF1234567890123');
    expect(text('scan-test-code')).toBe('SF1234567890123');
    expect(text('scan-test-kind')).toBe('顺丰速运运单号');
    expect(text('scan-test-source')).toBe('扫描枪');
    expect(text('scan-test-per-key')).toBe('8 毫秒');
    expect(text('scan-test-duration')).toBe('120 毫秒');
    expect(page.find('[data-testid="scan-test-reason"]').exists()).toBe(false);

    await scan('6901234567890');
    expect(text('scan-test-kind')).toBe('无效条码');
    expect(text('scan-test-reason')).toBe('EAN-13 校验位应为 2，实际为 0');
    expect(text('scan-test-history')).toContain('SF1234567890123');
    expect(text('scan-test-history')).toContain('顺丰速运运单号');
  });

  it('speaks English, including carrier names and invalid reasons', async () => {
    useSettingsStore().setLocale('en-US');
    await mountSettings('en-US');
    await scan('EA123456784CN');
    expect(text('scan-test-kind')).toBe('Invalid barcode');
    expect(text('scan-test-reason')).toBe('EMS (S10) check digit should be 5, got 4');
    await scan('YT7512345678901');
    expect(text('scan-test-kind')).toBe('YTO Express tracking number');
    await scan('RMA251122000123');
    expect(text('scan-test-kind')).toBe('After-sales case number');
  });

  it('takes a code typed into the scan box and confirmed with Enter as a manual entry', async () => {
    const page = await mountSettings();
    const manual = page.find<HTMLInputElement>('#scan-test-manual');
    await manual.setValue('so25112200000042');
    await manual.trigger('keydown', { key: 'Enter', code: 'Enter' });
    await nextTick();
    // Order numbers are case-insensitive: shown in their normalised form.
    expect(text('scan-test-code')).toBe('SO25112200000042');
    expect(text('scan-test-kind')).toBe('订单号');
    expect(text('scan-test-source')).toBe('手动输入');
    expect(manual.element.value).toBe('');

    await manual.setValue('not a code\twith a tab');
    await manual.trigger('keydown', { key: 'Enter', code: 'Enter' });
    await nextTick();
    expect(page.text()).toContain('这不是一个条码');
    expect(text('scan-test-code')).toBe('SO25112200000042');
  });

  it('clears the history', async () => {
    const page = await mountSettings();
    await scan('SF1234567890123');
    await scan('SF1234567890124');
    await page.find('[data-testid="scan-test-clear"]').trigger('click');
    await nextTick();
    expect(text('scan-test-latest')).toContain('等待扫描');
  });
});

describe('settings page: scanner settings form', () => {
  it('applies valid edits at once and explains invalid ones without applying them', async () => {
    const page = await mountSettings();
    const store = useScannerStore();

    await page.find<HTMLInputElement>('#scanner-min-length').setValue('6');
    await flushPromises();
    expect(store.config.minLength).toBe(6);

    await page.find<HTMLInputElement>('#scanner-max-length').setValue('10');
    await page.find<HTMLInputElement>('#scanner-min-length').setValue('20');
    await flushPromises();
    expect(text('settings-scanner')).toContain('最短长度不能大于最长长度');
    expect(page.find('[data-testid="scanner-invalid"]').exists()).toBe(true);
    expect(store.config.minLength).toBe(6);
    expect(store.config.maxLength).toBe(10);

    await page.find<HTMLInputElement>('#scanner-end-timeout').setValue('20');
    await flushPromises();
    expect(text('settings-scanner')).toContain('结束等待时间不能短于按键最大间隔（30 毫秒）');

    await page.find('[data-testid="scanner-restore-defaults"]').trigger('click');
    await flushPromises();
    expect(store.config).toEqual(DEFAULT_SCANNER_CONFIG);
    expect(page.find<HTMLInputElement>('#scanner-min-length').element.value).toBe('4');
    expect(page.find('[data-testid="scanner-invalid"]').exists()).toBe(false);
  });

  it('makes a new end key take effect for the next scan', async () => {
    await mountSettings();
    const store = useScannerStore();
    store.setConfig({ ...store.config, suffix: ['Tab'] });
    await nextTick();
    await scan('JDVA00152573582', 'Tab');
    expect(text('scan-test-kind')).toBe('京东物流运单号');
  });
});

const WH1 = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 Wang', role: 'warehouse' as const, warehouseId: 'WH-SH' };

/** What a sync would have left: the signed-in warehouse clerk and cases awaiting receipt. */
async function seedStore(): Promise<void> {
  await db.session.put({ username: 'wh1', staff: WH1, token: 't', expiresAt: '2099-01-01T00:00:00Z', verifier: {} as never, signedInAt: '2025-11-22T00:00:00Z', current: 1 });
  const row = (n: number, warehouseId: string): CaseViewRow =>
    ({
      id: `case-${n}`,
      caseNo: `RMA25112200000${n}`,
      orderId: `order-${n}`,
      orderNo: `SO2511220000000${n}`,
      sku: '6901234567892',
      state: 'awaiting_receipt',
      returnTrackingNo: `SF100000000000${n}`,
      data: { quantity: 1, returnAddress: { warehouseId, name: '退货仓', phone: '021', address: '上海' } },
    }) as unknown as CaseViewRow;
  await db.caseView.bulkPut([row(1, 'WH-SH'), row(2, 'WH-SH'), row(3, 'WH-GZ')]);
}

describe('settings page: test barcodes', () => {
  it('asks to sign in and sync first while the local store is empty', async () => {
    const page = await mountSettings();
    await vi.waitFor(() => expect(text('test-barcodes-status')).toContain('请先在登录页登录，等首次同步完成后再打印测试页'));
    expect(page.find('[data-testid="test-barcodes-print"]').attributes('disabled')).toBeDefined();
  });

  it('counts the signed-in warehouse’s parcels and prints the sheet through the browser dialog', async () => {
    await seedStore();
    const printed: string[] = [];
    window.print = vi.fn(() => void printed.push(document.getElementById('desk-print-root')?.textContent ?? ''));
    const page = await mountSettings();
    await vi.waitFor(() => expect(text('test-barcodes-status')).toContain('2 个待收货包裹、1 个商品条码，另有 4 个其他条码'));
    expect(text('test-barcodes-status')).toContain('仓库 WH-SH');

    await page.find('[data-testid="test-barcodes-print"]').trigger('click');
    await vi.waitFor(() => expect(text('test-barcodes-result')).toBe('已发送到打印机。'));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('SF1000000000001');
    expect(printed[0]).toContain('SF1000000000002');
    expect(printed[0]).not.toContain('SF1000000000003');
    expect(printed[0]).toContain('6901234567892');
  });

  it('previews the sheet', async () => {
    await seedStore();
    const page = await mountSettings('en-US');
    await vi.waitFor(() => expect(text('test-barcodes-status')).toContain('2 parcels awaiting receipt'));
    await page.find('[data-testid="test-barcodes-preview"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-testid="test-sheet"]')).not.toBeNull());
    const sheet = document.querySelector('[data-testid="test-sheet"]');
    expect(sheet?.textContent).toContain('Scanning practice sheet');
    expect(sheet?.querySelectorAll('svg[data-format="EAN13"]')).toHaveLength(1);
    expect(sheet?.querySelectorAll('svg[data-format="CODE128"]')).toHaveLength(2 + 4);
  });
});

describe('settings page: label printing', () => {
  it('explains the browser’s print dialog when there is no desktop bridge', async () => {
    await mountSettings();
    expect(text('label-printer-browser-note')).toContain('60×40 毫米');
  });

  it('lists the system printers in the desktop app and prints a sample label to the chosen one', async () => {
    const requests: PrintRequest[] = [];
    const desk: DeskBridge = {
      app: { version: () => Promise.resolve({ version: '0.1.0', electron: '39', platform: 'linux' }) },
      print: {
        page: (request) => {
          requests.push(request);
          return Promise.resolve({ status: 'failed', code: 'printer_not_found' });
        },
        printers: () => Promise.resolve([{ name: 'Zebra_ZD421', displayName: 'Zebra ZD421', isDefault: false }]),
      },
    };
    window.desk = desk;
    localStorage.setItem('desk.labelPrinter.v1', JSON.stringify({ deviceName: 'Zebra_ZD421', silent: true }));
    const page = await mountSettings();
    expect(page.find('[data-testid="label-printer-browser-note"]').exists()).toBe(false);
    expect(text('label-printer-select')).toContain('Zebra ZD421');

    await page.find('[data-testid="label-print-sample"]').trigger('click');
    await vi.waitFor(() => expect(text('label-print-result')).toContain('找不到所选打印机'));
    expect(requests).toEqual([{ media: 'label-60x40', silent: true, deviceName: 'Zebra_ZD421' }]);
  });
});
