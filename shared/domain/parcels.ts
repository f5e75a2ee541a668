/**
 * Return parcels (退货包裹) at the warehouse scan station. A parcel is identified by the buyer's
 * return tracking number; one that matches no case is kept as unmatched (无主件) until it can be
 * matched by hand or a case with that tracking number appears.
 */
import type { AfterSalesCase, IsoTime, ReturnParcel } from './model';
import type { Rejection } from './rejections';

/** Tracking numbers compare case-insensitively, ignoring spaces and dashes. */
export function normalizeTrackingNumber(trackingNumber: string): string {
  return trackingNumber.replace(/[\s-]/g, '').toUpperCase();
}

/** A parcel as the warehouse registers it on arrival: the receipt of a `ReturnParcel`, notes and photos optional. */
export interface ParcelArrival extends Pick<ReturnParcel, 'id' | 'trackingNumber' | 'carrier' | 'warehouseId' | 'receivedAt' | 'receivedBy'> {
  notes?: string;
  photos?: string[];
}

/** Cases still expecting a return parcel with this tracking number. */
export function findCasesForTracking(trackingNumber: string, cases: readonly AfterSalesCase[]): AfterSalesCase[] {
  const key = normalizeTrackingNumber(trackingNumber);
  return cases.filter(
    (c) => c.state === 'awaiting_receipt' && c.returnShipment !== null && normalizeTrackingNumber(c.returnShipment.trackingNumber) === key,
  );
}

/** Registers an arriving parcel as unmatched (无主件). */
export function registerUnmatchedParcel(arrival: ParcelArrival): ReturnParcel {
  return {
    id: arrival.id,
    trackingNumber: normalizeTrackingNumber(arrival.trackingNumber),
    carrier: arrival.carrier,
    warehouseId: arrival.warehouseId,
    receivedAt: arrival.receivedAt,
    receivedBy: arrival.receivedBy,
    status: 'unmatched',
    caseId: null,
    matchedAt: null,
    notes: arrival.notes ?? '',
    photos: arrival.photos ?? [],
  };
}

/**
 * Registers an arriving parcel and matches it when exactly one waiting case carries its tracking
 * number; several candidates stay unmatched for a person to choose.
 */
export function registerParcel(arrival: ParcelArrival, cases: readonly AfterSalesCase[]): ReturnParcel {
  const parcel = registerUnmatchedParcel(arrival);
  const candidates = findCasesForTracking(arrival.trackingNumber, cases);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  return only ? { ...parcel, status: 'matched', caseId: only.id, matchedAt: arrival.receivedAt } : parcel;
}

/** Matches an unmatched parcel to a case by hand (the case must be waiting for goods). */
export function matchParcelToCase(parcel: ReturnParcel, c: AfterSalesCase, at: IsoTime): { ok: true; parcel: ReturnParcel } | { ok: false; rejection: Rejection } {
  if (parcel.status === 'matched') return { ok: false, rejection: { code: 'invalid_state', params: { state: 'matched', parcelId: parcel.id } } };
  if (c.state !== 'awaiting_receipt') return { ok: false, rejection: { code: 'invalid_state', params: { state: c.state, commandType: 'parcel.match' } } };
  if (c.returnAddress !== null && c.returnAddress.warehouseId !== parcel.warehouseId) {
    return { ok: false, rejection: { code: 'wrong_warehouse', params: { expected: c.returnAddress.warehouseId, actual: parcel.warehouseId } } };
  }
  return { ok: true, parcel: { ...parcel, status: 'matched', caseId: c.id, matchedAt: at } };
}

/** Unmatched parcels older than `hours` at `now` (overdue 无主件 work must be visible). */
export function staleUnmatchedParcels(parcels: readonly ReturnParcel[], now: IsoTime, hours: number): ReturnParcel[] {
  const limit = Date.parse(now) - hours * 3_600_000;
  return parcels.filter((p) => p.status === 'unmatched' && Date.parse(p.receivedAt) <= limit);
}
