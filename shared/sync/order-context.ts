/**
 * The order as the sync feed carries it (server columns merged over the order's `data`), read
 * into the shapes the after-sales rules decide with. The server's rules adapter and the offline
 * client must build the same context from the same row, or the client's optimistic answer and
 * the server's authoritative one drift apart: both call `decisionInputsFromWireOrder`.
 *
 * Conventions of `data` (all optional): `confirmedAt`, `invoiceIssued`, `platformSubsidy`,
 * `serviceFee`, and `products` — the product attributes by SKU for the order's lines.
 */
import { z } from 'zod';
import { OrderStateSchema, ProductSchema, type Order, type Product } from '../domain';

const Time = z
  .string()
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined) return null;
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  });
const Minor = z.number().int().nonnegative();

export const WireOrderLineSchema = z.looseObject({
  id: z.string().min(1),
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  unitPrice: Minor,
  discount: Minor,
  coins: Minor,
  paid: Minor,
});

export const WireOrderSchema = z.looseObject({
  id: z.string().min(1),
  orderNo: z.string().min(1),
  state: z.string(),
  buyerId: z.string().nullish(),
  buyerName: z.string().nullish(),
  buyerPhone: z.string().nullish(),
  shippingFee: Minor,
  paidAt: Time,
  shippedAt: Time,
  signedAt: Time,
  completedAt: Time,
  confirmedAt: Time.optional(),
  invoiceIssued: z.boolean().optional(),
  platformSubsidy: Minor.optional(),
  serviceFee: Minor.optional(),
  lines: z.array(WireOrderLineSchema),
  products: z.record(z.string(), z.unknown()).optional(),
});
export type WireOrder = z.infer<typeof WireOrderSchema>;

export interface DecisionInputs {
  order: Order;
  products: Record<string, Product>;
}

/** The rules' view of a pulled order, or `null` when the row cannot be decided on (unknown state, no buyer, no lines). */
export function decisionInputsFromWireOrder(input: unknown): DecisionInputs | null {
  const parsed = WireOrderSchema.safeParse(input);
  if (!parsed.success) return null;
  const o = parsed.data;
  const state = OrderStateSchema.safeParse(o.state);
  if (!state.success || !o.buyerId || o.lines.length === 0) return null;
  const order: Order = {
    id: o.id,
    buyerId: o.buyerId,
    state: state.data,
    lines: o.lines.map((l) => ({ id: l.id, sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, discount: l.discount, coins: l.coins, paid: l.paid })),
    shippingFee: o.shippingFee,
    invoiceIssued: o.invoiceIssued ?? false,
    paidAt: o.paidAt,
    shippedAt: o.shippedAt,
    signedAt: o.signedAt,
    confirmedAt: o.confirmedAt ?? o.completedAt,
    platformSubsidy: o.platformSubsidy ?? 0,
    serviceFee: o.serviceFee ?? 0,
  };
  const products: Record<string, Product> = {};
  for (const [sku, raw] of Object.entries(o.products ?? {})) {
    const product = ProductSchema.safeParse(raw);
    if (product.success) products[sku] = product.data;
  }
  return { order, products };
}
