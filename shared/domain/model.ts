/**
 * After-sales domain model (售后领域模型): orders, products, cases, return parcels.
 *
 * Money is always an integer number of minor units (fen, 分). Times are ISO-8601 strings.
 * Input objects (orders, products) have zod schemas so the server and the scenario runner can
 * validate them; the case itself is produced only by `evolve` and is a plain interface.
 */
import { z } from 'zod';

/** Integer minor units (fen), never negative. */
export const NonNegativeMinorSchema = z.number().int().nonnegative();
export type Minor = number;

/** ISO-8601 timestamp with offset or `Z`. */
export const IsoTimeSchema = z.iso.datetime({ offset: true });
export type IsoTime = string;

// ---------------------------------------------------------------------------------------------
// Roles

export const ROLES = ['buyer', 'cs', 'warehouse', 'finance', 'admin', 'system'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const ActorSchema = z.object({
  id: z.string().min(1),
  role: RoleSchema,
  /** Set for warehouse staff: the warehouse they work in. */
  warehouseId: z.string().min(1).optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

// ---------------------------------------------------------------------------------------------
// Orders and products

/** 订单状态. Order and after-sales states are independent. */
const ORDER_STATES = ['pending_payment', 'awaiting_shipment', 'shipped', 'completed', 'closed'] as const;
export const OrderStateSchema = z.enum(ORDER_STATES);
export type OrderState = z.infer<typeof OrderStateSchema>;

/** 订单行. `paid = unitPrice × quantity − discount − coins`, fixed when the order was created. */
export const OrderLineSchema = z.object({
  id: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: NonNegativeMinorSchema,
  /** Promotion discount allocated to this line (优惠分摊). */
  discount: NonNegativeMinorSchema,
  /** Coins allocated to this line (金币分摊), in minor units of value. */
  coins: NonNegativeMinorSchema,
  /** Cash paid for the line. */
  paid: NonNegativeMinorSchema,
});
export type OrderLine = z.infer<typeof OrderLineSchema>;

export const OrderSchema = z.object({
  id: z.string().min(1),
  buyerId: z.string().min(1),
  state: OrderStateSchema,
  lines: z.array(OrderLineSchema).min(1),
  /** Outbound shipping fee paid by the buyer (运费). */
  shippingFee: NonNegativeMinorSchema,
  /** Whether an invoice (发票) was issued for the order. */
  invoiceIssued: z.boolean().default(false),
  paidAt: IsoTimeSchema.nullable(),
  shippedAt: IsoTimeSchema.nullable(),
  /** Carrier sign time (签收), when the carrier reports it. */
  signedAt: IsoTimeSchema.nullable(),
  /** Receipt confirmation (确认收货) by the buyer or automatically. */
  confirmedAt: IsoTimeSchema.nullable(),
  /** Platform subsidy and service fee, used for the settlable amount (结算). */
  platformSubsidy: NonNegativeMinorSchema.default(0),
  serviceFee: NonNegativeMinorSchema.default(0),
});
export type Order = z.infer<typeof OrderSchema>;

/** 商品属性. */
export const ProductSchema = z.object({
  sku: z.string().min(1),
  /** Exchange stays within one SPU at the same price. */
  spu: z.string().min(1),
  unitPrice: NonNegativeMinorSchema,
  /** 是否支持七天无理由. */
  sevenDayNoReason: z.boolean(),
  /** Virtual goods (虚拟商品): no logistics. */
  virtual: z.boolean(),
  weightGrams: z.number().int().nonnegative(),
  /** 质保期 in days from signing; 0 = no warranty. */
  warrantyDays: z.number().int().nonnegative(),
  /** False once the SKU was delisted: stock is then not restored on return. */
  active: z.boolean().default(true),
});
export type Product = z.infer<typeof ProductSchema>;

// ---------------------------------------------------------------------------------------------
// Cases

/**
 * 售后类型: cancel after payment 支付后取消, refund only 仅退款, return and refund 退货退款,
 * exchange 换货, reship 补寄, repair 维修.
 */
export const CASE_TYPES = ['cancel_after_payment', 'refund_only', 'return_refund', 'exchange', 'reship', 'repair'] as const;
export const CaseTypeSchema = z.enum(CASE_TYPES);
export type CaseType = z.infer<typeof CaseTypeSchema>;

/**
 * Back-office case states (DOMAIN §3). `awaiting_exchange_shipment` is the outbound leg of an
 * exchange, a reship or a repaired item; `awaiting_buyer_confirmation` (待买家确认收货) is the one
 * added state: the outbound parcel is on its way and the buyer (or the auto-confirm timer)
 * confirms receipt, which completes the case.
 */
export const CASE_STATES = [
  'pending_review',
  'rejected',
  'awaiting_buyer_shipment',
  'awaiting_receipt',
  'disputed',
  'awaiting_refund',
  'awaiting_exchange_shipment',
  'awaiting_buyer_confirmation',
  'completed',
  'closed',
] as const;
export const CaseStateSchema = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof CaseStateSchema>;

export const TERMINAL_STATES: readonly CaseState[] = ['completed', 'closed'];
export function isTerminal(state: CaseState): boolean {
  return state === 'completed' || state === 'closed';
}

/** Fixed list of application reasons (申请原因). */
export const REASONS = [
  'no_reason_seven_days', // 七天无理由
  'changed_mind', // 不想要了 / 拍错
  'size_or_fit', // 尺码不合适
  'quality_issue', // 质量问题
  'not_as_described', // 与描述不符
  'damaged_on_arrival', // 商品破损
  'wrong_item', // 商家发错货
  'missing_item', // 少件 / 漏发
  'not_received', // 未收到货
  'parcel_lost', // 快递丢件
  'other',
] as const;
export const ReasonSchema = z.enum(REASONS);
export type Reason = z.infer<typeof ReasonSchema>;

/** Reasons that are the seller's fault (quality problem 质量问题): seller pays return shipping. */
export const QUALITY_REASONS: ReadonlySet<Reason> = new Set<Reason>([
  'quality_issue',
  'not_as_described',
  'damaged_on_arrival',
  'wrong_item',
  'missing_item',
]);

export const ReturnAddressSchema = z.object({
  warehouseId: z.string().min(1),
  name: z.string().min(1),
  phone: z.string().min(1),
  address: z.string().min(1),
});
export type ReturnAddress = z.infer<typeof ReturnAddressSchema>;

export const ShipmentSchema = z.object({
  carrier: z.string().min(1),
  trackingNumber: z.string().regex(/^[A-Za-z0-9-]{6,40}$/),
});
export type Shipment = z.infer<typeof ShipmentSchema>;

export const CONDITION_GRADES = ['new', 'opened_resalable', 'damaged', 'unusable'] as const;
export const ConditionGradeSchema = z.enum(CONDITION_GRADES);
export type ConditionGrade = z.infer<typeof ConditionGradeSchema>;

/** Sha256 of a photo, hex. */
export const PhotoRefSchema = z.string().regex(/^[a-f0-9]{64}$/);

export const DispositionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('restock'), location: z.string().min(1) }),
  z.object({ kind: z.literal('refurbish') }),
  z.object({ kind: z.literal('scrap') }),
  z.object({ kind: z.literal('return_to_vendor') }),
]);
export type Disposition = z.infer<typeof DispositionSchema>;

/** Warehouse inspection (验货) recorded on receipt. `null` checklist item = not applicable. */
export const InspectionSchema = z.object({
  received: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().nonnegative() })).min(1),
  condition: ConditionGradeSchema,
  checklist: z.object({
    packaging: z.boolean().nullable(),
    seals: z.boolean().nullable(),
    accessories: z.boolean().nullable(),
    serialNumber: z.boolean().nullable(),
  }),
  /** Invoice found in the parcel (发票随货退回). */
  invoiceReturned: z.boolean().optional(),
  weightGrams: z.number().int().nonnegative(),
  photos: z.array(PhotoRefSchema),
  notes: z.string(),
  disposition: DispositionSchema,
});
export type Inspection = z.infer<typeof InspectionSchema>;

/** 客服介入 categories raised by the warehouse. */
export const DISPUTE_CATEGORIES = [
  'empty_parcel',
  'wrong_item',
  'missing_parts',
  'quantity_short',
  'damaged_by_buyer',
  'not_as_described',
] as const;
export const DisputeCategorySchema = z.enum(DISPUTE_CATEGORIES);
export type DisputeCategory = z.infer<typeof DisputeCategorySchema>;

export const DISPUTE_RESOLUTIONS = ['agreed_amount', 'return_to_buyer', 'full_refund'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

export interface Dispute {
  category: DisputeCategory;
  notes: string;
  photos: string[];
  raisedAt: IsoTime;
  raisedBy: string;
  resolution: DisputeResolution | null;
  /** For `agreed_amount`: the cash agreed with the buyer. */
  agreedAmount: Minor | null;
  resolvedAt: IsoTime | null;
}

export const REFUND_ADJUSTMENT_KINDS = ['override', 'shipping_subsidy', 'dispute_agreement'] as const;
export type RefundAdjustmentKind = (typeof REFUND_ADJUSTMENT_KINDS)[number];

/** A CS change to the computed refund, always with a reason (audit trail). */
export interface RefundAdjustment {
  kind: RefundAdjustmentKind;
  /** Signed delta applied to the cash total. */
  amount: Minor;
  reason: string;
  by: string;
  at: IsoTime;
}

/**
 * Refund breakdown (退款明细), all integer minor units.
 * `cash = goods + outboundShipping + returnShipping − taxDeduction + Σ adjustments`.
 */
export interface RefundBreakdown {
  /** Cash paid for the refunded quantity (line paid amount, unit share). */
  goods: Minor;
  /** Coins returned as coins (not cash). */
  coins: Minor;
  /** Outbound shipping refunded (运费). */
  outboundShipping: Minor;
  /** Return shipping: positive = seller compensates the buyer, negative = deducted. */
  returnShipping: Minor;
  /** Tax points deducted when the invoice was not returned (无发票扣税点). */
  taxDeduction: Minor;
  adjustments: RefundAdjustment[];
  /** Total cash to pay back. */
  cash: Minor;
}

export const CLOSE_CAUSES = [
  'withdrawn',
  'buyer_shipment_timeout',
  'warehouse_receipt_timeout',
  'rejected_idle_timeout',
  'returned_to_buyer',
] as const;
export type CloseCause = (typeof CLOSE_CAUSES)[number];

export const RESHIP_CAUSES = ['missing_item', 'lost_parcel'] as const;
export type ReshipCause = (typeof RESHIP_CAUSES)[number];

export interface ReturnShipment {
  carrier: string;
  trackingNumber: string;
  /** What the buyer says they paid for the return parcel, if given. */
  declaredCost: Minor | null;
  shippedAt: IsoTime;
}

export interface OutboundShipment {
  /** `null` for virtual goods (no logistics). */
  carrier: string | null;
  trackingNumber: string | null;
  shippedAt: IsoTime;
}

/** A span during which a case paused the warranty of its line. */
export interface WarrantyPause {
  from: IsoTime;
  /** `null` while the pause runs. */
  to: IsoTime | null;
}

/** An internal note on a case (内部备注): staff only, never shown to the buyer. */
export interface InternalNote {
  text: string;
  /** Staff id of the author. */
  by: string;
  role: Role;
  at: IsoTime;
}

/** 售后单: the fold of its events. */
export interface AfterSalesCase {
  id: string;
  orderId: string;
  lineId: string;
  sku: string;
  buyerId: string;
  type: CaseType;
  state: CaseState;
  quantity: number;
  reason: Reason;
  description: string;
  /** Evidence photo references (sha256). */
  evidence: string[];
  /** Requested SKU for an exchange (same SPU, same price); the line's SKU if none was given. */
  exchangeSku: string | null;
  invoiceReturned: boolean;
  /** True when the order had not shipped when the case was opened (cancel refunds shipping). */
  beforeShipment: boolean;
  returnAddress: ReturnAddress | null;
  returnShipment: ReturnShipment | null;
  inspection: Inspection | null;
  /** Warehouse staff id that received the goods. */
  receivedBy: string | null;
  disputes: Dispute[];
  refund: RefundBreakdown | null;
  /** Who bears the shipping of an exchange / repair (买家承担运费 unless a quality problem). */
  shippingPaidBy: 'buyer' | 'seller';
  outboundShipment: OutboundShipment | null;
  reshipCause: ReshipCause | null;
  interception: 'intercepted' | 'failed' | null;
  carrierCompensation: { amount: Minor; claimRef: string; recordedAt: IsoTime } | null;
  rejectionCount: number;
  resubmissionCount: number;
  /**
   * When the case paused the line's warranty (质保期暂停): from the application while it is under
   * review or processing, until it is rejected (审核不通过 → 恢复质保期计时) or ends; a resubmission
   * (or an overturned rejection) opens a new span. The last span is open (`to: null`) while it
   * runs. Absent on a case stored before the field existed: its whole open time counts.
   */
  warrantyPauses?: WarrantyPause[];
  /** Internal notes, oldest first. Absent until the first note. */
  notes?: InternalNote[];
  /**
   * The customer-service agent who owns the case (跟进人), staff id; `null` when unassigned.
   * Absent until the case is first assigned.
   */
  owner?: string | null;
  lastRejection: { by: Role; reason: string; at: IsoTime } | null;
  escalation: { reason: string; at: IsoTime; by: string } | null;
  closeCause: CloseCause | null;
  openedAt: IsoTime;
  stateEnteredAt: IsoTime;
  /** Set when the case reaches `completed` or `closed`. */
  endedAt: IsoTime | null;
  updatedAt: IsoTime;
  /** Number of events folded. */
  version: number;
  /** Ids of the commands whose events were folded, in order (replay detection). */
  commandIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Return parcels (退货包裹), including unmatched ones (无主件)

/** `disposed`: an unmatched parcel disposed of after the policy's holding period (处理无主件). */
export type ReturnParcelStatus = 'unmatched' | 'matched' | 'disposed';

export interface ReturnParcel {
  id: string;
  trackingNumber: string;
  carrier: string | null;
  warehouseId: string;
  receivedAt: IsoTime;
  receivedBy: string;
  status: ReturnParcelStatus;
  caseId: string | null;
  matchedAt: IsoTime | null;
  notes: string;
  photos: string[];
}
