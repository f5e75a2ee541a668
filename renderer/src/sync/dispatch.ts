/**
 * dispatch(command): the only way the UI changes a case. The command is validated with the shared
 * schema and decided by the shared rules on the merged case (server snapshot + overlay); if legal,
 * its outbox row and its optimistic effect are written in one transaction, so the views (which
 * read `caseView` through liveQuery) show the new state at once, marked as pending sync.
 */
import { evolveAll, validateCommand, type Actor, type AfterSalesCase, type CommandType } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { CaseViewRow, OutboxRow, Rejection } from '../db/types';
import { decideWith, orderIdOf, readContextRows, readPolicy, recomputeView, SYNC_TABLES } from './local';
import { attachmentRefs, deviceIdOf, newId, takeSeq } from './outbox';

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

export async function dispatch(db: DeskDb, input: DispatchInput, deps: DispatchDeps): Promise<DispatchResult> {
  const deviceId = await deviceIdOf(db);
  const now = (deps.clock ?? (() => new Date()))().toISOString();
  // A fresh UUID cannot be in the outbox yet; only a caller-chosen id is checked.
  const generated = newId();
  return db.transaction('rw', [...SYNC_TABLES], async () => {
    const view = await db.caseView.get(input.caseId);
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
    if (command.id !== generated && (await db.outbox.get(command.id))) return { ok: false, rejection: { code: 'duplicate_command', params: { commandId: command.id } } };
    const policy = await readPolicy(db);
    const rows = await readContextRows(db, orderIdOf(current, command));
    const decision = decideWith(rows, current, command, now, policy);
    if (!decision.ok) return { ok: false, rejection: decision.rejection };
    // The effect must fold: a broken event is a rules bug, better refused than queued.
    evolveAll(current, decision.events);

    const seq = await takeSeq(db);
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
    await db.outbox.add(row);
    await db.overlay.put({ commandId: command.id, caseId: command.caseId, seq, events: decision.events, failing: null });
    const next = await recomputeView(db, command.caseId, policy, rows.order);
    return { ok: true, commandId: command.id, seq, view: next };
  });
}
