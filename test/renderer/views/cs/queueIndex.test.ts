/**
 * The in-memory queue index stays equal to the local store: built in chunks, then kept by the keys
 * Dexie announces for every committed write — from this connection, another connection to the same
 * store (another window, the sync engine), during the build, in large batches and over ranges.
 */
import 'fake-indexeddb/auto';
import type { IntervalTree } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import type { CaseViewRow } from '../../../../renderer/src/db/types';
import { factsOf } from '../../../../renderer/src/views/cs/queueFacts';
import { QueueIndex, changedKeys } from '../../../../renderer/src/views/cs/queueIndex';
import { emptyFilters, queueKeys } from '../../../../renderer/src/views/cs/queueQuery';
import { NOW, uniqueName } from '../../sync/fixtures';
import { seedQueues } from './support';

let name: string;
let db: DeskDb;
let index: QueueIndex;

beforeEach(async () => {
  name = uniqueName();
  db = await openDeskDb(name);
  await seedQueues(db);
});
afterEach(() => {
  index?.stop();
  db.close();
});

async function started(options: ConstructorParameters<typeof QueueIndex>[1] = {}): Promise<QueueIndex> {
  index = new QueueIndex(db, { quietMs: 0, ...options });
  index.start();
  await expect.poll(() => index.ready).toBe(true);
  return index;
}

/** The index holds exactly the facts of the rows in the store. */
async function expectEqualToStore(): Promise<void> {
  const facts = await index.current();
  expect(facts).not.toBeNull();
  const rows = await db.caseView.toArray();
  expect(new Map(facts!)).toEqual(new Map(rows.map((r) => [r.id, factsOf(r)])));
}

async function row(id: string): Promise<CaseViewRow> {
  const found = await db.caseView.get(id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
}

/** A copy of a case under another id and case number. */
async function copies(of: string, n: number, prefix = 'NEW'): Promise<CaseViewRow[]> {
  const base = await row(of);
  return Array.from({ length: n }, (_, i) => ({ ...base, id: `${prefix}-${String(i).padStart(5, '0')}`, caseNo: `RMA9${String(i).padStart(8, '0')}`, data: { ...base.data, id: `${prefix}-${i}` } }));
}

describe('queue index', () => {
  it('is built from every case of the store, in chunks', async () => {
    await started({ chunk: 2 });
    expect(index.size).toBe(9);
    await expectEqualToStore();
  });

  it('answers nothing before it is built, and the queue is then read from the store indexes', async () => {
    index = new QueueIndex(db, { quietMs: 60_000 });
    index.start();
    expect(await index.current()).toBeNull();
    const spec = { queue: 'needs_me' as const, filters: emptyFilters(), search: '', sort: 'due' as const };
    expect(await queueKeys(db, spec, NOW, { index })).toEqual(['PR-OLD', 'ESC', 'DISP', 'PR-NEW']);
  });

  it('follows puts, updates and deletes, and an answer asked right after a write already sees it', async () => {
    await started();
    const pr = await row('PR-NEW');
    await db.caseView.put({ ...pr, queue: '', dueAt: '', state: 'closed', data: { ...pr.data, state: 'closed', owner: 'staff-cs9' } });
    await db.caseView.delete('REJ');
    await db.caseView.bulkPut(await copies('DISP', 3));
    await db.caseView.update('SHIP', { returnTrackingNo: 'YT0000001' });
    // No wait for the index: the query waits for the announced changes itself.
    const spec = { queue: 'needs_me' as const, filters: emptyFilters(), search: '', sort: 'due' as const };
    const needsMe = await queueKeys(db, spec, NOW, { index });
    expect(needsMe).not.toContain('PR-NEW');
    expect(needsMe).toEqual(expect.arrayContaining(['NEW-00000', 'NEW-00001', 'NEW-00002']));
    expect(await queueKeys(db, { ...spec, queue: 'all', search: 'YT0000001' }, NOW, { index })).toEqual(['SHIP']);
    await expectEqualToStore();
    expect(index.size).toBe(11);
  });

  it('sees writes made through another connection to the same store', async () => {
    await started();
    const other = await openDeskDb(name);
    try {
      await other.caseView.bulkPut(await copies('ESC', 2, 'OTHER'));
      await other.caseView.delete('GONE');
    } finally {
      other.close();
    }
    await expectEqualToStore();
    expect(index.size).toBe(10);
  });

  it('reads again the cases written while it was being built', async () => {
    index = new QueueIndex(db, { quietMs: 0, chunk: 1 });
    index.start();
    // Written while the build reads one case at a time: some land in chunks already read.
    const writes = (async () => {
      for (const id of ['DISP', 'ESC', 'GONE', 'PR-NEW', 'PR-OLD', 'RECV', 'REFUND', 'REJ', 'SHIP']) {
        const r = await row(id);
        await db.caseView.put({ ...r, buyerPhoneTail: '0000' });
      }
      await db.caseView.bulkPut(await copies('REJ', 4));
    })();
    await writes;
    await expect.poll(() => index.ready).toBe(true);
    await expectEqualToStore();
    const facts = await index.current();
    expect([...facts!.values()].every((f) => f.buyerPhoneTail === '0000')).toBe(true);
  });

  it('is built again after a clear or a batch too large to read by id, and answers from the store indexes meanwhile', async () => {
    await started({ rebuildAbove: 5 });
    await db.caseView.bulkPut(await copies('PR-OLD', 8));
    // Eight keys are more than five: built again, not patched.
    await expect.poll(() => index.ready).toBe(true);
    await expectEqualToStore();
    expect(index.size).toBe(17);
    await db.caseView.clear();
    await expect.poll(() => index.ready).toBe(true);
    expect(index.size).toBe(0);
    await db.caseView.bulkPut(await seedAgain());
    await expect.poll(() => index.ready).toBe(true);
    await expectEqualToStore();
  });

  it('stops listening and forgets every case when stopped, and can be started again', async () => {
    await started();
    index.stop();
    expect(await index.current()).toBeNull();
    expect(index.size).toBe(0);
    await db.caseView.delete('GONE');
    index.start();
    await expect.poll(() => index.ready).toBe(true);
    await expectEqualToStore();
  });
});

/** Rows for a store emptied by a clear: the fixtures' cases under new ids. */
async function seedAgain(): Promise<CaseViewRow[]> {
  const other = await openDeskDb(uniqueName());
  try {
    await seedQueues(other);
    return (await other.caseView.toArray()).map((r) => ({ ...r, id: `B-${r.id}` }));
  } finally {
    other.close();
  }
}

describe('changed keys of a storagemutated event', () => {
  const part = (table: string, index = '') => `idb://desk/${table}/${index}`;
  const keys = (first: string, second?: string): IntervalTree => ({ from: first, to: first, d: 1, ...(second !== undefined ? { r: { from: second, to: second, d: 0 } } : {}) });

  it('names the case view keys, ignores other tables and other stores, and calls a range the whole table', () => {
    expect(changedKeys('desk', { [part('caseView')]: keys('A', 'B'), [part('caseView', 'state')]: keys('open') })).toEqual(['A', 'B']);
    expect(changedKeys('desk', { [part('orders')]: keys('A') })).toBeNull();
    expect(changedKeys('other', { [part('caseView')]: keys('A') })).toBeNull();
    const whole = changedKeys('desk', { [part('caseView')]: { from: 'A', to: 'Z', d: 1 } });
    expect(Array.isArray(whole)).toBe(false);
    expect(whole).not.toBeNull();
    // Only an index named: which cases changed is unknown.
    expect(Array.isArray(changedKeys('desk', { [part('caseView', 'state')]: keys('open') }))).toBe(false);
  });
});
