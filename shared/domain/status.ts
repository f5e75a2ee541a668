/**
 * Buyer-facing status (买家视角). The buyer never sees `awaiting_refund`: while finance works, a
 * return still reads "awaiting merchant receipt" and a refund without return reads "processing".
 */
import type { AfterSalesCase, CaseState, CaseType } from './model';

export const BUYER_STATUSES = [
  'awaiting_merchant_review', // 待商家处理
  'rejected', // 商家已拒绝
  'awaiting_your_shipment', // 待买家退货
  'awaiting_merchant_receipt', // 待商家收货
  'processing', // 处理中
  'in_negotiation', // 客服介入中
  'awaiting_merchant_shipment', // 待商家发货
  'awaiting_your_confirmation', // 待确认收货
  'succeeded', // 售后成功
  'closed', // 售后关闭
] as const;
export type BuyerStatus = (typeof BUYER_STATUSES)[number];

const RETURNS_GOODS: ReadonlySet<CaseType> = new Set<CaseType>(['return_refund', 'exchange', 'repair']);

export function buyerStatus(state: CaseState, type: CaseType, goodsReturned: boolean): BuyerStatus {
  switch (state) {
    case 'pending_review':
      return 'awaiting_merchant_review';
    case 'rejected':
      return 'rejected';
    case 'awaiting_buyer_shipment':
      return 'awaiting_your_shipment';
    case 'awaiting_receipt':
      return 'awaiting_merchant_receipt';
    case 'disputed':
      return 'in_negotiation';
    case 'awaiting_refund':
      return goodsReturned && RETURNS_GOODS.has(type) ? 'awaiting_merchant_receipt' : 'processing';
    case 'awaiting_exchange_shipment':
      return 'awaiting_merchant_shipment';
    case 'awaiting_buyer_confirmation':
      return 'awaiting_your_confirmation';
    case 'completed':
      return 'succeeded';
    case 'closed':
      return 'closed';
  }
}

export function buyerStatusOf(c: AfterSalesCase): BuyerStatus {
  return buyerStatus(c.state, c.type, c.returnShipment !== null);
}
