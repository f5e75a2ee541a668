import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { h, type Component } from 'vue';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import { useSessionStore, type SignInErrorCode } from '../../../../renderer/src/stores/session';
import { useSettingsStore } from '../../../../renderer/src/stores/settings';
import SignInView from '../../../../renderer/src/views/signin/SignInView.vue';
import { centralRuntime, deskPerTest } from '../../support/desk';
import { fakeApi, PASSWORD, type FakeApi } from './fixtures';

let api: FakeApi;
const desk = deskPerTest({
  name: 'sign-in-view',
  runtime: () => {
    api = fakeApi();
    return centralRuntime(api.fetch);
  },
});
let router: Router;
let i18n: ReturnType<typeof createAppI18n>;

const Area = (name: string): Component => ({ render: () => h('div', { 'data-testid': `area-${name}` }, name) });

/** The sign-in screen under a router with the app's route names (the areas are stubs). */
async function openSignIn(path = '/sign-in', locale: AppLocale = 'zh-CN'): Promise<VueWrapper> {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { public: true } },
      ...['scan', 'queues', 'disputes', 'finance', 'dashboard', 'sync', 'settings'].map((name) => ({ path: `/${name}`, name, component: Area(name) })),
    ],
  });
  await router.push(path);
  const Root = { render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) } as Component;
  i18n = createAppI18n(locale);
  const page = desk.mount(Root, [i18n, router]);
  await flushPromises();
  return page;
}

const input = (testId: string): HTMLInputElement => {
  const el = desk.page?.find(`[data-testid="${testId}"] input`).element;
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${testId}`);
  return el;
};

async function type(testId: string, value: string): Promise<void> {
  await desk.page?.find(`[data-testid="${testId}"] input`).setValue(value);
}

async function pressEnter(testId: string): Promise<void> {
  await desk.page?.find(`[data-testid="${testId}"] input`).trigger('keydown', { key: 'Enter' });
  await flushPromises();
  // PBKDF2 and IndexedDB finish outside Vue's queue.
  await vi.waitFor(() => expect(useSessionStore().busy).toBe(false));
  await flushPromises();
}

const errorText = (): string => desk.page?.find('[data-testid="sign-in-error"]').text() ?? '';

describe('sign-in screen', () => {
  it('waits in the username field, with the offline hint and the server address tucked away', async () => {
    const page = await openSignIn();
    expect(document.activeElement).toBe(input('sign-in-username'));
    expect(page.find('[data-testid="sign-in-offline-hint"]').text()).toContain('只要此账号以前在本机登录过');
    // The server address is an advanced setting, collapsed, and defaults to the store's.
    expect(page.find('[data-testid="sign-in-server"]').exists()).toBe(false);
    await page.find('[data-testid="sign-in-advanced"] .n-collapse-item__header-main').trigger('click');
    await flushPromises();
    expect(input('sign-in-server').value).toBe('http://central.test');
    expect(page.find('[data-testid="sign-in-submit"]').attributes('disabled')).toBeDefined();
  });

  it('signs in with Enter and opens the role’s home', async () => {
    await openSignIn();
    await type('sign-in-username', 'WH1');
    // Enter in the username field moves on to the empty password.
    await desk.page?.find('[data-testid="sign-in-username"] input').trigger('keydown', { key: 'Enter' });
    expect(document.activeElement).toBe(input('sign-in-password'));
    expect(api.logins).toEqual([]);
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('scan'));
    expect(useSessionStore().staff?.username).toBe('wh1');
    expect(api.logins).toEqual(['http://central.test/auth/login WH1']);
  });

  it.each([
    ['cs1', 'queues'],
    ['fin1', 'finance'],
    ['admin', 'dashboard'],
  ])('sends %s to %s', async (username, home) => {
    await openSignIn();
    await type('sign-in-username', username);
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe(home));
  });

  it('goes on to the page the user wanted', async () => {
    await openSignIn('/sign-in?redirect=/disputes%3Fcase%3DRMA1');
    await type('sign-in-username', 'wh1');
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/disputes?case=RMA1'));
  });

  it('uses the server address from the advanced section, and keeps it for next time', async () => {
    const page = await openSignIn();
    await page.find('[data-testid="sign-in-advanced"] .n-collapse-item__header-main').trigger('click');
    await flushPromises();
    await type('sign-in-server', 'http://other.test/api ');
    await type('sign-in-username', 'cs1');
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-server');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('queues'));
    expect(api.logins).toEqual(['http://other.test/api/auth/login cs1']);
    expect((await desk.db.meta.get('apiBase'))?.value).toBe('http://other.test/api');
  });

  it('explains a wrong password, clears it and keeps the username', async () => {
    await openSignIn();
    await type('sign-in-username', 'wh1');
    await type('sign-in-password', 'wrong');
    await pressEnter('sign-in-password');
    expect(errorText()).toBe('用户名或密码错误，请重新输入。');
    expect(input('sign-in-password').value).toBe('');
    expect(input('sign-in-username').value).toBe('wh1');
    expect(document.activeElement).toBe(input('sign-in-password'));
    expect(router.currentRoute.value.name).toBe('sign-in');
    // The message follows the language (App.vue sets the i18n locale from the settings).
    i18n.global.locale.value = 'en-US';
    await flushPromises();
    expect(errorText()).toBe('Wrong username or password. Please try again.');
  });

  it('answers offline: signs in who signed in here before, explains it to anyone else', async () => {
    const session = useSessionStore();
    await session.signIn('wh1', PASSWORD);
    await session.signOut();
    api.state = 'down';
    await openSignIn('/sign-in', 'en-US');
    await type('sign-in-username', 'cs1');
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    expect(errorText()).toContain('has never signed in at this workstation');
    await type('sign-in-username', 'wh1');
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('scan'));
    expect(session.mode).toBe('offline');
  });

  it('explains a busy server and a refused request', async () => {
    await openSignIn();
    api.state = 'busy';
    await type('sign-in-username', 'wh1');
    await type('sign-in-password', PASSWORD);
    await pressEnter('sign-in-password');
    expect(errorText()).toBe('登录尝试次数过多，请一分钟后再试。');
    api.state = 'broken';
    await pressEnter('sign-in-password');
    expect(errorText()).toBe('服务器出错，暂时无法登录，请稍后再试。');
  });

  const ALL_CODES: Record<SignInErrorCode, [string, string]> = {
    'session.invalid_credentials': ['用户名或密码错误', 'Wrong username or password'],
    'session.rate_limited': ['尝试次数过多', 'Too many sign-in attempts'],
    'session.offline_unknown_user': ['无法连接服务器', 'cannot be reached'],
    'session.server_error': ['服务器出错', 'The server ran into a problem'],
    'session.storage_error': ['本机存储出错', 'Local storage failed'],
  };
  it.each(Object.entries(ALL_CODES))('has a message for %s in both languages', async (code, [zh, en]) => {
    for (const [locale, text] of [['zh-CN', zh], ['en-US', en]] as const) {
      vi.spyOn(useSessionStore(desk.restart()), 'signIn').mockResolvedValue({ ok: false, code: code as SignInErrorCode });
      await openSignIn('/sign-in', locale);
      await type('sign-in-username', 'wh1');
      await type('sign-in-password', PASSWORD);
      await pressEnter('sign-in-password');
      expect(errorText()).toContain(text);
      desk.unmount();
    }
  });

  it('switches language and theme, and opens Settings, from the screen itself', async () => {
    const page = await openSignIn();
    const settings = useSettingsStore(desk.pinia);
    await page.find('[data-testid="sign-in-theme"]').trigger('click');
    expect(settings.theme).toBe('dark');
    expect(page.find('[data-testid="sign-in-locale"]').exists()).toBe(true);
    await page.find('[data-testid="sign-in-settings"]').trigger('click');
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('settings'));
  });
});
