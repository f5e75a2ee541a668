/**
 * After-sales policy (售后策略): every number and choice of the rule book in one validated object,
 * so a company configures rather than forks. Defaults follow DOMAIN.md.
 */
import { z } from 'zod';
import { ReturnAddressSchema } from './model';

const HOUR = 1;
const DAY = 24 * HOUR;

const hours = z.number().int().positive();

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
    // Stryker disable next-line BlockStatement: an empty catch returns undefined, which `refine` refuses like false
  } catch {
    return false;
  }
}

export const ShippingTemplateSchema = z.discriminatedUnion('kind', [
  /** 首重 + 续重: first `firstGrams` cost `firstFee`, each further started `stepGrams` costs `stepFee`. */
  z.object({
    kind: z.literal('by_weight'),
    firstGrams: z.number().int().positive(),
    firstFee: z.number().int().nonnegative(),
    stepGrams: z.number().int().positive(),
    stepFee: z.number().int().nonnegative(),
  }),
  /** 按件: first `firstCount` items cost `firstFee`, each further started `stepCount` costs `stepFee`. */
  z.object({
    kind: z.literal('by_count'),
    firstCount: z.number().int().positive(),
    firstFee: z.number().int().nonnegative(),
    stepCount: z.number().int().positive(),
    stepFee: z.number().int().nonnegative(),
  }),
]);
export type ShippingTemplate = z.infer<typeof ShippingTemplateSchema>;

export const PolicySchema = z.object({
  /** IANA zone of the store; the seven-day window starts at local midnight. */
  timeZone: z.string().min(1).refine(isTimeZone, 'unknown IANA time zone').default('Asia/Shanghai'),

  windows: z
    .object({
      /** After-sales window after receipt confirmation (售后时效). */
      afterSalesHours: hours.default(15 * DAY),
      /** Seven-day no-reason window from 00:00 of the day after signing. */
      sevenDayHours: hours.default(168),
      /** Without sign data: window from shipment (3 days transit + 7 days). */
      sevenDayFromShipmentHours: hours.default(10 * DAY),
      /** Auto-confirm receipt after shipment (order, reship and exchange outbound). */
      autoConfirmHours: hours.default(10 * DAY),
    })
    .prefault({}),

  deadlines: z
    .object({
      /** Merchant review timeout → auto-approve (审核超时自动同意). */
      reviewHours: hours.default(7 * DAY),
      autoApproveOnReviewTimeout: z.boolean().default(true),
      /** Buyer must ship back within this after approval, else auto-close. */
      buyerShipmentHours: hours.default(7 * DAY),
      /** Warehouse must receive within this after the buyer shipped, else auto-close (7 or 14 days). */
      warehouseReceiptHours: hours.default(14 * DAY),
      /** Buyer idle after a rejection → auto-close. */
      rejectedIdleHours: hours.default(7 * DAY),
      /** Visible service levels for human steps (no system action). */
      refundHours: hours.default(2 * DAY),
      exchangeShipmentHours: hours.default(2 * DAY),
      disputeHours: hours.default(3 * DAY),
    })
    .prefault({}),

  cancel: z
    .object({
      /** Cancel-after-payment applied within this many minutes of payment is approved at once; 0 = off. */
      autoApproveWithinMinutes: z.number().int().nonnegative().default(30),
    })
    .prefault({}),

  limits: z
    .object({
      /**
       * Resubmissions after a rejection (重新提交): the buyer applies at most 3 times in all — the
       * first application and two resubmissions; after the 3rd rejection only platform
       * intervention (客服介入) remains [004].
       */
      maxResubmissions: z.number().int().nonnegative().default(2),
      maxClosedCasesPerLine: z.number().int().positive().default(3),
    })
    .prefault({}),

  money: z
    .object({
      /**
       * Return shipping (退货运费):
       * - `by_quality`: quality problem → refund + return shipping; otherwise refund − return shipping [000];
       * - `by_reason`: quality problem → seller pays (+); other reasons → buyer pays (0) [004];
       * - `negotiated`: 0, CS adjusts with a reason.
       */
      returnShipping: z.enum(['by_quality', 'by_reason', 'negotiated']).default('by_reason'),
      /** Standard return shipping used when the buyer declared no cost. */
      returnShippingFee: z.number().int().nonnegative().default(1000),
      /** Cap of return shipping compensation paid to the buyer. */
      returnShippingCap: z.number().int().nonnegative().default(2000),
      /**
       * Outbound shipping after shipment: `none` (default) or `pro_rata` by quantity.
       * Before shipment (cancel) it is always refunded pro rata.
       */
      outboundShippingAfterShipment: z.enum(['none', 'pro_rata']).default('none'),
      /** Tax points deducted when an issued invoice is not returned, in basis points (600 = 6 %). */
      taxPointBasisPoints: z.number().int().nonnegative().max(10000).default(600),
      /** Shipping template used to price the outbound shipping of an order. */
      shippingTemplate: ShippingTemplateSchema.default({
        kind: 'by_weight',
        firstGrams: 2000,
        firstFee: 1000,
        stepGrams: 1000,
        stepFee: 300,
      }),
    })
    .prefault({}),

  /** Unmatched return parcels (无主件). */
  parcels: z
    .object({
      /** How long an unmatched parcel is kept on its shelf before it may be disposed of (处理). */
      holdingDays: z.number().int().positive().max(3650).default(30),
    })
    .prefault({}),

  /** Return address used by auto-approve and when CS approves without one. */
  defaultReturnAddress: ReturnAddressSchema.nullable().default(null),

  /**
   * Offline workstations (离线工作站): how far the time a staff member's command says it happened
   * may lie from the server's clock when it arrives.
   */
  offline: z
    .object({
      /** The longest a workstation may work offline: an event older than this on arrival is refused. */
      maxHours: hours.default(7 * DAY),
      /** Clock difference tolerated between a workstation and the server. */
      clockSkewMinutes: z.number().int().nonnegative().max(60).default(5),
    })
    .prefault({}),
});

export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

/** Validates a policy and fills defaults; throws a ZodError on invalid input. */
export function parsePolicy(input: unknown): Policy {
  return PolicySchema.parse(input ?? {});
}

/** The defaults of DOMAIN.md. */
export const DEFAULT_POLICY: Policy = Object.freeze(parsePolicy({})) as Policy;

export const HOUR_MS = 3_600_000;
