/**
 * What the finance workspace reads from the local store, each through an index: the cases
 * awaiting refund (`[state+dueAt]`: ordered by the payment deadline), the refunds paid in a time
 * range (`[state+data.endedAt]`, version 7), reship cases for lost parcels (`data.type`), and the
 * cases of one order. Orders come by key. Runs inside liveQuery, so the views follow every change.
 */
import Dexie from 'dexie';
import type { AfterSalesCase } from '../../../../shared/domain';
import { decisionInputsFromWireOrder } from '../../../../shared/sync/order-context';
import type { DeskDb } from '../../db/schema';
import type { CaseViewRow, OrderRow, OutboxRow } from '../../db/types';
import type { Approval } from './exportRows';
import { shopOf, warehouseOf, type RefundRow } from './refunds';
import { settlementOf, type Settlement } from './settlement';

async function withOrders(db: DeskDb, views: readonly CaseViewRow[]): Promise<RefundRow[]> {
  const orderIds = [...new Set(views.map((v) => v.orderId))];
  const orders = await db.orders.bulkGet(orderIds);
  const byId = new Map(orderIds.map((id, i) => [id, orders[i]]));
  return views.map((view) => ({ view, order: byId.get(view.orderId) }));
}

/** Every case awaiting refund, soonest payment deadline first, with its order. */
export async function loadRefundQueue(db: DeskDb): Promise<RefundRow[]> {
  const views = await db.caseView.where('[state+dueAt]').between(['awaiting_refund', Dexie.minKey], ['awaiting_refund', Dexie.maxKey]).toArray();
  return withOrders(db, views);
}

/** Refunds paid (completed cases with a refund) that ended in [from, to). */
export async function loadPaidRefunds(db: DeskDb, from: string, to: string): Promise<RefundRow[]> {
  const views = await db.caseView.where('[state+data.endedAt]').between(['completed', from], ['completed', to], true, false).toArray();
  return withOrders(
    db,
    views.filter((v) => v.data.refund !== null),
  );
}

const LIVE: ReadonlySet<OutboxRow['status']> = new Set<OutboxRow['status']>(['pending', 'sending', 'acked']);

/** Approvals this desk recorded for these cases (its own commands, not refused or discarded). */
export async function loadApprovals(db: DeskDb, caseIds: readonly string[]): Promise<Map<string, Approval>> {
  const out = new Map<string, Approval>();
  if (caseIds.length === 0) return out;
  const rows = await db.outbox.where('caseId').anyOf([...caseIds]).toArray();
  for (const row of rows) {
    if (row.type === 'finance.approve_refund' && LIVE.has(row.status)) out.set(row.caseId, { by: row.command.actor.id, at: row.occurredAt });
  }
  return out;
}

/** Reship cases for a lost parcel, where finance books the carrier's compensation. */
export async function loadLostParcelCases(db: DeskDb): Promise<RefundRow[]> {
  const views = await db.caseView.where('data.type').equals('reship').toArray();
  const lost = views.filter((v) => v.data.reshipCause === 'lost_parcel').sort((a, b) => (a.caseNo < b.caseNo ? -1 : 1));
  return withOrders(db, lost);
}

/** Whether finance may book a compensation on the case now (the rule book's states). */
export function compensationOpen(c: AfterSalesCase): boolean {
  return c.carrierCompensation === null && (c.state === 'awaiting_exchange_shipment' || c.state === 'awaiting_buyer_confirmation');
}

export interface OrderSettlement {
  orderId: string;
  orderNo: string;
  settlement: Settlement;
}

/** The settlement of each order, from its order row and every case of it in the store. */
export async function loadSettlements(db: DeskDb, orderIds: readonly string[]): Promise<OrderSettlement[]> {
  const ids = [...new Set(orderIds)];
  const [orders, cases] = await Promise.all([db.orders.bulkGet(ids), Promise.all(ids.map((id) => db.caseView.where('orderId').equals(id).toArray()))]);
  const out: OrderSettlement[] = [];
  ids.forEach((id, i) => {
    const order: OrderRow | undefined = orders[i];
    const inputs = order ? decisionInputsFromWireOrder(order.raw) : null;
    if (!order || !inputs) return;
    out.push({ orderId: id, orderNo: order.orderNo, settlement: settlementOf(inputs.order, (cases[i] ?? []).map((v) => v.data)) });
  });
  return out.sort((a, b) => (a.orderNo < b.orderNo ? -1 : 1));
}

/** Values the queue's filters can offer, from the rows themselves. */
export function refundFilterOptions(rows: readonly RefundRow[]): { warehouses: string[]; shops: string[]; types: string[] } {
  const warehouses = new Set<string>();
  const shops = new Set<string>();
  const types = new Set<string>();
  for (const r of rows) {
    const w = warehouseOf(r.view.data);
    if (w) warehouses.add(w);
    const s = shopOf(r.order);
    if (s) shops.add(s);
    types.add(r.view.data.type);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return { warehouses: sorted(warehouses), shops: sorted(shops), types: sorted(types) };
}
