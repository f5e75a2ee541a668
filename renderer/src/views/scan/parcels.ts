/**
 * The scan station's parcels service (无主件): what it asks the rule book to record about a return
 * parcel, and how it reads the warehouse's parcels. Parcels are synced facts: registering, matching,
 * moving and disposing are parcel commands recorded through the outbox (with the scan's session-log
 * row in the same transaction), and the list is the warehouse's — every station's parcels this desk
 * has pulled, plus its own not yet synced — read through live queries.
 */
import { holdingEndsAt, type Policy } from '../../../../shared/domain';
import type { DeskDb } from '../../db/schema';
import type { ParcelRow } from '../../db/types';
import type { DispatchInput } from '../../sync/dispatch';

export interface RegisterForm {
  trackingNumber: string;
  carrier: string | null;
  shelf: string;
  notes: string;
  photos: readonly string[];
}

/** Registers an arriving parcel that matches no case (登记无主件) under a new parcel id. */
export function registerInput(parcelId: string, commandId: string, form: RegisterForm): DispatchInput {
  return {
    type: 'parcel.register',
    caseId: parcelId,
    id: commandId,
    baseVersion: 0,
    payload: { trackingNumber: form.trackingNumber, carrier: form.carrier, shelf: form.shelf.trim(), notes: form.notes.trim(), photos: [...form.photos] },
  };
}

/** Matches a waiting parcel to the case decided on (认领); recorded before the case's own decision. */
export function matchInput(parcel: Pick<ParcelRow, 'id' | 'version'>, caseId: string, commandId: string): DispatchInput {
  return { type: 'parcel.match', caseId: parcel.id, id: commandId, baseVersion: parcel.version, payload: { caseId } };
}

/** Moves a waiting parcel to another shelf. */
export function moveInput(parcel: Pick<ParcelRow, 'id' | 'version'>, shelf: string, commandId: string): DispatchInput {
  return { type: 'parcel.move_shelf', caseId: parcel.id, id: commandId, baseVersion: parcel.version, payload: { shelf: shelf.trim() } };
}

/** Disposes of a parcel whose holding period is over (处理无主件). */
export function disposeInput(parcel: Pick<ParcelRow, 'id' | 'version'>, reason: string, commandId: string): DispatchInput {
  return { type: 'parcel.dispose', caseId: parcel.id, id: commandId, baseVersion: parcel.version, payload: { reason: reason.trim() } };
}

/** Whether the holding period of a parcel is over at `now` (it may then be disposed of). */
export function holdingOver(parcel: Pick<ParcelRow, 'receivedAt'>, now: string, policy: Policy): boolean {
  return Date.parse(now) >= Date.parse(holdingEndsAt(parcel.receivedAt, policy));
}

/**
 * The unmatched parcels of a warehouse (every station's), newest first; all warehouses' when
 * `warehouseId` is null (a supervisor's store holds every parcel).
 */
export async function unmatchedParcels(db: DeskDb, warehouseId: string | null): Promise<ParcelRow[]> {
  const rows = await db.parcels.where('[unmatched+receivedAt]').between([1, ''], [1, '\uffff']).reverse().toArray();
  return warehouseId === null ? rows : rows.filter((p) => p.warehouseId === warehouseId);
}

/** The parcel `id` while it waits for its case; undefined once matched or disposed of (here or on another desk). */
export async function waitingParcelById(db: DeskDb, id: string): Promise<ParcelRow | undefined> {
  const row = await db.parcels.get(id);
  return row && row.unmatched === 1 ? row : undefined;
}

/**
 * The match of the unmatched parcel being claimed (无主件认领) to the case decided on, to be
 * recorded before the case's decision in the same transaction; none when no parcel is claimed or
 * it no longer waits.
 */
export async function claimInputs(db: DeskDb, parcelId: string | null, caseId: string, commandId: string): Promise<DispatchInput[]> {
  if (parcelId === null) return [];
  const row = await waitingParcelById(db, parcelId);
  return row ? [matchInput(row, caseId, commandId)] : [];
}

/** An unmatched parcel of the warehouse already registered with this (normalised) tracking number. */
export async function waitingParcel(db: DeskDb, trackingNumber: string, warehouseId: string | null): Promise<ParcelRow | undefined> {
  const rows = await db.parcels.where('trackingNumber').equals(trackingNumber).toArray();
  return rows.find((p) => p.unmatched === 1 && (warehouseId === null || p.warehouseId === warehouseId));
}
