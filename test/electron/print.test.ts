import { describe, expect, it } from 'vitest';
import type { WebContentsPrintOptions } from 'electron';
import { listPrinters, printOptionsFor, printPage, type PrintableContents } from '../../electron/print';
import { validatedHandle, type IpcInvokeEvent, type IpcMainLike } from '../../electron/ipc';
import { ipcChannels, PrintRequestSchema } from '../../shared/ipc/contract';

const PRINTERS = [
  { name: 'Zebra_ZD421', displayName: 'Zebra ZD421', isDefault: false },
  { name: 'Office_A4', displayName: 'Office A4', isDefault: true },
];

/** A WebContents whose print() answers like Chromium does, and remembers the options. */
function fakeContents(answer: { success: boolean; failureReason?: string } | 'throw' = { success: true }, destroyed = false) {
  const jobs: WebContentsPrintOptions[] = [];
  const contents: PrintableContents = {
    print(options, callback) {
      if (answer === 'throw') throw new Error('height and width properties must be minimum 352 microns.');
      jobs.push(options);
      queueMicrotask(() => callback(answer.success, answer.failureReason ?? ''));
    },
    getPrintersAsync: () => Promise.resolve(PRINTERS),
    isDestroyed: () => destroyed,
  };
  return { contents, jobs };
}

describe('main-process printing', () => {
  it('prints a label silently on 60×40 mm paper without margins, to the chosen printer', async () => {
    const { contents, jobs } = fakeContents();
    expect(await printPage(contents, { media: 'label-60x40', silent: true, deviceName: 'Zebra_ZD421' })).toEqual({ status: 'printed' });
    expect(jobs).toEqual([
      {
        silent: true,
        printBackground: true,
        color: false,
        margins: { marginType: 'none' },
        pageSize: { width: 60_000, height: 40_000 },
        copies: 1,
        deviceName: 'Zebra_ZD421',
      },
    ]);
  });

  it('prints the A4 sheet with the dialog and the default printer', () => {
    expect(printOptionsFor({ media: 'a4', silent: false })).toEqual({
      silent: false,
      printBackground: true,
      color: true,
      margins: { marginType: 'default' },
      pageSize: 'A4',
      copies: 1,
    });
  });

  it('reports a cancelled dialog as cancelled and other failures by reason', async () => {
    expect(await printPage(fakeContents({ success: false, failureReason: 'Print job canceled' }).contents, { media: 'a4', silent: false })).toEqual({ status: 'cancelled' });
    expect(await printPage(fakeContents({ success: false, failureReason: 'Invalid printer settings' }).contents, { media: 'a4', silent: true })).toEqual({
      status: 'failed',
      code: 'invalid_printer_settings',
    });
    expect(await printPage(fakeContents({ success: false, failureReason: 'Print job failed' }).contents, { media: 'a4', silent: true })).toEqual({
      status: 'failed',
      code: 'print_failed',
    });
  });

  it('refuses a printer the system does not know, before anything is sent', async () => {
    const { contents, jobs } = fakeContents();
    expect(await printPage(contents, { media: 'label-60x40', silent: true, deviceName: 'Gone_Printer' })).toEqual({ status: 'failed', code: 'printer_not_found' });
    expect(jobs).toEqual([]);
  });

  it('answers instead of throwing when print() throws or the window is gone', async () => {
    expect(await printPage(fakeContents('throw').contents, { media: 'label-60x40', silent: true })).toEqual({ status: 'failed', code: 'invalid_printer_settings' });
    expect(await printPage(fakeContents({ success: true }, true).contents, { media: 'a4', silent: false })).toEqual({ status: 'failed', code: 'unavailable' });
  });

  it('lists printers by system name and display name', async () => {
    expect(await listPrinters(fakeContents().contents)).toEqual(PRINTERS);
    expect(await listPrinters(fakeContents({ success: true }, true).contents)).toEqual([]);
  });
});

describe('print request validation', () => {
  it('accepts the requests the renderer makes', () => {
    expect(PrintRequestSchema.safeParse({ media: 'label-60x40', silent: true, deviceName: 'Brother_QL_820NWB', copies: 2 }).success).toBe(true);
    expect(PrintRequestSchema.safeParse({ media: 'a4', silent: false }).success).toBe(true);
  });

  it.each([
    ['unknown paper', { media: 'A0', silent: false }],
    ['silent missing', { media: 'a4' }],
    ['silent as a string', { media: 'a4', silent: 'yes' }],
    ['markup smuggled in', { media: 'a4', silent: false, html: '<img src=x onerror=alert(1)>' }],
    ['a data: URL to load', { media: 'a4', silent: false, url: 'data:text/html,<script>1</script>' }],
    ['control characters in the printer name', { media: 'a4', silent: true, deviceName: 'Zebra\n--evil' }],
    ['an empty printer name', { media: 'a4', silent: true, deviceName: '' }],
    ['too many copies', { media: 'label-60x40', silent: true, copies: 500 }],
    ['fractional copies', { media: 'label-60x40', silent: true, copies: 1.5 }],
  ])('rejects %s', (_what, request) => {
    expect(PrintRequestSchema.safeParse(request).success).toBe(false);
  });
});

describe('print channel registration', () => {
  interface SenderEvent extends IpcInvokeEvent {
    sender: PrintableContents;
  }

  function register() {
    const handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike<SenderEvent> = { handle: (channel, listener) => void handlers.set(channel, listener) };
    validatedHandle(ipcMain, ipcChannels.printPage, ([request], event) => printPage(event.sender, request));
    const { contents, jobs } = fakeContents();
    const invoke = (frameUrl: string, ...args: unknown[]) => handlers.get(ipcChannels.printPage)?.({ senderFrame: { url: frameUrl }, sender: contents }, ...args);
    return { invoke, jobs };
  }

  it('prints the calling page for the app’s own frame', async () => {
    const { invoke, jobs } = register();
    expect(await invoke('app://desk/index.html', { media: 'label-60x40', silent: false })).toEqual({ status: 'printed' });
    expect(jobs).toHaveLength(1);
  });

  it('rejects invalid payloads and foreign frames without printing', () => {
    const { invoke, jobs } = register();
    expect(() => invoke('app://desk/index.html', { media: 'label-60x40', silent: false, html: '<h1>x</h1>' })).toThrow(/invalid payload/);
    expect(() => invoke('app://desk/index.html')).toThrow(/invalid payload/);
    expect(() => invoke('https://evil.example.com/', { media: 'a4', silent: true })).toThrow(/untrusted/);
    expect(jobs).toEqual([]);
  });
});
