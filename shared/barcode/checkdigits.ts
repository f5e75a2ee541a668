/**
 * Check-digit arithmetic (校验位): GS1 mod 10 for EAN-13 / UPC-A, UPU S10 mod 11 for postal
 * item identifiers (EMS / China Post).
 */

function assertDigits(value: string, length: number, what: string): void {
  if (value.length !== length || !/^\d+$/.test(value)) {
    throw new RangeError(`${what} must be exactly ${length} digits, got ${JSON.stringify(value)}`);
  }
}

/**
 * GS1 mod-10 check digit for any GTIN body (the digits before the check digit): from the right,
 * weights 3, 1, 3, 1, …; the check digit brings the sum to a multiple of 10.
 */
export function gs1CheckDigit(body: string): number {
  if (body.length === 0 || !/^\d+$/.test(body)) throw new RangeError(`GS1 body must be digits, got ${JSON.stringify(body)}`);
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** EAN-13 check digit of the first 12 digits. */
export function ean13CheckDigit(first12: string): number {
  assertDigits(first12, 12, 'EAN-13 body');
  return gs1CheckDigit(first12);
}

/** UPC-A check digit of the first 11 digits. */
export function upcaCheckDigit(first11: string): number {
  assertDigits(first11, 11, 'UPC-A body');
  return gs1CheckDigit(first11);
}

/** Weights of the UPU S10 serial number digits. */
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/**
 * UPU S10 check digit of the 8-digit serial number: weighted sum with 8, 6, 4, 2, 3, 5, 9, 7;
 * r = 11 − (sum mod 11); r = 10 → 0, r = 11 → 5.
 *
 * Note that the standard maps both sum ≡ 0 and sum ≡ 6 (mod 11) to check digit 5, so a change
 * of one serial digit that moves the sum between those two residues is not detectable. Every
 * other single-digit change, and every change of the check digit itself, is.
 */
export function s10CheckDigit(serial8: string): number {
  assertDigits(serial8, 8, 'S10 serial number');
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += (serial8.charCodeAt(i) - 48) * (S10_WEIGHTS[i] ?? 0);
  const r = 11 - (sum % 11);
  if (r === 10) return 0;
  if (r === 11) return 5;
  return r;
}

/** True for 13 digits with a correct EAN-13 check digit. */
export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code.charAt(12));
}

/** True for 12 digits with a correct UPC-A check digit. */
export function isValidUpcA(code: string): boolean {
  return /^\d{12}$/.test(code) && upcaCheckDigit(code.slice(0, 11)) === Number(code.charAt(11));
}

/** Shape of a UPU S10 identifier: service indicator, 8-digit serial, check digit, country. */
export const S10_PATTERN = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** True for an S10 identifier (e.g. `EA123456785CN`) with a correct check digit. */
export function isValidS10(code: string): boolean {
  const m = S10_PATTERN.exec(code);
  if (!m) return false;
  return s10CheckDigit(m[2] ?? '') === Number(m[3]);
}
