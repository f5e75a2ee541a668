/**
 * The notifications store: the signed-in agent's unread count and flagged cases follow the local
 * store live, reading a notice lowers the count at once (offline too) and queues the mark for the
 * server, the due-soon window is a saved preference, and other roles get no notifications.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { openDeskDb, type DeskDb } from '../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../renderer/src/sync/runtime';
import { markContentShown, resetFirstContent } from '../../../renderer/src/composables/useFirstContent';
import { NOTIFICATIONS_PREFERENCE_KEY, useNotificationsStore } from '../../../renderer/src/stores/notifications';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { putSnapshot, serverCaseAfter, uniqueName } from '../sync/fixtures';

const NOW = '2026-03-08T12:00:00.000Z';
const CS1 = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs' as const, warehouseId: null };

let db: DeskDb;
beforeEach(async () => {
  db = await openDeskDb(uniqueName('notify'));
  // Under review since 03-01 13:00: due 03-08 13:00, an hour after NOW.
  const c = serverCaseAfter('SOON', 'O-SOON');
  await putSnapshot(db, { ...c, openedAt: '2026-03-01T13:00:00.000Z', stateEnteredAt: '2026-03-01T13:00:00.000Z' }, 'RMA-SOON');
  const offline = (async () => {
    throw new TypeError('fetch failed');
  }) as typeof fetch;
  configureRuntime({ db: async () => db, fetch: offline, clock: () => new Date(NOW), defaultApiBase: 'http://central.test' });
  setActivePinia(createPinia());
});
afterEach(() => {
  resetFirstContent();
  resetRuntime();
  db.close();
});

describe('notifications store', () => {
  it('counts unread notices of the signed-in agent, flags their cases, and reads them offline', async () => {
    const session = useSessionStore();
    session.staff = CS1;
    session.token = 'token-abcdefghijklmnop';
    const store = useNotificationsStore();
    // The opened screen reads first: nothing is derived before its first content is drawn.
    await vi.waitFor(() => expect(store.loading).toBe(false));
    expect(store.unreadCount).toBe(0);
    markContentShown();
    await vi.waitFor(() => expect(store.unreadCount).toBe(1));
    expect(store.list[0]).toMatchObject({ kind: 'due', caseNo: 'RMA-SOON' });
    expect(store.flaggedCases.has('SOON')).toBe(true);

    await store.markAllRead();
    await vi.waitFor(() => expect(store.unreadCount).toBe(0));
    expect(store.flaggedCases.size).toBe(0);
    expect(store.isRead(store.list[0]!.key)).toBe(true);
    // The server could not be reached: the mark waits on this desk, and the list says so.
    await vi.waitFor(() => expect(store.lastError).toBe('sync.network'));
    expect(await db.noticeReads.where('[staffId+synced]').equals(['staff-cs1', 0]).count()).toBe(1);
  });

  it('keeps the chosen window, and offers only the listed ones', async () => {
    const session = useSessionStore();
    session.staff = CS1;
    const store = useNotificationsStore();
    expect(store.windowHours).toBe(4);
    store.setWindowHours(8);
    store.setWindowHours(5);
    expect(store.windowHours).toBe(8);
    expect(JSON.parse(localStorage.getItem(NOTIFICATIONS_PREFERENCE_KEY) ?? '{}')).toEqual({ windowHours: 8 });
    setActivePinia(createPinia());
    expect(useNotificationsStore().windowHours).toBe(8);
  });

  it('tells warehouse staff nothing', async () => {
    const session = useSessionStore();
    session.staff = { id: 'staff-wh1', username: 'wh1', displayName: '仓库', role: 'warehouse', warehouseId: 'WH-SH' };
    const store = useNotificationsStore();
    await vi.waitFor(() => expect(store.loading).toBe(false));
    expect(store.viewer).toBeNull();
    expect(store.unreadCount).toBe(0);
  });
});
