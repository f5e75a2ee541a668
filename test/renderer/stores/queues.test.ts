import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { QUEUES_PREFERENCE_KEY, useQueuesStore } from '../../../renderer/src/stores/queues';
import { QUEUE_KEYS, SORT_KEYS, emptyFilters, filterOptions, loadRows, queueCounts, queueKeys, type QueueFilters, type QueueKey, type QueueSpec } from '../../../renderer/src/views/cs/queueQuery';
import { QueueIndex } from '../../../renderer/src/views/cs/queueIndex';
import { NOW, uniqueName } from '../sync/fixtures';
import { seedQueues } from '../views/cs/support';

let db: DeskDb;

beforeEach(async () => {
  db = await openDeskDb(uniqueName());
  await seedQueues(db);
  setActivePinia(createPinia());
});
afterEach(() => db.close());

const spec = (queue: QueueKey, patch: Partial<QueueSpec> = {}): QueueSpec => ({ queue, filters: emptyFilters(), search: '', sort: 'due', ...patch });

// Each answer is checked both ways: read from the store's indexes, and from the built queue index.
describe.each(['store indexes', 'queue index'])('from the %s', (way) => {
  let index: QueueIndex | null = null;
  beforeEach(async () => {
    if (way !== 'queue index') return;
    index = new QueueIndex(db, { quietMs: 0 });
    index.start();
    await expect.poll(() => index?.ready).toBe(true);
  });
  afterEach(() => {
    index?.stop();
    index = null;
  });
  const keys = (s: QueueSpec, now: string): Promise<string[]> => queueKeys(db, s, now, { index });

  describe('queue membership', () => {
    it.each<[QueueKey, string[]]>([
      // CS owns the next deadline of cases under review (escalated or not) and of disputes; by due time.
      ['needs_me', ['PR-OLD', 'ESC', 'DISP', 'PR-NEW']],
      ['pending_review', ['PR-OLD', 'ESC', 'PR-NEW']],
      ['rejected', ['REJ']],
      ['disputes', ['DISP']],
      ['awaiting_buyer_shipment', ['SHIP']],
      ['awaiting_outbound', []],
      ['escalated', ['ESC']],
      // Review (7 days) of PR-OLD and ESC, and the refund service level (2 days) of REFUND have passed.
      ['overdue', ['REFUND', 'PR-OLD', 'ESC']],
    ])('%s holds %j', async (queue, ids) => {
      expect(await keys(spec(queue), NOW)).toEqual(ids);
    });

    it('all lists every case, open ones by due time first and ended ones last', async () => {
      const all = await keys(spec('all'), NOW);
      expect(all).toHaveLength(9);
      expect(all.at(-1)).toBe('GONE');
      expect(all.slice(0, 3)).toEqual(['REFUND', 'PR-OLD', 'ESC']);
    });

    it('counts every queue with the same membership', async () => {
      const counts = await queueCounts(db, NOW, index);
      expect(counts).toEqual({ needs_me: 4, pending_review: 3, rejected: 1, disputes: 1, awaiting_buyer_shipment: 1, awaiting_outbound: 0, escalated: 1, overdue: 3, all: 9 });
    });

    it('the overdue queue follows the clock', async () => {
      expect(await keys(spec('overdue'), '2026-02-23T00:00:00.000Z')).toEqual([]);
      expect(await keys(spec('overdue'), '2026-02-27T09:00:00.000Z')).toEqual(['REFUND', 'PR-OLD']);
    });
  });

  describe('queue filters, search and sorting', () => {
    it('filters by type, reason, state, warehouse, carrier, opening date and refund amount', async () => {
      const f = emptyFilters();
      expect(await keys(spec('all', { filters: { ...f, warehouses: ['WH-GZ'] } }), NOW)).toEqual(['SHIP']);
      expect(await keys(spec('all', { filters: { ...f, carriers: ['YTO'] } }), NOW)).toEqual(['DISP']);
      expect(await keys(spec('all', { filters: { ...f, carriers: ['SF', 'YTO'] }, sort: 'case_no' }), NOW)).toEqual(['REFUND', 'DISP', 'RECV']);
      expect(await keys(spec('all', { filters: { ...f, states: ['rejected', 'closed'] } }), NOW)).toEqual(['REJ', 'GONE']);
      expect(await keys(spec('all', { filters: { ...f, types: ['exchange'] } }), NOW)).toEqual([]);
      expect(await keys(spec('pending_review', { filters: { ...f, reasons: ['quality_issue'] } }), NOW)).toEqual(['PR-OLD', 'ESC', 'PR-NEW']);
      expect(await keys(spec('pending_review', { filters: { ...f, openedFrom: '2026-02-22T00:00:00.000Z', openedTo: '2026-02-28T23:59:59.999Z' } }), NOW)).toEqual(['ESC', 'PR-NEW']);
      // Only REFUND has a computed refund: 4850 (half of 9700 paid for two).
      expect(await keys(spec('all', { filters: { ...f, amountMin: 4000, amountMax: 6000 } }), NOW)).toEqual(['REFUND']);
      expect(await keys(spec('all', { filters: { ...f, amountMin: 6000 } }), NOW)).toEqual([]);
    });

    it('searches case number, order number, return tracking number and phone tail within the queue', async () => {
      expect(await keys(spec('all', { search: 'rma260225' }), NOW)).toEqual(['RECV']);
      expect(await keys(spec('all', { search: 'NO-O-3' }), NOW)).toEqual(['REJ']);
      expect(await keys(spec('all', { search: 'SF12345' }), NOW)).toEqual(['RECV']);
      expect(await keys(spec('all', { search: '7777' }), NOW)).toEqual(['ESC']);
      expect(await keys(spec('disputes', { search: '7777' }), NOW)).toEqual([]);
    });

    it('sorts by due time, opening time either way and case number', async () => {
      expect(await keys(spec('needs_me', { sort: 'newest' }), NOW)).toEqual(['PR-NEW', 'DISP', 'ESC', 'PR-OLD']);
      expect(await keys(spec('needs_me', { sort: 'oldest' }), NOW)).toEqual(['PR-OLD', 'ESC', 'DISP', 'PR-NEW']);
      expect(await keys(spec('escalated', { sort: 'case_no' }), NOW)).toEqual(['ESC']);
      expect(await keys(spec('pending_review', { sort: 'case_no' }), NOW)).toEqual(['PR-OLD', 'ESC', 'PR-NEW']);
    });
  });
});

describe('queue rows and filter choices', () => {
  it('reads the rows of a window with their orders, and offers the warehouses and carriers found', async () => {
    const rows = await loadRows(db, ['SHIP', 'missing', 'DISP']);
    expect([...rows.keys()]).toEqual(['SHIP', 'DISP']);
    expect(rows.get('SHIP')?.order?.buyerPhone).toBe('13900004444');
    expect(await filterOptions(db)).toEqual({ warehouses: ['WH-GZ', 'WH-SH'], carriers: ['SF', 'YTO'] });
  });
});

describe('narrow queues and the queue index', () => {
  it('the rows of a narrow condition and the queue index give the same answer as the index walk, for every queue, sort and condition', async () => {
    const index = new QueueIndex(db, { quietMs: 0 });
    index.start();
    await expect.poll(() => index.ready).toBe(true);
    const f = emptyFilters();
    const conditions: Array<{ filters: QueueFilters; search: string }> = [
      { filters: f, search: '' },
      { filters: { ...f, warehouses: ['WH-SH'] }, search: '' },
      { filters: { ...f, reasons: ['quality_issue'], openedFrom: '2026-02-21T00:00:00.000Z', openedTo: null }, search: '' },
      { filters: { ...f, states: ['pending_review', 'awaiting_refund'] }, search: '' },
      { filters: { ...f, amountMin: 0 }, search: '' },
      { filters: f, search: 'RMA2602' },
      { filters: f, search: '1111' },
    ];
    let nonEmpty = 0;
    for (const queue of QUEUE_KEYS) {
      for (const sort of SORT_KEYS) {
        for (const c of conditions) {
          const s: QueueSpec = { queue, sort, ...c };
          const walked = await queueKeys(db, s, NOW, { narrowLimit: -1 });
          expect(await queueKeys(db, s, NOW, { narrowLimit: 1_000_000 }), JSON.stringify(s)).toEqual(walked);
          expect(await queueKeys(db, s, NOW, { index }), `queue index: ${JSON.stringify(s)}`).toEqual(walked);
          if (walked.length > 0) nonEmpty += 1;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(100);
    index.stop();
  });
});

describe('queues store', () => {
  it('saves named filters that survive a restart, and applies them', async () => {
    const store = useQueuesStore();
    store.setQueue('pending_review');
    store.setFilters({ ...emptyFilters(), warehouses: ['WH-SH'], amountMax: 10000 });
    store.setSort('oldest');
    const saved = store.saveCurrent('  上海小额  ');
    expect(saved).toMatchObject({ name: '上海小额', queue: 'pending_review', sort: 'oldest' });
    expect(store.saveCurrent('   ')).toBeNull();
    await nextTick();
    expect(localStorage.getItem(QUEUES_PREFERENCE_KEY)).toContain('上海小额');

    // A restart: a fresh store reads what was saved, and the last view.
    setActivePinia(createPinia());
    const again = useQueuesStore();
    expect(again.saved.map((s) => s.name)).toEqual(['上海小额']);
    expect(again.queue).toBe('pending_review');
    again.clearFilters();
    again.setQueue('all');
    expect(again.applySaved(saved!.id)).toBe(true);
    expect(again.spec).toMatchObject({ queue: 'pending_review', sort: 'oldest', filters: { warehouses: ['WH-SH'], amountMax: 10000 } });
    again.deleteSaved(saved!.id);
    expect(again.saved).toEqual([]);
    expect(again.applySaved(saved!.id)).toBe(false);
  });

  it('drops damaged saved entries one by one instead of the whole list', () => {
    localStorage.setItem(
      QUEUES_PREFERENCE_KEY,
      JSON.stringify({ saved: [{ id: 'a', name: 'ok', queue: 'disputes', filters: emptyFilters(), search: '', sort: 'due' }, { id: 'b', queue: 'nope' }], last: { queue: 'bogus' } }),
    );
    const store = useQueuesStore();
    expect(store.saved.map((s) => s.id)).toEqual(['a']);
    expect(store.queue).toBe('needs_me');
  });

  it('moves the keyboard cursor within the queue and resets it with the queue', () => {
    const store = useQueuesStore();
    store.move(1, 3);
    store.move(5, 3);
    expect(store.cursor).toBe(2);
    store.move(-9, 3);
    expect(store.cursor).toBe(0);
    store.move(2, 3);
    store.toggleSelected('A');
    store.setQueue('disputes');
    expect(store.cursor).toBe(0);
    expect(store.selected).toEqual([]);
  });
});
