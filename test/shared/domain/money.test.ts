import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allocateLargestRemainder,
  allocateOrderLines,
  computeRefund,
  divRoundHalfUp,
  formatMinor,
  refundCeiling,
  unitShares,
  unitSlice,
  unitSliceFromEnd,
  type Order,
} from '../../../shared/domain';
import { makeOrder, policy, refundInput } from './fixtures';

describe('largest-remainder allocation', () => {
  it('splits 20 yuan of coins over A/B/C lines of 40/60/100 yuan as 4/6/10 yuan (DOMAIN §7 worked example)', () => {
    expect(allocateLargestRemainder(2000, [4000, 6000, 10000])).toEqual([400, 600, 1000]);
  });

  it('gives leftover fen to the largest remainders, ties to the lower index', () => {
    // 100 over three equal weights: 33.33 each → one extra fen to the first.
    expect(allocateLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    // 10 over 1:2:2 → 2, 4, 4 exactly.
    expect(allocateLargestRemainder(10, [1, 2, 2])).toEqual([2, 4, 4]);
    // 7 over 1:1:1:1 → 1.75 each; three leftover fen to indices 0, 1, 2.
    expect(allocateLargestRemainder(7, [1, 1, 1, 1])).toEqual([2, 2, 2, 1]);
    // Remainders 0.6 / 0.3 / 0.1 of 1 → the largest gets it even at a higher index.
    expect(allocateLargestRemainder(1, [1, 3, 6])).toEqual([0, 0, 1]);
  });

  it('splits evenly when all weights are zero, and handles huge amounts exactly', () => {
    expect(allocateLargestRemainder(5, [0, 0])).toEqual([3, 2]);
    const big = allocateLargestRemainder(9_007_199_254_740, [9_007_199_254_740, 3, 1]);
    expect(big.reduce((a, b) => a + b, 0)).toBe(9_007_199_254_740);
  });

  it('refuses negative or fractional amounts, and says which', () => {
    expect(() => allocateLargestRemainder(-1, [1])).toThrow(new RangeError('total must be a non-negative integer, got -1'));
    expect(() => allocateLargestRemainder(1.5, [1])).toThrow(new RangeError('total must be a non-negative integer, got 1.5'));
    expect(() => allocateLargestRemainder(1, [2, -1])).toThrow(new RangeError('weight must be a non-negative integer, got -1'));
    expect(() => allocateLargestRemainder(1, [])).toThrow(new RangeError('cannot allocate a non-zero total to no parts'));
    expect(() => unitShares(-3, 2)).toThrow(new RangeError('total must be a non-negative integer, got -3'));
    // Nothing to nothing is fine.
    expect(allocateLargestRemainder(0, [])).toEqual([]);
  });

  it('gives a leftover fen to the right part even when remainders differ by less than a millionth of the weights', () => {
    // 10^13 + 1 over weights summing to 10^13: the remainders are the weights themselves, and the
    // one leftover fen goes to the largest (index 1), which beats index 0 by one part in 10^13.
    expect(allocateLargestRemainder(1e13 + 1, [4e12 + 1, 4e12 + 2, 2e12 - 3])).toEqual([4e12 + 1, 4e12 + 3, 2e12 - 3]);
  });

  it('agrees with an exact BigInt reference for small and huge totals and weights', () => {
    /** The largest-remainder method written out in BigInt: floor shares, leftover units to the largest remainders, ties to the lower index. */
    function reference(total: number, weights: number[]): number[] {
      const sum = weights.reduce((a, b) => a + b, 0);
      const ws = (sum === 0 ? weights.map(() => 1) : weights).map(BigInt);
      const s = BigInt(sum === 0 ? weights.length : sum);
      const parts = ws.map((w) => (BigInt(total) * w) / s);
      const rems = ws.map((w, i) => BigInt(total) * w - (parts[i] as bigint) * s);
      const order = ws.map((_, i) => i).sort((a, b) => ((rems[b] as bigint) > (rems[a] as bigint) ? 1 : (rems[b] as bigint) < (rems[a] as bigint) ? -1 : a - b));
      let left = BigInt(total) - parts.reduce((a, b) => a + b, 0n);
      for (let k = 0; left > 0n; k++, left--) parts[order[k] as number] = (parts[order[k] as number] as bigint) + 1n;
      return parts.map(Number);
    }
    const small = fc.tuple(fc.nat(10_000), fc.array(fc.nat(50), { minLength: 1, maxLength: 8 }));
    const huge = fc.tuple(fc.nat(Number.MAX_SAFE_INTEGER), fc.array(fc.nat(Number.MAX_SAFE_INTEGER), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(fc.oneof(small, huge), ([total, weights]) => {
        expect(allocateLargestRemainder(total, weights)).toEqual(reference(total, weights));
      }),
      { numRuns: 200 },
    );
  });

  it('allocates discount and coins to order lines so paid = amount − discount − coins', () => {
    const lines = allocateOrderLines(
      [
        { id: 'L1', sku: 'A', quantity: 3, unitPrice: 333 },
        { id: 'L2', sku: 'B', quantity: 1, unitPrice: 1 },
      ],
      500,
      101,
    );
    for (const l of lines) expect(l.paid).toBe(l.unitPrice * l.quantity - l.discount - l.coins);
    expect(lines.reduce((a, l) => a + l.discount, 0)).toBe(500);
    expect(lines.reduce((a, l) => a + l.coins, 0)).toBe(101);
    expect(() => allocateOrderLines([{ id: 'L1', sku: 'A', quantity: 1, unitPrice: 100 }], 80, 30)).toThrow(new RangeError('discount and coins exceed the order amount'));
    expect(() => allocateOrderLines([{ id: 'L1', sku: 'A', quantity: 1, unitPrice: 100 }], 60, 50)).toThrow(RangeError);
    // Discount and coins may take the whole amount: every line is paid 0.
    const free = allocateOrderLines(
      [
        { id: 'L1', sku: 'A', quantity: 2, unitPrice: 30 },
        { id: 'L2', sku: 'B', quantity: 1, unitPrice: 40 },
      ],
      70,
      30,
    );
    expect(free.map((l) => l.paid)).toEqual([0, 0]);
    expect(free.map((l) => l.discount + l.coins)).toEqual([60, 40]);
  });
});

describe('per-unit shares', () => {
  it('splits a line into units with the extra fen on the first units', () => {
    expect(unitShares(1001, 3)).toEqual([334, 334, 333]);
    expect(unitShares(3600, 2)).toEqual([1800, 1800]);
  });

  it('slices of units match the shares and successive slices sum to the line', () => {
    const shares = unitShares(1001, 3);
    expect(unitSlice(1001, 3, 0, 1)).toBe(shares[0]);
    expect(unitSlice(1001, 3, 1, 2)).toBe(334 + 333);
    expect(unitSlice(1001, 3, 0, 1) + unitSlice(1001, 3, 1, 1) + unitSlice(1001, 3, 2, 1)).toBe(1001);
    expect(unitSlice(1001, 3, 2, 5)).toBe(333);
    expect(unitSlice(1001, 3, 0, 0)).toBe(0);
    // No units, or a negative count, is nothing (not NaN, not a negative amount).
    expect(unitSlice(1001, 0, 0, 1)).toBe(0);
    expect(unitSlice(1001, 3, 2, -1)).toBe(0);
  });

  it('splits coins with the extra fen on the last units, so cash + coins never exceed a unit’s price', () => {
    // Line of 3 × 1 fen with 1 fen of coins: cash shares 1/1/0, coin shares 0/0/1.
    expect([0, 1, 2].map((i) => unitSlice(2, 3, i, 1) + unitSliceFromEnd(1, 3, i, 1))).toEqual([1, 1, 1]);
    expect(unitSliceFromEnd(1001, 3, 0, 1)).toBe(333);
    expect(unitSliceFromEnd(1001, 3, 1, 2)).toBe(668);
  });

  it('rounds half up exactly', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3);
    expect(divRoundHalfUp(4, 3)).toBe(1);
    expect(divRoundHalfUp(108_000, 10_000)).toBe(11);
  });

  it('formats minor units for people', () => {
    expect(formatMinor(1850)).toBe('18.50');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(0)).toBe('0.00');
  });
});

function workedOrder(patch: Partial<Order> = {}): Order {
  return {
    ...makeOrder('completed'),
    lines: allocateOrderLines(
      [
        { id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000 },
        { id: 'L-B', sku: 'B', quantity: 2, unitPrice: 3000 },
        { id: 'L-C', sku: 'C', quantity: 2, unitPrice: 5000 },
      ],
      0,
      2000,
    ),
    shippingFee: 0,
    ...patch,
  };
}

describe('refund breakdown', () => {
  it('returning one A refunds 18 yuan cash and 2 yuan coins (DOMAIN §7 worked example)', () => {
    const r = computeRefund(refundInput(workedOrder()));
    expect(r).toEqual({ goods: 1800, coins: 200, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash: 1800 });
  });

  it('never refunds the promotion discount: the refund is the paid share', () => {
    const order = workedOrder({
      lines: allocateOrderLines([{ id: 'L-A', sku: 'A', quantity: 2, unitPrice: 2000 }], 1000, 0),
    });
    expect(computeRefund(refundInput(order)).goods).toBe(1500);
  });

  it('return shipping by quality: quality problem adds it, otherwise deducts it (policy by_quality)', () => {
    const pol = policy({ money: { returnShipping: 'by_quality' } });
    expect(computeRefund(refundInput(workedOrder(), { policy: pol, reason: 'quality_issue', declaredReturnCost: 1200 })).returnShipping).toBe(1200);
    const changedMind = computeRefund(refundInput(workedOrder(), { policy: pol, reason: 'size_or_fit' }));
    expect(changedMind.returnShipping).toBe(-1000);
    expect(changedMind.cash).toBe(800);
  });

  it('return shipping by reason: seller pays for quality problems (capped), buyer otherwise (default policy)', () => {
    expect(computeRefund(refundInput(workedOrder(), { reason: 'quality_issue', declaredReturnCost: 5000 })).returnShipping).toBe(2000);
    expect(computeRefund(refundInput(workedOrder(), { reason: 'quality_issue' })).returnShipping).toBe(1000);
    expect(computeRefund(refundInput(workedOrder(), { reason: 'size_or_fit' })).returnShipping).toBe(0);
    const negotiated = policy({ money: { returnShipping: 'negotiated' } });
    expect(computeRefund(refundInput(workedOrder(), { policy: negotiated, reason: 'quality_issue' })).returnShipping).toBe(0);
  });

  it('a return shipping deduction never makes the refund negative', () => {
    const pol = policy({ money: { returnShipping: 'by_quality', returnShippingFee: 5000 } });
    const r = computeRefund(refundInput(workedOrder(), { policy: pol, reason: 'changed_mind' }));
    expect(r.returnShipping).toBe(-1800);
    expect(r.cash).toBe(0);
  });

  it('deducts tax points when an issued invoice is not returned', () => {
    const order = workedOrder({ invoiceIssued: true });
    const r = computeRefund(refundInput(order));
    expect(r.taxDeduction).toBe(108); // 6 % of 18 yuan
    expect(r.cash).toBe(1692);
    expect(computeRefund(refundInput(order, { invoiceReturned: true })).taxDeduction).toBe(0);
  });

  it('refunds outbound shipping pro rata before shipment, not after shipment by default', () => {
    const order = workedOrder({ shippingFee: 1200 });
    expect(computeRefund(refundInput(order, { beforeShipment: true, physicalReturn: false })).outboundShipping).toBe(200); // 1 of 6 units
    expect(computeRefund(refundInput(order)).outboundShipping).toBe(0);
    const proRata = policy({ money: { outboundShippingAfterShipment: 'pro_rata' } });
    expect(computeRefund(refundInput(order, { policy: proRata })).outboundShipping).toBe(200);
  });

  it('applies CS adjustments to the cash total and keeps them in the breakdown', () => {
    const adj = { kind: 'shipping_subsidy' as const, amount: 500, reason: 'goodwill', by: 'cs-1', at: '2026-03-10T00:00:00.000Z' };
    const r = computeRefund(refundInput(workedOrder(), { adjustments: [adj] }));
    expect(r.cash).toBe(2300);
    expect(r.adjustments).toEqual([adj]);
  });

  it('caps overrides at goods + shipping share + return shipping cap', () => {
    const order = workedOrder({ shippingFee: 600 });
    expect(refundCeiling(refundInput(order))).toBe(1800 + 100 + 2000);
    expect(refundCeiling(refundInput(order, { physicalReturn: false }))).toBe(1900);
  });
});
