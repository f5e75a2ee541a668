/**
 * Scanner decoder settings (扫码枪参数). Stations differ in how their scanners are programmed
 * (suffix Enter or Tab, an optional prefix key), so every setting is configurable and validated.
 */
import { z } from 'zod';

/** Keys a scanner can be programmed to send after the code. */
export const SCANNER_SUFFIX_KEYS = ['Enter', 'Tab'] as const;
export type ScannerSuffixKey = (typeof SCANNER_SUFFIX_KEYS)[number];

export const ScannerConfigSchema = z
  .object({
    /**
     * Longest gap (ms) between two keys of one scan. Scanners send a key every 5–10 ms (up to
     * ~20 ms with Shift for upper-case letters); people type at 80–300 ms a key, and rarely two
     * keys closer than 30 ms more than once in a row. A gap at or under this keeps a burst going.
     */
    maxInterKeyMs: z.number().positive().max(200).default(30),
    /** Fewest characters (prefix and suffix not counted) for a burst to count as a scan. */
    minLength: z.number().int().min(1).max(64).default(4),
    /** Most characters of one scan; longer bursts and pastes are treated as text, not codes. */
    maxLength: z.number().int().min(1).max(256).default(64),
    /**
     * Keys the scanner sends before the code, matched in order: `KeyboardEvent.key` names for
     * non-character keys ('F9') or single characters ('~', ']'). Empty (default) = no prefix.
     * When set, only bursts that start with the whole prefix become scans; other keys are never
     * held back, which makes a non-character prefix such as F9 the most reliable setting.
     */
    prefix: z.array(z.string().min(1)).max(4).default([]),
    /**
     * Keys that end a scan (any one of them). Default Enter (NumpadEnter counts as Enter).
     * Empty = the scanner sends no suffix: a burst ends after `endTimeoutMs` of silence.
     */
    suffix: z.array(z.enum(SCANNER_SUFFIX_KEYS)).max(2).default(['Enter']),
    /**
     * Silence (ms) after the last key that completes a suffix-less scan (only used when `suffix`
     * is empty; a key arriving later than `maxInterKeyMs` also ends the burst). At least
     * `maxInterKeyMs`.
     */
    endTimeoutMs: z.number().positive().max(1000).default(50),
    /**
     * Scans while an ordinary text field has focus. `false` (default): keys typed into ordinary
     * fields are left alone entirely. `true`: the keys still reach the field (nothing is held
     * back), but a completed burst is reported as a scan, its suffix key is swallowed, and the
     * decision's `retract` tells the adapter how many characters to remove from the field.
     * Fields marked as scan fields always take scans.
     */
    acceptInTextFields: z.boolean().default(false),
  })
  .refine((c) => c.minLength <= c.maxLength, { error: 'minLength must not exceed maxLength', path: ['minLength'] })
  .refine((c) => c.endTimeoutMs >= c.maxInterKeyMs, {
    error: 'endTimeoutMs must be at least maxInterKeyMs',
    path: ['endTimeoutMs'],
  });

/** Validated settings. */
export type ScannerConfig = z.output<typeof ScannerConfigSchema>;
/** Settings as stored or edited: every field optional, defaults filled in by the schema. */
export type ScannerConfigInput = z.input<typeof ScannerConfigSchema>;

/** Validates settings and fills in defaults; throws a `ZodError` on invalid input. */
export function parseScannerConfig(input: ScannerConfigInput = {}): ScannerConfig {
  return ScannerConfigSchema.parse(input);
}

/** Defaults: 30 ms gap, ≥ 4 characters, ≤ 64 characters, no prefix, Enter suffix, 50 ms end timeout, fields ignored. */
export const DEFAULT_SCANNER_CONFIG: Readonly<ScannerConfig> = (() => {
  const config = parseScannerConfig();
  Object.freeze(config.prefix);
  Object.freeze(config.suffix);
  return Object.freeze(config);
})();
