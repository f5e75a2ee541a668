/**
 * dispatch(command): the only way the UI changes a case. The command is validated with the shared
 * schema and decided by the shared rules on the merged case (server snapshot + overlay); if legal,
 * its outbox row and its optimistic effect are written in one transaction, so the views (which
 * read `caseView` through liveQuery) show the new state at once, marked as pending sync.
 */
import { evolveAll, validateCommand, type Actor, type AfterSalesCase, type CommandType } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { CaseViewRow, OutboxRow, OverlayRow, Rejection } from '../db/types';
import { decideWith, mergedView, orderIdOf, overlayRows, readContextRows, readPolicy, SYNC_TABLES } from './local';
import { attachmentRefs, deviceIdOf, newId, nextSeq } from './outbox';

export interface DispatchInput {
  type: CommandType;
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

export type DispatchResult = { ok: true; commandId: string; seq: number; view: CaseViewRow | undefined } | { ok: false; rejection: Rejection };

/**
 * One strict-durability transaction in three rounds of IndexedDB requests: what the command is
 * decided on (merged case, snapshot and overlay of the case, policy, device sequence), then the
 * decision context of its order, then every write. The requests of a round are issued together
 * rather than one after the other, so the transaction waits for three round trips, not a dozen.
 */
export async function dispatch(db: DeskDb, input: DispatchInput, deps: DispatchDeps): Promise<DispatchResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  // A fresh UUID cannot be in the outbox yet; only a caller-chosen id is looked up (`duplicate`).
  const generated = newId();
  return db.transaction('rw', [...SYNC_TABLES], async () => {
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
      type: input.type,
      caseId: input.caseId,
      baseVersion: input.baseVersion ?? current?.version ?? 0,
      occurredAt: now,
      actor: deps.actor,
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
  });
}
