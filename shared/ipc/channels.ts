/**
 * IPC channel names and bridge types, free of runtime dependencies so the sandboxed preload
 * bundles only these few lines. Schemas live in ./contract.
 */
export const IPC_PREFIX = 'desk:';

export const ipcChannels = {
  appVersion: 'desk:app:version',
  /** Prints the calling window's page (its print CSS shows only the print container). */
  printPage: 'desk:print:page',
  /** The printers the system knows, for choosing the label printer. */
  printPrinters: 'desk:print:printers',
} as const;

export type IpcChannel = (typeof ipcChannels)[keyof typeof ipcChannels];

export interface AppInfo {
  version: string;
  electron: string;
  platform: string;
}

/** Paper the renderer prepared the page for: a 60×40 mm receipt label or an A4 sheet. */
export const PRINT_MEDIA = ['label-60x40', 'a4'] as const;
export type PrintMedia = (typeof PRINT_MEDIA)[number];

/**
 * A print job. Only options cross the bridge — never markup: the main process prints the very
 * page that asked, so no renderer-supplied HTML is ever loaded anywhere.
 */
export interface PrintRequest {
  media: PrintMedia;
  /** Print to `deviceName` (or the default printer) without the system dialog. */
  silent: boolean;
  /** System name of the printer; the default printer when absent. */
  deviceName?: string;
  copies?: number;
}

/** Why a print failed, in words the renderer translates. */
export const PRINT_FAILURE_CODES = ['printer_not_found', 'invalid_printer_settings', 'print_failed', 'unavailable'] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];

export type PrintReply = { status: 'printed' } | { status: 'cancelled' } | { status: 'failed'; code: PrintFailureCode };

export interface PrinterSummary {
  /** System name: what `deviceName` takes. */
  name: string;
  displayName: string;
  isDefault: boolean;
}

/** What the preload exposes as `window.desk`. Absent in a plain browser. */
export interface DeskBridge {
  app: {
    version(): Promise<AppInfo>;
  };
  print: {
    page(request: PrintRequest): Promise<PrintReply>;
    printers(): Promise<PrinterSummary[]>;
  };
}
