import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { h, type Component } from 'vue';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, RouterView, type Router } from 'vue-router';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import { createAppRouter } from '../../../../renderer/src/router';
import { configureRuntime } from '../../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { useSyncStore } from '../../../../renderer/src/stores/sync';
import { centralRuntime, deskPerTest } from '../../support/desk';
import { stubRoutedPages } from '../../support/stub-pages';
import { fakeApi, PASSWORD, STAFF } from './fixtures';

// The real shell (AppShell) around stub pages.
stubRoutedPages({ keepShell: true });

const desk = deskPerTest({ name: 'shell-header', runtime: () => centralRuntime(fakeApi().fetch) });
let router: Router;

async function openShell(path: string, locale: AppLocale = 'zh-CN'): Promise<VueWrapper> {
  router = createAppRouter(createMemoryHistory());
  await router.push(path);
  // The status bar would start the sync engine: the header is under test, not the engine.
  vi.spyOn(useSyncStore(desk.pinia), 'start').mockResolvedValue();
  const Root = { render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(RouterView))) } as Component;
  const wrapper = desk.mount(Root, [createAppI18n(locale), router]);
  await flushPromises();
  return wrapper;
}

/** Signs in as the app does: the start-up guard has read the (empty) last session first. */
async function signIn(username: string): Promise<void> {
  const session = useSessionStore();
  await session.restore();
  expect(await session.signIn(username, PASSWORD)).toMatchObject({ ok: true, mode: 'online' });
}

const byTestId = (id: string): Element | null => document.body.querySelector(`[data-testid="${id}"]`);

// Load the shell (and the UI library) once, outside the tests' time limit.
beforeAll(async () => {
  await import('../../../../renderer/src/components/AppShell.vue');
}, 60_000);

describe('shell header: who is signed in', () => {
  it('names the staff member, the role and the warehouse', async () => {
    await signIn('wh1');
    await openShell('/scan');
    expect(byTestId('header-staff-name')?.textContent).toBe(STAFF.warehouse.displayName);
    expect(byTestId('header-staff-detail')?.textContent).toBe('仓库 · WH-SH');
    expect(byTestId('header-offline')).toBeNull();
    expect(byTestId('header-sign-out')?.textContent).toContain('退出登录');
  });

  it('shows the role alone for staff without a warehouse, in English too', async () => {
    await signIn('fin1');
    await openShell('/finance', 'en-US');
    expect(byTestId('header-staff-detail')?.textContent).toBe('Finance');
    expect(byTestId('header-sign-out')?.textContent).toContain('Sign out');
  });

  it('lists the finance area for finance staff only, not for the warehouse', async () => {
    await signIn('wh1');
    await openShell('/scan');
    const menu = (): string => document.body.querySelector('.n-menu')?.textContent ?? '';
    expect(menu()).toContain('扫描台');
    expect(menu()).not.toContain('财务退款');
    desk.unmount();
    document.body.innerHTML = '';
    await useSessionStore().signOut();
    await signIn('fin1');
    await openShell('/finance');
    expect(menu()).toContain('财务退款');
  });

  it('signs out at once when nothing waits to sync, and shows the sign-in screen', async () => {
    await signIn('wh1');
    await openShell('/settings');
    (byTestId('header-sign-out') as HTMLElement).click();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(useSessionStore().signedIn).toBe(false);
    expect(document.body.querySelector('.n-dialog')).toBeNull();
  });

  it('keeps the page asked for on the sign-in screen while the sign-out is still revoking the token', async () => {
    let release: () => void = () => undefined;
    const api = fakeApi();
    const slowLogout = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/auth/logout')) await new Promise<void>((resolve) => (release = resolve));
      return api.fetch(input, init);
    }) as typeof fetch;
    configureRuntime({ fetch: slowLogout });
    await signIn('cs1');
    await openShell('/queues');
    (byTestId('header-sign-out') as HTMLElement).click();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    // The next person asks for a work area before the server has answered the sign-out.
    await router.push('/disputes');
    expect(router.currentRoute.value.fullPath).toBe('/sign-in?redirect=/disputes');
    release();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/sign-in?redirect=/disputes');
  });

  it('asks first when commands still wait to sync; they stay in the outbox', async () => {
    await signIn('wh1');
    await openShell('/scan');
    useSyncStore(desk.pinia).pendingCount = 3;
    (byTestId('header-sign-out') as HTMLElement).click();
    await flushPromises();
    const dialog = document.body.querySelector('.n-dialog');
    expect(dialog?.textContent).toContain('还有 3 条操作尚未同步到服务器');
    // Cancel: still signed in.
    const buttons = (): HTMLButtonElement[] => [...document.body.querySelectorAll<HTMLButtonElement>('.n-dialog__action button')];
    expect(buttons().map((b) => b.textContent?.trim())).toEqual(['取消', '退出登录']);
    buttons()[0]?.click();
    await flushPromises();
    expect(useSessionStore().signedIn).toBe(true);
    expect(router.currentRoute.value.name).toBe('scan');

    (byTestId('header-sign-out') as HTMLElement).click();
    await flushPromises();
    buttons()[1]?.click();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(useSessionStore().signedIn).toBe(false);
  });

  it('offers a sign-in on Settings when nobody is signed in, and comes back there afterwards', async () => {
    await openShell('/settings');
    expect(byTestId('header-staff')).toBeNull();
    (byTestId('header-sign-in') as HTMLElement).click();
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/sign-in?redirect=/settings'));
  });

  it('leaves a work area when the session ends elsewhere (the Sync page), but not Settings', async () => {
    await signIn('cs1');
    await openShell('/queues');
    await useSessionStore().signOut();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));

    await signIn('cs1');
    await router.push('/settings');
    await useSessionStore().signOut();
    await flushPromises();
    expect(router.currentRoute.value.name).toBe('settings');
    expect(byTestId('header-sign-in')).not.toBeNull();
  });
});
