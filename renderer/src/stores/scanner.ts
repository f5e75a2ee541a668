import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import { z } from 'zod';
import {
  DEFAULT_SCANNER_CONFIG,
  ScannerConfigSchema,
  type ScanEvent,
  type ScanFailure,
  type ScannerConfig,
  type ScannerConfigInput,
} from '../../../shared/scanner';
import type { BarcodeClassification } from '../../../shared/barcode';
import { preferenceStorage, readPreference, savePreference } from './preferences';

export const SCANNER_PREFERENCES_KEY = 'desk.scanner.v1';
/** How many decoded scans the test box keeps. */
export const RECENT_SCAN_LIMIT = 20;

/**
 * A completed scan with what the barcode classifier makes of it. A burst that is not one code
 * arrives here too, as `failure` with an invalid classification of the same reason
 * (`incomplete_scan`: show "scan again"; `too_long`), so a subscriber that only looks at
 * `classification` never looks it up.
 */
export interface ClassifiedScan {
  /** `text` is the code as it should be shown and recorded (see `displayCode`). */
  scan: ScanEvent;
  classification: BarcodeClassification;
  /** Set when the burst was not one code; `scan.text` then holds what was read (shortened when too long). */
  failure: ScanFailure | null;
  /** Time from the first to the last key of the scan (0 for pastes and manual entry). */
  durationMs: number;
  /** Average gap between the keys of the scan, or `null` when it was not typed by a scanner. */
  msPerKey: number | null;
}

/** A scan as the test box lists it. */
export interface RecordedScan extends ClassifiedScan {
  /** Increasing number, unique for this run of the app (list key). */
  id: number;
  /** Wall-clock time it was recorded (ms since the epoch). */
  receivedAt: number;
}

export type ScannerConfigResult =
  | { ok: true; config: ScannerConfig }
  | { ok: false; issues: z.core.$ZodIssue[] };

function defaultConfig(): ScannerConfig {
  return { ...DEFAULT_SCANNER_CONFIG, prefix: [...DEFAULT_SCANNER_CONFIG.prefix], suffix: [...DEFAULT_SCANNER_CONFIG.suffix] };
}

const CONFIG_FIELDS = Object.keys(DEFAULT_SCANNER_CONFIG) as Array<keyof ScannerConfig>;

/**
 * Reads saved scanner settings. A damaged field falls back to its default on its own; when the
 * surviving fields contradict each other (minimum above maximum length), all fall back.
 */
export function readScannerConfig(saved: unknown): ScannerConfig {
  const whole = ScannerConfigSchema.safeParse(saved);
  if (whole.success) return whole.data;
  if (typeof saved !== 'object' || saved === null) return defaultConfig();
  const kept: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const value = (saved as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (ScannerConfigSchema.safeParse({ ...defaultConfig(), [field]: value }).success) kept[field] = value;
  }
  const merged = ScannerConfigSchema.safeParse(kept);
  return merged.success ? merged.data : defaultConfig();
}

const SavedSchema = z.object({
  config: z.unknown(),
  soundEnabled: z.boolean().catch(true),
});

function readSaved(raw: unknown): { config: ScannerConfig; soundEnabled: boolean } {
  const saved = SavedSchema.safeParse(raw);
  if (!saved.success) return { config: defaultConfig(), soundEnabled: true };
  return { config: readScannerConfig(saved.data.config ?? {}), soundEnabled: saved.data.soundEnabled };
}

/** Scanner settings (扫码枪参数), persisted, and the last decoded scans for the test box. */
export const useScannerStore = defineStore('scanner', () => {
  const storage = preferenceStorage();
  const initial = readSaved(readPreference(storage, SCANNER_PREFERENCES_KEY));
  /** The settings in force; replaced as a whole on every change. */
  const config = shallowRef<ScannerConfig>(initial.config);
  const soundEnabled = ref(initial.soundEnabled);
  const recentScans = ref<RecordedScan[]>([]);
  let nextId = 1;

  watch([config, soundEnabled], () => savePreference(storage, SCANNER_PREFERENCES_KEY, { config: config.value, soundEnabled: soundEnabled.value }));

  /** Validates and applies settings; invalid settings leave the current ones in force. */
  function setConfig(input: ScannerConfigInput): ScannerConfigResult {
    const parsed = ScannerConfigSchema.safeParse(input);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues };
    // Unchanged settings keep the same object, so the decoder is not restarted for nothing.
    if (JSON.stringify(parsed.data) !== JSON.stringify(config.value)) config.value = parsed.data;
    return { ok: true, config: config.value };
  }
  function restoreDefaults(): void {
    config.value = defaultConfig();
    soundEnabled.value = true;
  }
  function setSoundEnabled(next: boolean): void {
    soundEnabled.value = next;
  }
  function recordScan(result: ClassifiedScan): RecordedScan {
    const recorded: RecordedScan = { ...result, id: nextId, receivedAt: Date.now() };
    nextId += 1;
    recentScans.value = [recorded, ...recentScans.value].slice(0, RECENT_SCAN_LIMIT);
    return recorded;
  }
  function clearScans(): void {
    recentScans.value = [];
  }

  return { config, soundEnabled, recentScans, setConfig, restoreDefaults, setSoundEnabled, recordScan, clearScans };
});
