import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { DASHBOARD_CACHE_KEY, DashboardFeed, changeMarker, type DashboardSnapshot } from '../../../../renderer/src/stores/dashboardData';
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

describe('the packed copy of the projections', () => {
  it('lets a later start read one row instead of every case, while the store is unchanged', async () => {
    const { db, feed } = await seeded();
    expect(feed.snapshot().source).toBe('store');
    await vi.waitFor(async () => expect(await db.meta.get(DASHBOARD_CACHE_KEY)).toBeDefined(), { timeout: 5_000 });
    const first = feed.snapshot();
    feed.stop();

    const later = new DashboardFeed(db);
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    await later.ready();
    const snap = later.snapshot();
    expect(snap.source).toBe('cache');
    expect(fullReads).not.toHaveBeenCalled();
    expect([...snap.cases.values()]).toEqual([...first.cases.values()]);
    expect([...snap.orders.values()]).toEqual([...first.orders.values()]);
    later.stop();
  });

  it('reads every case again once the store moved on (a pull, a command recorded here)', async () => {
    const { db, feed } = await seeded();
    await vi.waitFor(async () => expect(await db.meta.get(DASHBOARD_CACHE_KEY)).toBeDefined(), { timeout: 5_000 });
    feed.stop();
    for (const change of [() => db.meta.put({ key: 'cursor', value: 42 }), () => db.meta.put({ key: 'nextSeq', value: 7 })]) {
      await change();
      const later = new DashboardFeed(db);
      await later.ready();
      expect(later.snapshot().source).toBe('store');
      expect(later.snapshot().cases.size).toBe(CASE_ROWS.length);
      await vi.waitFor(async () => expect(((await db.meta.get(DASHBOARD_CACHE_KEY))?.value as { marker: string }).marker).toBe(await changeMarker(db, DEFAULT_POLICY)), { timeout: 5_000 });
      later.stop();
    }
  });
});
