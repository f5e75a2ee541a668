/**
 * The queues' owner filter (跟进人): mine, unassigned, or one staff member's cases, read from the
 * owner index (local store version 8) with the same answer on the narrow read and the index walk,
 * "mine" following whoever is signed in, and kept with the saved view across a restart.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { useQueuesStore } from '../../../../renderer/src/stores/queues';
import { activeFilterCount, emptyFilters, ownerMatches, queueKeys, type OwnerFilter, type QueueKey, type QueueSpec } from '../../../../renderer/src/views/cs/queueQuery';
import { ownerChoice, ownerFromChoice } from '../../../../renderer/src/views/cs/useOwners';
import { QueueIndex } from '../../../../renderer/src/views/cs/queueIndex';
import { NOW, putSnapshot, uniqueName } from '../../sync/fixtures';
import { seedQueues } from './support';

let db: DeskDb;

/** Gives a seeded case an owner, as a pulled `cs.assign` would. */
async function assign(id: string, owner: string | null): Promise<void> {
  const row = await db.cases.get(id);
  if (!row) throw new Error(`no case ${id}`);
  await putSnapshot(db, { ...row.data, owner, version: row.data.version + 1 }, row.caseNo);
}

beforeEach(async () => {
  db = await openDeskDb(uniqueName());
  await seedQueues(db);
  await assign('PR-OLD', 'staff-cs1');
  await assign('DISP', 'staff-cs1');
  await assign('PR-NEW', 'staff-cs2');
  // Released again: as unassigned as a case never taken.
  await assign('ESC', null);
  setActivePinia(createPinia());
});
afterEach(() => db.close());

const spec = (queue: QueueKey, owner: OwnerFilter | null, me: string | null = 'staff-cs1'): QueueSpec => ({ queue, filters: { ...emptyFilters(), owner }, search: '', sort: 'due', me });

describe('owner filter', () => {
  it.each<[string, QueueKey, OwnerFilter | null, string | null, string[]]>([
    ['mine', 'needs_me', { kind: 'mine' }, 'staff-cs1', ['PR-OLD', 'DISP']],
    ['mine for another agent', 'needs_me', { kind: 'mine' }, 'staff-cs2', ['PR-NEW']],
    ['mine with nobody signed in', 'needs_me', { kind: 'mine' }, null, []],
    ['unassigned', 'needs_me', { kind: 'unassigned' }, 'staff-cs1', ['ESC']],
    ['one staff member', 'all', { kind: 'staff', staffId: 'staff-cs2' }, 'staff-admin', ['PR-NEW']],
    ['anyone', 'pending_review', null, 'staff-cs1', ['PR-OLD', 'ESC', 'PR-NEW']],
  ])('%s', async (_name, queue, owner, me, ids) => {
    // The narrow read (owner index first), the full index walk and the queue index agree.
    expect(await queueKeys(db, spec(queue, owner, me), NOW)).toEqual(ids);
    expect(await queueKeys(db, spec(queue, owner, me), NOW, { narrowLimit: 0 })).toEqual(ids);
    // And the in-memory queue index.
    const index = new QueueIndex(db, { quietMs: 0 });
    index.start();
    await expect.poll(() => index.ready).toBe(true);
    expect(await queueKeys(db, spec(queue, owner, me), NOW, { index })).toEqual(ids);
    index.stop();
  });

  it('counts as a filter in use, and matches a case row the same way', () => {
    expect(activeFilterCount({ ...emptyFilters(), owner: { kind: 'unassigned' } })).toBe(1);
    expect(activeFilterCount(emptyFilters())).toBe(0);
    expect(ownerMatches({ kind: 'unassigned' }, undefined, 'staff-cs1')).toBe(true);
    expect(ownerMatches({ kind: 'unassigned' }, 'staff-cs2', 'staff-cs1')).toBe(false);
    expect(ownerMatches({ kind: 'mine' }, 'staff-cs1', 'staff-cs1')).toBe(true);
    expect(ownerMatches({ kind: 'staff', staffId: 'staff-cs2' }, 'staff-cs1', 'staff-admin')).toBe(false);
  });

  it('is one select value each way', () => {
    const filters: (OwnerFilter | null)[] = [null, { kind: 'mine' }, { kind: 'unassigned' }, { kind: 'staff', staffId: 'staff-cs2' }];
    for (const f of filters) expect(ownerFromChoice(ownerChoice(f))).toEqual(f);
    expect(ownerFromChoice('staff:')).toBeNull();
  });

  it('survives a restart as "mine", not as an id', async () => {
    const store = useQueuesStore();
    store.setFilters({ ...emptyFilters(), owner: { kind: 'mine' } });
    await nextTick();
    setActivePinia(createPinia());
    const again = useQueuesStore();
    expect(again.filters.owner).toEqual({ kind: 'mine' });
  });
});
