import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useBrowserSuite } from './support/browser';

const AREAS = ['scan', 'queues', 'disputes', 'finance', 'dashboard', 'sync', 'settings'] as const;
const unavailable = browserUnavailableReason();

describe.skipIf(unavailable)('app shell in Chromium', () => {
  const suite = useBrowserSuite();

  async function visitEveryArea(page: Page, label: string): Promise<void> {
    for (const area of AREAS) {
      await page.goto(`${suite.url()}#/${area}`);
      await page.getByTestId(`area-${area}`).waitFor();
      await page.screenshot({ path: screenshotPath(`shell-${label}-${area}`), animations: 'disabled' });
    }
  }

  it('loads in Chinese, switches to English and back, switches theme, and remembers the choice', async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1360, height: 820 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });

    await page.goto(suite.url());
    await page.getByTestId('shell').waitFor();
    await expect.poll(() => page.getByTestId('nav').innerText()).toContain('扫描台');
    expect(await page.getByTestId('page-title').innerText()).toBe('扫描台');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await visitEveryArea(page, 'zh-CN-light');

    // Navigation by the menu, not only by URL.
    await page.getByTestId('nav').getByText('财务退款').click();
    await page.getByTestId('area-finance').waitFor();
    expect(page.url()).toContain('#/finance');

    // Switch to English.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Finance');
    expect(await page.getByTestId('nav').innerText()).toContain('Scan station');
    expect(await page.getByTestId('area-finance').innerText()).toContain('Coming in a later release');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await visitEveryArea(page, 'en-US-light');

    // Dark theme: the root marker and the real background colour change.
    const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(lightBackground);
    await visitEveryArea(page, 'en-US-dark');

    // Both choices survive a restart of the app.
    await page.reload();
    await page.getByTestId('shell').waitFor();
    expect(await page.getByTestId('nav').innerText()).toContain('Scan station');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    // And back to Chinese.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.getByTestId('nav').innerText()).toContain('扫描台');
    await visitEveryArea(page, 'zh-CN-dark');

    expect(errors).toEqual([]);
    await context.close();
  });
});
