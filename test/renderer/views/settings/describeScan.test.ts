import { describe, expect, it } from 'vitest';
import { BARCODE_INVALID_REASONS, CARRIERS, classifyBarcode, type BarcodeClassification } from '../../../../shared/barcode';
import { ScannerConfigSchema } from '../../../../shared/scanner';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { describeClassification, describeConfigIssues, type Translate } from '../../../../renderer/src/views/settings/describeScan';

function translator(locale: 'zh-CN' | 'en-US'): Translate {
  const { t } = createAppI18n(locale).global;
  return (key, params) => (params ? t(key, params) : t(key));
}

/** One code per invalid reason. */
const INVALID_SAMPLES: Record<(typeof BARCODE_INVALID_REASONS)[number], string> = {
  empty: '   ',
  control_character: 'AB\tC',
  unknown_format: 'HELLO-1',
  ean_check_digit: '6901234567890',
  s10_check_digit: 'EA123456784CN',
  case_number_date: 'RMA251332000123',
};

describe('scan descriptions', () => {
  it('explains every invalid reason with its details, in both languages', () => {
    const expected = {
      'zh-CN': {
        empty: '条码为空',
        control_character: '第 3 位含有控制字符 U+0009',
        unknown_format: '无法识别的条码格式：HELLO-1',
        ean_check_digit: 'EAN-13 校验位应为 2，实际为 0',
        s10_check_digit: 'EMS 单号校验位应为 5，实际为 4',
        case_number_date: '售后单号中的日期 2025-13-32 不存在',
      },
      'en-US': {
        empty: 'The code is empty',
        control_character: 'Contains a control character (U+0009) at position 3',
        unknown_format: 'Not a recognised format: HELLO-1',
        ean_check_digit: 'EAN-13 check digit should be 2, got 0',
        s10_check_digit: 'EMS (S10) check digit should be 5, got 4',
        case_number_date: 'The date 2025-13-32 in this case number does not exist',
      },
    } as const;
    for (const locale of ['zh-CN', 'en-US'] as const) {
      const t = translator(locale);
      for (const reason of BARCODE_INVALID_REASONS) {
        const c = classifyBarcode(INVALID_SAMPLES[reason]);
        expect(c).toMatchObject({ kind: 'invalid', reason });
        const d = describeClassification(c, t);
        expect(d.ok).toBe(false);
        expect(d.reason).toBe(expected[locale][reason]);
      }
    }
  });

  it('explains scans that are not one code (from the scanner, not the classifier), in both languages', () => {
    const incomplete: BarcodeClassification = { kind: 'invalid', reason: 'incomplete_scan', params: { cause: 'late_start', fragment: '67890', lead: '12345' } };
    const split: BarcodeClassification = { kind: 'invalid', reason: 'incomplete_scan', params: { cause: 'code_split', fragment: '5312345678901', lead: '7' } };
    const prefixless: BarcodeClassification = { kind: 'invalid', reason: 'incomplete_scan', params: { cause: 'missing_prefix', fragment: 'JD123', lead: '' } };
    const long: BarcodeClassification = { kind: 'invalid', reason: 'too_long', params: { length: 5000, max: 64 } };
    const zh = translator('zh-CN');
    const en = translator('en-US');
    expect(describeClassification(incomplete, zh)).toEqual({ ok: false, title: '无效条码', reason: '只读到条码的后半段「67890」（前几位来得太慢）' });
    expect(describeClassification(incomplete, en).reason).toBe('Only the end of the code was read: “67890” (its first keys came too slowly)');
    expect(describeClassification(split, en).reason).toBe('The code arrived in two parts; only the end was read: “5312345678901”');
    expect(describeClassification(prefixless, zh).reason).toBe('没有收到扫码枪的前缀，只读到「JD123」');
    expect(describeClassification(long, zh).reason).toBe('读到 5000 个字符，超过条码的最大长度 64');
    expect(describeClassification(long, en).reason).toBe('5000 characters read, more than the longest code (64)');
  });

  it('names every carrier and product symbology', () => {
    const en = translator('en-US');
    const zh = translator('zh-CN');
    const names = CARRIERS.map((carrier) => {
      const c: BarcodeClassification = { kind: 'tracking', carrier, normalized: 'X' };
      return [describeClassification(c, zh).title, describeClassification(c, en).title];
    });
    expect(names).toEqual([
      ['顺丰速运运单号', 'SF Express tracking number'],
      ['圆通速递运单号', 'YTO Express tracking number'],
      ['中通快递运单号', 'ZTO Express tracking number'],
      ['京东物流运单号', 'JD Logistics tracking number'],
      ['中国邮政 EMS运单号', 'China Post EMS tracking number'],
    ]);
    expect(describeClassification(classifyBarcode('6901234567892'), en).title).toBe('EAN-13 product barcode');
    expect(describeClassification(classifyBarcode('036000291452'), zh).title).toBe('UPC-A 商品条码');
  });

  it('translates settings validation issues per field', () => {
    const t = translator('en-US');
    const issuesOf = (input: unknown) => {
      const r = ScannerConfigSchema.safeParse(input);
      return r.success ? [] : r.error.issues;
    };
    expect(describeConfigIssues(issuesOf({ maxInterKeyMs: 500, endTimeoutMs: 900 }), t, 500)).toEqual({
      maxInterKeyMs: 'Must be at most 200',
    });
    expect(describeConfigIssues(issuesOf({ maxInterKeyMs: 0 }), t, 0)).toEqual({ maxInterKeyMs: 'Must be greater than 0' });
    expect(describeConfigIssues(issuesOf({ minLength: 2.5 }), t, 30)).toEqual({ minLength: 'Must be a whole number' });
    expect(describeConfigIssues(issuesOf({ minLength: null }), t, 30)).toEqual({ minLength: 'Required' });
    expect(describeConfigIssues(issuesOf({ prefix: ['a', 'b', 'c', 'd', 'e'] }), t, 30)).toEqual({ prefix: 'At most 4 prefix keys' });
    expect(describeConfigIssues(issuesOf({ minLength: 12, maxLength: 10 }), t, 30)).toEqual({
      minLength: 'The minimum length must not exceed the maximum length',
    });
    expect(describeConfigIssues(issuesOf({ maxInterKeyMs: 40, endTimeoutMs: 35 }), t, 40)).toEqual({
      endTimeoutMs: 'The end timeout must be at least the max gap between keys (40 ms)',
    });
  });
});
