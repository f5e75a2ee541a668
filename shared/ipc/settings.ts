/**
 * Workstation settings the Electron main process keeps (a JSON file in the user-data folder),
 * and what crosses the bridge to read and change them. Free of Node and DOM: the main process
 * validates the file and every update with these schemas; the renderer uses the types.
 */
import { z } from 'zod';
import { ScannerConfigSchema } from '../scanner';

/**
 * How this desktop app reaches its central API:
 *  - `demo`: the built-in API with demo data and demo accounts (a banner says so);
 *  - `site`: the built-in API with an empty database, for one site run on this computer;
 *  - `central`: the company's central API at `apiUrl`; nothing runs locally.
 */
export const DESK_MODES = ['demo', 'site', 'central'] as const;
export type DeskMode = (typeof DESK_MODES)[number];

const SETTINGS_VERSION = 1;

/** An http(s) base URL without credentials, query or fragment (the central API's address). */
export const ApiUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '' && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  }, 'settings.invalid_api_url');

/** A name people read (station, warehouse): printable, no control characters. */
const ShortNameSchema = z
  .string()
  .trim()
  .max(80)
  .regex(/^[^\p{Cc}]*$/u, 'settings.control_characters');

export const PrinterSettingsSchema = z
  .object({
    /** System name of the label printer; null: the system's default printer. */
    deviceName: z.string().min(1).max(256).regex(/^[^\p{Cc}]+$/u).nullable(),
    silent: z.boolean(),
  })
  .strict();

export const ScannerSettingsSchema = z
  .object({
    config: ScannerConfigSchema,
    soundEnabled: z.boolean(),
  })
  .strict();

export const DeskSettingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION),
    /** Null until the first-run choice was made. */
    mode: z.enum(DESK_MODES).nullable(),
    /** The central API (mode `central`). */
    apiUrl: ApiUrlSchema.nullable(),
    /** Warehouse this station belongs to (a warehouse id such as WH-SH); null: none chosen. */
    warehouseId: ShortNameSchema.pipe(z.string().min(1)).nullable(),
    stationName: ShortNameSchema,
    printer: PrinterSettingsSchema.nullable(),
    scanner: ScannerSettingsSchema.nullable(),
    /** Menu language; null: follow the system. */
    locale: z.enum(['zh-CN', 'en-US']).nullable(),
    /** electron-updater generic feed; null: no update checks. */
    updateUrl: ApiUrlSchema.nullable(),
  })
  .strict();
export type DeskSettings = z.infer<typeof DeskSettingsSchema>;

export const DEFAULT_SETTINGS: DeskSettings = {
  version: SETTINGS_VERSION,
  mode: null,
  apiUrl: null,
  warehouseId: null,
  stationName: '',
  printer: null,
  scanner: null,
  locale: null,
  updateUrl: null,
};

/**
 * What the renderer may change through `settings.update`. The mode and the central address
 * change only through `settings.chooseMode`, which also restarts the built-in API.
 */
export const SettingsPatchSchema = z
  .object({
    warehouseId: DeskSettingsSchema.shape.warehouseId.optional(),
    stationName: ShortNameSchema.optional(),
    printer: PrinterSettingsSchema.nullable().optional(),
    scanner: ScannerSettingsSchema.nullable().optional(),
    locale: DeskSettingsSchema.shape.locale.optional(),
    updateUrl: ApiUrlSchema.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const ModeChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('demo') }).strict(),
  z.object({ mode: z.literal('site') }).strict(),
  z.object({ mode: z.literal('central'), apiUrl: ApiUrlSchema }).strict(),
]);
export type ModeChoice = z.infer<typeof ModeChoiceSchema>;

/** How the keychain keeps the token: the OS store, or (Linux without one) plain text. */
export const TOKEN_BACKENDS = ['os', 'basic_text', 'unavailable'] as const;
export type TokenBackend = (typeof TOKEN_BACKENDS)[number];

export interface SecretsInfo {
  backend: TokenBackend;
  /** Linux: the `safeStorage` backend name (e.g. gnome_libsecret, kwallet5, basic_text). */
  detail: string;
}

/** A username as the session keys it: lower case, no spaces or control characters (a JSON key only). */
export const TokenOwnerSchema = z.string().min(1).max(64).regex(/^[^\p{Cc}\p{Lu}\s]+$/u);
/** A bearer token as the API issues it. */
export const TokenSchema = z.string().min(16).max(512).regex(/^[\x21-\x7e]+$/);

/** The connection test of a central API address (`GET /health`). */
export type ConnectionTestReply =
  | { ok: true; version: string; serverTime: string; skewMs: number; latencyMs: number }
  | { ok: false; code: 'connection.unreachable' | 'connection.not_desk_api' | 'connection.http_error' | 'connection.timeout'; status?: number };

/** Where the app stands, for the first-run screen, the banner and Settings. */
export interface DeskStatus {
  settings: DeskSettings;
  /** The built-in API runs (demo/site) and answers under /api. */
  embeddedApi: 'running' | 'stopped' | 'failed';
  /** Why the built-in API failed, for the error panel. */
  embeddedError?: string;
  secrets: SecretsInfo;
  dataDir: string;
  logDir: string;
}
