/**
 * The desktop app in Electron, driven by Playwright: first run in demo mode, sign in, scan a demo
 * parcel, quit. Runs wherever the Electron binary exists (after `npm run build`); elsewhere it
 * reports itself skipped with the reason (the browser suites cover the renderer, and
 * test/electron/* the main process with Electron's objects passed in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { locateElectron } from '../../scripts/electron-binary.mjs';
import { repoRoot, screenshotPath } from './support/browser';

const electron = locateElectron();
const built = existsSync(join(repoRoot, 'dist-electron', 'main.js')) && existsSync(join(repoRoot, 'dist', 'renderer', 'index.html'));
const skipReason = !electron.path ? (electron.reason ?? 'no Electron binary') : !built ? 'the desktop app is not built (npm run build)' : null;
if (skipReason) console.warn(`[e2e skipped] Electron app test: ${skipReason}; run it where the binary exists.`);

/** A return of the demo warehouse WH-SH waiting for its parcel, from the workstation's IndexedDB. */
async function waitingParcel(page: Page): Promise<{ caseNo: string; tracking: string } | null> {
  return page.evaluate(async () => {
    const open = indexedDB.open('after-sales-desk');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const views = await new Promise<Array<{ caseNo: string; state: string; returnTrackingNo: string; data: { returnAddress: { warehouseId: string } | null } }>>((resolve, reject) => {
      const request = db.transaction('caseView').objectStore('caseView').getAll();
      request.onsuccess = () => resolve(request.result as never);
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    });
    db.close();
    const found = views.find((v) => v.state === 'awaiting_receipt' && v.returnTrackingNo !== '' && v.data.returnAddress?.warehouseId === 'WH-SH');
    return found ? { caseNo: found.caseNo, tracking: found.returnTrackingNo } : null;
  });
}

/** Types `code` + Enter as a keyboard-wedge scanner does: key events a few ms apart, in the page. */
async function scan(page: Page, code: string): Promise<void> {
  await page.evaluate(async (text) => {
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(300);
    const keyCode = (c: string): string => (/[0-9]/.test(c) ? `Digit${c}` : /[a-z]/i.test(c) ? `Key${c.toUpperCase()}` : 'Unidentified');
    const send = (key: string, code: string, shiftKey = false): void => {
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true, composed: true }));
    };
    for (const c of text) {
      send(c, keyCode(c), /[A-Z]/.test(c));
      await sleep(6);
    }
    send('Enter', 'Enter');
  }, code);
}

describe.skipIf(skipReason !== null)(`Electron app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let app: ElectronApplication | undefined;
  let page: Page;
  let userData = '';

  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'desk-electron-e2e-'));
    app = await _electron.launch({ executablePath: electron.path, args: [repoRoot], cwd: repoRoot, env: { ...process.env, DESK_USER_DATA_DIR: userData } });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('opens one hardened window over the preload bridge, at the first-run chooser', async () => {
    await page.getByTestId('first-run-view').waitFor();
    expect(await page.title()).toContain('After-sales Desk');
    const info = await page.evaluate(() => window.desk?.app.version());
    expect(info?.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    // The CSP came as a header: an arbitrary origin cannot be fetched.
    expect(await page.evaluate(() => fetch('https://example.com/').then(() => 'fetched', () => 'blocked'))).toBe('blocked');
    await page.screenshot({ path: screenshotPath('electron-first-run') });
  });

  it('first run in demo mode, signs in, scans a demo parcel and quits cleanly', async () => {
    await page.getByTestId('first-run-demo-action').click();
    // The first start seeds the demo database in the built-in API.
    await page.getByTestId('sign-in-view').waitFor({ timeout: 120_000 });
    await page.getByTestId('demo-banner').waitFor();
    await page.getByTestId('sign-in-username').locator('input').fill('wh1');
    const password = page.getByTestId('sign-in-password').locator('input');
    await password.fill('demo1234');
    await password.press('Enter');
    await page.getByTestId('area-scan').waitFor({ timeout: 60_000 });
    await expect.poll(() => waitingParcel(page), { timeout: 60_000 }).not.toBeNull();
    const parcel = await waitingParcel(page);
    await page.getByTestId('scan-idle').waitFor();
    await scan(page, parcel?.tracking ?? '');
    await page.locator(`[data-testid="inspection"][data-case-no="${parcel?.caseNo ?? ''}"]`).waitFor();
    await page.screenshot({ path: screenshotPath('electron-demo-scan') });

    // The settings and the keychain file: demo mode recorded, no bearer token in clear anywhere.
    const settings = JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')) as { mode: string };
    expect(settings.mode).toBe('demo');
    const token = await page.evaluate(() => window.desk?.secrets?.getToken('wh1'));
    expect(token).toBeTruthy();
    if (existsSync(join(userData, 'tokens.json'))) expect(readFileSync(join(userData, 'tokens.json'), 'utf8')).not.toContain(token ?? '');

    const started = Date.now();
    const running = app;
    app = undefined;
    await running?.close();
    // Bounded: outbox flush (≤ 5 s) and the built-in API's stop (≤ 6 s).
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
