import type { OrderRecord } from '../sync/changes';
import { productsForOrder } from '../sync/order-products';
import type { DemoOrder, DemoProduct } from './demo-data';

/** The stored form of a demo order, carrying its products (and SPU siblings) in `data.products`. */
export function demoOrderRecord(o: DemoOrder, catalogue: readonly DemoProduct[]): OrderRecord {
  const { order } = o;
  return {
    id: order.id,
    orderNo: o.orderNo,
    state: order.state,
    buyerId: order.buyerId,
    buyerName: o.buyerName,
    buyerPhone: o.buyerPhone,
    address: o.address,
    shippingFee: order.shippingFee,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    signedAt: order.signedAt,
    confirmedAt: order.confirmedAt,
    lines: order.lines,
    data: {
      invoiceIssued: order.invoiceIssued,
      platformSubsidy: order.platformSubsidy,
      serviceFee: order.serviceFee,
      // The order's products and their SPU siblings, so an exchange target is known offline too.
      products: productsForOrder(catalogue, order.lines.map((l) => l.sku)),
    },
  };
}
