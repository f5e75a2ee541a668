import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CARRIERS,
  classifyBarcode,
  createSeededRng,
  ean13CheckDigit,
  formatCaseNumber,
  formatOrderNumber,
  generateAnyTrackingNumber,
  generateEan13,
  generateTrackingNumber,
  s10CheckDigit,
  upcaCheckDigit,
} from '../../../shared/barcode/index';

const seed = fc.integer({ min: 0, max: 0xffffffff });
const carrier = fc.constantFrom(...CARRIERS);

/** Replaces the digit at `i` by a different digit. */
function flipDigit(s: string, i: number, bump: number): string {
  const d = Number(s.charAt(i));
  return s.slice(0, i) + String((d + bump) % 10) + s.slice(i + 1);
}

describe('generators', () => {
  it('are deterministic for a seed', () => {
    const a = createSeededRng(20251122);
    const b = createSeededRng(20251122);
    const fromA = CARRIERS.map((c) => generateTrackingNumber(c, a));
    const fromB = CARRIERS.map((c) => generateTrackingNumber(c, b));
    expect(fromA).toEqual(fromB);
    expect(generateEan13('690', createSeededRng(1))).toBe(generateEan13('690', createSeededRng(1)));
    expect(createSeededRng(1)()).not.toBe(createSeededRng(2)());
  });

  it('tolerate a random source that returns the upper bound', () => {
    expect(generateTrackingNumber('EMS', () => 0.9999999999)).toMatch(/^EZ9{8}\dCN$/);
    expect(generateEan13('', () => 1)).toMatch(/^9{12}\d$/);
  });

  it('rejects a bad EAN prefix', () => {
    expect(() => generateEan13('69A', createSeededRng(1))).toThrow(RangeError);
    expect(() => generateEan13('1234567890123', createSeededRng(1))).toThrow(RangeError);
  });

  it('generated tracking numbers always classify as their carrier', () => {
    fc.assert(
      fc.property(carrier, seed, (c, s) => {
        const tn = generateTrackingNumber(c, createSeededRng(s));
        expect(classifyBarcode(tn)).toEqual({ kind: 'tracking', carrier: c, normalized: tn });
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(seed, (s) => {
        const { carrier: c, trackingNumber } = generateAnyTrackingNumber(createSeededRng(s));
        expect(classifyBarcode(trackingNumber)).toMatchObject({ kind: 'tracking', carrier: c });
      }),
    );
  });

  it('generated EAN-13 always classify as products with the prefix kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 12 }), seed, (prefix, s) => {
        const ean = generateEan13(prefix, createSeededRng(s));
        expect(ean.startsWith(prefix)).toBe(true);
        expect(classifyBarcode(ean)).toEqual({ kind: 'product', symbology: 'EAN13', gtin: ean, normalized: ean });
      }),
    );
  });

  it('case and order numbers never look like tracking numbers or products', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (seq, d) => {
          const day = d.toISOString().slice(0, 10);
          expect(classifyBarcode(formatCaseNumber(seq, day)).kind).toBe('case');
          expect(classifyBarcode(formatOrderNumber(seq, day)).kind).toBe('order');
        },
      ),
    );
  });
});

describe('single-digit errors', () => {
  it('flipping any one digit of an EAN-13 is always detected', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (s, i, bump) => {
        const ean = generateEan13('', createSeededRng(s));
        const flipped = flipDigit(ean, i, bump);
        const result = classifyBarcode(flipped);
        expect(result).toMatchObject({ kind: 'invalid', reason: 'ean_check_digit' });
        if (result.kind === 'invalid' && result.reason === 'ean_check_digit') {
          expect(result.params.expected).toBe(ean13CheckDigit(flipped.slice(0, 12)));
        }
      }),
    );
  });

  it('flipping any one digit of a UPC-A is always detected', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (s, i, bump) => {
        const body = generateEan13('', createSeededRng(s)).slice(0, 11);
        const upc = body + String(upcaCheckDigit(body));
        expect(classifyBarcode(upc)).toMatchObject({ kind: 'product', symbology: 'UPCA', gtin: `0${upc}` });
        expect(classifyBarcode(flipDigit(upc, i, bump))).toMatchObject({ kind: 'invalid', reason: 'ean_check_digit' });
      }),
    );
  });

  it('flipping the S10 check digit is always detected', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 1, max: 9 }), (s, bump) => {
        const tn = generateTrackingNumber('EMS', createSeededRng(s));
        expect(classifyBarcode(flipDigit(tn, 10, bump))).toMatchObject({ kind: 'invalid', reason: 's10_check_digit' });
      }),
    );
  });

  it('flipping one S10 serial digit is detected except for the 0/6 residue pair the standard maps to 5', () => {
    let undetected = 0;
    fc.assert(
      fc.property(seed, fc.integer({ min: 2, max: 9 }), fc.integer({ min: 1, max: 9 }), (s, i, bump) => {
        const tn = generateTrackingNumber('EMS', createSeededRng(s));
        const flipped = flipDigit(tn, i, bump);
        const result = classifyBarcode(flipped);
        const newCheck = s10CheckDigit(flipped.slice(2, 10));
        if (newCheck === Number(tn.charAt(10))) {
          // Only possible when both sums fall in {0, 6} mod 11, i.e. check digit 5.
          expect(newCheck).toBe(5);
          expect(result).toMatchObject({ kind: 'tracking', carrier: 'EMS' });
          undetected += 1;
        } else {
          expect(result).toMatchObject({ kind: 'invalid', reason: 's10_check_digit', params: { expected: newCheck } });
        }
      }),
      { numRuns: 1000 },
    );
    // The gap is narrow (about 2 % of single-digit changes).
    expect(undetected).toBeLessThan(60);
  });
});
