/**
 * Printing for the renderer (labels at the scan station, the test-barcode sheet). The main
 * process prints the page that asked — its print CSS shows only the print container — so no
 * markup crosses the bridge and no extra window loads renderer-made HTML. Takes the calling
 * WebContents as a parameter, so it is unit-tested in Node without the Electron binary.
 */
import type { WebContentsPrintOptions } from 'electron';
import type { PrintMedia, PrintReply, PrintRequest, PrinterSummary } from '../shared/ipc/channels';

/** The parts of a WebContents printing uses. */
export interface PrintableContents {
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<ReadonlyArray<{ name: string; displayName: string; isDefault?: boolean }>>;
  isDestroyed(): boolean;
}

/** Paper sizes in microns, as `webContents.print` takes a custom size. */
const PAGE_SIZES: Record<PrintMedia, WebContentsPrintOptions['pageSize']> = {
  'label-60x40': { width: 60_000, height: 40_000 },
  a4: 'A4',
};

export function printOptionsFor(request: PrintRequest): WebContentsPrintOptions {
  return {
    silent: request.silent,
    printBackground: true,
    color: request.media !== 'label-60x40',
    // The page's own CSS lays the label out edge to edge; the printer adds no margins of its own.
    margins: { marginType: request.media === 'label-60x40' ? 'none' : 'default' },
    pageSize: PAGE_SIZES[request.media],
    copies: request.copies ?? 1,
    ...(request.deviceName !== undefined ? { deviceName: request.deviceName } : {}),
  };
}

/** Chromium's failure reasons ("Print job canceled", "Invalid printer settings", …) as a reply. */
function replyForFailure(failureReason: string): PrintReply {
  const reason = failureReason.toLowerCase();
  if (reason.includes('cancel')) return { status: 'cancelled' };
  if (reason.includes('invalid printer')) return { status: 'failed', code: 'invalid_printer_settings' };
  return { status: 'failed', code: 'print_failed' };
}

export async function listPrinters(contents: PrintableContents): Promise<PrinterSummary[]> {
  if (contents.isDestroyed()) return [];
  const printers = await contents.getPrintersAsync();
  return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name, isDefault: p.isDefault === true }));
}

/**
 * Prints the calling page. Never rejects: every outcome is a reply the renderer can show.
 * A named printer must be one the system knows (a silent job to a missing printer would
 * otherwise vanish without a word on some platforms).
 */
export async function printPage(contents: PrintableContents, request: PrintRequest): Promise<PrintReply> {
  try {
    if (contents.isDestroyed()) return { status: 'failed', code: 'unavailable' };
    if (request.deviceName !== undefined) {
      const printers = await listPrinters(contents);
      if (!printers.some((p) => p.name === request.deviceName)) return { status: 'failed', code: 'printer_not_found' };
    }
    return await new Promise<PrintReply>((resolve) => {
      contents.print(printOptionsFor(request), (success, failureReason) => {
        resolve(success ? { status: 'printed' } : replyForFailure(failureReason));
      });
    });
  } catch {
    // webContents.print throws synchronously on options it refuses.
    return { status: 'failed', code: 'invalid_printer_settings' };
  }
}
