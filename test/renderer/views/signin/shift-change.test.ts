/**
 * The sign-in screen at a shift change: it says how many of the previous person's commands still
 * wait and under whose name they go (theirs), or that they wait for that person to sign in again.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, type Component } from 'vue';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { createAppI18n, type AppLocale } from '../../../../renderer/src/i18n';
import { dispatch } from '../../../../renderer/src/sync/dispatch';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import SignInView from '../../../../renderer/src/views/signin/SignInView.vue';
import StatusPanel from '../../../../renderer/src/views/sync/StatusPanel.vue';
import { centralRuntime, deskPerTest } from '../../support/desk';
import { RETURN_ADDRESS, seededDb } from '../../sync/fixtures';
import { fakeApi, PASSWORD } from './fixtures';

const desk = deskPerTest({ open: async () => (await seededDb()).db, runtime: () => centralRuntime(fakeApi().fetch) });
afterEach(() => {
  sessionStorage.clear();
});

async function openSignIn(locale: AppLocale): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/sign-in', name: 'sign-in', component: SignInView }] });
  await router.push('/sign-in');
  const page = desk.mount({ render: () => h(RouterView) } as Component, [createAppI18n(locale), router]);
  await flushPromises();
  return page;
}

/** cs1 approves a case with the network down, then signs out: the approval waits. */
async function leaveWithWaitingCommand(): Promise<void> {
  const session = useSessionStore();
  await session.signIn('cs1', PASSWORD);
  const actor = session.actor;
  if (!actor) throw new Error('not signed in');
  const result = await dispatch(desk.db, { type: 'cs.approve', caseId: 'C1', payload: { returnAddress: RETURN_ADDRESS } }, { actor });
  if (!result.ok) throw new Error(result.rejection.code);
  await session.signOut();
}

const waitingText = (): string => desk.page?.find('[data-testid="sign-in-waiting"]').text() ?? '';

describe('sign-in screen at a shift change', () => {
  it('says nothing about waiting commands when there are none', async () => {
    const page = await openSignIn('zh-CN');
    expect(page.find('[data-testid="sign-in-waiting"]').exists()).toBe(false);
  });

  it('says how many of the previous person’s commands wait and that they go under that person’s name', async () => {
    await leaveWithWaitingCommand();
    await openSignIn('zh-CN');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen：1 条操作等待同步，将以 客服 Chen 的名义发送。'));
    desk.unmount();
    await openSignIn('en-US');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen: 1 action is waiting; it will be sent under 客服 Chen’s name.'));
  });

  it('says they wait for that person to sign in again when their token is gone', async () => {
    await leaveWithWaitingCommand();
    // The browser session ended: session storage no longer holds the token.
    sessionStorage.clear();
    await desk.db.session.update('cs1', { tokenKept: false });
    await openSignIn('en-US');
    await vi.waitFor(() => expect(waitingText()).toContain('客服 Chen: 1 action is waiting for 客服 Chen to sign in again; it is never sent under anyone else’s name.'));
    expect(desk.page?.find('[data-testid="waiting-person-staff-cs1"]').attributes('data-state')).toBe('needs_sign_in');
  });

  it('lists waiting commands per person in the sync status, the signed-in person’s too', async () => {
    await leaveWithWaitingCommand();
    const session = useSessionStore();
    await session.signIn('admin', PASSWORD);
    const actor = session.actor;
    if (!actor) throw new Error('not signed in');
    expect((await dispatch(desk.db, { type: 'cs.add_note', caseId: 'C1', payload: { text: '已致电买家' } }, { actor })).ok).toBe(true);
    const panel = desk.mount(StatusPanel, [createAppI18n('zh-CN')]);
    await vi.waitFor(() => expect(panel.findAll('[data-testid="sync-waiting-people"] li').map((li) => li.text())).toEqual(['客服 Chen：1 条操作等待同步，将以 客服 Chen 的名义发送。', '主管 Admin（当前账号）：1 条操作等待同步。']));
  });
});
