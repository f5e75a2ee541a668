/** The status bar during a workstation's first sync: how far the download is, not only "syncing". */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createAppI18n } from '../../../renderer/src/i18n';
import { useSyncStore } from '../../../renderer/src/stores/sync';
import StatusBar from '../../../renderer/src/components/StatusBar.vue';

let pinia: Pinia;
let wrapper: VueWrapper | undefined;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  // The bar starts the sync store on mount; these tests set its state themselves.
  useSyncStore().start = () => Promise.resolve();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountBar(locale: 'zh-CN' | 'en-US'): Promise<VueWrapper> {
  wrapper = mount(StatusBar, {
    props: { version: '0.1.0', desktop: false },
    global: { plugins: [pinia, createAppI18n(locale)], stubs: { RouterLink: RouterLinkStub } },
  });
  await flushPromises();
  return wrapper;
}

const first = (w: VueWrapper) => w.find('[data-testid="sync-first"]');

describe('status bar: first sync', () => {
  it('shows received / total while the first download runs, in both languages', async () => {
    const sync = useSyncStore();
    sync.firstSync = { received: 12_500, pages: 25, done: false, total: 40_000 };
    const en = await mountBar('en-US');
    expect(first(en).text()).toBe('First sync: 12,500 / 40,000 records');
    en.unmount();
    wrapper = undefined;
    const zh = await mountBar('zh-CN');
    expect(first(zh).text()).toBe('首次同步：12,500 / 40,000 条');
  });

  it('follows the download, shows the count alone while the total is unknown, and goes away when done', async () => {
    const sync = useSyncStore();
    sync.firstSync = { received: 500, pages: 1, done: false, total: null };
    const w = await mountBar('en-US');
    expect(first(w).text()).toBe('First sync: 500 records received');
    sync.firstSync = { received: 1000, pages: 2, done: false, total: 3000 };
    await flushPromises();
    expect(first(w).text()).toBe('First sync: 1,000 / 3,000 records');
    sync.firstSync = { received: 3000, pages: 6, done: true, total: 3000 };
    await flushPromises();
    expect(first(w).exists()).toBe(false);
  });

  it('shows nothing about a first sync on a workstation that has had one', async () => {
    useSyncStore().firstSync = null;
    const w = await mountBar('zh-CN');
    expect(first(w).exists()).toBe(false);
    expect(w.get('[data-testid="sync-status"]').text()).toBe('待同步 0');
  });
});
