/**
 * Read marks: written on the desk first (so reading works offline), sent when the server answers,
 * fetched by the person's other desk; another person at the same desk keeps marks of their own.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { SyncApiError, type NoticeReadsApi } from '../../../../renderer/src/sync/api';
import { markRead, readKeys, syncReadMarks } from '../../../../renderer/src/views/notifications/readMarks';
import { uniqueName } from '../../sync/fixtures';

/** The central API's marks of one signed-in person; `down` makes every call fail as offline. */
function centralFor(marks: Map<string, string>, state: { down: boolean; posts: number }): NoticeReadsApi {
  const offline = () => new SyncApiError('network', 'sync.network', null);
  return {
    async noticeReads() {
      if (state.down) throw offline();
      return { reads: [...marks].map(([key, readAt]) => ({ key, readAt })) };
    },
    async putNoticeReads(body) {
      if (state.down) throw offline();
      state.posts += 1;
      for (const r of body.reads) if (!marks.has(r.key) || (marks.get(r.key) ?? '') > r.readAt) marks.set(r.key, r.readAt);
      return { stored: body.reads.length };
    },
  };
}

let deskA: DeskDb;
let deskB: DeskDb;
beforeEach(async () => {
  deskA = await openDeskDb(uniqueName());
  deskB = await openDeskDb(uniqueName());
});
afterEach(() => {
  deskA.close();
  deskB.close();
});

describe('notification read marks', () => {
  it('reads offline, sends later, and the other desk of the same person learns it', async () => {
    const server = new Map<string, string>();
    const state = { down: true, posts: 0 };
    const api = centralFor(server, state);
    expect(await markRead(deskA, 'staff-cs1', ['k1', 'k2', 'k1'], '2026-03-08T12:00:00.000Z')).toBe(2);
    expect(await readKeys(deskA, 'staff-cs1')).toEqual(new Set(['k1', 'k2']));
    await expect(syncReadMarks(deskA, 'staff-cs1', api)).rejects.toMatchObject({ code: 'sync.network' });
    // Nothing lost: both still wait to be sent.
    expect(await deskA.noticeReads.where('[staffId+synced]').equals(['staff-cs1', 0]).count()).toBe(2);

    state.down = false;
    expect(await syncReadMarks(deskA, 'staff-cs1', api)).toEqual({ sent: 2, received: 0 });
    expect([...server.keys()].sort()).toEqual(['k1', 'k2']);
    expect(await deskA.noticeReads.where('[staffId+synced]').equals(['staff-cs1', 0]).count()).toBe(0);
    // Nothing new to send the second time.
    expect(await syncReadMarks(deskA, 'staff-cs1', api)).toEqual({ sent: 0, received: 0 });
    expect(state.posts).toBe(1);

    expect(await readKeys(deskB, 'staff-cs1')).toEqual(new Set());
    expect(await syncReadMarks(deskB, 'staff-cs1', api)).toEqual({ sent: 0, received: 2 });
    expect(await readKeys(deskB, 'staff-cs1')).toEqual(new Set(['k1', 'k2']));
  });

  it('keeps the first time a notice was read, and each person’s marks apart', async () => {
    await markRead(deskA, 'staff-cs1', ['k1'], '2026-03-08T12:00:00.000Z');
    await markRead(deskA, 'staff-cs1', ['k1'], '2026-03-08T13:00:00.000Z');
    expect((await deskA.noticeReads.get(['staff-cs1', 'k1']))?.readAt).toBe('2026-03-08T12:00:00.000Z');
    await markRead(deskA, 'staff-cs2', ['k9'], '2026-03-08T12:30:00.000Z');
    expect(await readKeys(deskA, 'staff-cs1')).toEqual(new Set(['k1']));
    expect(await readKeys(deskA, 'staff-cs2')).toEqual(new Set(['k9']));
    // Only the signed-in person's unsent marks go to their session.
    const server = new Map<string, string>();
    await syncReadMarks(deskA, 'staff-cs1', centralFor(server, { down: false, posts: 0 }));
    expect([...server.keys()]).toEqual(['k1']);
    expect(await deskA.noticeReads.where('[staffId+synced]').equals(['staff-cs2', 0]).count()).toBe(1);
  });

  it('an earlier read on another desk wins over a later one here', async () => {
    await markRead(deskA, 'staff-cs1', ['k1'], '2026-03-08T13:00:00.000Z');
    const server = new Map([['k1', '2026-03-08T11:00:00.000Z']]);
    const state = { down: false, posts: 0 };
    await syncReadMarks(deskA, 'staff-cs1', centralFor(server, state));
    expect(await deskA.noticeReads.get(['staff-cs1', 'k1'])).toEqual({ staffId: 'staff-cs1', key: 'k1', readAt: '2026-03-08T11:00:00.000Z', synced: 1 });
  });
});
