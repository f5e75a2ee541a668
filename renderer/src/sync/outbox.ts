/**
 * Outbox queries and the device identity. The outbox is the workstation's record of intent: rows
 * are never compacted; their status moves pending → sending → acked | conflict | rejected, and a
 * person may mark a refused one discarded.
 */
import type { DeskDb } from '../db/schema';
import type { OutboxRow } from '../db/types';

export const ACTIVE_STATUSES = ['pending', 'sending'] as const;

function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** The workstation's stable id (created on first use); sessions and acknowledgements are per device. */
export async function deviceIdOf(db: DeskDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('deviceId');
    if (typeof row?.value === 'string') return row.value;
    const id = `desk-${newId()}`;
    await db.meta.put({ key: 'deviceId', value: id });
    return id;
  });
}

/** Next per-device sequence number; call inside a rw transaction that includes `meta`. */
export async function takeSeq(db: DeskDb): Promise<number> {
  const row = await db.meta.get('nextSeq');
  const seq = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: 'nextSeq', value: seq + 1 });
  return seq;
}

export { newId };

/** Case ids whose queue is held by an open conflict or rejection. */
export async function blockedCases(db: DeskDb): Promise<Set<string>> {
  const open = await db.conflicts.where('open').equals(1).toArray();
  return new Set(open.map((c) => c.caseId));
}

/**
 * The next commands to push: in device order, at most one per case (so a conflict can hold the
 * later commands of its case before the server sees them), none of a blocked case.
 */
export async function nextBatch(db: DeskDb, limit: number): Promise<OutboxRow[]> {
  const blocked = await blockedCases(db);
  const rows = await db.outbox.where('status').anyOf([...ACTIVE_STATUSES]).sortBy('seq');
  const seen = new Set<string>();
  const batch: OutboxRow[] = [];
  for (const row of rows) {
    if (seen.has(row.caseId)) continue;
    seen.add(row.caseId);
    if (blocked.has(row.caseId)) continue;
    batch.push(row);
    if (batch.length >= limit) break;
  }
  return batch;
}

/** Commands not yet answered by the server. */
export function pendingCount(db: DeskDb): Promise<number> {
  return db.outbox.where('status').anyOf([...ACTIVE_STATUSES]).count();
}

/** Photo references (sha256) anywhere in a payload. */
export function attachmentRefs(payload: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof value === 'string') {
      if (/^[a-f0-9]{64}$/.test(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const v of Object.values(value)) walk(v, depth + 1);
    }
  };
  walk(payload, 0);
  return [...found];
}
