import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, proRataShippingRefund, shippingFee, type ShippingTemplate } from '../../../shared/domain';

describe('shipping templates', () => {
  it('first 2 kg 10 yuan + 3 yuan per further kg: six items of 0.7 kg cost 19 yuan (DOMAIN §7 worked example)', () => {
    expect(DEFAULT_POLICY.money.shippingTemplate).toEqual({ kind: 'by_weight', firstGrams: 2000, firstFee: 1000, stepGrams: 1000, stepFee: 300 });
    expect(shippingFee(DEFAULT_POLICY.money.shippingTemplate, [{ quantity: 6, weightGrams: 700 }])).toBe(1900);
  });

  it('charges a started further step in full and only the first fee up to the first weight', () => {
    const t = DEFAULT_POLICY.money.shippingTemplate;
    expect(shippingFee(t, [{ quantity: 1, weightGrams: 2000 }])).toBe(1000);
    expect(shippingFee(t, [{ quantity: 1, weightGrams: 2001 }])).toBe(1300);
    expect(shippingFee(t, [{ quantity: 2, weightGrams: 1500 }])).toBe(1300);
    expect(shippingFee(t, [])).toBe(0);
  });

  it('prices by count: first 2 items 8 yuan, each further 3 items 5 yuan', () => {
    const t: ShippingTemplate = { kind: 'by_count', firstCount: 2, firstFee: 800, stepCount: 3, stepFee: 500 };
    expect(shippingFee(t, [{ quantity: 2, weightGrams: 0 }])).toBe(800);
    expect(shippingFee(t, [{ quantity: 3, weightGrams: 0 }])).toBe(1300);
    expect(shippingFee(t, [{ quantity: 2, weightGrams: 0 }, { quantity: 3, weightGrams: 0 }])).toBe(1300);
    expect(shippingFee(t, [{ quantity: 6, weightGrams: 0 }])).toBe(1800);
    // Nothing shipped costs nothing, not the first fee.
    expect(shippingFee(t, [])).toBe(0);
    expect(shippingFee(t, [{ quantity: 0, weightGrams: 500 }])).toBe(0);
  });
});

describe('pro-rata shipping refund', () => {
  it('refunds 3 of 6 items of a 19 yuan fee as 9.50 yuan (DOMAIN §7 worked example)', () => {
    expect(proRataShippingRefund(1900, 6, 0, 3, 0)).toBe(950);
  });

  it('successive partial refunds sum exactly to the fee', () => {
    const fee = 1000;
    const parts: number[] = [];
    let units = 0;
    let refunded = 0;
    for (const q of [1, 1, 1, 2, 1, 1]) {
      const r = proRataShippingRefund(fee, 7, units, q, refunded);
      parts.push(r);
      units += q;
      refunded += r;
    }
    expect(parts).toEqual([143, 143, 143, 285, 143, 143]);
    expect(refunded).toBe(fee);
  });

  it('refunds nothing for a zero fee or zero units, and never more than is left', () => {
    expect(proRataShippingRefund(0, 6, 0, 3, 0)).toBe(0);
    expect(proRataShippingRefund(1900, 6, 0, 0, 0)).toBe(0);
    expect(proRataShippingRefund(1900, 6, 3, 10, 950)).toBe(950);
    expect(proRataShippingRefund(1900, 6, 0, 3, 1900)).toBe(0);
    // No units now, after three earlier ones whose share was not (yet) booked: still nothing now.
    expect(proRataShippingRefund(1900, 6, 3, 0, 0)).toBe(0);
    // A line without units (a malformed order) refunds nothing rather than the whole fee.
    expect(proRataShippingRefund(1900, 0, 0, 1, 0)).toBe(0);
  });

  it('rounds an exact half fen up', () => {
    // 10.05 yuan, 1 of 2 units: 5.025 yuan → 5.03 yuan; the second unit gets the other 5.02.
    expect(proRataShippingRefund(1005, 2, 0, 1, 0)).toBe(503);
    expect(proRataShippingRefund(1005, 2, 1, 1, 503)).toBe(502);
  });
});
