/** Shipping-fee templates (运费模板) and the pro-rata refund of shipping for partial returns. */
import type { Minor } from './model';
import type { ShippingTemplate } from './policy';

export interface ShippedItem {
  quantity: number;
  weightGrams: number;
}

/**
 * Outbound fee of a parcel: first weight (or count) at `firstFee`, each further started step at
 * `stepFee`. Example: first 2 kg 10 yuan, each further kg 3 yuan, 6 × 0.7 kg = 4.2 kg → 19 yuan.
 */
export function shippingFee(template: ShippingTemplate, items: readonly ShippedItem[]): Minor {
  if (template.kind === 'by_weight') {
    let grams = 0;
    for (const it of items) grams += it.quantity * it.weightGrams;
    if (grams <= 0) return 0;
    const extra = Math.max(0, grams - template.firstGrams);
    return template.firstFee + Math.ceil(extra / template.stepGrams) * template.stepFee;
  }
  let count = 0;
  for (const it of items) count += it.quantity;
  if (count <= 0) return 0;
  const extra = Math.max(0, count - template.firstCount);
  return template.firstFee + Math.ceil(extra / template.stepCount) * template.stepFee;
}

/**
 * Pro-rata ("by average") refund of the outbound fee for `units` more units of `totalUnits`,
 * after `unitsBefore` units (and `refundedBefore` of the fee) were already refunded. Computed as
 * the difference of cumulative half-up roundings, so successive partial refunds sum exactly to
 * the fee once every unit is back: 19 yuan, 3 of 6 → 9.50 yuan.
 */
export function proRataShippingRefund(fee: Minor, totalUnits: number, unitsBefore: number, units: number, refundedBefore: Minor): Minor {
  if (totalUnits <= 0 || units <= 0) return 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; with no fee the arithmetic below gives 0 as well
  if (fee <= 0) return 0;
  const after = Math.min(totalUnits, unitsBefore + units);
  const num = fee * after;
  const q = Math.floor(num / totalUnits);
  const r = num - q * totalUnits;
  const cumulative = 2 * r >= totalUnits ? q + 1 : q;
  return Math.max(0, Math.min(fee, cumulative) - refundedBefore);
}
