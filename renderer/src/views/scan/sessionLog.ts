/**
 * Today's scans at this station with what became of them and their sync state, read from the
 * scan log and the outbox. "Today" is the workstation's local day.
 */
import type { DeskDb } from '../../db/schema';
import type { OutboxStatus, ScanLogRow } from '../../db/types';

export type LogSyncState = OutboxStatus | 'none' | 'local';

export interface LogEntry extends ScanLogRow {
  sync: LogSyncState;
}

export function startOfLocalDay(now: Date): string {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

export async function todaysScans(db: DeskDb, now: Date, limit = 500): Promise<LogEntry[]> {
  const rows = await db.scanLog.where('at').aboveOrEqual(startOfLocalDay(now)).reverse().limit(limit).toArray();
  const ids = rows.map((r) => r.commandId).filter((id): id is string => id !== null);
  const outbox = await db.outbox.bulkGet(ids);
  // In flight or waiting for the network: to the worker both mean "not on the server yet".
  const status = new Map(outbox.filter((o) => o !== undefined).map((o) => [o.id, o.status === 'sending' ? 'pending' : o.status]));
  return rows.map((row) => ({
    ...row,
    // Unmatched parcels registered before they were synced facts have no command: this desk only.
    sync: row.commandId ? (status.get(row.commandId) ?? 'none') : row.outcome === 'unmatched_registered' ? 'local' : 'none',
  }));
}

/** Entries whose command has not reached the server yet (what a worker checks before leaving). */
export function waitingCount(entries: readonly LogEntry[]): number {
  return entries.filter((e) => e.sync === 'pending').length;
}
