/**
 * A small store for the dashboard's figures, every number of which is worked out by hand in
 * `aggregate.test.ts`. Store time zone Asia/Shanghai (UTC+8); the range is 2026-03-01…03-03 and
 * "now" 2026-03-03 12:00 local (04:00Z). Times are UTC; the local day is in each comment.
 */
import type { AfterSalesCase, Dispute, Inspection, RefundBreakdown } from '../../../../shared/domain';
import type { CaseViewRow, OrderRow } from '../../../../renderer/src/db/types';
import { inspection as received } from '../../../shared/domain/inspection';

export const NOW_MS = Date.parse('2026-03-03T04:00:00Z');

const RETURN_SH = { warehouseId: 'WH-SH', name: '上海退货仓', phone: '021-59990000', address: '上海市嘉定区' };
const RETURN_GZ = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-88880000', address: '广州市白云区' };

function inspection(condition: Inspection['condition'], kind: 'restock' | 'refurbish' | 'scrap' | 'return_to_vendor'): Inspection {
  return received({ sku: 'X', condition, weightGrams: 900, disposition: kind === 'restock' ? { kind, location: 'A-01' } : { kind } });
}

function refund(cash: number, coins: number): RefundBreakdown {
  return { goods: cash, coins, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash };
}

function dispute(raisedAt: string, resolvedAt: string | null, resolution: Dispute['resolution'], agreedAmount: number | null = null): Dispute {
  return { category: 'empty_parcel', notes: '', photos: [], raisedAt, raisedBy: 'staff-wh', resolution, agreedAmount, resolvedAt };
}

type Fields = Partial<AfterSalesCase> & Pick<AfterSalesCase, 'id' | 'type' | 'state' | 'sku' | 'quantity' | 'reason' | 'openedAt'>;

function row(f: Fields, queue: CaseViewRow['queue'] = '', dueAt = ''): CaseViewRow {
  const data: AfterSalesCase = {
    orderId: `O-${f.id}`,
    lineId: `L-${f.id}`,
    buyerId: 'buyer-1',
    description: '',
    evidence: [],
    exchangeSku: null,
    invoiceReturned: false,
    beforeShipment: false,
    returnAddress: null,
    returnShipment: null,
    inspection: null,
    receivedBy: null,
    disputes: [],
    refund: null,
    shippingPaidBy: 'buyer',
    outboundShipment: null,
    reshipCause: null,
    interception: null,
    carrierCompensation: null,
    rejectionCount: 0,
    resubmissionCount: 0,
    lastRejection: null,
    escalation: null,
    closeCause: null,
    stateEnteredAt: f.openedAt,
    endedAt: null,
    updatedAt: f.openedAt,
    version: 1,
    commandIds: [],
    ...f,
  };
  return { id: f.id, caseNo: `RMA-${f.id}`, orderId: data.orderId, orderNo: `NO-${f.id}`, sku: f.sku, state: f.state, returnTrackingNo: '', buyerPhoneTail: '', queue, dueAt, version: 1, serverVersion: 1, pending: 0, pendingCount: 0, data };
}

export const CASE_ROWS: CaseViewRow[] = [
  // A: opened 03-01 09:00; review overdue since 03-02 10:00 (cs).
  row({ id: 'A', type: 'return_refund', state: 'pending_review', sku: 'SKU-A', quantity: 2, reason: 'quality_issue', openedAt: '2026-03-01T01:00:00Z' }, 'cs', '2026-03-02T02:00:00Z'),
  // B: opened 03-01 01:00 local (02-28 in UTC) on order O3 (paid 02-27); refunded 03-03 02:00 local; its inspection time is gone.
  row({
    id: 'B', orderId: 'O3', type: 'return_refund', state: 'completed', sku: 'SKU-A', quantity: 1, reason: 'size_or_fit', openedAt: '2026-02-28T17:00:00Z',
    inspection: inspection('new', 'restock'), receivedBy: 'staff-wh1', returnAddress: RETURN_SH, refund: refund(5850, 50),
    stateEnteredAt: '2026-03-02T18:00:00Z', endedAt: '2026-03-02T18:00:00Z',
  }),
  // C: exchange opened 03-02 10:00 on order O1 (paid 03-01); received 03-02 14:30 (awaiting the outbound parcel).
  row(
    { id: 'C', orderId: 'O1', type: 'exchange', state: 'awaiting_exchange_shipment', sku: 'SKU-B', quantity: 1, reason: 'wrong_item', openedAt: '2026-03-02T02:00:00Z', inspection: inspection('damaged', 'refurbish'), receivedBy: 'staff-wh1', returnAddress: RETURN_SH, stateEnteredAt: '2026-03-02T06:30:00Z' },
    'warehouse',
    '2026-03-04T06:30:00Z',
  ),
  // D: opened 03-02 11:00; disputed at the bench instead of received (no grade) 03-02 15:10, open.
  row(
    { id: 'D', type: 'return_refund', state: 'disputed', sku: 'SKU-B', quantity: 1, reason: 'quality_issue', openedAt: '2026-03-02T03:00:00Z', returnAddress: RETURN_GZ, disputes: [dispute('2026-03-02T07:10:00Z', null, null)], stateEnteredAt: '2026-03-02T07:10:00Z' },
    'cs',
    '2026-03-05T07:10:00Z',
  ),
  // E: opened 03-01 12:00; dispute raised 03-01 14:00, goods returned to the buyer 03-02 18:00 (28 h).
  row({
    id: 'E', type: 'return_refund', state: 'closed', closeCause: 'returned_to_buyer', sku: 'SKU-A', quantity: 1, reason: 'quality_issue', openedAt: '2026-03-01T04:00:00Z',
    inspection: inspection('opened_resalable', 'restock'), receivedBy: 'staff-wh1', returnAddress: RETURN_SH,
    disputes: [dispute('2026-03-01T06:00:00Z', '2026-03-02T10:00:00Z', 'return_to_buyer')], stateEnteredAt: '2026-03-02T10:00:00Z', endedAt: '2026-03-02T10:00:00Z',
  }),
  // F: opened before the range; dispute due 03-01 12:00, settled a day late (96 h) at an agreed 30 yuan, refunded 03-02 16:00.
  row({
    id: 'F', type: 'return_refund', state: 'completed', sku: 'SKU-C', quantity: 3, reason: 'changed_mind', openedAt: '2026-02-20T02:00:00Z',
    inspection: inspection('new', 'restock'), receivedBy: 'staff-wh1', returnAddress: RETURN_SH, refund: refund(3000, 0),
    disputes: [dispute('2026-02-26T04:00:00Z', '2026-03-02T04:00:00Z', 'agreed_amount', 3000)], stateEnteredAt: '2026-03-02T08:00:00Z', endedAt: '2026-03-02T08:00:00Z',
  }),
  // G: refund only, opened 03-03 09:00; payment overdue since 03-03 11:00 (finance).
  row({ id: 'G', type: 'refund_only', state: 'awaiting_refund', sku: 'SKU-A', quantity: 1, reason: 'not_received', openedAt: '2026-03-03T01:00:00Z', refund: refund(4000, 0) }, 'finance', '2026-03-03T03:00:00Z'),
  // H: withdrawn the day it was opened (03-01): not a return.
  row({ id: 'H', type: 'return_refund', state: 'closed', closeCause: 'withdrawn', sku: 'SKU-C', quantity: 1, reason: 'changed_mind', openedAt: '2026-03-01T05:00:00Z', endedAt: '2026-03-01T06:00:00Z' }),
  // I: opened before the range, closed 03-01 18:00 because the buyer never shipped (a buyer breach).
  row({ id: 'I', type: 'return_refund', state: 'closed', closeCause: 'buyer_shipment_timeout', sku: 'SKU-B', quantity: 1, reason: 'size_or_fit', openedAt: '2026-02-22T00:00:00Z', endedAt: '2026-03-01T10:00:00Z' }),
  // J: opened before the range; the buyer's shipment overdue since 03-03 11:30.
  row({ id: 'J', type: 'exchange', state: 'awaiting_buyer_shipment', sku: 'SKU-D', quantity: 1, reason: 'size_or_fit', openedAt: '2026-02-25T00:00:00Z' }, 'buyer', '2026-03-03T03:30:00Z'),
];

function order(id: string, paidAt: string | null, lines: Array<[string, number]>): OrderRow {
  return {
    id, orderNo: `NO-${id}`, state: 'completed', buyerId: 'buyer-1', buyerName: null, buyerPhone: null, buyerPhoneTail: null, shippingFee: 0,
    paidAt, shippedAt: null, signedAt: null, completedAt: null,
    lines: lines.map(([sku, quantity], i) => ({ id: `${id}-L${i}`, sku, quantity, unitPrice: 1000, discount: 0, coins: 0, paid: 1000 * quantity })) as OrderRow['lines'],
    skus: lines.map(([sku]) => sku), changeSeq: 1, raw: {},
  };
}

export const ORDER_ROWS: OrderRow[] = [
  order('O1', '2026-03-01T02:00:00Z', [['SKU-A', 4], ['SKU-B', 2]]), // 03-01
  order('O2', '2026-03-02T20:00:00Z', [['SKU-A', 1], ['SKU-C', 5]]), // 03-03 04:00 local
  order('O3', '2026-02-27T00:00:00Z', [['SKU-A', 10]]), // before the range
  order('O4', null, [['SKU-A', 7]]), // unpaid
];
