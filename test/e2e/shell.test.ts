import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

/** The areas a warehouse account may open (finance and site administration are other departments'). */
const AREAS = ['scan', 'queues', 'disputes', 'dashboard', 'sync', 'settings'] as const;
const unavailable = browserUnavailableReason();
/** Chromium logs every non-2xx answer as a console error; a refused sign-in answers 401 on purpose. */
const expected401 = (message: string): boolean => message.includes('status of 401');

/** Switches to the dark theme with the toggle `testId`: the root marker and the real background colour change. */
async function turnDark(page: Page, testId: string): Promise<void> {
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.getByTestId(testId).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(lightBackground);
  // The pointer off the toggle, so no hover tint is in the screenshots.
  await page.mouse.move(0, 0);
}

describe.skipIf(unavailable)('sign-in and app shell in Chromium', () => {
  const app = useAppSuite({ data: 'staff' });

  const shoot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: screenshotPath(name), animations: 'disabled' });

  async function visitEveryArea(page: Page, label: string): Promise<void> {
    for (const area of AREAS) {
      await page.goto(`${app.url()}#/${area}`);
      await page.getByTestId(`area-${area}`).waitFor();
      await shoot(page, `shell-${label}-${area}`);
    }
  }

  async function chooseLocale(page: Page, select: string, label: string): Promise<void> {
    await page.getByTestId(select).click();
    await page.locator('.n-base-select-option', { hasText: label }).click();
  }

  it('shows the sign-in screen at start in both languages and themes, and explains a failed sign-in', async () => {
    const { context, page, errors } = await app.newPage();
    await page.goto(app.url());
    await page.getByTestId('sign-in-view').waitFor();
    expect(page.url()).toContain('#/sign-in');
    // Full page: no shell, no side navigation.
    expect(await page.getByTestId('shell').count()).toBe(0);
    expect(await page.getByTestId('nav').count()).toBe(0);
    // The cursor waits in the username field; the server address is tucked away.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sign-in-username');
    expect(await page.getByTestId('sign-in-server').isVisible()).toBe(false);
    expect(await page.getByTestId('sign-in-offline-hint').innerText()).toContain('离线登录');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await shoot(page, 'sign-in-zh-CN-light');

    // A wrong password: a translated message, the password cleared, the username kept.
    const zhError = await app.signIn(page, 'wh1', { password: 'wrong-password', expect: 'error' });
    expect(zhError).toBe('用户名或密码错误，请重新输入。');
    expect(await page.getByTestId('sign-in-password').locator('input').inputValue()).toBe('');
    expect(await page.getByTestId('sign-in-username').locator('input').inputValue()).toBe('wh1');
    await shoot(page, 'sign-in-failed-zh-CN-light');

    // The advanced section shows the server address the app uses by default.
    await page.getByTestId('sign-in-advanced').getByText('高级设置').click();
    await page.getByTestId('sign-in-server').waitFor();
    expect(await page.getByTestId('sign-in-server').locator('input').inputValue()).toBe('/api');
    await page.getByTestId('sign-in-advanced').getByText('高级设置').click();

    // English, from the sign-in screen itself; the message follows the language.
    await chooseLocale(page, 'sign-in-locale', 'English');
    await expect.poll(() => page.getByTestId('sign-in-error').innerText()).toBe('Wrong username or password. Please try again.');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    expect(await page.getByTestId('sign-in-offline-hint').innerText()).toContain('Works offline if you signed in here before');
    await shoot(page, 'sign-in-failed-en-US-light');
    await page.reload();
    await page.getByTestId('sign-in-view').waitFor();
    await expect.poll(() => page.getByTestId('sign-in-submit').innerText()).toBe('Sign in');
    await shoot(page, 'sign-in-en-US-light');

    // Dark theme.
    await turnDark(page, 'sign-in-theme');
    await shoot(page, 'sign-in-en-US-dark');
    const enError = await app.signIn(page, 'nobody', { password: 'wrong-password', expect: 'error' });
    expect(enError).toBe('Wrong username or password. Please try again.');
    await shoot(page, 'sign-in-failed-en-US-dark');

    await chooseLocale(page, 'sign-in-locale', '简体中文');
    await page.reload();
    await page.getByTestId('sign-in-view').waitFor();
    await expect.poll(() => page.getByTestId('sign-in-submit').innerText()).toBe('登录');
    await shoot(page, 'sign-in-zh-CN-dark');

    // The server cannot be reached and nobody signed in here before: no offline sign-in.
    await app.setApiReachable(context, false);
    const offline = await app.signIn(page, 'wh1', { expect: 'error' });
    expect(offline).toContain('无法连接服务器，且此账号从未在本机登录过');
    await shoot(page, 'sign-in-failed-offline-zh-CN-dark');
    await app.setApiReachable(context, true);

    expect(errors.filter((message) => !expected401(message) && !message.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    await context.close();
  });

  it('sends each role to its home, or to the page it asked for; settings need no sign-in', async () => {
    const { context, page, errors } = await app.newPage();

    // Settings (scanner set-up) is open before anyone signs in, also from the sign-in screen.
    await page.goto(app.url());
    await page.getByTestId('sign-in-settings').click();
    await page.getByTestId('area-settings').waitFor();
    expect(page.url()).toContain('#/settings');
    await page.getByTestId('header-sign-in').waitFor();

    // A work area asks for a sign-in first and opens once signed in.
    await page.goto(`${app.url()}#/disputes`);
    await page.getByTestId('sign-in-view').waitFor();
    expect(decodeURIComponent(page.url())).toContain('redirect=/disputes');
    await app.signIn(page, 'cs1');
    await page.getByTestId('area-disputes').waitFor();
    expect(page.url()).toContain('#/disputes');
    await page.getByTestId('header-sign-out').click();
    await page.getByTestId('sign-in-view').waitFor();

    for (const [user, home] of [['wh1', 'scan'], ['cs1', 'queues'], ['fin1', 'finance'], ['admin', 'dashboard']] as const) {
      await app.signIn(page, user);
      await page.getByTestId(`area-${home}`).waitFor();
      expect(page.url()).toContain(`#/${home}`);
      await page.getByTestId('header-sign-out').click();
      await page.getByTestId('sign-in-view').waitFor();
      // Signed out, the work areas are closed again.
      // The sign-in screen is already showing: wait for the guard to send the area back to it.
      await page.goto(`${app.url()}#/${home}`);
      await page.getByTestId('sign-in-view').waitFor();
      await expect.poll(() => decodeURIComponent(page.url())).toContain(`redirect=/${home}`);
      await page.goto(`${app.url()}#/sign-in`);
    }

    // After an offline sign-in the header says so, and the work areas open.
    await app.signIn(page, 'wh1');
    await page.getByTestId('area-scan').waitFor();
    await page.getByTestId('header-sign-out').click();
    await page.getByTestId('sign-in-view').waitFor();
    await app.setApiReachable(context, false);
    await app.signIn(page, 'wh1');
    await page.getByTestId('area-scan').waitFor();
    await page.getByTestId('header-offline').waitFor();
    await shoot(page, 'shell-offline-sign-in-zh-CN-light');
    await app.setApiReachable(context, true);

    expect(errors.filter((message) => !message.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    await context.close();
  });

  it('after sign-in: every area in Chinese and English, light and dark, remembered across a restart', async () => {
    const { context, page, errors } = await app.newPage();

    await page.goto(app.url());
    await app.signIn(page, 'wh1');
    await page.getByTestId('shell').waitFor();
    // The warehouse's home is the scan station; the header names the staff member and the warehouse.
    expect(page.url()).toContain('#/scan');
    expect(await page.getByTestId('header-staff-name').innerText()).toBe('仓库 Wang (上海仓)');
    expect(await page.getByTestId('header-staff-detail').innerText()).toBe('仓库 · WH-SH');
    await expect.poll(() => page.getByTestId('nav').innerText()).toContain('扫描台');
    expect(await page.getByTestId('page-title').innerText()).toBe('扫描台');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await visitEveryArea(page, 'zh-CN-light');

    // Finance is another department's: not in the warehouse's menu, and its address leads home.
    expect(await page.getByTestId('nav').innerText()).not.toContain('财务退款');
    await page.goto(`${app.url()}#/finance`);
    await page.getByTestId('area-scan').waitFor();
    expect(page.url()).toContain('#/scan');

    // Navigation by the menu, not only by URL.
    await page.getByTestId('nav').getByText('同步与冲突').click();
    await page.getByTestId('area-sync').waitFor();
    expect(page.url()).toContain('#/sync');

    // Switch to English.
    await chooseLocale(page, 'locale-select', 'English');
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Sync & conflicts');
    expect(await page.getByTestId('nav').innerText()).toContain('Scan station');
    expect(await page.getByTestId('header-staff-detail').innerText()).toBe('Warehouse · WH-SH');
    expect(await page.getByTestId('header-sign-out').innerText()).toBe('Sign out');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-US');
    await visitEveryArea(page, 'en-US-light');

    // Dark theme.
    await turnDark(page, 'theme-toggle');
    await visitEveryArea(page, 'en-US-dark');

    // Language, theme and the session survive a restart of the app.
    await page.reload();
    await page.getByTestId('shell').waitFor();
    expect(await page.getByTestId('nav').innerText()).toContain('Scan station');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByTestId('header-staff-name').innerText()).toBe('仓库 Wang (上海仓)');

    // And back to Chinese.
    await chooseLocale(page, 'locale-select', '简体中文');
    await expect.poll(() => page.getByTestId('nav').innerText()).toContain('扫描台');
    await visitEveryArea(page, 'zh-CN-dark');

    // Signing out, even from Settings (nothing waiting to sync, so no question), hands over to the sign-in screen.
    await page.getByTestId('header-sign-out').click();
    await page.getByTestId('sign-in-view').waitFor();
    expect(page.url()).toContain('#/sign-in');

    expect(errors).toEqual([]);
    await context.close();
  });
});
