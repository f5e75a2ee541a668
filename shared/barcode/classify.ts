/**
 * Barcode recognition (条码识别) for the scan station: what a scanned code is, before anything is
 * looked up. Return tracking numbers (with the carrier), case numbers, order numbers and product
 * barcodes are told apart by format alone; codes with a wrong check digit are reported as
 * invalid with a machine-readable reason so the UI can explain it instead of searching.
 *
 * Normalisation: full-width characters folded to ASCII, surrounding whitespace trimmed, control
 * characters rejected, spaces removed, upper-cased. Hyphens and other punctuation are kept, so
 * `SF-1234567890123` is not a recognised format.
 *
 * Order of recognition (formats are disjoint, see `carriers.ts` and `identifiers.ts`):
 * case number → order number → SF / YTO / JD → UPU S10 (EMS) → all-digit codes: 14 digits
 * starting 73/75/78 = ZTO, 13 digits = EAN-13, 12 digits = UPC-A.
 */
import { toHalfWidth } from '../scanner/keymap';
import { CARRIER_PATTERNS, type Carrier } from './carriers';
import { ean13CheckDigit, s10CheckDigit, S10_PATTERN, upcaCheckDigit } from './checkdigits';
import { CASE_NUMBER_PATTERN, ORDER_NUMBER_PATTERN, parseCaseNumber } from './identifiers';

export type ProductSymbology = 'EAN13' | 'UPCA';

/** Machine codes of the reasons a scan is rejected; the UI translates them. */
export const BARCODE_INVALID_REASONS = [
  'empty',
  'control_character',
  'unknown_format',
  'ean_check_digit',
  's10_check_digit',
  'case_number_date',
] as const;
export type BarcodeInvalidReason = (typeof BARCODE_INVALID_REASONS)[number];

/**
 * Reasons a scanner burst is not one code, decided from the keys rather than the text (see
 * `shared/scanner/fragments.ts`): never returned by {@link classifyBarcode}, but a scan carrying
 * one is invalid like any other, so it is never looked up.
 */
export const SCAN_FAILURE_REASONS = ['incomplete_scan', 'too_long'] as const;
export type ScanFailureInvalidReason = (typeof SCAN_FAILURE_REASONS)[number];
export type InvalidReason = BarcodeInvalidReason | ScanFailureInvalidReason;

export type InvalidBarcode =
  | { kind: 'invalid'; reason: 'empty'; params: Record<string, never> }
  /** `position` is 0-based in the trimmed text; `codePoint` like `U+0009`. */
  | { kind: 'invalid'; reason: 'control_character'; params: { position: number; codePoint: string } }
  | { kind: 'invalid'; reason: 'unknown_format'; params: { normalized: string } }
  | {
      kind: 'invalid';
      reason: 'ean_check_digit';
      params: { symbology: ProductSymbology; normalized: string; expected: number; actual: number };
    }
  | { kind: 'invalid'; reason: 's10_check_digit'; params: { normalized: string; expected: number; actual: number } }
  /** A case number whose yyMMdd part is not a calendar date; `date` as `YYYY-MM-DD`. */
  | { kind: 'invalid'; reason: 'case_number_date'; params: { normalized: string; date: string } }
  /**
   * The scan started mid-way (its first keys came late, or without the configured prefix):
   * `fragment` is what arrived as one burst, `lead` what came before it ('' when unseen).
   */
  | {
      kind: 'invalid';
      reason: 'incomplete_scan';
      params: { cause: 'late_start' | 'code_split' | 'missing_prefix'; fragment: string; lead: string };
    }
  /** A burst longer than any code (`max`, the scanner setting), e.g. garbage from a misread. */
  | { kind: 'invalid'; reason: 'too_long'; params: { length: number; max: number } };

export type BarcodeClassification =
  | { kind: 'tracking'; carrier: Carrier; normalized: string }
  | { kind: 'case'; normalized: string }
  | { kind: 'order'; normalized: string }
  /** `gtin` is the 13-digit GTIN used for lookups (`0` + the UPC-A for UPC-A). */
  | { kind: 'product'; symbology: ProductSymbology; gtin: string; normalized: string }
  | InvalidBarcode;

export type BarcodeKind = BarcodeClassification['kind'];

/** Index of the first C0 control, DEL or C1 control character, or -1. */
function controlIndex(text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return i;
  }
  return -1;
}
// Spaces removed inside a code: ASCII space, no-break space (U+3000 is folded to a space first).
const SPACES = /[ \u00a0]/g;

/**
 * Normalises scanned or typed text; `{ ok: false }` carries the rejection (`empty`,
 * `control_character`).
 */
export function normalizeBarcode(
  text: string,
): { ok: true; normalized: string } | { ok: false; invalid: InvalidBarcode } {
  const trimmed = toHalfWidth(text).trim();
  const at = controlIndex(trimmed);
  if (at >= 0) {
    const cp = trimmed.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
    return {
      ok: false,
      invalid: { kind: 'invalid', reason: 'control_character', params: { position: at, codePoint: `U+${cp}` } },
    };
  }
  const normalized = trimmed.replace(SPACES, '').toUpperCase();
  if (normalized.length === 0) return { ok: false, invalid: { kind: 'invalid', reason: 'empty', params: {} } };
  return { ok: true, normalized };
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Reasons whose classification recognised the code's format (only a check failed). */
const FORMAT_RECOGNISED: ReadonlySet<InvalidReason> = new Set(['ean_check_digit', 's10_check_digit', 'case_number_date']);

/**
 * The text to show and record for a scanned code: the normalised form when the classifier
 * recognised its format (every recognised format is case-insensitive, so an IME's
 * `rr123456785cn` becomes `RR123456785CN`), otherwise the text as scanned, trimmed.
 */
export function displayCode(text: string, classification: BarcodeClassification): string {
  if (classification.kind !== 'invalid') return classification.normalized;
  if (FORMAT_RECOGNISED.has(classification.reason) && 'normalized' in classification.params) return classification.params.normalized;
  return text.trim();
}

/** Classifies one scanned code. Never throws. */
export function classifyBarcode(text: string): BarcodeClassification {
  const n = normalizeBarcode(text);
  if (!n.ok) return n.invalid;
  const normalized = n.normalized;

  if (CASE_NUMBER_PATTERN.test(normalized)) {
    const parsed = parseCaseNumber(normalized);
    if (parsed && !parsed.validDate) {
      const { year, month, day } = parsed.date;
      return { kind: 'invalid', reason: 'case_number_date', params: { normalized, date: isoDate(year, month, day) } };
    }
    return { kind: 'case', normalized };
  }
  if (ORDER_NUMBER_PATTERN.test(normalized)) return { kind: 'order', normalized };

  for (const carrier of ['SF', 'YTO', 'JD'] as const) {
    if (CARRIER_PATTERNS[carrier].some((re) => re.test(normalized))) return { kind: 'tracking', carrier, normalized };
  }

  const s10 = S10_PATTERN.exec(normalized);
  if (s10) {
    const expected = s10CheckDigit(s10[2] ?? '');
    const actual = Number(s10[3]);
    if (expected !== actual) return { kind: 'invalid', reason: 's10_check_digit', params: { normalized, expected, actual } };
    return { kind: 'tracking', carrier: 'EMS', normalized };
  }

  if (/^\d+$/.test(normalized)) {
    if (CARRIER_PATTERNS.ZTO.some((re) => re.test(normalized))) return { kind: 'tracking', carrier: 'ZTO', normalized };
    if (normalized.length === 13) {
      const expected = ean13CheckDigit(normalized.slice(0, 12));
      const actual = Number(normalized.charAt(12));
      if (expected !== actual) {
        return { kind: 'invalid', reason: 'ean_check_digit', params: { symbology: 'EAN13', normalized, expected, actual } };
      }
      return { kind: 'product', symbology: 'EAN13', gtin: normalized, normalized };
    }
    if (normalized.length === 12) {
      const expected = upcaCheckDigit(normalized.slice(0, 11));
      const actual = Number(normalized.charAt(11));
      if (expected !== actual) {
        return { kind: 'invalid', reason: 'ean_check_digit', params: { symbology: 'UPCA', normalized, expected, actual } };
      }
      return { kind: 'product', symbology: 'UPCA', gtin: `0${normalized}`, normalized };
    }
  }
  return { kind: 'invalid', reason: 'unknown_format', params: { normalized } };
}
