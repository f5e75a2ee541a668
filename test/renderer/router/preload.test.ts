import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory } from 'vue-router';

/** Which screens were imported: the router imports its screens lazily, so a mocked module is "loaded" when its factory runs. */
const loaded = new Set<string>();
const SCREENS = ['components/AppShell.vue', 'views/dashboard/DashboardView.vue', 'views/cs/QueuesView.vue', 'views/signin/SignInView.vue', 'views/settings/SettingsView.vue'];
for (const screen of SCREENS) {
  vi.doMock(`../../../renderer/src/${screen}`, () => {
    loaded.add(screen);
    return { default: { render: () => h('div') } };
  });
}

const { createAppRouter, preloadRoute } = await import('../../../renderer/src/router');

/** Lets the dynamic imports started by `preloadRoute` settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('preloading the screen a start-up opens at', () => {
  beforeEach(() => {
    vi.resetModules();
    loaded.clear();
  });

  it('fetches a work area and the shell around it before any guard has run', async () => {
    preloadRoute(createAppRouter(createMemoryHistory()), '/dashboard');
    await settle();
    expect([...loaded].sort()).toEqual(['components/AppShell.vue', 'views/dashboard/DashboardView.vue']);
  });

  it('fetches nothing for an address that only redirects or a public screen', async () => {
    const router = createAppRouter(createMemoryHistory());
    for (const path of ['/', '/no-such-page', '/sign-in', '/settings']) preloadRoute(router, path);
    await settle();
    expect([...loaded]).toEqual([]);
  });
});
