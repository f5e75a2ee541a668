/** The sync status panel's first-sync progress: received / total when the feed said how much, a running bar when not. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createAppI18n } from '../../../../renderer/src/i18n';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import StatusPanel from '../../../../renderer/src/views/sync/StatusPanel.vue';

let pinia: Pinia;
let wrapper: VueWrapper | undefined;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
});

async function mountPanel(locale: 'zh-CN' | 'en-US', firstSync: ReturnType<typeof useSyncStore>['firstSync']): Promise<VueWrapper> {
  useSyncStore().firstSync = firstSync;
  wrapper = mount(StatusPanel, { global: { plugins: [pinia, createAppI18n(locale)] } });
  await flushPromises();
  return wrapper;
}

const text = (w: VueWrapper): string => w.get('[data-testid="first-sync-text"]').text();
const valueNow = (w: VueWrapper): string | undefined => w.get('[data-testid="first-sync-bar"]').attributes('aria-valuenow');

describe('sync status panel: first-sync progress', () => {
  it('shows received of total with a percentage once the feed has said how much the download holds', async () => {
    const w = await mountPanel('en-US', { received: 250_000, pages: 50, done: false, total: 1_000_000 });
    expect(text(w)).toBe('250,000 of 1,000,000 records downloaded (25%)');
    expect(valueNow(w)).toBe('25');
    expect(w.find('[data-testid="first-sync-indeterminate"]').exists()).toBe(false);
  });

  it('rounds down, so the bar is full only when everything is in', async () => {
    const w = await mountPanel('zh-CN', { received: 1999, pages: 4, done: false, total: 2000 });
    expect(text(w)).toBe('已下载 1,999 / 2,000 条记录（99%）');
    expect(valueNow(w)).toBe('99');

    useSyncStore().firstSync = { received: 2000, pages: 4, done: true, total: 2000 };
    await flushPromises();
    expect(text(w)).toBe('首次同步完成：2,000 条记录');
    expect(valueNow(w)).toBe('100');
  });

  it('falls back to a running bar without a percentage while the total is unknown', async () => {
    const w = await mountPanel('en-US', { received: 1200, pages: 3, done: false, total: null });
    expect(text(w)).toBe('1,200 records downloaded (3 pages)');
    expect(text(w)).not.toContain('%');
    expect(w.find('[data-testid="first-sync-bar"]').exists()).toBe(false);
    const bar = w.get('[data-testid="first-sync-indeterminate"]');
    expect(bar.attributes('role')).toBe('progressbar');
    expect(bar.attributes('aria-valuenow')).toBeUndefined();

    // The first page arrives and brings the total: the bar becomes a real one.
    useSyncStore().firstSync = { received: 1500, pages: 4, done: false, total: 6000 };
    await flushPromises();
    expect(text(w)).toBe('1,500 of 6,000 records downloaded (25%)');
    expect(w.find('[data-testid="first-sync-indeterminate"]').exists()).toBe(false);
  });

  it('shows no first-sync block once this workstation has synced before', async () => {
    const w = await mountPanel('en-US', null);
    expect(w.find('[data-testid="first-sync"]').exists()).toBe(false);
  });
});
