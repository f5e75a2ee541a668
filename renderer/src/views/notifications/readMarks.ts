/**
 * A person's notification read marks on this desk (local store version 8) and their exchange with
 * the central API. A mark is written here first (`synced` 0), so reading a notice works offline;
 * it is sent when the server answers and then fetched by the person's other desks. Marks of other
 * people who sign in at this desk stay theirs: every read is by staff id.
 */
import Dexie from 'dexie';
import { MAX_NOTICE_READS } from '../../../../shared/sync/notice-reads';
import type { DeskDb } from '../../db/schema';
import type { NoticeReadRow } from '../../db/types';
import type { NoticeReadsApi } from '../../sync/api';

/** Keys `staffId` has read (on any of their desks, as far as this one knows). */
export async function readKeys(db: DeskDb, staffId: string): Promise<Set<string>> {
  const keys = await db.noticeReads.where('[staffId+key]').between([staffId, Dexie.minKey], [staffId, Dexie.maxKey]).primaryKeys();
  return new Set(keys.map(([, key]) => key));
}

/** Records `keys` as read now; keys already read keep their first time. Returns how many were new. */
export async function markRead(db: DeskDb, staffId: string, keys: readonly string[], at: string): Promise<number> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return 0;
  return db.transaction('rw', db.noticeReads, async () => {
    const known = await db.noticeReads.bulkGet(unique.map((key) => [staffId, key] as [string, string]));
    const fresh: NoticeReadRow[] = unique.filter((_, i) => known[i] === undefined).map((key) => ({ staffId, key, readAt: at, synced: 0 }));
    await db.noticeReads.bulkPut(fresh);
    return fresh.length;
  });
}

export interface ReadSyncReport {
  sent: number;
  received: number;
}

/**
 * Sends this desk's unsent marks of `staffId`, then takes the ones made on their other desks.
 * Network work happens between transactions, never inside one. A failure (offline, the token
 * refused) leaves the unsent marks as they are for the next attempt and is thrown to the caller.
 */
export async function syncReadMarks(db: DeskDb, staffId: string, api: NoticeReadsApi): Promise<ReadSyncReport> {
  const unsent = await db.noticeReads.where('[staffId+synced]').equals([staffId, 0]).toArray();
  for (let i = 0; i < unsent.length; i += MAX_NOTICE_READS) {
    const chunk = unsent.slice(i, i + MAX_NOTICE_READS);
    await api.putNoticeReads({ reads: chunk.map((r) => ({ key: r.key, readAt: r.readAt })) });
    await db.noticeReads.bulkPut(chunk.map((r) => ({ ...r, synced: 1 as const })));
  }
  const remote = await api.noticeReads();
  const received = await db.transaction('rw', db.noticeReads, async () => {
    const local = await db.noticeReads.bulkGet(remote.reads.map((r) => [staffId, r.key] as [string, string]));
    const rows: NoticeReadRow[] = [];
    remote.reads.forEach((r, i) => {
      const mine = local[i];
      // Known and sent, and not read earlier elsewhere: nothing to change.
      if (mine && mine.synced === 1 && mine.readAt <= r.readAt) return;
      const readAt = mine && mine.readAt < r.readAt ? mine.readAt : r.readAt;
      rows.push({ staffId, key: r.key, readAt, synced: 1 });
    });
    await db.noticeReads.bulkPut(rows);
    return rows.length;
  });
  return { sent: unsent.length, received };
}
