/**
 * Who may apply for what (DOMAIN §2, §5): the reasons each case type takes, the windows at their
 * exact ends, the warranty of the line applied for, and exchanges within the SPU at the same price.
 */
import { describe, expect, it } from 'vitest';
import {
  afterSalesWindowEndMs,
  allowedReasons,
  checkApplication,
  checkExchangeSku,
  sevenDayWindowEndMs,
  toIso,
  warrantyEnd,
  type AfterSalesCase,
  type ApplicationDraft,
  type OrderLine,
} from '../../../shared/domain';
import { APPLY_RETURN_A, at, command, ctx, makeOrder, POLICY, PRODUCTS, run, T0 } from './fixtures';

const completed = makeOrder('completed');
const lineOf = (id: string, order = completed): OrderLine => {
  const line = order.lines.find((l) => l.id === id);
  if (!line) throw new Error(`fixture: no line ${id}`);
  return line;
};
const productA = PRODUCTS.A!;
const draft = (patch: Partial<ApplicationDraft> = {}): ApplicationDraft => ({ caseType: 'return_refund', line: lineOf('L-A'), product: productA, quantity: 1, reason: 'quality_issue', ...patch });

describe('reasons per case type', () => {
  it('lists the reasons of each case type, refund only after shipment limited to goods not received or accepted problems', () => {
    const beforeShipment = ['changed_mind', 'size_or_fit', 'wrong_item', 'other'];
    expect(allowedReasons('cancel_after_payment', 'awaiting_shipment')).toEqual(beforeShipment);
    expect(allowedReasons('refund_only', 'awaiting_shipment')).toEqual(beforeShipment);
    const refundOnlyAfter = ['not_received', 'parcel_lost', 'missing_item', 'quality_issue', 'not_as_described', 'damaged_on_arrival'];
    expect(allowedReasons('refund_only', 'shipped')).toEqual(refundOnlyAfter);
    expect(allowedReasons('refund_only', 'completed')).toEqual(refundOnlyAfter);
    expect(allowedReasons('return_refund', 'completed')).toEqual(['no_reason_seven_days', 'changed_mind', 'size_or_fit', 'quality_issue', 'not_as_described', 'damaged_on_arrival', 'wrong_item', 'missing_item', 'other']);
    expect(allowedReasons('exchange', 'completed')).toEqual(['no_reason_seven_days', 'size_or_fit', 'quality_issue', 'not_as_described', 'damaged_on_arrival', 'wrong_item', 'other']);
    expect(allowedReasons('reship', 'shipped')).toEqual(['missing_item', 'parcel_lost', 'not_received']);
    expect(allowedReasons('repair', 'completed')).toEqual(['quality_issue', 'other']);
  });

  it('names the case type and order state it refuses', () => {
    expect(checkApplication(draft({ caseType: 'cancel_after_payment', reason: 'changed_mind' }), completed, POLICY, at(completed.signedAt!, 1), [])).toEqual({
      code: 'case_type_not_allowed_for_order_state',
      params: { caseType: 'cancel_after_payment', orderState: 'completed' },
    });
  });
});

describe('windows at their exact ends', () => {
  it('accepts an application at the last instant of the after-sales window, not a millisecond later', () => {
    const end = afterSalesWindowEndMs(completed, POLICY);
    if (end === null) throw new Error('fixture: a completed order has an after-sales window');
    expect(checkApplication(draft(), completed, POLICY, toIso(end), [])).toBeNull();
    expect(checkApplication(draft(), completed, POLICY, toIso(end + 1), [])).toEqual({ code: 'after_sales_window_expired', params: { deadline: toIso(end) } });
  });

  it('ends the seven-day no-reason window at its end instant, and has none before the goods are received', () => {
    const end = sevenDayWindowEndMs(completed, POLICY);
    if (end === null) throw new Error('fixture: a received order has a seven-day window');
    const noReason = draft({ reason: 'no_reason_seven_days' });
    expect(checkApplication(noReason, completed, POLICY, toIso(end - 1), [])).toBeNull();
    expect(checkApplication(noReason, completed, POLICY, toIso(end), [])).toEqual({ code: 'seven_day_window_expired', params: { deadline: toIso(end) } });
    // An order the feed marks shipped without a shipment time: no window has started, so none has ended.
    const shipped = makeOrder('shipped', { shippedAt: null });
    expect(sevenDayWindowEndMs(shipped, POLICY)).toBeNull();
    expect(checkApplication({ ...noReason, line: lineOf('L-A', shipped) }, shipped, POLICY, at(T0, 24 * 30), [])).toBeNull();
  });

  it('accepts a repair up to the warranty’s end, counting only the pauses of the line applied for', () => {
    const order = makeOrder('completed', { signedAt: '2025-01-01T00:00:00.000Z', confirmedAt: '2025-01-02T00:00:00.000Z' });
    const repair = draft({ caseType: 'repair', line: lineOf('L-A', order) });
    const end = warrantyEnd(order, productA, [], '2025-12-01T00:00:00.000Z');
    if (end === null) throw new Error('fixture: product A has a warranty');
    expect(checkApplication(repair, order, POLICY, end, [])).toBeNull();
    const later = toIso(Date.parse(end) + 1);
    expect(checkApplication(repair, order, POLICY, later, [])).toEqual({ code: 'warranty_expired', params: { deadline: end } });
    // A long case on another line of the order does not extend this line's warranty.
    const elsewhere: AfterSalesCase = {
      ...run(undefined, command('buyer.apply', { ...APPLY_RETURN_A, reason: 'quality_issue' }), ctx(completed)),
      lineId: 'L-B',
      openedAt: '2025-03-01T00:00:00.000Z',
      warrantyPauses: [{ from: '2025-03-01T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' }],
    };
    expect(checkApplication(repair, order, POLICY, later, [elsewhere])).toEqual({ code: 'warranty_expired', params: { deadline: end } });
    // The same pause on this line does.
    expect(checkApplication(repair, order, POLICY, later, [{ ...elsewhere, lineId: 'L-A' }])).toBeNull();
  });
});

describe('exchange within the SPU at the same price', () => {
  const line = lineOf('L-A');
  it('accepts another SKU of the same SPU and price that is on sale', () => {
    expect(checkExchangeSku(line, PRODUCTS.A2, productA)).toBeNull();
  });

  it('refuses an unknown SKU, another SPU at the same price, another price, or a SKU off sale', () => {
    expect(checkExchangeSku(line, undefined, productA)).toEqual({ code: 'exchange_sku_invalid', params: { sku: null } });
    expect(checkExchangeSku(line, { ...productA, sku: 'X', spu: 'SPU-X' }, productA)).toEqual({ code: 'exchange_sku_invalid', params: { sku: 'X' } });
    expect(checkExchangeSku(line, { ...productA, sku: 'A3', unitPrice: 2100 }, productA)).toEqual({ code: 'exchange_sku_invalid', params: { sku: 'A3' } });
    expect(checkExchangeSku(line, { ...productA, sku: 'A4', active: false }, productA)).toEqual({ code: 'exchange_sku_invalid', params: { sku: 'A4' } });
  });
});
