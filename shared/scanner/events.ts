/**
 * What the scanner decoder reads and says: key events in, decisions (scans, failures, keys handed
 * back) out. See `decoder.ts` for how the adapter applies a decision.
 */
import type { ScanFailure, ScanTargetKind } from './fragments';
import type { ScannerConfig } from './config';
import { isPrintableAscii, toHalfWidth } from './keymap';

export type { ScanTargetKind } from './fragments';

/** The fields of a `KeyboardEvent` (keydown) the decoder needs, as a plain object. */
export interface ScannerKeyEvent {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  /** `KeyboardEvent.timeStamp`, in milliseconds. */
  timeStamp: number;
  targetKind: ScanTargetKind;
  /** Legacy `keyCode`; 229 marks an IME-processed key. */
  keyCode?: number | undefined;
  /** Auto-repeat from a held key; never part of a scan. */
  repeat?: boolean | undefined;
}

export type ScanSource = 'scanner' | 'paste' | 'manual';

/** A completed scan. Times are on the clock of the events (`timeStamp`) or of `now`. */
export interface ScanEvent {
  text: string;
  startedAt: number;
  endedAt: number;
  source: ScanSource;
}

/** A key that was swallowed while it might have been a scan, now handed back as typing. */
export interface ReleasedKey {
  key: string;
  code: string;
  /** The character it types ('' for a non-character prefix key such as F9). */
  text: string;
  timeStamp: number;
}

/** What the adapter should do after one call; see the module comment for the order. */
export interface ScanDecision {
  /** `preventDefault()` the event just fed (always false for `tick`, `reset`). */
  swallow: boolean;
  scan: ScanEvent | null;
  /** A burst that ended like a scan but is not one code: tell the worker, look nothing up. */
  failure: ScanFailure | null;
  released: ReleasedKey[];
  /** Characters already typed into the field (before its caret) that belong to the scan, to remove. */
  retract: number;
  /** Those characters, in order, so the adapter can check they are still there. */
  retractText: string;
}

/**
 * Normalises text that should be one code (paste, manual entry): folds full-width characters,
 * trims, and returns `null` unless what remains is `minLength`–`maxLength` printable ASCII
 * characters (so multi-line text, tabs, CJK text and overly long text are not codes).
 */
export function normalizeScanText(
  text: string,
  limits: Pick<ScannerConfig, 'minLength' | 'maxLength'> = { minLength: 1, maxLength: 64 },
): string | null {
  const folded = toHalfWidth(text).trim();
  if (folded.length < limits.minLength || folded.length > limits.maxLength) return null;
  for (const ch of folded) if (!isPrintableAscii(ch)) return null;
  return folded;
}
