/**
 * The queues page with the keyboard: j/k (or arrows) move the cursor over the queue's cases,
 * Enter opens the one under it, / puts the cursor in the search box; typing there searches
 * instead of moving. Counts per queue come from the local store.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, KeepAlive, type Component } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import Dexie from 'dexie';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { useQueuesStore } from '../../../../renderer/src/stores/queues';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import QueuesView from '../../../../renderer/src/views/cs/QueuesView.vue';
import { NOW, uniqueName } from '../../sync/fixtures';
import { seedQueues } from './support';
import { resetFirstContent } from '../../../../renderer/src/composables/useFirstContent';
import { forgetQueueCounts } from '../../../../renderer/src/views/cs/useQueueCounts';
import { forgetKeptAnswers } from '../../../../renderer/src/composables/useStoreQuery';
import { stopQueueIndexes } from '../../../../renderer/src/views/cs/queueIndex';

let db: DeskDb;
let router: Router;
let wrapper: VueWrapper | null = null;

beforeEach(async () => {
  db = await openDeskDb(uniqueName('queues-view'));
  await seedQueues(db);
  configureRuntime({ db: async () => db, clock: () => new Date(NOW), fetch: (async () => { throw new TypeError('offline'); }) as typeof fetch });
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().staff = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null };
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/queues', name: 'queues', component: QueuesView },
      { path: '/case/:id', name: 'case', component: { render: () => h('div', { 'data-testid': 'case-page' }) } as Component },
    ],
  });
  await router.push('/queues');
  const Root = { render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) } as Component;
  wrapper = mount(Root, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), router] } });
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  forgetQueueCounts();
  forgetKeptAnswers();
  stopQueueIndexes();
  resetFirstContent();
  resetRuntime();
  db.close();
});

function key(k: string, target: Element = document.body): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}

const attr = (id: string, name: string): string | null => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(name) ?? null;

describe('queues page', () => {
  it('shows the live count of each queue and the cases of the open one', async () => {
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-count-needs_me', 'data-count')).toBe('4');
      expect(attr('queue-list', 'data-count')).toBe('4');
    });
    expect(attr('queue-count-disputes', 'data-count')).toBe('1');
    expect(attr('queue-count-all', 'data-count')).toBe('9');
  });

  it('draws its first rows before it counts the queues (a count walks a whole index)', async () => {
    wrapper?.unmount();
    forgetQueueCounts();
    resetFirstContent();
    let release: () => void = () => undefined;
    const rowsHeld = new Promise<void>((resolve) => (release = resolve));
    const bulkGet = db.caseView.bulkGet.bind(db.caseView);
    const held = vi.spyOn(db.caseView, 'bulkGet').mockImplementation((keys) => Dexie.Promise.resolve(rowsHeld).then(() => bulkGet(keys)));
    const count = vi.spyOn(db.caseView, 'count');
    const Root = { render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) } as Component;
    wrapper = mount(Root, { attachTo: document.body, global: { plugins: [createPinia(), createAppI18n('zh-CN'), router] } });
    useSessionStore().staff = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null };
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('4');
      expect(held).toHaveBeenCalled();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flushPromises();
    expect(count).not.toHaveBeenCalled();
    expect(attr('queue-count-needs_me', 'data-count')).toBe('0');
    release();
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-count-needs_me', 'data-count')).toBe('4');
    });
    expect(count).toHaveBeenCalled();
  });

  it('moves with j/k and arrows, opens with Enter, and searches after /', async () => {
    const store = useQueuesStore();
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('4');
    });
    key('j');
    key('ArrowDown');
    key('k');
    expect(store.cursor).toBe(1);
    key('j');
    key('j');
    key('j');
    expect(store.cursor).toBe(3);
    key('Enter');
    // Needs me by due time: PR-OLD, ESC, DISP, PR-NEW.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/case/PR-NEW'));

    await router.push('/queues');
    await flushPromises();
    key('/');
    const input = document.querySelector('[data-testid="queue-search"] input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    // Keys typed into the search box are text, not navigation.
    key('j', input);
    expect(store.cursor).toBe(3);
  });

  it('builds its queue index in the background after the first rows, then filters and searches in memory', async () => {
    const store = useQueuesStore();
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('4');
    });
    expect(attr('area-queues', 'data-queue-index')).toBe('reading');
    await vi.waitFor(
      async () => {
        await flushPromises();
        expect(attr('area-queues', 'data-queue-index')).toBe('built');
      },
      { timeout: 8000, interval: 100 },
    );
    const reads = vi.spyOn(db.caseView, 'where');
    store.setFilters({ ...store.filters, states: ['pending_review'] });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('3');
    });
    store.setSearch('7777');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('1');
    });
    // Answered from memory: no index of the store was read for them.
    expect(reads).not.toHaveBeenCalled();
    // A write is followed: the case leaves the answer.
    await db.caseView.delete('ESC');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(document.querySelector('[data-testid="queue-empty"]')).not.toBeNull();
    });
  }, 15_000);

  it('kept alive between visits: no keys and no reads while away, back at once with what changed', async () => {
    wrapper?.unmount();
    const kept = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/queues', name: 'queues', component: QueuesView },
        { path: '/settings', name: 'settings', component: { render: () => h('div', { 'data-testid': 'settings' }) } as Component },
        { path: '/case/:id', name: 'case', component: { render: () => h('div', { 'data-testid': 'case-page' }) } as Component },
      ],
    });
    await kept.push('/queues');
    const Root = {
      render: () =>
        h(NMessageProvider, null, () =>
          h(NDialogProvider, null, () => h(RouterView, null, { default: ({ Component: C }: { Component: Component }) => h(KeepAlive, { include: ['QueuesView'] }, [h(C)]) })),
        ),
    } as Component;
    const pinia = createPinia();
    setActivePinia(pinia);
    useSessionStore().staff = { id: 'staff-cs1', username: 'cs1', displayName: '客服 Chen', role: 'cs', warehouseId: null };
    wrapper = mount(Root, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), kept] } });
    const store = useQueuesStore();
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('4');
    });
    key('j');
    expect(store.cursor).toBe(1);

    await kept.push('/settings');
    await flushPromises();
    expect(document.querySelector('[data-testid="queue-list"]')).toBeNull();
    // Keys on another screen are not the queue's.
    key('j');
    key('Enter');
    expect(store.cursor).toBe(1);
    expect(kept.currentRoute.value.fullPath).toBe('/settings');
    // A case leaves the queue while the agent is away: nothing is read until they are back.
    const reads = vi.spyOn(db.caseView, 'where');
    await db.caseView.delete('PR-NEW');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flushPromises();
    expect(reads).not.toHaveBeenCalled();

    await kept.push('/queues');
    await flushPromises();
    // The same list at once, the cursor where it was; then the change read.
    expect(document.querySelector('[data-testid="queue-list"]')).not.toBeNull();
    expect(store.cursor).toBe(1);
    await vi.waitFor(async () => {
      await flushPromises();
      expect(attr('queue-list', 'data-count')).toBe('3');
    });
    expect(reads).toHaveBeenCalled();
    key('j');
    expect(store.cursor).toBe(2);
  });
});

