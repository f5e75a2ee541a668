/** The kettle every server and integration suite sells, and the orders of it they write. */
import type { Db } from '../../../server/db/db';
import { upsertProduct } from '../../../server/sync/catalog';
import { upsertOrder, type OrderLineRecord, type OrderRecord } from '../../../server/sync/changes';

export const KETTLE = { sku: 'SKU-KETTLE', spu: 'SPU-KETTLE', unitPrice: 5000, sevenDayNoReason: true, virtual: false, weightGrams: 700, warrantyDays: 365, active: true };
export const KETTLE_RED = { ...KETTLE, sku: 'SKU-KETTLE-RED' };

export type ProductAttributes = typeof KETTLE;

const DAY = 86_400_000;

export interface OrderPatch extends Partial<Omit<OrderRecord, 'id' | 'lines' | 'data'>> {
  /** Changes to the single line (two kettles at 50.00, 2.00 off, 1.00 in coins: 97.00 paid). */
  line?: Partial<OrderLineRecord>;
  /** The products whose attributes the order's data carries (shared/sync order-context convention). */
  products?: readonly ProductAttributes[];
}

/**
 * A completed order `id` of one kettle line, received on `confirmedAt`: paid four days, shipped
 * three days and signed for one day before it.
 */
export function kettleOrder(id: string, confirmedAt: Date, { line, products = [KETTLE, KETTLE_RED], ...patch }: OrderPatch = {}): OrderRecord {
  const before = (days: number) => new Date(confirmedAt.getTime() - days * DAY).toISOString();
  return {
    id,
    orderNo: `NO-${id}`,
    state: 'completed',
    buyerId: 'staff-buyer1',
    shippingFee: 1000,
    paidAt: before(4),
    shippedAt: before(3),
    signedAt: before(1),
    confirmedAt: before(0),
    lines: [{ id: `${id}-L1`, sku: 'SKU-KETTLE', quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700, ...line }],
    data: { products: Object.fromEntries(products.map((product) => [product.sku, product])) },
    ...patch,
  };
}

/** As the storefront sends a kettle order: with the buyer's contact details, completed when received. */
export const storefrontOrder = (id: string, confirmedAt: Date, patch: OrderPatch = {}): OrderRecord =>
  kettleOrder(id, confirmedAt, { buyerName: '张三', buyerPhone: '13800138000', address: '上海市浦东新区', completedAt: confirmedAt.toISOString(), ...patch });

/** Puts `product` in the catalogue (as `name`) and writes `orders`, in one transaction. */
export async function writeOrders(db: Db, orders: readonly OrderRecord[], product: ProductAttributes = KETTLE, name = '电水壶'): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertProduct(tx, { ...product, name, gtin: '6901234567892' });
    for (const order of orders) await upsertOrder(tx, order);
  });
}

/** A date `days` before now. */
export const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);
