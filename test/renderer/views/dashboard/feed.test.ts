import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { DashboardFeed, type DashboardSnapshot } from '../../../../renderer/src/stores/dashboardData';
import { uniqueName } from '../../sync/fixtures';
import { CASE_ROWS, ORDER_ROWS } from './fixture';

let db: DeskDb | undefined;
let feed: DashboardFeed | undefined;
afterEach(() => {
  feed?.stop();
  db?.close();
});

async function seeded(): Promise<{ db: DeskDb; feed: DashboardFeed }> {
  db = await openDeskDb(uniqueName());
  await db.caseView.bulkPut(CASE_ROWS);
  await db.orders.bulkPut(ORDER_ROWS);
  feed = new DashboardFeed(db);
  await feed.ready();
  return { db, feed };
}

function nextSnapshot(f: DashboardFeed): Promise<DashboardSnapshot> {
  return new Promise((resolve) => {
    const stop = f.subscribe((snap) => {
      stop();
      resolve(snap);
    });
  });
}

describe('the dashboard feed', () => {
  it('projects every case and order of the store once', async () => {
    const { feed } = await seeded();
    const snap = feed.snapshot();
    expect(snap.cases.size).toBe(CASE_ROWS.length);
    expect(snap.orders.size).toBe(ORDER_ROWS.length);
    expect(snap.timeZone).toBe('Asia/Shanghai');
    expect(snap.cases.get('C')?.bench).toMatchObject({ station: 'WH-SH · staff-wh1', grade: 'damaged', hour: 14 });
  });

  it('reads again only the rows a write names: a changed case, a new one, a deleted one', async () => {
    const { db, feed } = await seeded();
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const before = feed.snapshot();
    const a = CASE_ROWS[0]!;

    let next = nextSnapshot(feed);
    await db.caseView.put({ ...a, state: 'closed', data: { ...a.data, state: 'closed', closeCause: 'withdrawn', endedAt: '2026-03-03T02:00:00Z' } });
    let snap = await next;
    expect(snap.revision).toBe(before.revision + 1);
    expect(snap.cases.get('A')).toMatchObject({ state: 'closed', closeCause: 'withdrawn' });
    // The snapshot handed out before is unchanged.
    expect(before.cases.get('A')?.state).toBe('pending_review');

    next = nextSnapshot(feed);
    await db.caseView.put({ ...a, id: 'K', caseNo: 'RMA-K' });
    await db.orders.delete('O4');
    snap = await next;
    expect(snap.cases.get('K')?.caseNo).toBe('RMA-K');
    expect(snap.orders.has('O4')).toBe(false);

    next = nextSnapshot(feed);
    await db.caseView.delete('B');
    snap = await next;
    expect(snap.cases.has('B')).toBe(false);
    expect(snap.cases.size).toBe(CASE_ROWS.length);
    expect(fullReads).not.toHaveBeenCalled();
  });

  it('reads everything again when a write names no rows (a cleared table)', async () => {
    const { db, feed } = await seeded();
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const next = nextSnapshot(feed);
    await db.caseView.clear();
    const snap = await next;
    expect(fullReads).toHaveBeenCalled();
    expect(snap.cases.size).toBe(0);
    expect(snap.orders.size).toBe(ORDER_ROWS.length);
  });
});
