import { describe, expect, it } from 'vitest';
import {
  CASE_NUMBER_PATTERN,
  ORDER_NUMBER_PATTERN,
  classifyBarcode,
  formatCaseNumber,
  formatOrderNumber,
  isValidCalendarDate,
  parseCaseNumber,
} from '../../../shared/barcode/index';

describe('formatCaseNumber', () => {
  it('is RMA + yyMMdd + 6-digit sequence', () => {
    expect(formatCaseNumber(123, '2025-11-22')).toBe('RMA251122000123');
    expect(formatCaseNumber(0, { year: 2024, month: 2, day: 29 })).toBe('RMA240229000000');
    expect(formatCaseNumber(999_999, '2099-12-31')).toBe('RMA991231999999');
    expect(CASE_NUMBER_PATTERN.test(formatCaseNumber(1, '2030-01-01'))).toBe(true);
  });

  it('round-trips through parseCaseNumber and the classifier', () => {
    const n = formatCaseNumber(4567, '2026-03-09');
    expect(parseCaseNumber(n)).toEqual({ date: { year: 2026, month: 3, day: 9 }, seq: 4567, validDate: true });
    expect(classifyBarcode(n)).toEqual({ kind: 'case', normalized: n });
    expect(parseCaseNumber('SO25112200000042')).toBeNull();
  });

  it('rejects bad sequences and dates', () => {
    expect(() => formatCaseNumber(1_000_000, '2025-11-22')).toThrow(RangeError);
    expect(() => formatCaseNumber(-1, '2025-11-22')).toThrow(RangeError);
    expect(() => formatCaseNumber(1.5, '2025-11-22')).toThrow(RangeError);
    expect(() => formatCaseNumber(1, '2025-02-29')).toThrow(RangeError);
    expect(() => formatCaseNumber(1, '1999-12-31')).toThrow(RangeError);
    expect(() => formatCaseNumber(1, '2025/11/22')).toThrow(RangeError);
  });
});

describe('formatOrderNumber', () => {
  it('is SO + yyMMdd + sequence padded to 8 digits (up to 12)', () => {
    expect(formatOrderNumber(42, '2025-11-22')).toBe('SO25112200000042');
    expect(formatOrderNumber(999_999_999_999, '2025-11-22')).toBe('SO251122999999999999');
    expect(ORDER_NUMBER_PATTERN.test(formatOrderNumber(7, '2025-01-05'))).toBe(true);
    expect(classifyBarcode(formatOrderNumber(7, '2025-01-05'))).toMatchObject({ kind: 'order' });
    expect(() => formatOrderNumber(1_000_000_000_000, '2025-11-22')).toThrow(RangeError);
  });
});

describe('isValidCalendarDate', () => {
  it('knows leap years and month lengths', () => {
    expect(isValidCalendarDate({ year: 2000, month: 2, day: 29 })).toBe(true);
    expect(isValidCalendarDate({ year: 2100, month: 2, day: 29 })).toBe(false);
    expect(isValidCalendarDate({ year: 2025, month: 4, day: 31 })).toBe(false);
    expect(isValidCalendarDate({ year: 2025, month: 12, day: 31 })).toBe(true);
    expect(isValidCalendarDate({ year: 2025, month: 0, day: 1 })).toBe(false);
  });
});
