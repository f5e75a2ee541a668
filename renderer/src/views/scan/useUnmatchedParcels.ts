/**
 * The warehouse's unmatched parcels (无主件) for the station's views: the list, read live (a pull
 * or another desk changes it), and what warehouse staff may do with one — move it to another
 * shelf, dispose of it once the policy's holding period is over — recorded as parcel commands.
 */
import { DEFAULT_POLICY, type Policy } from '../../../../shared/domain';
import type { ParcelRow } from '../../db/types';
import type { DispatchResult } from '../../sync/dispatch';
import { readPolicy } from '../../sync/local';
import { newId } from '../../sync/outbox';
import { runtime } from '../../sync/runtime';
import { useLiveQuery } from '../../composables/useLiveQuery';
import { useSessionStore } from '../../stores/session';
import { useSyncStore } from '../../stores/sync';
import { disposeInput, moveInput, unmatchedParcels } from './parcels';

/** The unmatched parcels of the signed-in staff's warehouse (every station's), newest first. */
export function useUnmatchedParcels() {
  const session = useSessionStore();
  const warehouseId = (): string | null => session.staff?.warehouseId ?? null;
  return useLiveQuery((db) => unmatchedParcels(db, warehouseId()), [] as ParcelRow[], [warehouseId]).data;
}

/** The policy's holding period and the parcel commands of the unmatched list. */
export function useParcelActions() {
  const sync = useSyncStore();
  const { data: policy } = useLiveQuery((db) => readPolicy(db), DEFAULT_POLICY as Policy);
  return {
    policy,
    now: (): string => runtime().clock().toISOString(),
    move: (parcel: ParcelRow, shelf: string): Promise<DispatchResult> => sync.issue(moveInput(parcel, shelf, newId())),
    dispose: (parcel: ParcelRow, reason: string): Promise<DispatchResult> => sync.issue(disposeInput(parcel, reason, newId())),
  };
}
