/**
 * This product's own identifiers printed as barcodes: after-sales case numbers (售后单号) and
 * order numbers (订单号). Both start with letters no carrier format uses, so they never collide
 * with tracking numbers or product barcodes.
 *
 * - Case number: `RMA` + yyMMdd (the business date the case was opened) + 6-digit sequence of
 *   that day, 15 characters, e.g. `RMA251122000123`. The date must be a real calendar date.
 * - Order number: `SO` + 14–18 digits. Numbers issued here are `SO` + yyMMdd + the sequence
 *   zero-padded to 8 digits (up to 12), e.g. `SO25112200000042`; longer digit runs come from
 *   imported orders, so no date is checked when classifying.
 *
 * Dates are calendar dates (`{ year, month, day }` or `YYYY-MM-DD`) in years 2000–2099: which
 * day "today" is (the business time zone) is decided by the caller.
 */

const CASE_NUMBER_PREFIX = 'RMA';
const ORDER_NUMBER_PREFIX = 'SO';
/** `RMA` yy MM dd nnnnnn. */
export const CASE_NUMBER_PATTERN = /^RMA(\d{2})(\d{2})(\d{2})(\d{6})$/;
/** `SO` + 14–18 digits. */
export const ORDER_NUMBER_PATTERN = /^SO\d{14,18}$/;
const CASE_SEQUENCE_MAX = 999_999;
const ORDER_SEQUENCE_MAX = 999_999_999_999;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real date in 2000–2099. */
export function isValidCalendarDate(d: CalendarDate): boolean {
  return (
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.year >= 2000 &&
    d.year <= 2099 &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month)
  );
}

function toCalendarDate(date: CalendarDate | string): CalendarDate {
  let d: CalendarDate;
  if (typeof date === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    if (!m) throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  } else {
    d = date;
  }
  if (!isValidCalendarDate(d)) throw new RangeError(`not a calendar date in 2000–2099: ${JSON.stringify(date)}`);
  return d;
}

function yyMMdd(d: CalendarDate): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return two(d.year % 100) + two(d.month) + two(d.day);
}

function assertSequence(seq: number, max: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0 || seq > max) {
    throw new RangeError(`sequence must be an integer from 0 to ${max}, got ${seq}`);
  }
}

/** `formatCaseNumber(123, '2025-11-22')` → `RMA251122000123`. */
export function formatCaseNumber(seq: number, date: CalendarDate | string): string {
  assertSequence(seq, CASE_SEQUENCE_MAX);
  return CASE_NUMBER_PREFIX + yyMMdd(toCalendarDate(date)) + String(seq).padStart(6, '0');
}

/** `formatOrderNumber(42, '2025-11-22')` → `SO25112200000042`. */
export function formatOrderNumber(seq: number, date: CalendarDate | string): string {
  assertSequence(seq, ORDER_SEQUENCE_MAX);
  return ORDER_NUMBER_PREFIX + yyMMdd(toCalendarDate(date)) + String(seq).padStart(8, '0');
}

/** Parts of a normalised case number, or `null` when it does not have the case shape. */
export function parseCaseNumber(
  normalized: string,
): { date: CalendarDate; seq: number; validDate: boolean } | null {
  const m = CASE_NUMBER_PATTERN.exec(normalized);
  if (!m) return null;
  const date = { year: 2000 + Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return { date, seq: Number(m[4]), validDate: isValidCalendarDate(date) };
}
