/**
 * Amounts are typed in yuan (two decimals at most) and kept in fen, integer minor units; these
 * convert between what a number field shows and what the store holds.
 */

/** Yuan typed in a form to minor units; null when empty or not an amount. */
export function yuanToMinor(yuan: number | null): number | null {
  if (yuan === null || !Number.isFinite(yuan) || yuan < 0) return null;
  return Math.round(yuan * 100);
}

/** Minor units to the yuan a number field shows (null stays empty). */
export function minorToYuan(minor: number | null): number | null {
  return minor === null ? null : minor / 100;
}
