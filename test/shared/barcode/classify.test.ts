import { describe, expect, it } from 'vitest';
import { BARCODE_INVALID_REASONS, SCAN_FAILURE_REASONS, carrierByFormat, classifyBarcode, displayCode, normalizeBarcode } from '../../../shared/barcode/index';

describe('tracking numbers', () => {
  it.each([
    ['SF1234567890123', 'SF'],
    ['SF123456789012', 'SF'],
    ['sf 1234 5678 9012 3', 'SF'],
    ['YT7512345678901', 'YTO'],
    ['yt4214037210457', 'YTO'],
    ['73100012345678', 'ZTO'],
    ['75312345678901', 'ZTO'],
    ['78900000000001', 'ZTO'],
    ['JD0012345678901', 'JD'],
    ['JDVA00152573582', 'JD'],
    ['JDVC12345678901', 'JD'],
    ['JDX000123456789', 'JD'],
    ['EA123456785CN', 'EMS'],
    ['ea 123 456 785 cn', 'EMS'],
    ['RR123456785CN', 'EMS'],
    ['CP000000005DE', 'EMS'],
  ] as const)('%s → %s', (text, carrier) => {
    const result = classifyBarcode(text);
    expect(result).toEqual({ kind: 'tracking', carrier, normalized: text.replace(/ /g, '').toUpperCase() });
  });

  it('rejects an S10 item with a wrong check digit, with the expected and actual digits', () => {
    expect(classifyBarcode('EA123456784CN')).toEqual({
      kind: 'invalid',
      reason: 's10_check_digit',
      params: { normalized: 'EA123456784CN', expected: 5, actual: 4 },
    });
  });

  it.each([
    'SF12345678901', // SF + 11 digits
    'SF12345678901234', // SF + 14 digits
    'YT123456789012', // YT + 12 digits
    '1234567890', // legacy 10-digit YTO: not attributed
    '74312345678901', // 14 digits, not a ZTO prefix
    '7531234567890', // 13 digits starting 75: an EAN-13 question, not ZTO
    'JD001234567890', // JD + 12 digits
    'JDVA0015257358', // JDV + letter + 10 digits
    'JDY000123456789',
    'EA12345678CN', // S10 with 7+1 digits
    'E1123456785CN',
  ])('does not attribute %s to a carrier', (text) => {
    const result = classifyBarcode(text);
    expect(result.kind === 'tracking').toBe(false);
  });

  it('carrierByFormat checks the shape only', () => {
    expect(carrierByFormat('EA123456784CN')).toBe('EMS');
    expect(carrierByFormat('JDX000123456789')).toBe('JD');
    expect(carrierByFormat('6901234567892')).toBeNull();
  });
});

describe('product barcodes', () => {
  it('accepts EAN-13 with a correct check digit', () => {
    expect(classifyBarcode('6901234567892')).toEqual({ kind: 'product', symbology: 'EAN13', gtin: '6901234567892', normalized: '6901234567892' });
    expect(classifyBarcode('4006381333931')).toMatchObject({ kind: 'product', symbology: 'EAN13' });
    expect(classifyBarcode('9787115275790')).toMatchObject({ kind: 'product', symbology: 'EAN13' }); // ISBN-13
  });

  it('reports UPC-A with its GTIN-13 for lookups', () => {
    expect(classifyBarcode('036000291452')).toEqual({ kind: 'product', symbology: 'UPCA', gtin: '0036000291452', normalized: '036000291452' });
    // The same item scanned as its EAN-13 form looks up the same GTIN.
    expect(classifyBarcode('0036000291452')).toMatchObject({ kind: 'product', symbology: 'EAN13', gtin: '0036000291452' });
  });

  it('gives a clear reason for a wrong EAN-13 / UPC-A check digit', () => {
    expect(classifyBarcode('6901234567890')).toEqual({
      kind: 'invalid',
      reason: 'ean_check_digit',
      params: { symbology: 'EAN13', normalized: '6901234567890', expected: 2, actual: 0 },
    });
    expect(classifyBarcode('036000291453')).toEqual({
      kind: 'invalid',
      reason: 'ean_check_digit',
      params: { symbology: 'UPCA', normalized: '036000291453', expected: 2, actual: 3 },
    });
  });
});

describe('case and order numbers', () => {
  it('recognises case and order numbers', () => {
    expect(classifyBarcode('RMA251122000123')).toEqual({ kind: 'case', normalized: 'RMA251122000123' });
    expect(classifyBarcode('rma240229000001')).toEqual({ kind: 'case', normalized: 'RMA240229000001' });
    expect(classifyBarcode('SO25112200000042')).toEqual({ kind: 'order', normalized: 'SO25112200000042' });
    expect(classifyBarcode('SO12345678901234')).toMatchObject({ kind: 'order' });
    expect(classifyBarcode('SO123456789012345678')).toMatchObject({ kind: 'order' });
  });

  it('rejects a case number whose date does not exist', () => {
    expect(classifyBarcode('RMA250229000001')).toEqual({
      kind: 'invalid',
      reason: 'case_number_date',
      params: { normalized: 'RMA250229000001', date: '2025-02-29' },
    });
    expect(classifyBarcode('RMA251301000001')).toMatchObject({ reason: 'case_number_date' });
  });

  it('does not take near misses for case or order numbers', () => {
    for (const text of ['RMA25112200012', 'RMA2511220001234', 'SO1234567890123', 'SO1234567890123456789', 'SO2511220000004A']) {
      expect(classifyBarcode(text)).toMatchObject({ kind: 'invalid', reason: 'unknown_format' });
    }
  });
});

describe('normalisation and rejection', () => {
  it('trims, removes spaces, upper-cases and folds full width', () => {
    expect(normalizeBarcode('  ｊｄ００１２３４５６７８９０１\u3000')).toEqual({ ok: true, normalized: 'JD0012345678901' });
    expect(classifyBarcode('\tSF1234567890123\r\n')).toMatchObject({ kind: 'tracking', carrier: 'SF' });
    expect(classifyBarcode('SF\u00a01234567890123')).toMatchObject({ kind: 'tracking', carrier: 'SF' });
  });

  it('reports empty input', () => {
    for (const text of ['', '   ', '\u3000']) expect(classifyBarcode(text)).toEqual({ kind: 'invalid', reason: 'empty', params: {} });
  });

  it('rejects control characters inside the code', () => {
    expect(classifyBarcode('SF12345\t67890123')).toEqual({
      kind: 'invalid',
      reason: 'control_character',
      params: { position: 7, codePoint: 'U+0009' },
    });
    expect(classifyBarcode(']C1\u001d0106901234567892')).toMatchObject({ reason: 'control_character', params: { codePoint: 'U+001D' } });
    expect(classifyBarcode('EA123\u0085456785CN')).toMatchObject({ reason: 'control_character' });
  });

  it('reports anything else as unknown_format with the normalised text', () => {
    expect(classifyBarcode('退货 123')).toEqual({ kind: 'invalid', reason: 'unknown_format', params: { normalized: '退货123' } });
    for (const text of ['ABC', '96385074', 'SF-1234567890123', '1234567890123456']) {
      expect(classifyBarcode(text)).toMatchObject({ kind: 'invalid', reason: 'unknown_format' });
    }
  });

  it('only ever uses the documented reason codes', () => {
    const samples = ['', 'a\u0001b', 'x', '6901234567890', 'EA123456784CN', 'RMA250230000001'];
    for (const s of samples) {
      const r = classifyBarcode(s);
      expect(r.kind).toBe('invalid');
      if (r.kind === 'invalid') expect(BARCODE_INVALID_REASONS).toContain(r.reason);
    }
  });

  it('never reports a scanner failure reason from the text alone', () => {
    for (const s of ['67890', 'X'.repeat(5000), 'rr12345', '']) {
      const r = classifyBarcode(s);
      if (r.kind === 'invalid') expect(SCAN_FAILURE_REASONS as readonly string[]).not.toContain(r.reason);
    }
  });
});

describe('displayCode', () => {
  it('shows codes of recognised (case-insensitive) formats in their normal form', () => {
    const show = (text: string): string => displayCode(text, classifyBarcode(text));
    expect(show('rr123456785cn')).toBe('RR123456785CN');
    expect(show(' sf1234567890123 ')).toBe('SF1234567890123');
    expect(show('so25112200000042')).toBe('SO25112200000042');
    expect(show('ＲＭＡ２５１１２２０００１２３')).toBe('RMA251122000123');
    // Recognised format with a bad check digit: still normalised, so the worker reads the code as printed.
    expect(show('ea123456784cn')).toBe('EA123456784CN');
    expect(show('rma251332000123')).toBe('RMA251332000123');
  });

  it('keeps text of no known format as scanned (trimmed)', () => {
    const show = (text: string): string => displayCode(text, classifyBarcode(text));
    expect(show(' abc-12 ')).toBe('abc-12');
    expect(show('8888')).toBe('8888');
  });
});
