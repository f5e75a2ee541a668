/**
 * Deterministic generators of realistic codes for demo data and tests. Every generator takes the
 * random source as an argument (`() => number` in [0, 1)), so the same seed gives the same data.
 */
import { CARRIERS, ZTO_PREFIXES, type Carrier } from './carriers';
import { ean13CheckDigit, s10CheckDigit } from './checkdigits';

/** A random source returning numbers in [0, 1), like `Math.random`. */
export type Rng = () => number;

/** A small seeded PRNG (mulberry32) for reproducible demo data; not for anything secret. */
export function createSeededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n) from `rng` (values outside [0, 1) are clamped). */
export function randomInt(n: number, rng: Rng): number {
  const i = Math.floor(rng() * n);
  return Math.min(n - 1, Math.max(0, Number.isFinite(i) ? i : 0));
}

function pick<T>(items: readonly T[], rng: Rng): T {
  const item = items[randomInt(items.length, rng)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** `count` random decimal digits. */
export function randomDigits(count: number, rng: Rng): string {
  let s = '';
  for (let i = 0; i < count; i += 1) s += String(randomInt(10, rng));
  return s;
}

function randomLetter(rng: Rng): string {
  return String.fromCharCode(0x41 + randomInt(26, rng));
}

/**
 * A tracking number in one of the formats `classifyBarcode` recognises for `carrier`:
 * SF `SF`+13 digits (or 12), YTO `YT`+13 digits, ZTO 73/75/78+12 digits, JD `JD`+13 digits,
 * `JDV`+letter+11 digits or `JDX`+12 digits, EMS `E`+letter+8 digits+S10 check digit+`CN`.
 */
export function generateTrackingNumber(carrier: Carrier, rng: Rng): string {
  switch (carrier) {
    case 'SF':
      return `SF${randomDigits(randomInt(2, rng) === 0 ? 13 : 12, rng)}`;
    case 'YTO':
      return `YT${randomDigits(13, rng)}`;
    case 'ZTO':
      return pick(ZTO_PREFIXES, rng) + randomDigits(12, rng);
    case 'JD': {
      const variant = randomInt(3, rng);
      if (variant === 0) return `JD${randomDigits(13, rng)}`;
      if (variant === 1) return `JDV${randomLetter(rng)}${randomDigits(11, rng)}`;
      return `JDX${randomDigits(12, rng)}`;
    }
    case 'EMS': {
      const serial = randomDigits(8, rng);
      return `E${randomLetter(rng)}${serial}${s10CheckDigit(serial)}CN`;
    }
  }
}

/** A tracking number of a random carrier. */
export function generateAnyTrackingNumber(rng: Rng): { carrier: Carrier; trackingNumber: string } {
  const carrier = pick(CARRIERS, rng);
  return { carrier, trackingNumber: generateTrackingNumber(carrier, rng) };
}

/**
 * An EAN-13 that starts with `prefix` (0–12 digits, e.g. a GS1 country prefix `690`–`699` for
 * China or a company prefix), filled with random digits, with a correct check digit.
 */
export function generateEan13(prefix: string, rng: Rng): string {
  if (!/^\d{0,12}$/.test(prefix)) throw new RangeError(`EAN-13 prefix must be 0–12 digits, got ${JSON.stringify(prefix)}`);
  const body = prefix + randomDigits(12 - prefix.length, rng);
  return body + String(ean13CheckDigit(body));
}
