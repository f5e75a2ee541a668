import { describe, expect, it } from 'vitest';
import { BUYER_STATUSES, buyerStatus, buyerStatusOf, type CaseState, type CaseType } from '../../../shared/domain';
import { APPLY_RETURN_A, command, ctx, makeOrder, run } from './fixtures';

describe('buyer-facing status', () => {
  it('names every state as the buyer sees it', () => {
    const table: Array<[CaseState, string]> = [
      ['pending_review', 'awaiting_merchant_review'],
      ['rejected', 'rejected'],
      ['awaiting_buyer_shipment', 'awaiting_your_shipment'],
      ['awaiting_receipt', 'awaiting_merchant_receipt'],
      ['disputed', 'in_negotiation'],
      ['awaiting_exchange_shipment', 'awaiting_merchant_shipment'],
      ['awaiting_buyer_confirmation', 'awaiting_your_confirmation'],
      ['completed', 'succeeded'],
      ['closed', 'closed'],
    ];
    for (const [state, shown] of table) {
      expect(buyerStatus(state, 'return_refund', true), state).toBe(shown);
      expect(BUYER_STATUSES).toContain(shown);
    }
  });

  it('never shows "awaiting refund": a returned parcel still reads as awaiting receipt, anything else as processing', () => {
    const cases: Array<[CaseType, boolean, string]> = [
      ['return_refund', true, 'awaiting_merchant_receipt'],
      ['exchange', true, 'awaiting_merchant_receipt'],
      ['return_refund', false, 'processing'],
      // A refund without return has no goods to wait for, even if a parcel was recorded.
      ['refund_only', true, 'processing'],
      ['refund_only', false, 'processing'],
    ];
    for (const [type, returned, shown] of cases) expect(buyerStatus('awaiting_refund', type, returned), `${type} ${returned}`).toBe(shown);
  });

  it('tells a returned parcel from the case itself', () => {
    const applied = run(undefined, command('buyer.apply', APPLY_RETURN_A), ctx(makeOrder('completed')));
    const awaitingRefund = { ...applied, state: 'awaiting_refund' as const };
    expect(buyerStatusOf(awaitingRefund)).toBe('processing');
    const shipped = { carrier: '顺丰速运', trackingNumber: 'SF1234567890123', declaredCost: null, shippedAt: '2026-03-10T00:00:00.000Z' };
    expect(buyerStatusOf({ ...awaitingRefund, returnShipment: shipped })).toBe('awaiting_merchant_receipt');
  });
});
