/**
 * The sign-in screen at a shift change: it says how many of the previous person's commands still
 * wait and under whose name they go (theirs), or that they wait for that person to sign in again.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { h, type Component } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { DeskDb } from '../../../../renderer/src/db/schema';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import { dispatch } from '../../../../renderer/src/sync/dispatch';
import { configureRuntime, resetRuntime } from '../../../../renderer/src/sync/runtime';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import SignInView from '../../../../renderer/src/views/signin/SignInView.vue';
import StatusPanel from '../../../../renderer/src/views/sync/StatusPanel.vue';
import { RETURN_ADDRESS, seededDb } from '../../sync/fixtures';
import { fakeApi, PASSWORD } from './fixtures';

let db: DeskDb;
let pinia: Pinia;
let wrapper: VueWrapper | null = null;

async function openSignIn(locale: AppLocale): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/sign-in', name: 'sign-in', component: SignInView }] });
  await router.push('/sign-in');
  wrapper = mount({ render: () => h(RouterView) } as Component, { attachTo: document.body, global: { plugins: [pinia, createAppI18n(locale), router] } });
  await flushPromises();
  return wrapper;
}

/** cs1 approves a case with the network down, then signs out: the approval waits. */
async function leaveWithWaitingCommand(): Promise<void> {
  const session = useSessionStore();
  await session.signIn('cs1', PASSWORD);
  const actor = session.actor;
  if (!actor) throw new Error('not signed in');
  const result = await dispatch(db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor });
  if (!result.ok) throw new Error(result.rejection.code);
  await session.signOut();
}

const waitingText = (): string => wrapper?.find('[data-testid="sign-in-waiting"]').text() ?? '';

beforeEach(async () => {
  db = (await seededDb()).db;
  configureRuntime({ db: async () => db, fetch: fakeApi().fetch, pbkdf2Iterations: 1000, defaultApiBase: 'http://central.test' });
  pinia = createPinia();
  setActivePinia(pinia);
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  document.body.innerHTML = '';
  resetRuntime();
  db.close();
  sessionStorage.clear();
});

describe('sign-in screen at a shift change', () => {
  it('says nothing about waiting commands when there are none', async () => {
    const page = await openSignIn('zh-CN');
    expect(page.find('[data-testid="sign-in-waiting"]').exists()).toBe(false);
  });

  it('says how many of the previous person’s commands wait and that they go under that person’s name', async () => {
    await leaveWithWaitingCommand();
    await openSignIn('zh-CN');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen：1 条操作等待同步，将以 客服 Chen 的名义发送。'));
    wrapper?.unmount();
    await openSignIn('en-US');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen: 1 action is waiting; it will be sent under 客服 Chen’s name.'));
  });

  it('says they wait for that person to sign in again when their token is gone', async () => {
    await leaveWithWaitingCommand();
    // The browser session ended: session storage no longer holds the token.
    sessionStorage.clear();
    await db.session.update('cs1', { tokenKept: false });
    await openSignIn('en-US');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen: 1 action is waiting for 客服 Chen to sign in again; it is never sent under anyone else’s name.'));
    expect(wrapper?.find('[data-testid="waiting-person-staff-cs1"]').attributes('data-state')).toBe('needs_sign_in');
  });

  it('lists waiting commands per person in the sync status, the signed-in person’s too', async () => {
    await leaveWithWaitingCommand();
    const session = useSessionStore();
    await session.signIn('admin', PASSWORD);
    const actor = session.actor;
    if (!actor) throw new Error('not signed in');
    expect((await dispatch(db, { type: 'cs.add_note', caseId: 'C1', payload: { text: '已致电买家' } }, { actor })).ok).toBe(true);
    wrapper = mount(StatusPanel, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN')] } });
    await vi.waitFor(() => expect(wrapper?.findAll('[data-testid="sync-waiting-people"] li').map((li) => li.text())).toEqual(['客服 Chen：1 条操作等待同步，将以 客服 Chen 的名义发送。', '主管 Admin（当前账号）：1 条操作等待同步。']));
  });
});
