/** A local store with cases awaiting refund (as a pull would have left them), for the finance tests. */
import type { AfterSalesCase } from '../../../../shared/domain';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import type { CaseViewRow, OrderRow } from '../../../../renderer/src/db/types';
import { orderRowFromChange } from '../../../../renderer/src/sync/engine';
import type { RefundRow } from '../../../../renderer/src/views/finance/refunds';
import { inspection } from '../../../shared/domain/inspection';
import { BUYER, CS, RETURN_ADDRESS, WAREHOUSE, command, putSnapshot, serverCaseAfter, wireOrder } from '../../sync/fixtures';

export const FINANCE = { id: 'staff-fin1', role: 'finance' as const };
export const GZ_ADDRESS = { warehouseId: 'WH-GZ', name: '广州退货仓', phone: '020-88880000', address: '广州市白云区' };

const INSPECTION = inspection({ condition: 'opened_resalable', weightGrams: 1200, disposition: { kind: 'scrap' } });

/**
 * A case awaiting refund on order `orderId` (the fixtures' order: one line of 2 kettles, 97.00
 * paid, 1.00 of coins; a quality problem, so the seller pays the 10.00 return shipping):
 * goods 48.50, coins 0.50, return shipping 10.00 → cash 58.50.
 */
export function awaitingRefund(caseId: string, orderId: string, address = RETURN_ADDRESS): AfterSalesCase {
  return serverCaseAfter(caseId, orderId, [
    command('cs.approve', caseId, 1, { returnAddress: address }, CS),
    command('buyer.ship_back', caseId, 2, { carrier: 'SF', trackingNumber: `SF${caseId.padStart(10, '0')}` }, BUYER),
    command('warehouse.receive', caseId, 3, { inspection: INSPECTION }, address.warehouseId === 'WH-SH' ? WAREHOUSE : { ...WAREHOUSE, warehouseId: address.warehouseId }),
  ]);
}

/** Stores `count` cases awaiting refund, each on its own order (buyer phone 1380000000n). */
export async function seedRefunds(db: DeskDb, count: number, entered = (i: number) => `2026-02-2${i % 9}T09:00:00.000Z`): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `R${i}`;
    const orderId = `OR${i}`;
    await db.orders.put(orderRowFromChange({ seq: i, kind: 'order', id: orderId, deleted: false, version: null, caseNo: null, data: { ...wireOrder(orderId, `1380000${String(i).padStart(4, '0')}`), orderNo: `NO-${orderId}` } }));
    const c = awaitingRefund(id, orderId, i % 2 === 0 ? GZ_ADDRESS : RETURN_ADDRESS);
    await putSnapshot(db, { ...c, stateEnteredAt: entered(i) }, `RMA2603${String(i).padStart(8, '0')}`);
    ids.push(id);
  }
  return ids;
}

/** A queue row built in memory: a case with a given refund and an order with a buyer. */
export function row(id: string, patch: Partial<AfterSalesCase> = {}, view: Partial<CaseViewRow> = {}, order: Partial<OrderRow> = {}): RefundRow {
  const data = { ...awaitingRefund(id, `O-${id}`), ...patch };
  return {
    view: {
      id,
      caseNo: `RMA-${id}`,
      orderId: `O-${id}`,
      orderNo: `NO-${id}`,
      sku: data.sku,
      state: data.state,
      returnTrackingNo: '',
      buyerPhoneTail: '',
      queue: 'finance',
      dueAt: '',
      version: data.version,
      serverVersion: data.version,
      pending: 0,
      pendingCount: 0,
      data,
      ...view,
    },
    order: { id: `O-${id}`, orderNo: `NO-${id}`, state: 'completed', buyerId: 'b', buyerName: '张三', buyerPhone: '13812345678', buyerPhoneTail: '5678', shippingFee: 0, paidAt: null, shippedAt: null, signedAt: null, completedAt: null, lines: [], skus: [], changeSeq: 1, raw: {}, ...order },
  };
}
