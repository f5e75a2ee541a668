/**
 * A refused customer-service or finance form names its fields in the words of the screen, in both
 * languages, and every field such a form can be refused for has those words.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CommandSchema } from '../../../shared/domain/commands';
import { createAppI18n, type AppLocale } from '../../../renderer/src/i18n';
import { rejectionText } from '../../../renderer/src/format/labels';

function words(locale: AppLocale) {
  const { global } = createAppI18n(locale);
  const t = (key: string, params?: Record<string, unknown>): string => global.t(key, params ?? {});
  const te = (key: string): boolean => global.te(key);
  return { t, te };
}

/** The top-level fields of a payload schema (every branch of a union). */
function payloadFields(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown>; options?: z.ZodType[] };
  if (s.shape) return Object.keys(s.shape);
  if (s.options) return s.options.flatMap(payloadFields);
  return [];
}

describe('rejection wording', () => {
  it('names a refused form’s fields as the form does, in each language', () => {
    const zh = words('zh-CN');
    const en = words('en-US');
    const rejection = { code: 'cs.form_invalid', params: { fields: 'reason, buyerAgreed' } };
    expect(rejectionText(zh.t, zh.te, rejection)).toBe('请检查以下字段：原因、买家同意');
    expect(rejectionText(en.t, en.te, rejection)).toBe('Some fields need attention: reason, the buyer’s agreement');
    expect(rejectionText(en.t, en.te, { code: 'finance.form_invalid', params: { fields: 'claimRef' } })).toBe('Some fields need attention: claim number');
  });

  it('keeps a field it has no words for, and says which code it does not know', () => {
    const en = words('en-US');
    expect(rejectionText(en.t, en.te, { code: 'cs.form_invalid', params: { fields: 'mystery, amount' } })).toBe('Some fields need attention: mystery, amount');
    expect(rejectionText(en.t, en.te, { code: 'no.such_code', params: { fields: 'amount' } })).toBe('Refused (no.such_code)');
  });

  it('has words for every field a customer-service or finance command can be refused for', () => {
    const fields = new Set(['buyerAgreed']);
    for (const option of CommandSchema.options) {
      const type = option.shape.type.value as string;
      if (type.startsWith('cs.') || type.startsWith('finance.')) for (const f of payloadFields(option.shape.payload)) fields.add(f);
    }
    expect(fields.size).toBeGreaterThan(5);
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const { te } = words(locale);
      expect([...fields].filter((f) => !te(`formFields.${f}`)), locale).toEqual([]);
    }
  });
});
