/**
 * IPC channel names and bridge types, free of runtime dependencies so the sandboxed preload
 * bundles only these few lines. Schemas live in ./contract.
 */
import type { ConnectionTestReply, DeskSettings, DeskStatus, ModeChoice, SettingsPatch } from './settings';

export type * from './settings';

export const IPC_PREFIX = 'desk:';

export const ipcChannels = {
  appVersion: 'desk:app:version',
  /** Prints the calling window's page (its print CSS shows only the print container). */
  printPage: 'desk:print:page',
  /** The printers the system knows, for choosing the label printer. */
  printPrinters: 'desk:print:printers',
  /** Settings, mode and keychain status (DeskStatus). */
  settingsGet: 'desk:settings:get',
  /** Changes workstation settings (not the mode). */
  settingsUpdate: 'desk:settings:update',
  /** First run, or an administrator in Settings: demo, site or central; restarts the built-in API. */
  settingsChooseMode: 'desk:settings:choose-mode',
  /** Tries a central API address (GET /health) from the main process. */
  settingsTestConnection: 'desk:settings:test-connection',
  /** The bearer token of a staff member, from the OS keychain. */
  secretsGetToken: 'desk:secrets:get-token',
  /** Stores (or, with null, forgets) a staff member's bearer token in the OS keychain. */
  secretsSetToken: 'desk:secrets:set-token',
  /** The renderer's answer to a quit request: its outbox flush is over. */
  appQuitReady: 'desk:app:quit-ready',
} as const;

/** Messages the main process sends to the renderer (not invoke channels). */
export const ipcEvents = {
  /** The app is quitting: flush the outbox, then invoke appQuitReady. */
  beforeQuit: 'desk:app:before-quit',
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
    /** Runs `flush` when the app quits; the main process waits for it (bounded). */
    onBeforeQuit?(flush: () => Promise<void>): void;
  };
  /** Optional like every later namespace: the renderer feature-detects what its preload offers. */
  settings?: {
    get(): Promise<DeskStatus>;
    update(patch: SettingsPatch): Promise<DeskSettings>;
    chooseMode(choice: ModeChoice): Promise<DeskStatus>;
    testConnection(apiUrl: string): Promise<ConnectionTestReply>;
  };
  secrets?: {
    getToken(owner: string): Promise<string | null>;
    setToken(owner: string, token: string | null): Promise<void>;
  };
  print: {
    page(request: PrintRequest): Promise<PrintReply>;
    printers(): Promise<PrinterSummary[]>;
  };
}
