import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { DEFAULT_POLICY } from '../../../../shared/domain';
import { DASHBOARD_CACHE_KEY, DASHBOARD_SUMMARY_KEY, DashboardFeed, changeMarker, type DashboardSnapshot } from '../../../../renderer/src/stores/dashboardData';
import { figures, dayOfDate } from '../../../../renderer/src/stats';
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
    const facts = await feed.facts();
    expect(facts.cases.size).toBe(CASE_ROWS.length);
    expect(facts.orders.size).toBe(ORDER_ROWS.length);
    expect(snap.summary.caseCount).toBe(CASE_ROWS.length);
    expect(snap.timeZone).toBe('Asia/Shanghai');
    expect(facts.cases.get('C')?.bench).toMatchObject({ station: 'WH-SH · staff-wh1', grade: 'damaged', hour: 14 });
  });

  it('reads again only the rows a write names: a changed case, a new one, a deleted one', async () => {
    const { db, feed } = await seeded();
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const before = feed.snapshot();
    const beforeFacts = await feed.facts();
    const a = CASE_ROWS[0]!;

    let next = nextSnapshot(feed);
    await db.caseView.put({ ...a, state: 'closed', data: { ...a.data, state: 'closed', closeCause: 'withdrawn', endedAt: '2026-03-03T02:00:00Z' } });
    let snap = await next;
    expect(snap.revision).toBe(before.revision + 1);
    expect((await feed.facts()).cases.get('A')).toMatchObject({ state: 'closed', closeCause: 'withdrawn' });
    // The summary follows: A no longer counts as open.
    expect(snap.summary.openByState.get('pending_review') ?? 0).toBe((before.summary.openByState.get('pending_review') ?? 0) - 1);
    // What was handed out before is unchanged.
    expect(beforeFacts.cases.get('A')?.state).toBe('pending_review');

    next = nextSnapshot(feed);
    await db.caseView.put({ ...a, id: 'K', caseNo: 'RMA-K' });
    await db.orders.delete('O4');
    snap = await next;
    expect((await feed.facts()).cases.get('K')?.caseNo).toBe('RMA-K');
    expect((await feed.facts()).orders.has('O4')).toBe(false);

    next = nextSnapshot(feed);
    await db.caseView.delete('B');
    snap = await next;
    expect((await feed.facts()).cases.has('B')).toBe(false);
    expect(snap.summary.caseCount).toBe(CASE_ROWS.length);
    expect(fullReads).not.toHaveBeenCalled();
  });

  it('reads everything again when a write names no rows (a cleared table)', async () => {
    const { db, feed } = await seeded();
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const next = nextSnapshot(feed);
    await db.caseView.clear();
    const snap = await next;
    expect(fullReads).toHaveBeenCalled();
    expect(snap.summary.caseCount).toBe(0);
    expect((await feed.facts()).orders.size).toBe(ORDER_ROWS.length);
  });
});

const MARCH = { from: dayOfDate(2026, 3, 1), to: dayOfDate(2026, 3, 3) };
const NOW = Date.parse('2026-03-03T04:00:00Z');

async function saved(db: DeskDb): Promise<void> {
  await vi.waitFor(async () => expect(await db.meta.get(DASHBOARD_SUMMARY_KEY)).toBeDefined(), { timeout: 5_000 });
}

describe('the saved summary and projections', () => {
  it('let a later start draw from one row, reading the projections only when a drill-down wants them', async () => {
    const { db, feed } = await seeded();
    expect(feed.snapshot().source).toBe('store');
    await saved(db);
    const first = feed.snapshot();
    const firstFacts = await feed.facts();
    feed.stop();

    const later = new DashboardFeed(db);
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const metaReads = vi.spyOn(db.meta, 'get');
    await later.ready();
    const snap = later.snapshot();
    expect(snap.source).toBe('cache');
    expect(fullReads).not.toHaveBeenCalled();
    // Not even the packed projections were read to draw.
    expect(metaReads.mock.calls.map(([key]) => key)).not.toContain(DASHBOARD_CACHE_KEY);
    expect(figures(snap.summary, MARCH, NOW)).toEqual(figures(first.summary, MARCH, NOW));

    const facts = await later.facts();
    expect(metaReads.mock.calls.map(([key]) => key)).toContain(DASHBOARD_CACHE_KEY);
    expect(fullReads).not.toHaveBeenCalled();
    expect([...facts.cases.values()]).toEqual([...firstFacts.cases.values()]);
    expect([...facts.orders.values()]).toEqual([...firstFacts.orders.values()]);
    later.stop();
  });

  it('keep a start from the saved summary current: a change reads the saved projections, then the changed row', async () => {
    const { db, feed: first } = await seeded();
    await saved(db);
    first.stop();
    const later = new DashboardFeed(db);
    feed = later;
    await later.ready();
    expect(later.snapshot().source).toBe('cache');
    const fullReads = vi.spyOn(db.caseView, 'orderBy');
    const a = CASE_ROWS[0]!;
    const next = nextSnapshot(later);
    await db.caseView.put({ ...a, state: 'closed', data: { ...a.data, state: 'closed', closeCause: 'withdrawn', endedAt: '2026-03-03T02:00:00Z' } });
    const snap = await next;
    expect(fullReads).not.toHaveBeenCalled();
    expect(snap.summary.caseCount).toBe(CASE_ROWS.length);
    expect((await later.facts()).cases.get('A')).toMatchObject({ state: 'closed' });
    expect(figures(snap.summary, MARCH, NOW).openByState.find((x) => x.state === 'pending_review')?.count).toBe(0);
  });

  it('are read again from every case once the store moved on (a pull, a command recorded here)', async () => {
    const { db, feed } = await seeded();
    await saved(db);
    feed.stop();
    for (const change of [() => db.meta.put({ key: 'cursor', value: 42 }), () => db.meta.put({ key: 'nextSeq', value: 7 })]) {
      await change();
      const later = new DashboardFeed(db);
      await later.ready();
      expect(later.snapshot().source).toBe('store');
      expect(later.snapshot().summary.caseCount).toBe(CASE_ROWS.length);
      await vi.waitFor(async () => expect(((await db.meta.get(DASHBOARD_CACHE_KEY))?.value as { marker: string }).marker).toBe(await changeMarker(db, DEFAULT_POLICY)), { timeout: 5_000 });
      await vi.waitFor(async () => expect(((await db.meta.get(DASHBOARD_SUMMARY_KEY))?.value as { marker: string }).marker).toBe(await changeMarker(db, DEFAULT_POLICY)), { timeout: 5_000 });
      later.stop();
    }
  });
});
