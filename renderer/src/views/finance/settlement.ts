/**
 * The settlement of an order (结算, DOMAIN §6–7): settlement = paid + platform subsidy − platform
 * service fee − refunds paid; the whole order is frozen while any of its cases is open.
 * "Paid" is what the buyer paid for the lines and the outbound shipping.
 */
import { isSettlementFrozen, type AfterSalesCase, type Minor, type Order } from '../../../../shared/domain';

export interface Settlement {
  paid: Minor;
  subsidy: Minor;
  serviceFee: Minor;
  /** Cash refunded by completed cases. */
  refunded: Minor;
  /** Coins given back by completed cases (not part of the cash settlement). */
  refundedCoins: Minor;
  /** Cash still to refund on cases awaiting refund (not yet deducted). */
  awaitingRefund: Minor;
  settlement: Minor;
  frozen: boolean;
  /** Cases of the order not yet ended. */
  openCases: number;
}

export function settlementOf(order: Order, cases: readonly AfterSalesCase[]): Settlement {
  let paid = order.shippingFee;
  for (const l of order.lines) paid += l.paid;
  let refunded = 0;
  let refundedCoins = 0;
  let awaitingRefund = 0;
  let openCases = 0;
  for (const c of cases) {
    if (c.state !== 'completed' && c.state !== 'closed') openCases += 1;
    if (c.refund === null) continue;
    if (c.state === 'completed') {
      refunded += c.refund.cash;
      refundedCoins += c.refund.coins;
    } else if (c.state === 'awaiting_refund') awaitingRefund += c.refund.cash;
  }
  return {
    paid,
    subsidy: order.platformSubsidy,
    serviceFee: order.serviceFee,
    refunded,
    refundedCoins,
    awaitingRefund,
    settlement: paid + order.platformSubsidy - order.serviceFee - refunded,
    frozen: isSettlementFrozen(cases),
    openCases,
  };
}
