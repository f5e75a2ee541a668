import { describe, expect, it } from 'vitest';
import {
  ean13CheckDigit,
  gs1CheckDigit,
  isValidEan13,
  isValidS10,
  isValidUpcA,
  s10CheckDigit,
  upcaCheckDigit,
} from '../../../shared/barcode/index';

describe('GS1 mod 10', () => {
  it('computes known check digits', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('690123456789')).toBe(2);
    expect(ean13CheckDigit('978711527579')).toBe(0);
    expect(upcaCheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(ean13CheckDigit('000000000000')).toBe(0);
  });

  it('validates whole codes', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('400638133393')).toBe(false);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidUpcA('036000291451')).toBe(false);
  });

  it('rejects malformed bodies', () => {
    expect(() => ean13CheckDigit('12345678901')).toThrow(RangeError);
    expect(() => ean13CheckDigit('12345678901A')).toThrow(RangeError);
    expect(() => upcaCheckDigit('123456789012')).toThrow(RangeError);
    expect(() => gs1CheckDigit('')).toThrow(RangeError);
  });
});

describe('UPU S10 mod 11', () => {
  it('follows the standard worked example and the 10 → 0, 11 → 5 rules', () => {
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5.
    expect(s10CheckDigit('12345678')).toBe(5);
    // sum 0 → r = 11 → 5
    expect(s10CheckDigit('00000000')).toBe(5);
    // sum 12 (≡ 1 mod 11) → r = 10 → 0
    expect(s10CheckDigit('02000000')).toBe(0);
    // sum 8 → r = 3
    expect(s10CheckDigit('10000000')).toBe(3);
  });

  it('validates whole identifiers', () => {
    expect(isValidS10('EA123456785CN')).toBe(true);
    expect(isValidS10('EA123456786CN')).toBe(false);
    expect(isValidS10('ea123456785cn')).toBe(false); // normalise first
    expect(isValidS10('EA12345678CN')).toBe(false);
  });

  it('cannot detect the one class of single-digit change the standard maps to the same digit', () => {
    // Sums 0 and 72 (≡ 6 mod 11) both give check digit 5.
    expect(s10CheckDigit('00000000')).toBe(5);
    expect(s10CheckDigit('90000000')).toBe(5);
    expect(isValidS10('EA900000005CN')).toBe(true);
  });

  it('rejects malformed serials', () => {
    expect(() => s10CheckDigit('1234567')).toThrow(RangeError);
    expect(() => s10CheckDigit('1234567X')).toThrow(RangeError);
  });
});
