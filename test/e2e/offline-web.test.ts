/**
 * The browser version offline: once opened online, its service worker has every page's code, so
 * a reload without a network shows the app (not the browser's error page), a staff member who
 * signed in here before signs in offline, and every page opens — also the ones never visited
 * online (their chunks come from the precache, not "Failed to fetch dynamically imported module").
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();

/** Each page a warehouse account opens (finance and administration are other roles'), and what shows once it has opened. */
const PAGES: ReadonlyArray<{ hash: string; ready: string }> = [
  { hash: 'scan', ready: '[data-testid="area-scan"]' },
  { hash: 'queues', ready: '[data-testid="area-queues"]' },
  { hash: 'disputes', ready: '[data-testid="area-queues"][data-queue="disputes"], [data-testid="area-disputes"]' },
  { hash: 'dashboard', ready: '[data-testid="area-dashboard"]' },
  { hash: 'sync', ready: '[data-testid="area-sync"]' },
  { hash: 'settings', ready: '[data-testid="area-settings"]' },
];

/** A case of the local store (any), for its page. */
async function someCaseId(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const open = indexedDB.open('after-sales-desk');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const key = await new Promise<IDBValidKey | undefined>((resolve, reject) => {
      const request = db.transaction('caseView').objectStore('caseView').getAllKeys(null, 1);
      request.onsuccess = () => resolve(request.result[0]);
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    });
    db.close();
    return typeof key === 'string' ? key : null;
  });
}

describe.skipIf(unavailable)('the browser version offline', () => {
  const app = useAppSuite();

  it('after one online visit: reloads offline, signs in offline, opens every page, and syncs again once online', async () => {
    const { context, page, errors } = await app.newPage({ serviceWorkers: 'allow', viewport: { width: 1366, height: 768 } });

    // Online: sign in and let the first sync and the service worker's precache finish.
    await app.signIn(page, 'wh1');
    await page.getByTestId('area-scan').waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    // The whole build is precached (every route's chunk, not only the ones this visit loaded).
    const precached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    for (const chunk of ['SyncView', 'QueuesView', 'CasePage', 'SettingsView', 'FinanceView', 'DashboardView', 'SignInView']) {
      expect(precached.some((path) => path.includes(`/assets/${chunk}-`)), `${chunk} chunk precached`).toBe(true);
    }
    await expect.poll(() => page.getByTestId('sync-last').innerText(), { timeout: 60_000 }).not.toBe('尚未同步');
    const caseId = await someCaseId(page);
    expect(caseId).not.toBeNull();
    await page.getByTestId('header-sign-out').click();
    await page.getByTestId('sign-in-view').waitFor();

    // No network at all: the page itself reloads from the service worker.
    await app.setOffline(context, true);
    await page.reload();
    await page.getByTestId('sign-in-view').waitFor();
    await app.signIn(page, 'wh1');
    await page.getByTestId('header-offline').waitFor();
    await page.getByTestId('area-scan').waitFor();

    // Every page, each loading its code for the first time in this document.
    for (const { hash, ready } of [...PAGES, { hash: `case/${caseId ?? ''}`, ready: '[data-testid="case-page"]' }]) {
      await page.goto(`${app.url()}#/${hash}`);
      await page.locator(ready).first().waitFor({ timeout: 15_000 });
    }
    await page.screenshot({ path: screenshotPath('offline-web-case-page-zh-CN-1366'), animations: 'disabled' });
    // A reload on a page deep inside the app works offline too.
    await page.goto(`${app.url()}#/sync`);
    await page.reload();
    await page.getByTestId('area-sync').waitFor();

    // Back online: the server is reached again; an offline sign-in has no token for it, so the
    // workstation asks for the password once more, and then syncs.
    await app.setOffline(context, false);
    await page.getByTestId('sync-now').click();
    await expect.poll(() => page.getByTestId('sync-connection').innerText(), { timeout: 30_000 }).toContain('需要重新登录');
    await page.getByTestId('header-sign-out').click();
    await app.signIn(page, 'wh1');
    await expect.poll(() => page.getByTestId('sync-connection').innerText(), { timeout: 30_000 }).toContain('在线');

    // Requests that failed while offline are expected; missing code never is.
    const unexpected = errors.filter((message) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|net::ERR_/.test(message));
    expect(unexpected).toEqual([]);
    expect(errors.some((message) => message.includes('dynamically imported module'))).toBe(false);
    await context.close();
  });
});
