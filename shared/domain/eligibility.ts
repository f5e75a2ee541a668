/**
 * Eligibility (DOMAIN §2, §5, §6): which case types an order state allows, reasons per type,
 * windows (after-sales, seven-day no-reason, warranty) and per-line limits.
 */
import type { AfterSalesCase, CaseType, IsoTime, Order, OrderLine, OrderState, Product, Reason } from './model';
import type { Policy } from './policy';
import type { Rejection } from './rejections';
import { activeCaseOnLine, closedCasesOnLine, consumedUnitsOnLine } from './order';
import { afterSalesWindowEndMs, sevenDayWindowEndMs, toIso, toMs, warrantyEnd } from './time';

/** Order states in which a buyer may open each case type. */
export const ORDER_STATES_BY_CASE_TYPE: Readonly<Record<CaseType, readonly OrderState[]>> = {
  cancel_after_payment: ['awaiting_shipment'],
  refund_only: ['awaiting_shipment', 'shipped', 'completed'],
  return_refund: ['shipped', 'completed'],
  exchange: ['shipped', 'completed'],
  reship: ['shipped'],
  repair: ['completed'],
};

/** Virtual goods have no logistics: only return-and-refund (rights revoked) and exchange. */
export const VIRTUAL_CASE_TYPES: readonly CaseType[] = ['return_refund', 'exchange'];

const BEFORE_SHIPMENT_REASONS: readonly Reason[] = ['changed_mind', 'size_or_fit', 'wrong_item', 'other'];

/**
 * Reasons a buyer may give per case type. Refund only after shipment is limited to goods never
 * received or a problem the seller accepts without a return.
 */
export function allowedReasons(type: CaseType, orderState: OrderState): readonly Reason[] {
  switch (type) {
    case 'cancel_after_payment':
      return BEFORE_SHIPMENT_REASONS;
    case 'refund_only':
      return orderState === 'awaiting_shipment'
        ? BEFORE_SHIPMENT_REASONS
        : ['not_received', 'parcel_lost', 'missing_item', 'quality_issue', 'not_as_described', 'damaged_on_arrival'];
    case 'return_refund':
      return ['no_reason_seven_days', 'changed_mind', 'size_or_fit', 'quality_issue', 'not_as_described', 'damaged_on_arrival', 'wrong_item', 'missing_item', 'other'];
    case 'exchange':
      return ['no_reason_seven_days', 'size_or_fit', 'quality_issue', 'not_as_described', 'damaged_on_arrival', 'wrong_item', 'other'];
    case 'reship':
      return ['missing_item', 'parcel_lost', 'not_received'];
    case 'repair':
      return ['quality_issue', 'other'];
  }
}

export interface ApplicationDraft {
  caseType: CaseType;
  line: OrderLine;
  product: Product;
  quantity: number;
  reason: Reason;
}

function r(code: Rejection['code'], params: Rejection['params'] = {}): Rejection {
  return { code, params };
}

/** Order state, virtual goods, reason and windows for an application (also re-checked on modify). */
export function checkApplication(draft: ApplicationDraft, order: Order, policy: Policy, now: IsoTime, casesOnOrder: readonly AfterSalesCase[]): Rejection | null {
  const { caseType, product, reason } = draft;
  if (!ORDER_STATES_BY_CASE_TYPE[caseType].includes(order.state)) {
    return r('case_type_not_allowed_for_order_state', { caseType, orderState: order.state });
  }
  if (caseType === 'reship' && order.signedAt !== null) {
    return r('case_type_not_allowed_for_order_state', { caseType, orderState: 'signed' });
  }
  if (product.virtual && !VIRTUAL_CASE_TYPES.includes(caseType)) return r('case_type_not_allowed_for_virtual', { caseType });
  if (!allowedReasons(caseType, order.state).includes(reason)) return r('reason_not_allowed', { reason, caseType });
  const nowMs = toMs(now);
  if (caseType === 'repair') {
    const end = warrantyEnd(order, product, casesOnOrder.filter((c) => c.lineId === draft.line.id), now);
    if (end === null || nowMs > toMs(end)) return r('warranty_expired', { deadline: end });
  } else {
    const end = afterSalesWindowEndMs(order, policy);
    if (end !== null && nowMs > end) return r('after_sales_window_expired', { deadline: toIso(end) });
  }
  if (reason === 'no_reason_seven_days') {
    if (!product.sevenDayNoReason) return r('seven_day_not_supported', { sku: product.sku });
    const end = sevenDayWindowEndMs(order, policy);
    if (end !== null && nowMs >= end) return r('seven_day_window_expired', { deadline: toIso(end) });
  }
  return null;
}

/** Quantity ≤ purchased − already used up by successful cases. */
function availableQuantity(line: OrderLine, casesOnOrder: readonly AfterSalesCase[]): number {
  return Math.max(0, line.quantity - consumedUnitsOnLine(casesOnOrder, line.id));
}

/** One active case per line; at most N closed cases per line; quantity available. */
export function checkLineLimits(line: OrderLine, quantity: number, policy: Policy, otherCases: readonly AfterSalesCase[]): Rejection | null {
  const active = activeCaseOnLine(otherCases, line.id);
  if (active) return r('active_case_exists', { lineId: line.id, caseId: active.id });
  const closed = closedCasesOnLine(otherCases, line.id);
  if (closed >= policy.limits.maxClosedCasesPerLine) {
    return r('closed_case_limit_reached', { lineId: line.id, closed, limit: policy.limits.maxClosedCasesPerLine });
  }
  return checkQuantity(line, quantity, otherCases);
}

export function checkQuantity(line: OrderLine, quantity: number, otherCases: readonly AfterSalesCase[]): Rejection | null {
  const available = availableQuantity(line, otherCases);
  if (quantity > available) return r('quantity_exceeds_available', { requested: quantity, available });
  return null;
}

/** Exchange within the same SPU at the same price. */
export function checkExchangeSku(line: OrderLine, wanted: Product | undefined, original: Product): Rejection | null {
  if (!wanted || wanted.spu !== original.spu || wanted.unitPrice !== line.unitPrice || !wanted.active) {
    return r('exchange_sku_invalid', { sku: wanted?.sku ?? null });
  }
  return null;
}
