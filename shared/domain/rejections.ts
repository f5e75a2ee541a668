/**
 * Typed rejections: a machine code plus parameters, so the UI translates them
 * (`t('rejection.' + code, params)`) and the server returns them as-is.
 */

export const REJECTION_CODES = [
  /** The payload does not match the command schema (validateCommand). */
  'payload_invalid',
  /** The actor's role may not issue this command type. */
  'role_not_allowed',
  /** A buyer acting on another buyer's order or case. */
  'not_case_owner',
  /** Warehouse staff of another warehouse than the return address. */
  'wrong_warehouse',
  /** The command was already applied to this case (same command id). */
  'duplicate_command',
  /** baseVersion differs from the case version. */
  'version_conflict',
  'case_not_found',
  'case_already_exists',
  /** The case is completed or closed: nothing more happens to it. */
  'case_terminal',
  /** The command is not valid in the case's current state. */
  'invalid_state',
  /** The command does not apply to this case type. */
  'not_applicable_to_case_type',
  'order_mismatch',
  'line_not_found',
  'product_not_found',
  'case_type_not_allowed_for_order_state',
  'case_type_not_allowed_for_virtual',
  'reason_not_allowed',
  'quantity_exceeds_available',
  'active_case_exists',
  'closed_case_limit_reached',
  'resubmission_limit_reached',
  'after_sales_window_expired',
  'seven_day_not_supported',
  'seven_day_window_expired',
  'warranty_expired',
  'exchange_sku_invalid',
  'withdraw_not_allowed',
  'return_address_required',
  'received_sku_mismatch',
  'received_quantity_mismatch',
  'amount_exceeds_limit',
  'already_escalated',
  /** Customer service may take an unowned case or release its own; reassigning is the supervisor's. */
  'assign_not_allowed',
  /** The case already has that owner. */
  'already_assigned',
  'not_due',
  /** Return parcels (无主件): no such parcel in the actor's warehouse (another warehouse's answers the same). */
  'parcel_not_found',
  'parcel_already_exists',
  /** The parcel was disposed of after its holding period: nothing more happens to it. */
  'parcel_disposed',
  /** The case already has a parcel matched to it. */
  'case_has_parcel',
  /** A parcel is registered in a warehouse: the actor has none and named none. */
  'warehouse_required',
  /** An unmatched parcel is disposed of only after the policy's holding period. */
  'holding_period_not_over',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export type RejectionParams = Readonly<Record<string, string | number | boolean | null>>;

export interface Rejection {
  code: RejectionCode;
  params: RejectionParams;
}

export function reject(code: RejectionCode, params: RejectionParams = {}): { ok: false; rejection: Rejection } {
  return { ok: false, rejection: { code, params } };
}
