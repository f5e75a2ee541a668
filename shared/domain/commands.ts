/**
 * Commands (intent) — what a role asks the case to do. Each command travels in the sync
 * envelope `{ id, type, caseId, baseVersion, occurredAt, actor, payload }`; its type is
 * `<role>.<verb>`. Schemas are zod v4 so the server can derive JSON schemas with `z.toJSONSchema`.
 * `decide` never parses: call `validateCommand` at the boundary.
 */
import { z } from 'zod';
import {
  ActorSchema,
  CaseTypeSchema,
  DisputeCategorySchema,
  InspectionSchema,
  IsoTimeSchema,
  NonNegativeMinorSchema,
  PhotoRefSchema,
  ReasonSchema,
  ReturnAddressSchema,
  ShipmentSchema,
} from './model';

const text = z.string().trim().min(1).max(2000);

const envelope = {
  /** Client UUID: idempotency key. */
  id: z.string().min(1).max(100),
  caseId: z.string().min(1).max(100),
  /** Case version the issuer saw (0 for `buyer.apply`). */
  baseVersion: z.number().int().nonnegative(),
  occurredAt: IsoTimeSchema,
  actor: ActorSchema,
};

function command<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.object({ ...envelope, type: z.literal(type), payload });
}

const empty = z.object({}).strict();

// ---- buyer
export const ApplyPayloadSchema = z.object({
  orderId: z.string().min(1),
  lineId: z.string().min(1),
  caseType: CaseTypeSchema,
  quantity: z.number().int().positive(),
  reason: ReasonSchema,
  description: z.string().max(2000).default(''),
  evidence: z.array(PhotoRefSchema).max(20).default([]),
  /** Exchange: the SKU wanted instead (same SPU, same price); defaults to the same SKU. */
  exchangeSku: z.string().min(1).optional(),
});
export const ModifyPayloadSchema = z.object({
  quantity: z.number().int().positive().optional(),
  reason: ReasonSchema.optional(),
  description: z.string().max(2000).optional(),
  evidence: z.array(PhotoRefSchema).max(20).optional(),
});
export const ShipBackPayloadSchema = ShipmentSchema.extend({
  invoiceReturned: z.boolean().default(false),
  declaredCost: NonNegativeMinorSchema.optional(),
});

// ---- CS
export const ApprovePayloadSchema = z.object({ returnAddress: ReturnAddressSchema.optional() });
export const RejectPayloadSchema = z.object({ reason: text });
export const InterceptResultPayloadSchema = z.object({ intercepted: z.boolean() });
export const CreateReshipPayloadSchema = z.object({ cause: z.enum(['missing_item', 'lost_parcel']) });
export const ResolveDisputePayloadSchema = z.discriminatedUnion('resolution', [
  z.object({ resolution: z.literal('agreed_amount'), amount: NonNegativeMinorSchema, reason: text }),
  z.object({ resolution: z.literal('return_to_buyer'), reason: text }),
  z.object({ resolution: z.literal('full_refund'), reason: text }),
]);
export const OverrideAmountPayloadSchema = z.object({
  /** The new cash total to refund. */
  cash: NonNegativeMinorSchema,
  kind: z.enum(['override', 'shipping_subsidy']).default('override'),
  reason: text,
});
export const EscalatePayloadSchema = z.object({ reason: text });
/** An internal note: staff only, any state, the case's back office history. */
export const AddNotePayloadSchema = z.object({ text });
/** Who owns the case in customer service; `null` releases it. */
export const AssignPayloadSchema = z.object({ owner: z.string().trim().min(1).max(100).nullable() });

// ---- warehouse
export const ReceivePayloadSchema = z.object({ inspection: InspectionSchema });
export const WarehouseRejectPayloadSchema = z.object({ reason: text });
export const RaiseDisputePayloadSchema = z.object({
  category: DisputeCategorySchema,
  notes: z.string().max(2000).default(''),
  photos: z.array(PhotoRefSchema).max(50).default([]),
});
/** Virtual goods ship without a tracking number. */
export const OutboundPayloadSchema = z.object({
  carrier: z.string().min(1).nullable(),
  trackingNumber: z.string().regex(/^[A-Za-z0-9-]{6,40}$/).nullable(),
});

// ---- finance
export const ApproveRefundPayloadSchema = z.object({ reference: z.string().max(200).default('') });
export const RejectRefundPayloadSchema = z.object({ reason: text });
export const CarrierCompensationPayloadSchema = z.object({
  amount: NonNegativeMinorSchema,
  claimRef: z.string().min(1).max(200),
});

export const CommandSchema = z.discriminatedUnion('type', [
  command('buyer.apply', ApplyPayloadSchema),
  command('buyer.modify', ModifyPayloadSchema),
  command('buyer.withdraw', empty),
  command('buyer.ship_back', ShipBackPayloadSchema),
  command('buyer.confirm_receipt', empty),
  command('cs.approve', ApprovePayloadSchema),
  command('cs.reject', RejectPayloadSchema),
  command('cs.intercept_result', InterceptResultPayloadSchema),
  command('cs.create_reship', CreateReshipPayloadSchema),
  command('cs.resolve_dispute', ResolveDisputePayloadSchema),
  command('cs.override_amount', OverrideAmountPayloadSchema),
  command('cs.escalate', EscalatePayloadSchema),
  command('cs.add_note', AddNotePayloadSchema),
  command('cs.assign', AssignPayloadSchema),
  command('warehouse.receive', ReceivePayloadSchema),
  command('warehouse.reject', WarehouseRejectPayloadSchema),
  command('warehouse.raise_dispute', RaiseDisputePayloadSchema),
  command('warehouse.ship_exchange', OutboundPayloadSchema),
  command('warehouse.ship_reship', OutboundPayloadSchema),
  command('finance.approve_refund', ApproveRefundPayloadSchema),
  command('finance.reject_refund', RejectRefundPayloadSchema),
  command('finance.record_carrier_compensation', CarrierCompensationPayloadSchema),
  command('system.auto_close', empty),
  command('system.auto_approve', empty),
  command('system.auto_confirm', empty),
]);

/** A validated command (defaults filled). */
export type Command = z.infer<typeof CommandSchema>;
/** What a client may send (defaults optional). */
export type CommandInput = z.input<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type PayloadOf<T extends CommandType> = CommandOf<T>['payload'];

export const COMMAND_TYPES: readonly CommandType[] = CommandSchema.options.map((o) => o.shape.type.value);

export type SystemCommandType = 'system.auto_close' | 'system.auto_approve' | 'system.auto_confirm';
