/**
 * Money (integer minor units, fen). Allocation by largest remainder so the parts always sum to
 * the whole, and the refund breakdown of a case.
 */
import type { Minor, Order, OrderLine, Reason, RefundAdjustment, RefundBreakdown } from './model';
import { QUALITY_REASONS } from './model';
import type { Policy } from './policy';
import { proRataShippingRefund } from './shipping';

function assertMinor(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * Splits `total` into parts proportional to `weights` (largest remainder / Hamilton method).
 * Each part is floor(total × w / Σw); the leftover units go one each to the largest remainders,
 * ties broken by lower index. All weights zero → split evenly. Exact for any safe integers
 * (uses BigInt when the products would not be exact in doubles).
 */
export function allocateLargestRemainder(total: Minor, weights: readonly number[]): Minor[] {
  assertMinor(total, 'total');
  const n = weights.length;
  if (n === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total to no parts');
    return [];
  }
  for (const w of weights) assertMinor(w, 'weight');
  let sum = 0;
  for (const w of weights) sum += w;
  const ws = sum === 0 ? weights.map(() => 1) : weights;
  const sumW = sum === 0 ? n : sum;
  const exact = Number.isSafeInteger(total * sumW) && ws.every((w) => Number.isSafeInteger(total * w));
  const parts: number[] = [];
  // Remainders as numbers where the products are exact in doubles, else as BigInt: a remainder
  // scaled down to a double could tie with a different one and give the unit to the wrong part.
  const rems: (number | bigint)[] = [];
  let given = 0;
  if (exact) {
    for (const w of ws) {
      const p = total * w;
      const q = Math.floor(p / sumW);
      parts.push(q);
      rems.push(p - q * sumW);
      given += q;
    }
  } else {
    const bt = BigInt(total);
    const bs = BigInt(sumW);
    for (const w of ws) {
      const p = bt * BigInt(w);
      const q = p / bs;
      parts.push(Number(q));
      rems.push(p - q * bs);
      given += Number(q);
    }
  }
  // Largest remainder first, ties to the lower index.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const ra = rems[a] as number | bigint;
    const rb = rems[b] as number | bigint;
    return ra > rb ? -1 : ra < rb ? 1 : a - b;
  });
  for (let k = 0, left = total - given; left > 0; k++, left--) {
    const i = order[k] as number;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

/** Per-unit shares of a line amount: `total` over `units` equal units, the extra fen on the first units. */
export function unitShares(total: Minor, units: number): Minor[] {
  assertMinor(total, 'total');
  const base = Math.floor(total / units);
  const extra = total - base * units;
  return Array.from({ length: units }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Sum of the shares of units [from, from + count) of `total` split over `units` equal units
 * (same split as `unitShares`). Refunds take units in order, so successive partial refunds of a
 * line always sum to the line amount.
 */
export function unitSlice(total: Minor, units: number, from: number, count: number): Minor {
  if (units <= 0 || count <= 0) return 0;
  const base = Math.floor(total / units);
  const extra = total - base * units;
  const end = Math.min(units, from + count);
  const start = Math.min(units, from);
  return (end - start) * base + Math.max(0, Math.min(end, extra) - Math.min(start, extra));
}

/**
 * Like `unitSlice` but with the extra fen on the *last* units. Coins use this split while cash
 * uses `unitSlice`, so on every unit cash + coins ≤ unit price (the extras never pile up).
 */
export function unitSliceFromEnd(total: Minor, units: number, from: number, count: number): Minor {
  const start = Math.max(0, Math.min(units, from));
  const end = Math.min(units, from + count);
  return unitSlice(total, units, units - end, end - start);
}

export interface DraftLine {
  id: string;
  sku: string;
  quantity: number;
  unitPrice: Minor;
}

/**
 * Allocates an order-level promotion discount and coins to lines, as done when the order is
 * created: the discount pro rata to the line amount (unitPrice × quantity), the coins pro rata to
 * what the discount left of it. `paid = amount − discount − coins`, never negative.
 */
export function allocateOrderLines(lines: readonly DraftLine[], discount: Minor, coins: Minor): OrderLine[] {
  const amounts = lines.map((l) => l.unitPrice * l.quantity);
  const total = amounts.reduce((a, b) => a + b, 0);
  if (discount + coins > total) throw new RangeError('discount and coins exceed the order amount');
  const d = allocateLargestRemainder(discount, amounts);
  // Coins go pro rata to what is left of each line after the discount (the same as pro rata to
  // the line amount when there is no discount), so no line is ever charged below zero.
  const c = allocateLargestRemainder(
    coins,
    amounts.map((a, i) => a - (d[i] as number)),
  );
  return lines.map((l, i) => {
    const disc = d[i] as number;
    const coin = c[i] as number;
    const paid = (amounts[i] as number) - disc - coin;
    // Unreachable while the coins go pro rata to what the discount left of each line (no line gets
    // more than its share rounded up, which is at most what is left); kept as a guard.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: the guard cannot fire (above)
    if (paid < 0) throw new RangeError(`line ${l.id}: discount and coins exceed the line amount`);
    return { id: l.id, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: disc, coins: coin, paid };
  });
}

/** Rounds a non-negative rational a/b half up, exactly. */
export function divRoundHalfUp(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  return 2 * r >= b ? q + 1 : q;
}

function isQualityReason(reason: Reason): boolean {
  return QUALITY_REASONS.has(reason);
}

export interface RefundInput {
  order: Order;
  line: OrderLine;
  quantity: number;
  /** Units of this line already refunded by earlier successful cases. */
  unitsAlreadyRefunded: number;
  reason: Reason;
  /** The case was opened before shipment (cancel): outbound shipping refunded pro rata. */
  beforeShipment: boolean;
  /** Goods physically come back (return and refund). */
  physicalReturn: boolean;
  invoiceReturned: boolean;
  /** Return shipping declared by the buyer, if any. */
  declaredReturnCost: Minor | null;
  /** Units of the whole order refunded so far and the outbound shipping already refunded. */
  orderUnitsRefunded: number;
  orderShippingRefunded: Minor;
  adjustments: readonly RefundAdjustment[];
  policy: Policy;
}

function orderUnits(order: Order): number {
  let n = 0;
  for (const l of order.lines) n += l.quantity;
  return n;
}

/** Cash paid for the refunded units: the next `quantity` unit shares of the line after those already refunded. */
function goodsShare(input: RefundInput): Minor {
  return unitSlice(input.line.paid, input.line.quantity, input.unitsAlreadyRefunded, input.quantity);
}

/** Refund breakdown of a case (DOMAIN §7). Every part an integer; `cash` is their signed sum. */
export function computeRefund(input: RefundInput): RefundBreakdown {
  const { order, line, quantity, policy } = input;
  const m = policy.money;
  const goods = goodsShare(input);
  const coins = unitSliceFromEnd(line.coins, line.quantity, input.unitsAlreadyRefunded, quantity);
  let outboundShipping = 0;
  if (input.beforeShipment || m.outboundShippingAfterShipment === 'pro_rata') {
    outboundShipping = proRataShippingRefund(order.shippingFee, orderUnits(order), input.orderUnitsRefunded, quantity, input.orderShippingRefunded);
  }
  const taxDeduction = order.invoiceIssued && !input.invoiceReturned ? divRoundHalfUp(goods * m.taxPointBasisPoints, 10_000) : 0;
  let returnShipping = 0;
  if (input.physicalReturn) {
    const quality = isQualityReason(input.reason);
    const cost = Math.min(input.declaredReturnCost ?? m.returnShippingFee, m.returnShippingCap);
    if (m.returnShipping === 'by_quality') returnShipping = quality ? cost : -m.returnShippingFee;
    else if (m.returnShipping === 'by_reason') returnShipping = quality ? cost : 0;
  }
  const before = goods + outboundShipping - taxDeduction;
  // A deduction never makes the refund negative (a compensation is not limited).
  returnShipping = Math.max(returnShipping, -Math.max(0, before));
  let cash = before + returnShipping;
  for (const a of input.adjustments) cash += a.amount;
  return { goods, coins, outboundShipping, returnShipping, taxDeduction, adjustments: [...input.adjustments], cash };
}

/**
 * Highest cash a CS override or an agreed dispute amount may reach: the goods paid for the
 * quantity, the pro-rata share of outbound shipping, and return shipping up to the cap.
 */
export function refundCeiling(input: RefundInput): Minor {
  const goods = goodsShare(input);
  const shipping = proRataShippingRefund(
    input.order.shippingFee,
    orderUnits(input.order),
    input.orderUnitsRefunded,
    input.quantity,
    input.orderShippingRefunded,
  );
  return goods + shipping + (input.physicalReturn ? input.policy.money.returnShippingCap : 0);
}

/** Adds an adjustment to a breakdown (cash moves by its amount). */
export function withAdjustment(refund: RefundBreakdown, adjustment: RefundAdjustment): RefundBreakdown {
  return { ...refund, adjustments: [...refund.adjustments, adjustment], cash: refund.cash + adjustment.amount };
}

/** Formats minor units as a decimal string (`1850` → `"18.50"`), for logs and scenario diffs. */
export function formatMinor(value: Minor): string {
  const sign = value < 0 ? '-' : '';
  const v = Math.abs(value);
  return `${sign}${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;
}
