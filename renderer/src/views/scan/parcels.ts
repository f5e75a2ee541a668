/**
 * Parcel rows of the scan station, built by the shared parcel rules (`shared/domain/parcels.ts`):
 * an arriving parcel registered as unmatched (无主件) on a shelf, or matched to the case a
 * decision was recorded on. The station adds only what the local store keeps besides the
 * record: the shelf and the `unmatched` index flag.
 */
import { matchParcelToCase, registerUnmatchedParcel, type AfterSalesCase, type IsoTime, type ParcelArrival, type ReturnParcel } from '../../../../shared/domain';
import type { ParcelRow } from '../../db/types';

/** The stored row of a parcel record on `shelf`. */
export function parcelRow(parcel: ReturnParcel, shelf: string): ParcelRow {
  return { ...parcel, unmatched: parcel.status === 'unmatched' ? 1 : 0, shelf };
}

/** An arriving parcel that matches no case, registered on a shelf. */
export function unmatchedParcelRow(arrival: ParcelArrival, shelf: string): ParcelRow {
  return parcelRow(registerUnmatchedParcel(arrival), shelf);
}

/**
 * The row of `parcel` matched to `c` at `at` (an unmatched parcel being claimed keeps its shelf);
 * null when the rules refuse the match (already matched, case not waiting for goods, another
 * warehouse's case).
 */
export function matchedParcelRow(parcel: ReturnParcel | ParcelRow, c: AfterSalesCase, at: IsoTime, shelf: string): ParcelRow | null {
  const matched = matchParcelToCase(parcel, c, at);
  return matched.ok ? parcelRow(matched.parcel, 'shelf' in parcel && parcel.shelf ? parcel.shelf : shelf) : null;
}

/** An arriving parcel registered and matched at once to the case decided on. */
export function arrivedParcelRow(arrival: ParcelArrival, c: AfterSalesCase, at: IsoTime, shelf: string): ParcelRow | null {
  return matchedParcelRow(registerUnmatchedParcel(arrival), c, at, shelf);
}
