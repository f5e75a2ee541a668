import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskBridge, PrintReply, PrintRequest } from '../../../../shared/ipc/channels';
import { printLabel, printTestSheet, PRINT_ROOT_ID } from '../../../../renderer/src/components/labels/print';
import { saveLabelPrinterPreferences } from '../../../../renderer/src/components/labels/printPreferences';
import type { ReceiptLabelData } from '../../../../renderer/src/components/labels/types';
import type { TestSheetData } from '../../../../renderer/src/components/labels/testSheet';

const LABEL: ReceiptLabelData = {
  outcome: 'received',
  caseNo: 'RMA251122000123',
  shelf: 'B-01-4',
  sku: '6901234567892',
  quantity: 1,
  receivedAt: '2025-11-22T06:05:00.000Z',
  warehouseId: 'WH-SH',
  staffName: '王仓管',
};

const SHEET: TestSheetData = {
  warehouseId: 'WH-SH',
  generatedAt: '2025-11-22T06:05:00.000Z',
  parcels: [{ kind: 'parcel', symbology: 'CODE128', value: 'SF1234567890123', params: { caseNo: 'RMA251122000123', sku: '6901234567892', quantity: 1 } }],
  products: [{ kind: 'product', symbology: 'EAN13', value: '6901234567892', params: { caseNo: 'RMA251122000123' } }],
  others: [],
};

/** What the page looked like at the moment it was printed. */
interface Snapshot {
  rootText: string;
  bars: number;
  pageCss: string;
}

function snapshot(): Snapshot {
  const root = document.getElementById(PRINT_ROOT_ID);
  return {
    rootText: root?.textContent ?? '',
    bars: root?.querySelectorAll('svg rect').length ?? 0,
    pageCss: [...document.head.querySelectorAll('style')].map((s) => s.textContent).join('\n'),
  };
}

function fakeDesk(answer: (request: PrintRequest) => Promise<PrintReply>): { desk: DeskBridge; requests: PrintRequest[]; seen: Snapshot[] } {
  const requests: PrintRequest[] = [];
  const seen: Snapshot[] = [];
  const desk: DeskBridge = {
    app: { version: () => Promise.resolve({ version: '0.1.0', electron: '39', platform: 'linux' }) },
    print: {
      page: (request) => {
        requests.push(request);
        seen.push(snapshot());
        return answer(request);
      },
      printers: () => Promise.resolve([]),
    },
  };
  return { desk, requests, seen };
}

/** happy-dom has no window.print: the browser's dialog is a stub that records the page. */
function stubPrint(impl: () => void): ReturnType<typeof vi.fn> {
  const print = vi.fn(impl);
  window.print = print;
  return print;
}

function printLeftovers(): number {
  return document.querySelectorAll(`#${PRINT_ROOT_ID}, #desk-print-style`).length;
}

beforeEach(() => {
  document.documentElement.lang = 'zh-CN';
});
afterEach(() => {
  delete window.desk;
  Reflect.deleteProperty(window, 'print');
  vi.restoreAllMocks();
});

describe('printing in the desktop app (preload bridge present)', () => {
  it('prints the label page through the bridge, with the label printer chosen in Settings', async () => {
    saveLabelPrinterPreferences({ deviceName: 'Zebra_ZD421', silent: true });
    const { desk, requests, seen } = fakeDesk(() => Promise.resolve({ status: 'printed' }));
    window.desk = desk;
    const browserPrint = stubPrint(() => undefined);

    expect(await printLabel(LABEL)).toEqual({ status: 'printed', via: 'desktop', message: '已发送到打印机。' });
    expect(requests).toEqual([{ media: 'label-60x40', silent: true, deviceName: 'Zebra_ZD421' }]);
    expect(browserPrint).not.toHaveBeenCalled();
    // While printing, the page held the label (bars and text) and a 60×40 mm page rule.
    expect(seen[0]?.rootText).toContain('RMA251122000123');
    expect(seen[0]?.rootText).toContain('已入库');
    expect(seen[0]?.bars).toBeGreaterThan(30);
    expect(seen[0]?.pageCss).toContain('size: 60mm 40mm');
    // Afterwards nothing is left behind.
    expect(printLeftovers()).toBe(0);
  });

  it('lets the caller override the dialog, printer and copies', async () => {
    saveLabelPrinterPreferences({ deviceName: 'Zebra_ZD421', silent: true });
    const { desk, requests } = fakeDesk(() => Promise.resolve({ status: 'printed' }));
    window.desk = desk;
    await printLabel(LABEL, { silent: false, deviceName: null, copies: 2 });
    expect(requests).toEqual([{ media: 'label-60x40', silent: false, copies: 2 }]);
  });

  it('reports a cancelled dialog as cancelled', async () => {
    window.desk = fakeDesk(() => Promise.resolve({ status: 'cancelled' })).desk;
    expect(await printLabel(LABEL, { locale: 'en-US' })).toEqual({ status: 'cancelled', message: 'Printing was cancelled.' });
  });

  it('turns failures into translated messages, and never throws', async () => {
    window.desk = fakeDesk(() => Promise.resolve({ status: 'failed', code: 'printer_not_found' })).desk;
    expect(await printLabel(LABEL)).toEqual({ status: 'failed', code: 'printer_not_found', message: expect.stringContaining('找不到所选打印机') as string });

    window.desk = fakeDesk(() => Promise.reject(new Error('IPC desk:print:page: invalid payload'))).desk;
    const rejected = await printLabel(LABEL, { locale: 'en-US' });
    expect(rejected).toEqual({ status: 'failed', code: 'print_failed', message: expect.stringContaining('Printing failed') as string });
    expect(printLeftovers()).toBe(0);
  });

  it('prints the test sheet on A4 with the dialog, whatever the label printer settings say', async () => {
    saveLabelPrinterPreferences({ deviceName: 'Zebra_ZD421', silent: true });
    const { desk, requests, seen } = fakeDesk(() => Promise.resolve({ status: 'printed' }));
    window.desk = desk;
    expect(await printTestSheet(SHEET)).toEqual({ status: 'printed', via: 'desktop', message: '已发送到打印机。' });
    expect(requests).toEqual([{ media: 'a4', silent: false }]);
    expect(seen[0]?.pageCss).toContain('size: A4');
    expect(seen[0]?.rootText).toContain('SF1234567890123');
    expect(seen[0]?.rootText).toContain('6901234567892');
  });

  it('prints one job at a time', async () => {
    let release: (reply: PrintReply) => void = () => undefined;
    const { desk, seen } = fakeDesk(() => new Promise((resolve) => (release = resolve)));
    window.desk = desk;
    const first = printLabel(LABEL);
    const second = printLabel({ ...LABEL, caseNo: 'RMA251122000124' });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(document.querySelectorAll(`#${PRINT_ROOT_ID}`)).toHaveLength(1);
    release({ status: 'printed' });
    await first;
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    release({ status: 'printed' });
    await second;
    expect(seen[1]?.rootText).toContain('RMA251122000124');
    expect(seen[1]?.rootText).not.toContain('RMA251122000123');
  });
});

describe('printing in a browser (no bridge)', () => {
  it('opens the browser print dialog over a print container that holds only the label', async () => {
    const seen: Snapshot[] = [];
    const browserPrint = stubPrint(() => void seen.push(snapshot()));
    expect(await printLabel(LABEL)).toEqual({ status: 'printed', via: 'browser', message: '已发送到打印机。' });
    expect(browserPrint).toHaveBeenCalledTimes(1);
    expect(seen[0]?.rootText).toContain('RMA251122000123');
    expect(seen[0]?.pageCss).toContain('size: 60mm 40mm');
    // Print CSS hides the rest of the app.
    expect(seen[0]?.pageCss).toMatch(/body > \*:not\(#desk-print-root\) \{ display: none !important; \}/);
    expect(printLeftovers()).toBe(0);
  });

  it('reports a print() that throws as a failure', async () => {
    stubPrint(() => {
      throw new Error('printing is disabled');
    });
    const result = await printLabel(LABEL, { locale: 'en-US' });
    expect(result.status).toBe('failed');
    expect(printLeftovers()).toBe(0);
  });

  it('refuses a label whose code Code 128 cannot carry, without printing', async () => {
    const browserPrint = stubPrint(() => undefined);
    const result = await printLabel({ ...LABEL, caseNo: '售后单' });
    expect(result).toEqual({ status: 'failed', code: 'invalid_label', message: expect.stringContaining('无法生成条码') as string });
    expect(browserPrint).not.toHaveBeenCalled();
  });
});
