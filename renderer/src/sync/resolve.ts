/**
 * The conflict inbox's three answers. Each is explicit and recorded: the refused command keeps
 * its outbox row, the conflict row remembers who resolved it how, and the later commands of the
 * case are released from behind it.
 */
import { canIssue, type Actor } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { ConflictResolution, ConflictRow, Rejection } from '../db/types';
import { dispatch, type DispatchInput } from './dispatch';
import { readPolicy, rebaseCase, SYNC_TABLES } from './local';
import { isParcelCommand, recomputeParcels } from './parcels';

export type ResolveResult = { ok: true; followUpId: string | null } | { ok: false; rejection: Rejection };

async function close(db: DeskDb, conflict: ConflictRow, resolution: ConflictResolution, followUpId: string | null, now: string): Promise<void> {
  const policy = await readPolicy(db);
  await db.transaction('rw', [...SYNC_TABLES], async () => {
    await db.conflicts.update(conflict.commandId, { open: 0, resolution, resolvedAt: now, followUpId });
    if (isParcelCommand(conflict.command)) await recomputeParcels(db, [conflict.caseId], now, policy);
    else await rebaseCase(db, conflict.caseId, now, policy);
  });
}

async function openConflict(db: DeskDb, commandId: string): Promise<ConflictRow | { ok: false; rejection: Rejection }> {
  const conflict = await db.conflicts.get(commandId);
  if (!conflict || conflict.open !== 1) return { ok: false, rejection: { code: 'sync.conflict_not_open', params: { commandId } } };
  return conflict;
}

/**
 * Resolves a conflict by a new command on the case: the case is released first so the command is
 * decided on the server's case, not behind the conflict; if the rules refuse it, the conflict opens
 * again as it was and the case is rebuilt, so nothing the person chose is lost.
 */
async function followUp(
  db: DeskDb,
  conflict: ConflictRow,
  resolution: 'reissued' | 'escalated',
  command: Pick<DispatchInput, 'type' | 'payload'>,
  actor: Actor,
  clock: () => Date,
): Promise<ResolveResult> {
  await close(db, conflict, resolution, null, clock().toISOString());
  const result = await dispatch(db, { ...command, caseId: conflict.caseId }, { actor, clock });
  if (!result.ok) {
    await db.conflicts.update(conflict.commandId, { open: 1, resolution: null, resolvedAt: null });
    await db.transaction('rw', [...SYNC_TABLES], async () => rebaseCase(db, conflict.caseId, clock().toISOString(), await readPolicy(db)));
    return result;
  }
  await db.conflicts.update(conflict.commandId, { followUpId: result.commandId });
  return { ok: true, followUpId: result.commandId };
}

/** Drops the local intent: the server's case stands. */
export async function discardConflict(db: DeskDb, commandId: string, clock: () => Date = () => new Date()): Promise<ResolveResult> {
  const conflict = await openConflict(db, commandId);
  if ('ok' in conflict) return conflict;
  await close(db, conflict, 'discarded', null, clock().toISOString());
  return { ok: true, followUpId: null };
}

/** Issues the same intent again on the case as it is now (a new command, decided again). */
export async function reissueConflict(db: DeskDb, commandId: string, actor: Actor, clock: () => Date = () => new Date()): Promise<ResolveResult> {
  const conflict = await openConflict(db, commandId);
  if ('ok' in conflict) return conflict;
  return followUp(db, conflict, 'reissued', { type: conflict.command.type, payload: conflict.command.payload }, actor, clock);
}

/** Whether this actor may hand a conflict to customer service (a `cs.escalate` command). */
export function canEscalate(actor: Actor): boolean {
  return canIssue(actor.role, 'cs.escalate');
}

/** Hands the case to customer service intervention with the refused intent as the reason. */
export async function escalateConflict(db: DeskDb, commandId: string, actor: Actor, reason: string, clock: () => Date = () => new Date()): Promise<ResolveResult> {
  const conflict = await openConflict(db, commandId);
  if ('ok' in conflict) return conflict;
  if (!canEscalate(actor)) return { ok: false, rejection: { code: 'role_not_allowed', params: { role: actor.role, commandType: 'cs.escalate' } } };
  return followUp(db, conflict, 'escalated', { type: 'cs.escalate', payload: { reason } }, actor, clock);
}
