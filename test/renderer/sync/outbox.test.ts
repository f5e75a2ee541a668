import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openDeskDb } from '../../../renderer/src/db/schema';
import type { OutboxRow, OutboxStatus } from '../../../renderer/src/db/types';
import { ACTIVE_STATUSES, nextBatch } from '../../../renderer/src/sync/outbox';
import type { Actor } from '../../../shared/domain';
import { CS, NOW, command, uniqueName } from './fixtures';

function row(seq: number, caseId: string, status: OutboxStatus, actor: Actor = CS): OutboxRow {
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    id,
    seq,
    deviceId: 'desk-1',
    caseId,
    type: 'cs.escalate',
    command: command('cs.escalate', caseId, 1, { reason: 'x' }, actor, id),
    baseVersion: 1,
    occurredAt: NOW,
    status,
    attempts: 0,
    lastError: null,
    ackedVersion: null,
    attachments: [],
    createdAt: NOW,
    updatedAt: NOW,
  };
}

/** The rule in its plainest form: all active rows in device order, first per case, none blocked. */
function expected(rows: readonly OutboxRow[], blocked: ReadonlySet<string>, limit: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of [...rows].filter((r) => (ACTIVE_STATUSES as readonly string[]).includes(r.status)).sort((a, b) => a.seq - b.seq)) {
    if (seen.has(r.caseId)) continue;
    seen.add(r.caseId);
    if (blocked.has(r.caseId)) continue;
    out.push(r.id);
    if (out.length >= limit) break;
  }
  return out;
}

describe('nextBatch', () => {
  it('takes the first active command per case in device order across many rows, merging those left sending', async () => {
    const db = await openDeskDb(uniqueName());
    const statuses: OutboxStatus[] = ['pending', 'pending', 'acked', 'pending', 'sending', 'rejected', 'pending'];
    // 1,300 rows over 400 cases: most cases have several commands; a few were left 'sending'.
    const rows = Array.from({ length: 1300 }, (_, i) => row(i + 1, `C${(i * 7) % 400}`, statuses[i % statuses.length] as OutboxStatus));
    await db.outbox.bulkAdd(rows);
    await db.conflicts.put({ commandId: 'x', caseId: 'C14', kind: 'conflict', rejection: { code: 'invalid_state', params: {} }, command: rows[0]?.command ?? command('cs.escalate', 'C14', 1, {}, CS), serverCase: null, serverVersion: null, createdAt: NOW, open: 1, resolution: null, resolvedAt: null, followUpId: null });
    const blocked = new Set(['C14']);
    for (const limit of [1, 100, 399, 1000]) {
      expect((await nextBatch(db, limit)).map((r) => r.id)).toEqual(expected(rows, blocked, limit));
    }
    // Cases whose answers are still being recorded are left for a later batch.
    const skip = new Set(['C0', 'C7', 'C21']);
    expect((await nextBatch(db, 1000, skip)).map((r) => r.id)).toEqual(expected(rows, new Set([...blocked, ...skip]), 1000));
  });

  it('takes one person’s commands only, and leaves a case whose earlier command is someone else’s', async () => {
    const db = await openDeskDb(uniqueName());
    const cs2: Actor = { id: 'staff-cs2', role: 'cs' };
    // cs1 (CS) worked C1 and C2; the next shift (cs2) worked C2 after them, then C3 and C1.
    await db.outbox.bulkAdd([row(1, 'C1', 'pending'), row(2, 'C2', 'sending'), row(3, 'C2', 'pending', cs2), row(4, 'C3', 'pending', cs2), row(5, 'C1', 'pending', cs2)]);
    const ids = async (actorId?: string): Promise<number[]> => (await nextBatch(db, 10, new Set(), actorId)).map((r) => r.seq);
    expect(await ids(CS.id)).toEqual([1, 2]);
    expect(await ids(cs2.id)).toEqual([4]);
    expect(await ids()).toEqual([1, 2, 4]);
    // Once cs1's are answered, cs2's wait no longer.
    await db.outbox.bulkUpdate([1, 2].map((seq) => ({ key: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, changes: { status: 'acked' as const } })));
    expect(await ids(cs2.id)).toEqual([3, 4, 5]);
    expect(await ids(CS.id)).toEqual([]);
  });
});
