/**
 * Outbox queries and the device identity. The outbox is the workstation's record of intent: rows
 * are never compacted; their status moves pending → acked | conflict | rejected (by way of
 * sending when a request failed or was slow to answer), and a person may mark a refused one
 * discarded.
 */
import Dexie from 'dexie';
import type { DeskDb } from '../db/schema';
import type { AnyCommand, OutboxRow } from '../db/types';

export const ACTIVE_STATUSES = ['pending', 'sending'] as const;

function newId(): string {
  return globalThis.crypto.randomUUID();
}

/** Device ids once read: the id never changes after it was first written. */
const knownDeviceIds = new WeakMap<DeskDb, string>();

/** The workstation's stable id (created on first use); sessions and acknowledgements are per device. */
export async function deviceIdOf(db: DeskDb): Promise<string> {
  const known = knownDeviceIds.get(db);
  if (known !== undefined) return known;
  // A plain read first: only the very first call needs a write transaction.
  const stored = await db.meta.get('deviceId');
  const id =
    typeof stored?.value === 'string'
      ? stored.value
      : await db.transaction('rw', db.meta, async () => {
          const row = await db.meta.get('deviceId');
          if (typeof row?.value === 'string') return row.value;
          const created = `desk-${newId()}`;
          await db.meta.put({ key: 'deviceId', value: created });
          return created;
        });
  knownDeviceIds.set(db, id);
  return id;
}

/**
 * The device id one staff member signs in and pushes under on this workstation. The API binds a
 * device id to the first staff member who registered it (so nobody can move another desk's
 * acknowledgements), and a workstation is shared between shifts: each person gets their own id,
 * the workstation's id with their user name, hex-encoded so any name stays a plain identifier.
 */
export function staffDeviceId(workstationId: string, username: string): string {
  const hex = [...new TextEncoder().encode(username.trim().toLowerCase())].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${workstationId}.${hex}`;
}

/**
 * The device id of whoever is signed in on this workstation now (the workstation's own id when
 * nobody is: a push then fails as unauthorized anyway).
 */
export async function currentDeviceId(db: DeskDb): Promise<string> {
  const workstation = await deviceIdOf(db);
  const session = await db.session.where('current').equals(1).first();
  return session ? staffDeviceId(workstation, session.username) : workstation;
}

/**
 * The next per-device sequence number, not yet taken: the caller writes `nextSeq` = seq + 1 in the
 * same rw transaction (over `meta`) that uses it.
 */
export function nextSeq(db: DeskDb): Promise<number> {
  return db.meta.get('nextSeq').then((row) => (typeof row?.value === 'number' ? row.value : 1));
}

export { newId };

/** Case ids whose queue is held by an open conflict or rejection. */
export async function blockedCases(db: DeskDb): Promise<Set<string>> {
  const open = await db.conflicts.where('open').equals(1).toArray();
  return new Set(open.map((c) => c.caseId));
}

/** Outbox rows read per step while looking for the next batch. */
const SCAN_CHUNK = 500;

/**
 * The next commands to push: in device order, at most one per case or parcel (so a conflict can
 * hold the later commands of its case before the server sees them), none of a blocked case, none
 * of a case in `skipCases` (commands already on their way), and none of a case whose parcel match
 * (issued before them) waits. With `actorId`, only that person's commands (a shared workstation
 * pushes each person's commands under their own token): a case whose earlier command is someone
 * else's waits for it. Reads the active rows in device order
 * through the `[status+seq]` index, a chunk at a time, only as far as the batch needs.
 */
export async function nextBatch(db: DeskDb, limit: number, skipCases: ReadonlySet<string> = new Set(), actorId?: string): Promise<OutboxRow[]> {
  const blocked = await blockedCases(db);
  // Rows left 'sending' (answer lost, or still on their way) are few; pending ones may be many.
  const sending = await db.outbox.where('[status+seq]').between(['sending', Dexie.minKey], ['sending', Dexie.maxKey]).toArray();
  const seen = new Set<string>();
  const batch: OutboxRow[] = [];
  const take = (row: OutboxRow): boolean => {
    // A parcel's match goes before the decisions on its case: while the match waits, so does the case.
    const matched = row.command.type === 'parcel.match' ? row.command.payload.caseId : null;
    if (seen.has(row.caseId)) {
      if (matched !== null) seen.add(matched);
      return false;
    }
    seen.add(row.caseId);
    // Another person's command still holds its case: theirs goes first, under their own name.
    const mine = actorId === undefined || row.command.actor.id === actorId;
    if (mine && !blocked.has(row.caseId) && !skipCases.has(row.caseId)) batch.push(row);
    else if (matched !== null) seen.add(matched);
    return batch.length >= limit;
  };
  let s = 0;
  let after: number | null = null;
  for (;;) {
    const lower: [string, unknown] = after === null ? ['pending', Dexie.minKey] : ['pending', after];
    const chunk: OutboxRow[] = await db.outbox.where('[status+seq]').between(lower, ['pending', Dexie.maxKey], after === null, true).limit(SCAN_CHUNK).toArray();
    const last: number = chunk.length === SCAN_CHUNK ? (chunk.at(-1)?.seq ?? Infinity) : Infinity;
    // Merge the two in device order up to the end of this chunk.
    for (const row of chunk) {
      while (s < sending.length && (sending[s] as OutboxRow).seq < row.seq) if (take(sending[s++] as OutboxRow)) return batch;
      if (take(row)) return batch;
    }
    if (last === Infinity) {
      while (s < sending.length) if (take(sending[s++] as OutboxRow)) return batch;
      return batch;
    }
    after = last;
  }
}

/**
 * A command as it enters the outbox: pending, never sent, stamped with its place in the device's
 * sequence. `aggregateId` is its case, or its parcel for a parcel command.
 */
export function pendingOutboxRow(command: AnyCommand, at: { seq: number; deviceId: string; aggregateId: string; attachments: string[]; now: string }): OutboxRow {
  return {
    id: command.id,
    seq: at.seq,
    deviceId: at.deviceId,
    caseId: at.aggregateId,
    type: command.type,
    command,
    baseVersion: command.baseVersion,
    occurredAt: command.occurredAt,
    status: 'pending',
    attempts: 0,
    lastError: null,
    ackedVersion: null,
    attachments: at.attachments,
    createdAt: at.now,
    updatedAt: at.now,
  };
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
