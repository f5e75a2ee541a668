/**
 * The desktop app's first run, in Chromium: the built renderer with a stand-in for the desktop
 * bridge (`window.desk`, injected before the page loads) whose settings start with no mode, in
 * front of the real central API with demo data. Checks the chooser in both languages, the central
 * API connection test's answer on screen, the demo choice leading to the sign-in screen under the
 * demo banner, a sign-in whose token goes to the bridge's keychain (not web storage or IndexedDB),
 * and Settings → Desktop app with the plain-text keychain warning. The Electron binary itself is
 * exercised by electron.test.ts where it exists.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();

const NO_SETTINGS = { mode: null, apiUrl: null, warehouseId: null, stationName: '', printer: null, scanner: null, locale: null, updateUrl: null, version: 1 };

/**
 * Installs a fake `window.desk` whose state lives in the page (sessionStorage survives reloads),
 * starting from `initial` settings until the page saves its own (so the first navigation already
 * sees them: no race with the first-run guard).
 */
async function installFakeDesk(page: Page, backend: 'os' | 'basic_text', initial: Record<string, unknown> = NO_SETTINGS): Promise<void> {
  await page.addInitScript(({ secretsBackend, initialSettings }) => {
    const load = (): Record<string, unknown> => (JSON.parse(sessionStorage.getItem('fake-desk') ?? 'null') as Record<string, unknown> | null) ?? initialSettings;
    const save = (s: Record<string, unknown>): void => sessionStorage.setItem('fake-desk', JSON.stringify(s));
    const keychain = (): Record<string, string> => JSON.parse(sessionStorage.getItem('fake-keychain') ?? '{}') as Record<string, string>;
    const status = () => ({ settings: load(), embeddedApi: load().mode === 'central' || load().mode === null ? 'stopped' : 'running', secrets: { backend: secretsBackend, detail: secretsBackend === 'os' ? 'gnome_libsecret' : 'basic_text' }, dataDir: '/home/wh1/.config/After-sales Desk', logDir: '/home/wh1/.config/After-sales Desk/logs' });
    (window as unknown as { desk: unknown }).desk = {
      app: { version: async () => ({ version: '0.1.0', electron: '45.6.1', platform: 'linux' }), onBeforeQuit: () => undefined },
      print: { page: async () => ({ status: 'printed' }), printers: async () => [] },
      settings: {
        get: async () => status(),
        update: async (patch: Record<string, unknown>) => {
          save({ ...load(), ...patch });
          return load();
        },
        chooseMode: async (choice: { mode: string; apiUrl?: string }) => {
          save({ ...load(), mode: choice.mode, apiUrl: choice.apiUrl ?? null });
          return status();
        },
        testConnection: async (url: string) =>
          url.includes('desk-api') ? { ok: true, version: '0.1.0', serverTime: new Date(Date.now() + 95_000).toISOString(), skewMs: 95_000, latencyMs: 31 } : { ok: false, code: 'connection.unreachable' },
      },
      secrets: {
        getToken: async (owner: string) => keychain()[owner] ?? null,
        setToken: async (owner: string, token: string | null) => {
          const all = keychain();
          if (token === null) delete all[owner];
          else all[owner] = token;
          sessionStorage.setItem('fake-keychain', JSON.stringify(all));
        },
      },
    };
  }, { secretsBackend: backend, initialSettings: initial });
}

async function useLocale(page: Page, locale: 'zh-CN' | 'en-US'): Promise<void> {
  await page.evaluate((l) => localStorage.setItem('desk.preferences.v1', JSON.stringify({ locale: l, theme: 'light' })), locale);
}

describe.skipIf(unavailable)('desktop first run (renderer, bridge stand-in)', () => {
  const app = useAppSuite();

  it('shows the chooser in both languages, tests a central address, starts the demo and keeps the token in the keychain', async () => {
    const { page, errors } = await app.newPage({ viewport: { width: 1366, height: 768 } });
    await installFakeDesk(page, 'os');
    await page.goto(`${app.url()}#/scan`);
    await useLocale(page, 'en-US');
    await page.reload();
    // Every page leads to the chooser until a mode is chosen.
    await page.getByTestId('first-run-view').waitFor();
    expect(page.url()).toContain('#/first-run');
    await page.screenshot({ path: screenshotPath('first-run-en-US') });
    await useLocale(page, 'zh-CN');
    await page.reload();
    await page.getByText('试用演示').first().waitFor();
    await page.screenshot({ path: screenshotPath('first-run-zh-CN') });

    // Central: the connection test's answer, with the clock skew warning.
    await page.getByTestId('first-run-central-choice-action').click();
    await page.locator('#central-url').fill('https://desk-api.example.com');
    await page.getByTestId('central-test').click();
    await expect.poll(() => page.getByTestId('central-test-ok').innerText()).toContain('95');
    await page.screenshot({ path: screenshotPath('first-run-central-zh-CN') });
    await page.getByText('返回').first().click();

    // The demo: sign-in under the demo banner; the token goes to the keychain only.
    await page.getByTestId('first-run-demo-action').click();
    await page.getByTestId('sign-in-view').waitFor();
    await page.getByTestId('demo-banner').waitFor();
    await page.screenshot({ path: screenshotPath('first-run-demo-sign-in-zh-CN') });
    await app.signIn(page, 'wh1');
    await page.getByTestId('demo-banner').waitFor();
    const stored = await page.evaluate(() => ({ keychain: sessionStorage.getItem('fake-keychain') ?? '', webToken: Object.keys(sessionStorage).filter((k) => k.startsWith('desk.token')) }));
    expect(stored.keychain).toMatch(/"wh1":"[^"]{16,}"/);
    expect(stored.webToken).toEqual([]);
    const inDexie = await page.evaluate(async () => {
      const open = indexedDB.open('after-sales-desk');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error('open failed'));
      });
      const rows = await new Promise<Array<{ token: string | null }>>((resolve, reject) => {
        const request = db.transaction('session').objectStore('session').getAll();
        request.onsuccess = () => resolve(request.result as never);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
      db.close();
      return rows.map((r) => r.token);
    });
    expect(inDexie).toEqual([null]);
    await page.screenshot({ path: screenshotPath('first-run-demo-scan-zh-CN') });
    expect(errors).toEqual([]);
  });

  it('warns in Settings when the keychain falls back to plain text', async () => {
    const { page } = await app.newPage({ viewport: { width: 1366, height: 768 } });
    await installFakeDesk(page, 'basic_text', { ...NO_SETTINGS, mode: 'site', warehouseId: 'WH-SH', stationName: 'Receiving 3' });
    await page.goto(`${app.url()}#/settings`);
    for (const locale of ['en-US', 'zh-CN'] as const) {
      await useLocale(page, locale);
      await page.reload();
      await page.getByTestId('token-storage-basic-text').waitFor();
      await page.getByTestId('settings-desktop').scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`settings-desktop-${locale}`) });
    }
    expect(await page.getByTestId('desktop-mode').innerText()).toContain('本站点');
  });
});
