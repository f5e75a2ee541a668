/**
 * The desktop app in Electron, driven by Playwright. Runs wherever the Electron binary exists;
 * elsewhere it reports itself skipped with the reason (the browser suite covers the renderer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { locateElectron } from '../../scripts/electron-binary.mjs';
import { repoRoot, screenshotPath } from './support/browser';

const electron = locateElectron();
if (!electron.path) console.warn(`[e2e skipped] Electron app test: ${electron.reason ?? 'no Electron binary'}; run it where the binary exists.`);

describe.skipIf(!electron.path)(`Electron app${electron.path ? '' : ` (skipped: ${electron.reason ?? 'no binary'})`}`, () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    app = await _electron.launch({ executablePath: electron.path, args: [repoRoot], cwd: repoRoot });
    page = await app.firstWindow();
    // The app opens at the start-up sign-in screen; the shell follows only after a sign-in.
    await page.getByTestId('sign-in-view').waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens one hardened window over the preload bridge', async () => {
    expect(await page.title()).toContain('After-sales Desk');
    const info = await page.evaluate(() => window.desk?.app.version());
    expect(info?.version).toMatch(/^\d+\.\d+\.\d+/);
    // No Node in the renderer: context isolation and sandbox are in force.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    // window.open is denied.
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    await page.screenshot({ path: screenshotPath('electron-sign-in') });
  });
});
