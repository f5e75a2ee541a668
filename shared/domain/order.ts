/**
 * Order-level effects of its cases. Order and case states are independent; only a successful
 * case changes the order: every line fully refunded → the order is closed (交易关闭). While any
 * case is open the whole order's settlement is frozen (结算冻结).
 */
import type { AfterSalesCase, CaseType, IsoTime, Minor, Order, OrderState, Product } from './model';
import { isTerminal } from './model';
import { DEFAULT_POLICY, type Policy } from './policy';
import { autoConfirmAt, toMs } from './time';

/** Case types whose success uses up the quantity (no second case on it). */
const CONSUMING: ReadonlySet<CaseType> = new Set<CaseType>(['cancel_after_payment', 'refund_only', 'return_refund', 'exchange']);

/** Units of a line refunded by successful cases. */
export function refundedUnitsOnLine(cases: readonly AfterSalesCase[], lineId: string): number {
  let n = 0;
  for (const c of cases) if (c.lineId === lineId && c.state === 'completed' && c.refund !== null) n += c.quantity;
  return n;
}

/** Units of a line that successful refunds, returns or exchanges used up. */
export function consumedUnitsOnLine(cases: readonly AfterSalesCase[], lineId: string): number {
  let n = 0;
  for (const c of cases) {
    if (c.lineId === lineId && c.state === 'completed' && (c.refund !== null || CONSUMING.has(c.type))) n += c.quantity;
  }
  return n;
}

export function activeCaseOnLine(cases: readonly AfterSalesCase[], lineId: string): AfterSalesCase | undefined {
  for (const c of cases) if (c.lineId === lineId && !isTerminal(c.state)) return c;
  return undefined;
}

export function closedCasesOnLine(cases: readonly AfterSalesCase[], lineId: string): number {
  let n = 0;
  for (const c of cases) if (c.lineId === lineId && c.state === 'closed') n += 1;
  return n;
}

/** Refunds of the order granted or pending (awaiting refund): units and outbound shipping. */
export function orderRefundProgress(cases: readonly AfterSalesCase[]): { units: number; shipping: Minor } {
  let units = 0;
  let shipping = 0;
  for (const c of cases) {
    if (c.refund !== null && (c.state === 'completed' || c.state === 'awaiting_refund')) {
      units += c.quantity;
      shipping += c.refund.outboundShipping;
    }
  }
  return { units, shipping };
}

export function isSettlementFrozen(cases: readonly AfterSalesCase[]): boolean {
  return cases.some((c) => !isTerminal(c.state));
}

/** The order state once its cases are taken into account: closed when every line is fully refunded. */
export function orderStateAfterCases(order: Order, cases: readonly AfterSalesCase[]): OrderState {
  if (order.state === 'pending_payment') return order.state;
  // Stryker disable next-line ConditionalExpression,StringLiteral: a closed order that went on to the check below would come out 'closed' all the same
  if (order.state === 'closed') return order.state;
  const all = order.lines.every((l) => refundedUnitsOnLine(cases, l.id) >= l.quantity);
  return all ? 'closed' : order.state;
}

export interface StockRestoration {
  sku: string;
  quantity: number;
  location: string;
  caseId: string;
}

/**
 * Stock restored by a successful return (入库): goods inspected with a `restock` disposition,
 * when the SKU still exists. Exchange and repair goods go back to stock as well when restocked.
 */
export function stockRestorations(c: AfterSalesCase, products: Readonly<Record<string, Product>>): StockRestoration[] {
  if (c.state !== 'completed' || c.inspection === null) return [];
  const d = c.inspection.disposition;
  if (d.kind !== 'restock') return [];
  const out: StockRestoration[] = [];
  for (const r of c.inspection.received) {
    const p = products[r.sku];
    if (p && p.active && r.quantity > 0) out.push({ sku: r.sku, quantity: r.quantity, location: d.location, caseId: c.id });
  }
  return out;
}

/**
 * When the order's receipt is confirmed automatically (自动确认收货): autoConfirmHours after the
 * shipment, restarted by a reship's outbound shipment (补寄后收货计时重新开始). `null` once the
 * order is confirmed or before it ships.
 */
export function orderReceiptDueAt(order: Order, cases: readonly AfterSalesCase[], policy: Policy = DEFAULT_POLICY): IsoTime | null {
  if (order.state !== 'shipped' || order.shippedAt === null || order.confirmedAt !== null) return null;
  let last = order.shippedAt;
  for (const c of cases) {
    // Stryker disable next-line EqualityOperator: at an equal time, taking the reship's shipment gives the same instant
    if (c.type === 'reship' && c.outboundShipment !== null && toMs(c.outboundShipment.shippedAt) > toMs(last)) last = c.outboundShipment.shippedAt;
  }
  return autoConfirmAt(last, policy);
}

export interface OrderEffects {
  state: OrderState;
  settlementFrozen: boolean;
  /** Cash refunded by successful cases. */
  refundedCash: Minor;
  /** Coins given back by successful cases. */
  refundedCoins: Minor;
  /** paid + platform subsidy − platform service fee − refunded cash (结算金额). */
  settlable: Minor;
  restocks: StockRestoration[];
  /** Automatic receipt confirmation of the order (restarted by a reship), or null. */
  receiptDueAt: IsoTime | null;
}

export function orderEffects(
  order: Order,
  cases: readonly AfterSalesCase[],
  products: Readonly<Record<string, Product>>,
  policy: Policy = DEFAULT_POLICY,
): OrderEffects {
  let paid = order.shippingFee;
  for (const l of order.lines) paid += l.paid;
  let refundedCash = 0;
  let refundedCoins = 0;
  const restocks: StockRestoration[] = [];
  for (const c of cases) {
    if (c.state !== 'completed') continue;
    if (c.refund) {
      refundedCash += c.refund.cash;
      refundedCoins += c.refund.coins;
    }
    restocks.push(...stockRestorations(c, products));
  }
  return {
    state: orderStateAfterCases(order, cases),
    settlementFrozen: isSettlementFrozen(cases),
    refundedCash,
    refundedCoins,
    settlable: paid + order.platformSubsidy - order.serviceFee - refundedCash,
    restocks,
    receiptDueAt: orderReceiptDueAt(order, cases, policy),
  };
}
