/** Amounts typed in yuan and kept in fen. */
import { describe, expect, it } from 'vitest';
import { minorToYuan, yuanToMinor } from '../../../renderer/src/format/money';

describe('yuan and fen', () => {
  it.each([
    [0, 0],
    [12.5, 1250],
    [0.1 + 0.2, 30],
    [19.99, 1999],
    [12.345, 1235],
  ])('%s yuan is %s fen', (yuan, minor) => {
    expect(yuanToMinor(yuan)).toBe(minor);
  });

  it.each([null, -0.01, Number.NaN, Number.POSITIVE_INFINITY])('%s is not an amount', (yuan) => {
    expect(yuanToMinor(yuan)).toBeNull();
  });

  it('shows fen as yuan and keeps empty empty', () => {
    expect(minorToYuan(1999)).toBe(19.99);
    expect(minorToYuan(0)).toBe(0);
    expect(minorToYuan(null)).toBeNull();
  });
});
