import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { h } from 'vue';
import { RouterView } from 'vue-router';
import type { ConnectionTestReply, DeskBridge, DeskStatus, ModeChoice } from '../../../../shared/ipc/channels';
import { DEFAULT_SETTINGS } from '../../../../shared/ipc/settings';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import FirstRunView from '../../../../renderer/src/views/firstrun/FirstRunView.vue';
import DesktopSection from '../../../../renderer/src/views/settings/DesktopSection.vue';
import { openDeskDb, type DeskDb } from '../../../../renderer/src/db/schema';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { uniqueName } from '../../sync/fixtures';

let pinia: Pinia;
let db: DeskDb;
let wrapper: VueWrapper | null = null;
let status: DeskStatus;
let chosen: ModeChoice[];
let serverCalls: string[];

function deskWith(testReply?: ConnectionTestReply): DeskBridge {
  return {
    app: { version: async () => ({ version: '0.1.0', electron: '45.6.1', platform: 'linux' }) },
    print: { page: async () => ({ status: 'printed' }), printers: async () => [] },
    settings: {
      get: async () => status,
      update: async (patch) => (status = { ...status, settings: { ...status.settings, ...patch } }).settings,
      chooseMode: async (choice) => {
        chosen.push(choice);
        status = { ...status, settings: { ...status.settings, mode: choice.mode, apiUrl: choice.mode === 'central' ? choice.apiUrl : null }, embeddedApi: choice.mode === 'central' ? 'stopped' : 'running' };
        return status;
      },
      testConnection: async (): Promise<ConnectionTestReply> => testReply ?? { ok: false, code: 'connection.unreachable' },
    },
    secrets: { getToken: async () => null, setToken: async () => undefined },
  };
}

/** The built-in API of a new site: needs an administrator until one is created. */
const fakeApi = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input);
  serverCalls.push(`${init?.method ?? 'GET'} ${url}`);
  if (url.endsWith('/setup')) return Response.json({ needsAdmin: true, version: '0.2.0', time: new Date().toISOString() });
  if (url.endsWith('/setup/admin')) return Response.json({ token: 'token-abcdefghijklmnop', expiresAt: '2099-01-01T00:00:00.000Z', staff: { id: 's-boss', username: 'boss', displayName: '站长', role: 'admin', warehouseId: null } });
  if (url.endsWith('/auth/login')) return Response.json({ token: 'token-abcdefghijklmnop', expiresAt: '2099-01-01T00:00:00.000Z', staff: { id: 's-boss', username: 'boss', displayName: '站长', role: 'admin', warehouseId: null } });
  return Response.json({ code: 'route.not_found' }, { status: 404 });
}) as typeof fetch;

async function mountFirstRun(locale: AppLocale = 'zh-CN'): Promise<{ wrapper: VueWrapper; router: Router }> {
  const Blank = { render: () => h('div', { 'data-testid': 'elsewhere' }) };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/first-run', name: 'first-run', component: FirstRunView },
      { path: '/sign-in', name: 'sign-in', component: Blank },
      { path: '/settings', name: 'settings', component: Blank },
      { path: '/dashboard', name: 'dashboard', component: Blank },
      { path: '/queues', name: 'queues', component: Blank },
      { path: '/scan', name: 'scan', component: Blank },
    ],
  });
  await router.push('/first-run');
  wrapper = mount({ render: () => h(RouterView) }, { attachTo: document.body, global: { plugins: [pinia, router, createAppI18n(locale)] } });
  await flushPromises();
  return { wrapper, router };
}

const click = async (testid: string) => {
  await wrapper?.find(`[data-testid="${testid}"]`).trigger('click');
  await flushPromises();
};

beforeEach(async () => {
  pinia = createPinia();
  setActivePinia(pinia);
  db = await openDeskDb(uniqueName('firstrun'));
  configureRuntime({ db: async () => db, fetch: fakeApi, pbkdf2Iterations: 1000, defaultApiBase: '/api' });
  status = { settings: { ...DEFAULT_SETTINGS }, embeddedApi: 'stopped', secrets: { backend: 'os', detail: 'gnome_libsecret' }, dataDir: '/data', logDir: '/data/logs' };
  chosen = [];
  serverCalls = [];
  vi.stubGlobal('fetch', fakeApi);
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  delete window.desk;
  vi.unstubAllGlobals();
  resetRuntime();
  db.close();
});

describe('first run', () => {
  it('offers the three ways in both languages; the demo starts the built-in API and goes to sign-in', async () => {
    window.desk = deskWith();
    const { wrapper: zh, router } = await mountFirstRun('zh-CN');
    expect(zh.text()).toContain('试用演示');
    expect(zh.text()).toContain('在本机运行本站点');
    expect(zh.text()).toContain('连接公司的中心服务');
    await click('first-run-demo-action');
    expect(chosen).toEqual([{ mode: 'demo' }]);
    expect(router.currentRoute.value.name).toBe('sign-in');
    wrapper?.unmount();
    const { wrapper: en } = await mountFirstRun('en-US');
    expect(en.text()).toContain('Try the demo');
    expect(en.text()).toContain("Connect to the company's central service");
  });

  it('this site: starts an empty built-in API, creates the administrator with the chosen password and signs in', async () => {
    window.desk = deskWith();
    const { router } = await mountFirstRun('en-US');
    await click('first-run-site-action');
    expect(chosen).toEqual([{ mode: 'site' }]);
    expect(wrapper?.find('[data-testid="first-run-admin"]').exists()).toBe(true);
    await wrapper?.find('#admin-username').setValue('boss');
    await wrapper?.find('#admin-display-name').setValue('Site boss');
    await wrapper?.find('#admin-password').setValue('short');
    expect(wrapper?.find('[data-testid="admin-problem"]').text()).toContain('at least 10');
    await wrapper?.find('#admin-password').setValue('a-long-password');
    await wrapper?.find('#admin-confirm').setValue('a-long-password');
    await wrapper?.find('form').trigger('submit');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('dashboard'), { timeout: 5000 });
    expect(serverCalls).toEqual(['GET /api/setup', 'POST /api/setup/admin', 'POST /api/auth/login']);
  });

  it('central: tests the address (version, clock skew) before it can be used', async () => {
    window.desk = deskWith({ ok: true, version: '0.2.0', serverTime: '2026-03-01T08:00:00.000Z', skewMs: 95_000, latencyMs: 42 });
    const { router } = await mountFirstRun('en-US');
    await click('first-run-central-choice-action');
    expect(wrapper?.find('[data-testid="central-use"]').attributes('disabled')).toBeDefined();
    await wrapper?.find('#central-url').setValue('ftp://nope');
    await click('central-test');
    expect(wrapper?.find('[data-testid="central-test-error"]').text()).toContain('https://');
    await wrapper?.find('#central-url').setValue('https://desk-api.example.com');
    await click('central-test');
    const ok = wrapper?.find('[data-testid="central-test-ok"]').text() ?? '';
    expect(ok).toContain('0.2.0');
    expect(ok).toContain('95 s');
    expect(ok).toContain('more than a minute');
    await click('central-use');
    expect(chosen).toEqual([{ mode: 'central', apiUrl: 'https://desk-api.example.com' }]);
    expect(router.currentRoute.value.name).toBe('sign-in');
  });
});

describe('Settings → desktop app', () => {
  const mountSection = async (locale: AppLocale = 'en-US') => {
    wrapper = mount(DesktopSection, { attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale)] } });
    await flushPromises();
    return wrapper;
  };

  it('warns when Linux keeps the credentials in plain text, and shows the mode and folders', async () => {
    status = { ...status, settings: { ...status.settings, mode: 'demo' }, embeddedApi: 'running', secrets: { backend: 'basic_text', detail: 'basic_text' } };
    window.desk = deskWith();
    const w = await mountSection('zh-CN');
    expect(w.find('[data-testid="token-storage-basic-text"]').text()).toContain('明文');
    expect(w.find('[data-testid="desktop-mode"]').text()).toContain('演示');
    expect(w.text()).toContain('/data/logs');
    // Not an administrator: no mode change.
    expect(w.find('[data-testid="desktop-change-mode"]').exists()).toBe(false);
  });

  it('saves the station name through the main process and refuses nothing silently', async () => {
    status = { ...status, settings: { ...status.settings, mode: 'site' } };
    window.desk = deskWith();
    const w = await mountSection();
    expect(w.find('[data-testid="token-storage-keychain"]').exists()).toBe(true);
    await w.find('#desk-station').setValue('Receiving 3');
    await w.find('[data-testid="desktop-save"]').trigger('click');
    await flushPromises();
    expect(status.settings.stationName).toBe('Receiving 3');
    expect(w.find('[data-testid="desktop-saved"]').exists()).toBe(true);
  });

  it('says in the browser version that credentials live in session storage', async () => {
    const w = await mountSection();
    expect(w.find('[data-testid="token-storage-web"]').text()).toContain('session storage');
    expect(w.find('[data-testid="desktop-mode"]').exists()).toBe(false);
  });
});
