/**
 * Return parcels (无主件) in the local store: the pulled parcels (`parcelSnapshots`) merged with this
 * desk's parcel commands not yet reflected in them (`parcels`, which the views read), like cases
 * and `caseView`. A parcel command is decided by the shared parcel rules on the merged parcel and
 * written to the outbox with its optimistic events, in the caller's transaction; it is pushed
 * with the case commands, in device order, through the same endpoint.
 *
 * Every function here runs inside a transaction over `SYNC_TABLES` (which include the parcel
 * tables) and never touches the network.
 */
import {
  decideParcel,
  evolveParcelAll,
  isParcelCommandType,
  validateParcelCommand,
  type Actor,
  type Parcel,
  type ParcelCommand,
  type ParcelEvent,
  type Policy,
} from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { AnyCommand, OutboxRow, ParcelRow, ParcelSnapshotRow, Rejection } from '../db/types';
import { pendingOutboxRow } from './outbox';

export function isParcelCommand(command: AnyCommand): command is ParcelCommand {
  return isParcelCommandType(command.type);
}

/** The merged parcel row of a parcel (pure). */
export function parcelViewRow(parcel: Parcel, serverVersion: number, pendingCount: number): ParcelRow {
  return { ...parcel, unmatched: parcel.status === 'unmatched' ? 1 : 0, serverVersion, pendingCount };
}

/** Outbox rows whose effect still belongs on top of the snapshot. */
function stillPending(row: OutboxRow, snapshot: ParcelSnapshotRow | undefined): boolean {
  if (row.status === 'discarded' || row.status === 'conflict' || row.status === 'rejected') return false;
  if (snapshot?.data.commandIds.includes(row.id)) return false;
  return !(row.status === 'acked' && snapshot && row.ackedVersion !== null && snapshot.version >= row.ackedVersion);
}

/**
 * Folds this desk's pending parcel commands over the pulled parcel (pure). Each command's events
 * recorded when it was issued are applied when they follow the merged version; otherwise (the
 * parcel moved on at another station) the command is decided again on the merged parcel, and
 * one that no longer fits adds nothing (the server will answer it as a conflict). A match is
 * decided again without its case: it was checked when issued, and the case's own commands
 * behind it (the receipt) have moved the case on since.
 */
export function mergeParcel(snapshot: ParcelSnapshotRow | undefined, rows: readonly OutboxRow[], now: string, policy: Policy): { merged: Parcel | undefined; pending: number } {
  let cur = snapshot?.data;
  let pending = 0;
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    if (!isParcelCommand(row.command) || !stillPending(row, snapshot)) continue;
    const events = row.parcelEvents ?? [];
    const first = events[0];
    try {
      if (first && first.version === (cur?.version ?? 0) + 1) {
        cur = evolveParcelAll(cur, events);
        pending += 1;
        continue;
      }
      const command = { ...row.command, baseVersion: cur?.version ?? 0 } as ParcelCommand;
      const decision = decideParcel(cur, command, { policy, now, case: command.type === 'parcel.match' && cur ? relaxedCase(command.payload.caseId, cur) : undefined });
      if (decision.ok) {
        cur = evolveParcelAll(cur, decision.events);
        pending += 1;
      }
    } catch {
      // A broken effect is skipped: the server's answer decides.
    }
  }
  return { merged: cur, pending };
}

/** A stand-in case that passes the case checks of a match already checked when it was issued. */
function relaxedCase(caseId: string, parcel: Parcel): NonNullable<Parameters<typeof decideParcel>[2]['case']> {
  return { id: caseId, state: 'awaiting_receipt', returnAddress: { warehouseId: parcel.warehouseId, name: '', phone: '', address: '' } } as NonNullable<Parameters<typeof decideParcel>[2]['case']>;
}

/** Rewrites the merged rows of these parcels from their snapshots and this desk's commands. */
export async function recomputeParcels(db: DeskDb, ids: readonly string[], now: string, policy: Policy): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const snapshots = await db.parcelSnapshots.bulkGet(unique);
  const rows = await db.outbox.where('caseId').anyOf(unique).toArray();
  const put: ParcelRow[] = [];
  const gone: string[] = [];
  unique.forEach((id, i) => {
    const snapshot = snapshots[i];
    const mine = rows.filter((r) => r.caseId === id && isParcelCommand(r.command));
    if (!snapshot && mine.length === 0) return;
    const { merged, pending } = mergeParcel(snapshot, mine, now, policy);
    if (merged) put.push(parcelViewRow(merged, snapshot?.version ?? 0, pending));
    else gone.push(id);
  });
  if (put.length > 0) await db.parcels.bulkPut(put);
  if (gone.length > 0) await db.parcels.bulkDelete(gone);
}

export interface ParcelDispatchInput {
  type: ParcelCommand['type'];
  /** The parcel (a new id for `parcel.register`). */
  caseId: string;
  payload: unknown;
  baseVersion?: number;
  id?: string;
}

/**
 * Decides one parcel command on the merged parcel and writes its outbox row and the new merged
 * parcel; runs inside the caller's transaction. A match is checked against the merged case the
 * user sees and the parcels this desk knows matched to it.
 */
export async function decideParcelAndWrite(
  db: DeskDb,
  input: ParcelDispatchInput,
  actor: Actor,
  deps: { deviceId: string; now: string; seq: number; commandId: string; policy: Policy },
): Promise<{ ok: true; row: ParcelRow } | { ok: false; rejection: Rejection }> {
  const [current, duplicate] = await Promise.all([db.parcels.get(input.caseId), input.id === undefined ? undefined : db.outbox.get(input.id)]);
  const parcel: Parcel | undefined = current;
  const validation = validateParcelCommand({
    id: deps.commandId,
    type: input.type,
    parcelId: input.caseId,
    baseVersion: input.baseVersion ?? parcel?.version ?? 0,
    occurredAt: deps.now,
    actor,
    payload: input.payload,
  });
  if (!validation.ok) return validation;
  const command = validation.command;
  if (duplicate) return { ok: false, rejection: { code: 'duplicate_command', params: { commandId: command.id } } };
  let matchContext = {};
  if (command.type === 'parcel.match') {
    const [view, holders] = await Promise.all([db.caseView.get(command.payload.caseId), db.parcels.where('caseId').equals(command.payload.caseId).toArray()]);
    matchContext = { case: view?.data, caseParcelId: holders.find((p) => p.id !== command.parcelId && p.status === 'matched')?.id ?? null };
  }
  const decision = decideParcel(parcel, command, { policy: deps.policy, now: deps.now, ...matchContext });
  if (!decision.ok) return decision;
  const events: ParcelEvent[] = decision.events;
  const merged = evolveParcelAll(parcel, events);
  const out: OutboxRow = {
    ...pendingOutboxRow(command, { seq: deps.seq, deviceId: deps.deviceId, aggregateId: command.parcelId, attachments: command.type === 'parcel.register' ? [...command.payload.photos] : [], now: deps.now }),
    parcelEvents: events,
  };
  if (!merged) return { ok: false, rejection: { code: 'parcel_not_found', params: { parcelId: command.parcelId } } };
  const row = parcelViewRow(merged, current?.serverVersion ?? 0, (current?.pendingCount ?? 0) + (events.length > 0 ? 1 : 0));
  await Promise.all([db.meta.put({ key: 'nextSeq', value: deps.seq + 1 }), db.outbox.add(out), db.parcels.put(row)]);
  return { ok: true, row };
}
