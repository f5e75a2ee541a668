import { describe, expect, it } from 'vitest';
import type { AfterSalesCase, Order } from '../../../../shared/domain';
import { settlementOf } from '../../../../renderer/src/views/finance/settlement';
import { awaitingRefund } from './support';

const order: Order = {
  id: 'O1',
  buyerId: 'buyer-1',
  state: 'completed',
  // Lines paid 97.00 and 150.00, shipping 10.00: 257.00 paid.
  lines: [
    { id: 'L1', sku: 'A', quantity: 2, unitPrice: 5000, discount: 200, coins: 100, paid: 9700 },
    { id: 'L2', sku: 'B', quantity: 1, unitPrice: 15000, discount: 0, coins: 0, paid: 15000 },
  ],
  shippingFee: 1000,
  invoiceIssued: false,
  paidAt: null,
  shippedAt: null,
  signedAt: null,
  confirmedAt: null,
  platformSubsidy: 500,
  serviceFee: 771,
};

function withState(c: AfterSalesCase, state: AfterSalesCase['state'], cash: number, coins = 0): AfterSalesCase {
  return { ...c, state, refund: { goods: cash, coins, outboundShipping: 0, returnShipping: 0, taxDeduction: 0, adjustments: [], cash } };
}

describe('order settlement', () => {
  it('is settlable when no case is open: paid + subsidy − service fee − refunds', () => {
    const done = withState(awaitingRefund('C1', 'O1'), 'completed', 5850, 50);
    const s = settlementOf(order, [done, { ...awaitingRefund('C2', 'O1'), state: 'closed', refund: null }]);
    // 257.00 + 5.00 − 7.71 − 58.50 = 195.79
    expect(s).toEqual({ paid: 25700, subsidy: 500, serviceFee: 771, refunded: 5850, refundedCoins: 50, awaitingRefund: 0, settlement: 19579, frozen: false, openCases: 0 });
  });

  it('is frozen while a case is open; a refund not yet paid is not deducted', () => {
    const waiting = withState(awaitingRefund('C3', 'O1'), 'awaiting_refund', 15000);
    const s = settlementOf(order, [waiting]);
    // 257.00 + 5.00 − 7.71 = 254.29; 150.00 still awaiting.
    expect(s).toMatchObject({ settlement: 25429, awaitingRefund: 15000, frozen: true, openCases: 1, refunded: 0 });
  });

  it('with no case at all is the order itself', () => {
    expect(settlementOf(order, [])).toMatchObject({ settlement: 25429, frozen: false });
  });
});
