/**
 * Return-parcel carriers (退货快递公司) and the tracking-number formats recognised for each.
 *
 * The formats are deliberately conservative: a number is attributed to a carrier only when its
 * shape is specific to that carrier. All-digit legacy formats that collide with product barcodes
 * or with each other (12-digit SF and ZTO waybills, 10-digit YTO, 13-digit domestic EMS) are not
 * recognised; they classify as `unknown_format` (or as a product barcode when they happen to be a
 * valid EAN-13 / UPC-A) and the clerk picks the parcel by hand.
 *
 * | carrier | accepted (after normalisation: upper case, no spaces)           | example            |
 * |---------|------------------------------------------------------------------|--------------------|
 * | SF      | `SF` + 12 or 13 digits                                           | SF1234567890123    |
 * | YTO     | `YT` + 13 digits                                                 | YT7512345678901    |
 * | ZTO     | 14 digits starting 73, 75 or 78                                  | 75312345678901     |
 * | JD      | `JD` + 13 digits; `JDV` + one letter + 11 digits; `JDX` + 12 digits | JDVA00152573582 |
 * | EMS     | UPU S10: 2 letters + 8 digits + check digit + 2-letter country    | EA123456785CN      |
 *
 * Known overlap: a 14-digit GTIN (ITF-14 carton code) starting 73/75/78 has the ZTO shape;
 * carton codes are not scanned at the return desk, so the ZTO reading wins.
 *
 * S10 identifiers are checked with the S10 check digit; an S10 item from any postal operator is
 * reported as `EMS` (inbound international items are delivered by China Post / EMS).
 */
import { S10_PATTERN } from './checkdigits';

export const CARRIERS = ['SF', 'YTO', 'ZTO', 'JD', 'EMS'] as const;
export type Carrier = (typeof CARRIERS)[number];

/** Patterns per carrier (S10 shape for EMS; its check digit is verified separately). */
export const CARRIER_PATTERNS: Readonly<Record<Carrier, readonly RegExp[]>> = {
  SF: [/^SF\d{12,13}$/],
  YTO: [/^YT\d{13}$/],
  ZTO: [/^7[358]\d{12}$/],
  JD: [/^JD\d{13}$/, /^JDV[A-Z]\d{11}$/, /^JDX\d{12}$/],
  EMS: [S10_PATTERN],
};

/** Prefixes a ZTO number starts with. */
export const ZTO_PREFIXES = ['73', '75', '78'] as const;

/**
 * The carrier whose format `normalized` has, without checking any check digit; `null` when it
 * matches none. Use `classifyBarcode` for the full check.
 */
export function carrierByFormat(normalized: string): Carrier | null {
  for (const carrier of CARRIERS) {
    if (CARRIER_PATTERNS[carrier].some((re) => re.test(normalized))) return carrier;
  }
  return null;
}
