/**
 * dispatch(command): the only way the UI changes a case. The command is validated with the shared
 * schema and decided by the shared rules on the merged case (server snapshot + overlay); if legal,
 * its outbox row and its optimistic effect are written in one transaction, so the views (which
 * read `caseView` through liveQuery) show the new state at once, marked as pending sync. A parcel
 * command (`parcel.*`) is decided by the parcel rules and merged into `parcels` the same way
 * (`./parcels.ts`). The session-log row of the decision can be written in that transaction too.
 */
import { evolveAll, isParcelCommandType, validateCommand, type Actor, type AfterSalesCase, type CommandType, type ParcelCommandType } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { CaseViewRow, OutboxRow, OverlayRow, ParcelRow, Rejection, ScanLogRow } from '../db/types';
import { decideWith, mergedView, orderIdOf, overlayRows, readContextRows, readPolicy, SYNC_TABLES } from './local';
import { attachmentRefs, deviceIdOf, newId, nextSeq } from './outbox';
import { decideParcelAndWrite } from './parcels';

export interface DispatchInput {
  /** A case command, or a parcel command (`parcel.*`, with the parcel's id as `caseId`). */
  type: CommandType | ParcelCommandType;
  caseId: string;
  payload: unknown;
  /** Defaults to the version of the merged case the user sees. */
  baseVersion?: number;
  /** Defaults to a new UUID. */
  id?: string;
}

export interface DispatchDeps {
  actor: Actor;
  clock?: () => Date;
}

export type DispatchResult = { ok: true; commandId: string; seq: number; view: CaseViewRow | undefined; parcel?: ParcelRow } | { ok: false; rejection: Rejection };

/**
 * Rows written in the same transaction as the command(s): a decision's session-log row. (A
 * parcel is no extra row: it changes through its own commands, recorded in the same call.)
 */
export interface DispatchExtras {
  scanLog?: readonly ScanLogRow[];
}

export type DispatchAllResult = { ok: true; results: Extract<DispatchResult, { ok: true }>[] } | { ok: false; index: number; rejection: Rejection };

/** A refusal inside `dispatchAll`: thrown to abort the transaction, caught outside it. */
class Refused extends Error {
  constructor(
    readonly index: number,
    readonly rejection: Rejection,
  ) {
    super(rejection.code);
  }
}

function tablesFor(extras: DispatchExtras | undefined): string[] {
  // The parcel tables are sync tables (parcel commands share the outbox).
  const tables: string[] = [...SYNC_TABLES];
  if (extras?.scanLog?.length) tables.push('scanLog');
  return tables;
}

function writeExtras(db: DeskDb, extras: DispatchExtras | undefined): Promise<unknown> {
  const writes: Promise<unknown>[] = [];
  if (extras?.scanLog?.length) writes.push(db.scanLog.bulkPut([...extras.scanLog]));
  return Promise.all(writes);
}

/**
 * One strict-durability transaction in three rounds of IndexedDB requests: what the command is
 * decided on (merged case, snapshot and overlay of the case, policy, device sequence), then the
 * decision context of its order, then every write. The requests of a round are issued together
 * rather than one after the other, so the transaction waits for three round trips, not a dozen.
 * `extras` (a decision's session-log row) are written in the same transaction when
 * the command is accepted: a failed write of theirs undoes the command too.
 */
export async function dispatch(db: DeskDb, input: DispatchInput, deps: DispatchDeps, extras?: DispatchExtras): Promise<DispatchResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  return db.transaction('rw', tablesFor(extras), async () => {
    const result = await decideAndWrite(db, input, deps.actor, deviceId, now);
    if (result.ok && extras) await writeExtras(db, extras);
    return result;
  });
}

/**
 * Several commands (an unmatched parcel's match, then the cases of the parcel) and their extra rows in one transaction: all are
 * recorded, or none — the first refusal (its index in `inputs`) undoes the ones before it. Each is
 * decided on the state the ones before it left.
 */
export async function dispatchAll(db: DeskDb, inputs: readonly DispatchInput[], deps: DispatchDeps, extras?: DispatchExtras): Promise<DispatchAllResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  try {
    return await db.transaction('rw', tablesFor(extras), async () => {
      const results: Extract<DispatchResult, { ok: true }>[] = [];
      for (const [index, input] of inputs.entries()) {
        const result = await decideAndWrite(db, input, deps.actor, deviceId, now);
        if (!result.ok) throw new Refused(index, result.rejection);
        results.push(result);
      }
      await writeExtras(db, extras);
      return { ok: true as const, results };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, index: error.index, rejection: error.rejection };
    throw error;
  }
}

/** Decides one command and writes its outbox row and effect; runs inside the caller's transaction. */
async function decideAndWrite(db: DeskDb, input: DispatchInput, actor: Actor, deviceId: string, now: string): Promise<DispatchResult> {
  // A fresh UUID cannot be in the outbox yet; only a caller-chosen id is looked up (`duplicate`).
  const generated = newId();
  if (isParcelCommandType(input.type)) {
    const [policy, seq] = await Promise.all([readPolicy(db), nextSeq(db)]);
    const done = await decideParcelAndWrite(db, { ...input, type: input.type }, actor, { deviceId, now, seq, commandId: input.id ?? generated, policy });
    return done.ok ? { ok: true, commandId: input.id ?? generated, seq, view: undefined, parcel: done.row } : done;
  }
  const type: CommandType = input.type;
  const [view, policy, seq, snapshot, overlay, duplicate] = await Promise.all([
    db.caseView.get(input.caseId),
    readPolicy(db),
    nextSeq(db),
    db.cases.get(input.caseId),
    overlayRows(db, input.caseId),
    input.id === undefined ? undefined : db.outbox.get(input.id),
  ]);
  const current: AfterSalesCase | undefined = view?.data;
  const validation = validateCommand({
    id: input.id ?? generated,
    type,
    caseId: input.caseId,
    baseVersion: input.baseVersion ?? current?.version ?? 0,
    occurredAt: now,
    actor,
    payload: input.payload,
  });
  if (!validation.ok) return { ok: false, rejection: validation.rejection };
  const command = validation.command;
  if (duplicate) return { ok: false, rejection: { code: 'duplicate_command', params: { commandId: command.id } } };
  const rows = await readContextRows(db, orderIdOf(current, command));
  const decision = decideWith(rows, current, command, now, policy);
  if (!decision.ok) return { ok: false, rejection: decision.rejection };
  // The effect must fold: a broken event is a rules bug, better refused than queued.
  evolveAll(current, decision.events);

  const row: OutboxRow = {
    id: command.id,
    seq,
    deviceId,
    caseId: command.caseId,
    type: command.type,
    command,
    baseVersion: command.baseVersion,
    occurredAt: command.occurredAt,
    status: 'pending',
    attempts: 0,
    lastError: null,
    ackedVersion: null,
    attachments: attachmentRefs(command.payload),
    createdAt: now,
    updatedAt: now,
  };
  const effect: OverlayRow = { commandId: command.id, caseId: command.caseId, seq, events: decision.events, failing: null };
  // The merged row as `recomputeView` rebuilds it, from the rows this transaction read.
  const next = await mergedView(db, snapshot, [...overlay, effect].sort((a, b) => a.seq - b.seq), policy, rows.order);
  await Promise.all([
    db.meta.put({ key: 'nextSeq', value: seq + 1 }),
    db.outbox.add(row),
    db.overlay.put(effect),
    next ? db.caseView.put(next) : db.caseView.delete(command.caseId),
  ]);
  return { ok: true, commandId: command.id, seq, view: next };
}
