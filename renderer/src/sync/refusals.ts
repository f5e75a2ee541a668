/**
 * Commands the server did not apply, as the conflict inbox holds them: the outbox row is closed
 * and an open entry waits for a person (discard, re-issue, escalate). No silent last-writer-wins.
 */
import type { AfterSalesCase } from '../../../shared/domain';
import type { DeskDb } from '../db/schema';
import type { ConflictRow, OutboxRow, Rejection } from '../db/types';

/** An open inbox entry for a command the server did not apply. */
export function inboxEntry(row: OutboxRow, kind: ConflictRow['kind'], rejection: Rejection, now: string, serverCase: AfterSalesCase | null = null, serverVersion: number | null = null): ConflictRow {
  return {
    commandId: row.id,
    caseId: row.caseId,
    kind,
    rejection,
    command: row.command,
    serverCase,
    serverVersion,
    createdAt: now,
    open: 1,
    resolution: null,
    resolvedAt: null,
    followUpId: null,
  };
}

/**
 * A command the server refused for good: the outbox row is closed as rejected and the inbox gets
 * an entry for a person. Call inside a transaction over SYNC_TABLES.
 */
export async function recordRejection(db: DeskDb, row: OutboxRow, rejection: Rejection, now: string): Promise<void> {
  await db.outbox.update(row.id, { status: 'rejected', lastError: rejection.code, updatedAt: now });
  await db.conflicts.put(inboxEntry(row, 'rejected', rejection, now));
}
