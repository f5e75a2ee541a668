/**
 * Warehouse guards (仓库规则) that `decide` applies and the scan station shows before anything is
 * issued: whether a case waits for its return parcel, and whether the actor works in the
 * warehouse the parcel goes back to. One definition, so the station cannot disagree with the rules.
 */
import type { Actor, AfterSalesCase, CaseState } from './model';
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

/**
 * `wrong_warehouse` when a warehouse actor works elsewhere than the case's return address (staff
 * without a warehouse included); null for other roles and for cases without a return address.
 */
export function warehouseMismatch(c: Pick<AfterSalesCase, 'returnAddress'>, actor: Actor): Rejection | null {
  if (actor.role !== 'warehouse' || c.returnAddress === null || actor.warehouseId === c.returnAddress.warehouseId) return null;
  return { code: 'wrong_warehouse', params: { expected: c.returnAddress.warehouseId, actual: actor.warehouseId ?? null } };
}
