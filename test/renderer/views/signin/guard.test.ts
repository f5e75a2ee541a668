import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { createAppRouter, ROLE_HOME } from '../../../../renderer/src/router';
import type { Staff } from '../../../../shared/sync/wire';
import { centralRuntime, deskPerTest } from '../../support/desk';
import { stubRoutedPages } from '../../support/stub-pages';
import { fakeApi, PASSWORD, STAFF } from './fixtures';

// The guard is under test, not the pages: every routed component is a stub.
stubRoutedPages();

const desk = deskPerTest({ name: 'guard', runtime: () => centralRuntime(fakeApi().fetch) });

/** Signs `role` in, then "restarts" the app: a new store that has to restore the session itself. */
async function signedInBefore(role: Staff['role']): Promise<void> {
  expect(await useSessionStore().signIn(STAFF[role].username, PASSWORD)).toMatchObject({ ok: true });
  desk.restart();
}

/** A fresh app router opened at `path`; returns where it ended up. */
async function open(path: string): Promise<{ name: unknown; fullPath: string }> {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const { name, fullPath } = router.currentRoute.value;
  return { name, fullPath };
}

describe('sign-in guard', () => {
  it('sends a signed-out desk to the sign-in screen, remembering the page it wanted', async () => {
    expect(await open('/')).toEqual({ name: 'sign-in', fullPath: '/sign-in' });
    expect(await open('/scan')).toEqual({ name: 'sign-in', fullPath: '/sign-in?redirect=/scan' });
    const router = createAppRouter(createMemoryHistory());
    await router.push('/disputes?case=RMA1&x=1');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/disputes?case=RMA1&x=1');
    // Sync & conflicts lists this desk's unsent commands: it needs a session too.
    expect(await open('/sync')).toEqual({ name: 'sign-in', fullPath: '/sign-in?redirect=/sync' });
    expect((await open('/no-such-page')).name).toBe('sign-in');
  });

  it('keeps Settings open without a session (scanner set-up before anyone signs in)', async () => {
    expect(await open('/settings')).toEqual({ name: 'settings', fullPath: '/settings' });
  });

  it('restores the last session at start and opens the work areas', async () => {
    await signedInBefore('cs');
    expect(await open('/disputes')).toEqual({ name: 'disputes', fullPath: '/disputes' });
    expect(useSessionStore().staff?.username).toBe('cs1');
    expect(await open('/sync')).toMatchObject({ name: 'sync' });
  });

  it.each([
    ['warehouse', '/scan'],
    ['cs', '/queues'],
    ['finance', '/finance'],
    ['admin', '/dashboard'],
  ] as const)('starts %s staff at %s', async (role, home) => {
    await signedInBefore(role);
    expect((await open('/')).fullPath).toBe(home);
    // The sign-in screen itself passes a signed-in user on, too.
    expect((await open('/sign-in')).fullPath).toBe(home);
    expect(ROLE_HOME[role]).toBe(home.slice(1));
  });

  it('after sign-in goes to the wanted page, but only to a page of this app that needs a session', async () => {
    await signedInBefore('warehouse');
    expect((await open('/sign-in?redirect=/disputes')).fullPath).toBe('/disputes');
    expect((await open(`/sign-in?redirect=${encodeURIComponent('/queues?tab=open')}`)).fullPath).toBe('/queues?tab=open');
    // Finance is not a warehouse area: the wanted page is dropped for the role's home.
    expect((await open(`/sign-in?redirect=${encodeURIComponent('/finance?tab=open')}`)).fullPath).toBe('/scan');
    for (const bad of ['https://example.com/', '//example.com/x', '/sign-in', '/no-such-page', 'scan', '/']) {
      expect((await open(`/sign-in?redirect=${encodeURIComponent(bad)}`)).fullPath, bad).toBe('/scan');
    }
  });

  it.each([
    ['warehouse', '/scan'],
    ['cs', '/queues'],
  ] as const)('refuses the finance area to %s staff (back to %s)', async (role, home) => {
    await signedInBefore(role);
    expect((await open('/finance')).fullPath).toBe(home);
  });

  it('opens the finance area to finance staff and the supervisor', async () => {
    await signedInBefore('finance');
    expect((await open('/finance')).fullPath).toBe('/finance');
    await signedInBefore('admin');
    expect((await open('/finance')).fullPath).toBe('/finance');
  });

  it('reads the local session once, however often the user navigates', async () => {
    await signedInBefore('finance');
    const reads = vi.spyOn(desk.db.session, 'where');
    const router = createAppRouter(createMemoryHistory());
    await router.push('/finance');
    await router.push('/queues');
    await router.push('/settings');
    expect(router.currentRoute.value.name).toBe('settings');
    expect(reads).toHaveBeenCalledOnce();
  });

  it('closes the work areas again after sign-out', async () => {
    await signedInBefore('warehouse');
    const router = createAppRouter(createMemoryHistory());
    await router.push('/scan');
    expect(router.currentRoute.value.name).toBe('scan');
    await useSessionStore().signOut();
    await router.push('/queues');
    expect(router.currentRoute.value.fullPath).toBe('/sign-in?redirect=/queues');
    await router.push('/settings');
    expect(router.currentRoute.value.name).toBe('settings');
  });
});
