/**
 * Warehouse guards (仓库规则) that `decide` applies and the scan station shows before anything is
 * issued: whether a case waits for its return parcel, and whether the actor works in the
 * warehouse the parcel goes back to. One definition, so the station cannot disagree with the rules.
 */
import type { Actor, AfterSalesCase, CaseState, Inspection } from './model';
import type { Rejection } from './rejections';

/** The state in which a case waits for its return parcel at the warehouse (待商家收货). */
export const GOODS_AWAITED_STATE = 'awaiting_receipt' satisfies CaseState;

/**
 * True while the case waits for its return parcel: receiving, refusing or disputing it is possible.
 * (A state as stored — a row's string column — is accepted too.)
 */
export function awaitsGoods(c: { readonly state: string }): boolean {
  return c.state === GOODS_AWAITED_STATE;
}

/** What a parcel held: counted items per SKU (an inspection's `received`). */
export type ReceivedItems = Inspection['received'];

/**
 * Why the counted goods cannot be received for a case expecting `expected`, in the order `decide`
 * checks them: an item of another SKU (`received_sku_mismatch`, one per such SKU), then a count
 * of the case's SKU that is not the quantity applied for (`received_quantity_mismatch`, short or
 * extra). Empty when the goods are exactly what the case expects; such goods must be disputed.
 */
export function receivedMismatches(expected: Pick<AfterSalesCase, 'sku' | 'quantity'>, received: ReceivedItems): Rejection[] {
  const out: Rejection[] = [];
  let counted = 0;
  for (const r of received) {
    if (r.sku !== expected.sku) {
      if (r.quantity > 0) out.push({ code: 'received_sku_mismatch', params: { expected: expected.sku, received: r.sku } });
    } else counted += r.quantity;
  }
  if (counted !== expected.quantity) out.push({ code: 'received_quantity_mismatch', params: { expected: expected.quantity, received: counted } });
  return out;
}

/**
 * `wrong_warehouse` when a warehouse actor works elsewhere than the case's return address (staff
 * without a warehouse included); null for other roles and for cases without a return address.
 */
export function warehouseMismatch(c: Pick<AfterSalesCase, 'returnAddress'>, actor: Actor): Rejection | null {
  if (actor.role !== 'warehouse' || c.returnAddress === null || actor.warehouseId === c.returnAddress.warehouseId) return null;
  return { code: 'wrong_warehouse', params: { expected: c.returnAddress.warehouseId, actual: actor.warehouseId ?? null } };
}
