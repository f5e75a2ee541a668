/**
 * Words for what the barcode classifier and the settings validation say, through vue-i18n.
 * Kept apart from the components so other views (the scan station) can describe codes the same
 * way.
 */
import type { z } from 'zod';
import type { BarcodeClassification, ProductSymbology } from '../../../../shared/barcode';
import type { ScannerConfig } from '../../../../shared/scanner';

/** vue-i18n's `t` as these helpers use it. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Standard symbology names: identifiers, the same in every language. */
export const SYMBOLOGY_NAMES: Readonly<Record<ProductSymbology, string>> = { EAN13: 'EAN-13', UPCA: 'UPC-A' };

export interface ScanDescription {
  ok: boolean;
  /** What the code is ("SF Express tracking number") or that it is invalid. */
  title: string;
  /** Why it is invalid, with the details ("EAN-13 check digit should be 5, got 3"). */
  reason: string | null;
}

export function describeClassification(c: BarcodeClassification, t: Translate): ScanDescription {
  switch (c.kind) {
    case 'tracking':
      return { ok: true, title: t('barcode.kinds.tracking', { carrier: t(`barcode.carriers.${c.carrier}`) }), reason: null };
    case 'case':
      return { ok: true, title: t('barcode.kinds.case'), reason: null };
    case 'order':
      return { ok: true, title: t('barcode.kinds.order'), reason: null };
    case 'product':
      return { ok: true, title: t('barcode.kinds.product', { symbology: SYMBOLOGY_NAMES[c.symbology] }), reason: null };
    case 'invalid':
      return { ok: false, title: t('barcode.kinds.invalid'), reason: describeInvalid(c, t) };
  }
}

function describeInvalid(c: Extract<BarcodeClassification, { kind: 'invalid' }>, t: Translate): string {
  const key = `barcode.invalid.${c.reason}`;
  switch (c.reason) {
    case 'empty':
      return t(key);
    case 'control_character':
      // People count from 1.
      return t(key, { position: c.params.position + 1, codePoint: c.params.codePoint });
    case 'unknown_format':
      return t(key, { normalized: c.params.normalized });
    case 'ean_check_digit':
      return t(key, { symbology: SYMBOLOGY_NAMES[c.params.symbology], expected: c.params.expected, actual: c.params.actual });
    case 's10_check_digit':
      return t(key, { expected: c.params.expected, actual: c.params.actual });
    case 'case_number_date':
      return t(key, { date: c.params.date });
    case 'incomplete_scan':
      return t(`${key}.${c.params.cause}`, { fragment: c.params.fragment });
    case 'too_long':
      return t(key, { length: c.params.length, max: c.params.max });
  }
}

export type ConfigField = keyof ScannerConfig;
export type ConfigErrors = Partial<Record<ConfigField, string>>;

/** Translated messages for settings validation issues, one per field (the first issue wins). */
export function describeConfigIssues(issues: readonly z.core.$ZodIssue[], t: Translate, gapMs: unknown): ConfigErrors {
  const errors: ConfigErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (typeof field !== 'string' || !(field in FIELD_SET)) continue;
    const name = field as ConfigField;
    if (errors[name] !== undefined) continue;
    errors[name] = describeIssue(issue, name, t, gapMs);
  }
  return errors;
}

const FIELD_SET: Record<ConfigField, true> = {
  maxInterKeyMs: true,
  minLength: true,
  maxLength: true,
  prefix: true,
  suffix: true,
  endTimeoutMs: true,
  acceptInTextFields: true,
};

function describeIssue(issue: z.core.$ZodIssue, field: ConfigField, t: Translate, gapMs: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return t('scanner.errors.integer');
      return t('scanner.errors.required');
    case 'too_small':
      if (field === 'prefix') return t('scanner.errors.invalid');
      return issue.inclusive === false
        ? t('scanner.errors.greaterThan', { min: Number(issue.minimum) })
        : t('scanner.errors.atLeast', { min: Number(issue.minimum) });
    case 'too_big':
      if (field === 'prefix') return t('scanner.errors.tooManyPrefixKeys', { max: Number(issue.maximum) });
      return t('scanner.errors.atMost', { max: Number(issue.maximum) });
    case 'custom':
      if (field === 'minLength') return t('scanner.errors.minAboveMax');
      if (field === 'endTimeoutMs') return t('scanner.errors.endBelowGap', { gap: typeof gapMs === 'number' ? gapMs : '' });
      return t('scanner.errors.invalid');
    default:
      return t('scanner.errors.invalid');
  }
}
