/**
 * The staff directory store: staff ids are shown by name from the copy in the local store —
 * fetched at sign-in, kept for offline use, refreshed after a sync only when older than ten
 * minutes — an unknown id stays an id, a reply that is not a directory changes nothing, and buyers
 * never ask.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { DIRECTORY_REFRESH_MS, STAFF_DIRECTORY_KEY, useStaffDirectoryStore } from '../../../renderer/src/stores/staffDirectory';
import { useSyncStore } from '../../../renderer/src/stores/sync';
import { uniqueName } from '../sync/fixtures';
import type { Staff } from '../../../shared/sync/wire';

const ADMIN = { id: 'staff-admin', username: 'admin', displayName: '主管 Admin', role: 'admin' as const, warehouseId: null };
const DIRECTORY = {
  staff: [
    { id: 'staff-cs1', displayName: '客服 Chen', role: 'cs', active: true },
    { id: 'staff-cs2', displayName: '客服 Bai', role: 'cs', active: true },
    { id: 'staff-wh1', displayName: '仓库 Wang', role: 'warehouse', active: true },
    { id: 'staff-cs-gone', displayName: '离职 Former', role: 'cs', active: false },
  ],
};

let db: DeskDb;
let now: Date;
let reply: () => Response;
const requests: string[] = [];

beforeEach(async () => {
  db = await openDeskDb(uniqueName('directory'));
  now = new Date('2026-12-07T03:00:00.000Z');
  reply = () => Response.json(DIRECTORY);
  requests.length = 0;
  const fetch = (async (input: RequestInfo | URL) => {
    requests.push(String(input));
    return reply();
  }) as typeof globalThis.fetch;
  configureRuntime({ db: async () => db, fetch, clock: () => now, defaultApiBase: 'http://central.test' });
  setActivePinia(createPinia());
});
afterEach(() => {
  resetRuntime();
  db.close();
});

function signIn(staff: Staff): void {
  const session = useSessionStore();
  session.token = 'token-abcdefghijklmnop';
  session.staff = staff;
}

describe('staff directory store', () => {
  it('fetches the directory at sign-in and shows names, the signed-in person included', async () => {
    const store = useStaffDirectoryStore();
    expect(store.nameOf('staff-cs1')).toBe('staff-cs1');
    signIn(ADMIN);
    await vi.waitFor(() => expect(store.nameOf('staff-cs1')).toBe('客服 Chen'));
    expect(requests).toEqual(['http://central.test/staff/directory']);
    expect(store.nameOf('staff-admin')).toBe('主管 Admin');
    expect(store.nameOf('staff-unknown')).toBe('staff-unknown');
    // Former colleagues keep their names but are offered to nobody.
    expect(store.nameOf('staff-cs-gone')).toBe('离职 Former');
    expect(store.colleagues(['cs', 'admin']).map((e) => e.id)).toEqual(['staff-admin', 'staff-cs2', 'staff-cs1']);
    expect(store.colleagues(['warehouse']).map((e) => e.displayName)).toEqual(['仓库 Wang']);
  });

  it('names from the saved copy offline, and keeps it when the server cannot be reached', async () => {
    await db.meta.put({ key: STAFF_DIRECTORY_KEY, value: { fetchedAt: '2026-12-01T00:00:00.000Z', staff: DIRECTORY.staff } });
    reply = () => {
      throw new TypeError('fetch failed');
    };
    signIn(ADMIN);
    const store = useStaffDirectoryStore();
    await vi.waitFor(() => expect(store.lastError).toBe('sync.network'));
    expect(store.nameOf('staff-cs2')).toBe('客服 Bai');
    expect(((await db.meta.get(STAFF_DIRECTORY_KEY))?.value as { fetchedAt: string }).fetchedAt).toBe('2026-12-01T00:00:00.000Z');
  });

  it('refreshes after a sync only when the copy is older than ten minutes', async () => {
    signIn(ADMIN);
    const store = useStaffDirectoryStore();
    await vi.waitFor(() => expect(store.nameOf('staff-cs1')).toBe('客服 Chen'));
    const sync = useSyncStore();
    sync.lastSyncAt = '2026-12-07T03:01:00.000Z';
    await store.refresh();
    expect(requests).toHaveLength(1);
    now = new Date(now.getTime() + DIRECTORY_REFRESH_MS + 1);
    reply = () => Response.json({ staff: [...DIRECTORY.staff, { id: 'staff-cs3', displayName: '客服 Ning', role: 'cs', active: true }] });
    sync.lastSyncAt = '2026-12-07T03:12:00.000Z';
    await vi.waitFor(() => expect(store.nameOf('staff-cs3')).toBe('客服 Ning'));
    expect(requests).toHaveLength(2);
  });

  it('keeps the last copy when the reply is not a directory', async () => {
    await db.meta.put({ key: STAFF_DIRECTORY_KEY, value: { fetchedAt: '2026-12-01T00:00:00.000Z', staff: DIRECTORY.staff } });
    reply = () => Response.json({ staff: [{ id: 'staff-buyer1', displayName: 'Buyer', role: 'buyer', active: true }] });
    signIn(ADMIN);
    const store = useStaffDirectoryStore();
    await vi.waitFor(() => expect(store.lastError).toBe('sync.invalid_reply'));
    expect(store.nameOf('staff-cs1')).toBe('客服 Chen');
    expect(store.nameOf('staff-buyer1')).toBe('staff-buyer1');
  });

  it('asks nothing for a buyer', async () => {
    signIn({ id: 'staff-buyer1', username: 'buyer1', displayName: 'Buyer', role: 'buyer', warehouseId: null });
    const store = useStaffDirectoryStore();
    await store.refresh(0);
    expect(requests).toEqual([]);
    expect(store.nameOf('staff-buyer1')).toBe('staff-buyer1');
  });
});
