/** Request and response bodies of the storefront (buyer side) routes. */
import { z } from 'zod';
import { BUYER_STATUSES, CASE_TYPES, CaseTypeSchema, NonNegativeMinorSchema, PhotoRefSchema, ReasonSchema } from '../../shared/domain';

const CommandId = z.uuid().optional().describe('Client idempotency key; a retry with the same id gets the first answer');

export const CreateOrderBodySchema = z.object({
  /** Client-chosen order id: creating it again returns the stored order. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  lines: z.array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().positive().max(999) })).min(1).max(50),
  /** Promotion discount of the whole order, allocated to the lines pro rata (fen). */
  discount: NonNegativeMinorSchema.max(100_000_000).default(0),
  /** Coins (金币) paid, allocated to the lines pro rata (fen). */
  coins: NonNegativeMinorSchema.max(100_000_000).default(0),
  shippingFee: NonNegativeMinorSchema.max(1_000_000).default(1000),
  /**
   * How far the order has gone: paid (`awaiting_shipment`), `shipped`, or `completed` (signed and
   * receipt confirmed). Times are set to now. Lets the whole after-sales flow be played.
   */
  state: z.enum(['awaiting_shipment', 'shipped', 'completed']).default('completed'),
  buyerName: z.string().min(1).max(50).optional(),
  buyerPhone: z.string().regex(/^\+?[0-9-]{5,20}$/).optional(),
  address: z.string().min(1).max(300).optional(),
  invoiceIssued: z.boolean().default(false),
  /** Admin only: the buyer the order belongs to (a buyer always orders for themself). */
  buyerId: z.string().min(1).max(100).optional(),
});

export const OrderParamsSchema = z.object({ id: z.string().min(1).max(100) });

export const StoreOrderSchema = z.looseObject({
  id: z.string(),
  orderNo: z.string(),
  state: z.string(),
  buyerId: z.string().nullable(),
  lines: z.array(z.looseObject({ id: z.string(), sku: z.string(), quantity: z.number(), unitPrice: z.number(), discount: z.number(), coins: z.number(), paid: z.number() })),
});

export const ApplyBodySchema = z.object({
  commandId: CommandId,
  /** Client-chosen case id (default: derived from the command id, or new). */
  caseId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).optional(),
  orderId: z.string().min(1),
  lineId: z.string().min(1),
  caseType: CaseTypeSchema,
  quantity: z.number().int().positive(),
  reason: ReasonSchema,
  description: z.string().max(2000).optional(),
  evidence: z.array(PhotoRefSchema).max(20).optional(),
  exchangeSku: z.string().min(1).optional(),
});

const Based = {
  commandId: CommandId,
  /** Case version the buyer saw; default: the current one. */
  baseVersion: z.number().int().nonnegative().optional(),
};

export const ModifyBodySchema = z.object({
  ...Based,
  quantity: z.number().int().positive().optional(),
  reason: ReasonSchema.optional(),
  description: z.string().max(2000).optional(),
  evidence: z.array(PhotoRefSchema).max(20).optional(),
});
export const EmptyActionBodySchema = z.object({ ...Based });
export const ShipBackBodySchema = z.object({
  ...Based,
  carrier: z.string().min(1).max(50),
  trackingNumber: z.string().regex(/^[A-Za-z0-9-]{6,40}$/),
  invoiceReturned: z.boolean().optional(),
  declaredCost: NonNegativeMinorSchema.optional(),
});

export const CaseParamsSchema = z.object({ id: z.string().min(1).max(100) });

/** A case as the buyer sees it: `status` never shows that finance is working on the refund. */
export const BuyerCaseSchema = z.object({
  id: z.string(),
  caseNo: z.string(),
  orderId: z.string(),
  lineId: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(BUYER_STATUSES),
  version: z.number().int(),
  quantity: z.number().int(),
  reason: z.string(),
  returnAddress: z.object({ warehouseId: z.string(), name: z.string(), phone: z.string(), address: z.string() }).nullable(),
  returnTrackingNo: z.string().nullable(),
  /** Refund in fen once decided (cash and coins). */
  refund: z.object({ cash: z.number().int(), coins: z.number().int() }).nullable(),
  updatedAt: z.string(),
});
export type BuyerCase = z.infer<typeof BuyerCaseSchema>;

export const CaseActionResponseSchema = z.object({
  /** `applied` now, or `duplicate`: this command id was already applied. */
  status: z.enum(['applied', 'duplicate']),
  commandId: z.string(),
  case: BuyerCaseSchema,
});

export const CaseListResponseSchema = z.object({ cases: z.array(BuyerCaseSchema) });
