/**
 * The station's session log (今日扫描记录): every scan with what became of it. Written here in
 * the order the scans happened, after the scan is shown (strict durability waits for the disk);
 * read back as today's scans with their sync state from the outbox. "Today" is the workstation's
 * local day.
 */
import { shallowRef } from 'vue';
import type { DeskDb } from '../../db/schema';
import { classifyStorageError, isStorageError, type StorageProblem } from '../../db/storage';
import type { OutboxStatus, ScanLogRow } from '../../db/types';
import { newId } from '../../sync/outbox';

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

export type ScanLogPatch = Partial<Pick<ScanLogRow, 'outcome' | 'caseId' | 'caseNo' | 'commandId' | 'parcelId'>>;

export interface ScanLogOptions {
  now(): string;
  staffId(): string | null;
  /** Lookups that stay out of the log (staff who do not receive goods). */
  silent(): boolean;
  /** A write failed with this storage problem (the scan itself went through). */
  failed(problem: StorageProblem): void;
}

/**
 * The writer of the session log. Writes run one after another in the order they were asked for,
 * so an update never runs before the put of its row. With none in flight a write starts at once
 * (its transaction exists before the caller goes on); otherwise it waits for the one before. A
 * failure is reported (`problem`, and `failed`), never lost, and the next write still runs.
 */
export function createScanLog(options: ScanLogOptions) {
  /** The row of the scan that brought the parcel to the bench. */
  const row = shallowRef<ScanLogRow | null>(null);
  /** The storage problem of a write that failed (for the view to show); null when none. */
  const problem = shallowRef<StorageProblem | null>(null);
  let tail: Promise<void> = Promise.resolve();
  let inFlight = 0;

  function queue(store: DeskDb, write: (store: DeskDb) => Promise<unknown>): Promise<void> {
    const run = async (): Promise<void> => {
      try {
        await write(store);
      } catch (error) {
        report(error);
      } finally {
        inFlight -= 1;
      }
    };
    inFlight += 1;
    tail = inFlight === 1 ? run() : tail.then(run);
    return tail;
  }

  function report(error: unknown): void {
    // Not a storage failure: a fault of ours, kept in the console as well.
    if (!isStorageError(error)) console.error('scan log write failed', error);
    const classified = classifyStorageError(error);
    problem.value = classified;
    options.failed(classified);
  }

  /** Writes a scan (queued) and returns its row at once. */
  function write(store: DeskDb, entry: Omit<ScanLogRow, 'id' | 'at' | 'staffId'> & { at?: string }): ScanLogRow {
    const full: ScanLogRow = { id: newId(), at: entry.at ?? options.now(), staffId: options.staffId(), ...entry };
    if (!options.silent()) void queue(store, (s) => s.scanLog.put(full));
    return full;
  }

  /** Writes the scan that put a parcel on the bench; its row follows what becomes of the parcel. */
  function start(store: DeskDb, entry: Omit<ScanLogRow, 'id' | 'at' | 'staffId'> & { at?: string }): void {
    row.value = write(store, entry);
  }

  /** What became of the scan on the bench, on its row (queued). */
  function update(store: DeskDb, patch: ScanLogPatch): void {
    const current = row.value;
    if (!current || options.silent()) return;
    row.value = { ...current, ...patch };
    void queue(store, (s) => s.scanLog.update(current.id, patch));
  }

  /**
   * The bench's row as a decision leaves it, to be written with the decision: queued writes of
   * the row are finished first (so none of them lands after it). Null when the scan has no row.
   */
  async function finalRow(patch: Partial<ScanLogRow>): Promise<ScanLogRow | null> {
    await tail;
    return row.value ? { ...row.value, ...patch } : null;
  }

  /** The parcel left the bench: later updates belong to the next scan's row. */
  function forget(): void {
    row.value = null;
  }

  return { row, problem, write, start, update, finalRow, forget };
}

export type ScanLog = ReturnType<typeof createScanLog>;
