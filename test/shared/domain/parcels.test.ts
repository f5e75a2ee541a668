import { describe, expect, it } from 'vitest';
import { findCasesForTracking, matchParcelToCase, normalizeTrackingNumber, registerParcel, registerUnmatchedParcel, staleUnmatchedParcels, type AfterSalesCase } from '../../../shared/domain';
import { ADDRESS, APPLY_RETURN_A, at, command, ctx, makeOrder, run, T0 } from './fixtures';

const order = makeOrder('completed');

function waiting(id: string, tracking: string): AfterSalesCase {
  let c = run(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: id }), ctx(order));
  c = run(c, command('cs.approve', { returnAddress: ADDRESS }, { c }), ctx(order));
  return run(c, command('buyer.ship_back', { carrier: 'SF', trackingNumber: tracking, invoiceReturned: false }, { c }), ctx(order));
}

const arrival = { id: 'P-1', trackingNumber: 'sf 1234-567890', carrier: 'SF', warehouseId: 'WH1', receivedAt: T0, receivedBy: 'wh-staff-1' };

describe('return parcels (退货包裹)', () => {
  it('normalises tracking numbers for matching', () => {
    expect(normalizeTrackingNumber(' sf-1234 567890 ')).toBe('SF1234567890');
  });

  it('matches an arriving parcel to the one case waiting for its tracking number', () => {
    const c = waiting('RMA-1', 'SF1234567890');
    expect(findCasesForTracking('sf1234567890', [c])).toEqual([c]);
    expect(registerParcel(arrival, [c])).toMatchObject({ status: 'matched', caseId: 'RMA-1', matchedAt: T0, trackingNumber: 'SF1234567890' });
  });

  it('keeps a parcel without a waiting case as unmatched (无主件), and ambiguous ones too', () => {
    expect(registerParcel(arrival, [])).toMatchObject({ status: 'unmatched', caseId: null });
    const two = [waiting('RMA-1', 'SF1234567890'), { ...waiting('RMA-2', 'SF1234567890'), lineId: 'L-C' }];
    expect(registerParcel(arrival, two).status).toBe('unmatched');
  });

  it('matches an unmatched parcel by hand only to a case waiting for goods in the same warehouse', () => {
    const parcel = registerUnmatchedParcel(arrival);
    const c = waiting('RMA-1', 'YT0000000001');
    const res = matchParcelToCase(parcel, c, at(T0, 1));
    expect(res.ok && res.parcel).toMatchObject({ status: 'matched', caseId: 'RMA-1' });
    expect(matchParcelToCase({ ...parcel, warehouseId: 'WH9' }, c, T0)).toMatchObject({ ok: false, rejection: { code: 'wrong_warehouse' } });
    const pending = run(undefined, command('buyer.apply', APPLY_RETURN_A, { caseId: 'RMA-3' }), ctx(order));
    expect(matchParcelToCase(parcel, pending, T0)).toMatchObject({ ok: false, rejection: { code: 'invalid_state' } });
    if (res.ok) expect(matchParcelToCase(res.parcel, c, T0)).toMatchObject({ ok: false });
  });

  it('lists unmatched parcels waiting longer than a limit', () => {
    const old = registerUnmatchedParcel(arrival);
    const fresh = registerUnmatchedParcel({ ...arrival, id: 'P-2', receivedAt: at(T0, 47) });
    expect(staleUnmatchedParcels([old, fresh], at(T0, 48), 48).map((p) => p.id)).toEqual(['P-1']);
  });

  it('finds only cases waiting for goods, with a return shipment of that number', () => {
    const c = waiting('RMA-1', 'SF1234567890');
    const other = waiting('RMA-2', 'YT0000000001');
    const received: AfterSalesCase = { ...waiting('RMA-3', 'SF1234567890'), state: 'awaiting_refund' };
    const noShipment: AfterSalesCase = { ...waiting('RMA-4', 'SF1234567890'), returnShipment: null };
    expect(findCasesForTracking('SF-1234 567890', [other, received, c, noShipment]).map((x) => x.id)).toEqual(['RMA-1']);
    expect(findCasesForTracking('SF0000000000', [c, other])).toEqual([]);
  });

  it('keeps the arrival’s notes and photos, and defaults them to none', () => {
    expect(registerUnmatchedParcel(arrival)).toMatchObject({ notes: '', photos: [] });
    expect(registerUnmatchedParcel({ ...arrival, notes: '外箱破损', photos: ['abc'] })).toMatchObject({ notes: '外箱破损', photos: ['abc'] });
  });

  it('says why a match by hand is refused', () => {
    const parcel = registerUnmatchedParcel(arrival);
    const c = waiting('RMA-1', 'YT0000000001');
    expect(matchParcelToCase({ ...parcel, status: 'matched', caseId: 'RMA-0' }, c, T0)).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'matched', parcelId: 'P-1' } } });
    expect(matchParcelToCase(parcel, { ...c, state: 'awaiting_refund' }, T0)).toEqual({ ok: false, rejection: { code: 'invalid_state', params: { state: 'awaiting_refund', commandType: 'parcel.match' } } });
    expect(matchParcelToCase({ ...parcel, warehouseId: 'WH9' }, c, T0)).toEqual({ ok: false, rejection: { code: 'wrong_warehouse', params: { expected: 'WH1', actual: 'WH9' } } });
    // A case without a return address takes the parcel in any warehouse.
    expect(matchParcelToCase({ ...parcel, warehouseId: 'WH9' }, { ...c, returnAddress: null }, T0)).toMatchObject({ ok: true, parcel: { caseId: 'RMA-1', matchedAt: T0 } });
  });

  it('does not list a matched parcel as stale, however old', () => {
    const old = registerUnmatchedParcel(arrival);
    expect(staleUnmatchedParcels([{ ...old, status: 'matched', caseId: 'RMA-1', matchedAt: T0 }], at(T0, 100), 48)).toEqual([]);
  });
});
