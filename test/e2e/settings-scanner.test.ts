import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useBrowserSuite } from './support/browser';

const unavailable = browserUnavailableReason();

/** A keyboard-wedge scanner: one key every 5–10 ms, then the suffix key. */
async function scan(page: Page, code: string, suffix = 'Enter'): Promise<void> {
  const gaps = [6, 9, 5, 8, 7, 10];
  let i = 0;
  for (const ch of code) {
    await page.keyboard.press(ch);
    await page.waitForTimeout(gaps[i % gaps.length] ?? 7);
    i += 1;
  }
  await page.keyboard.press(suffix);
}

/** A person typing: 300–380 ms a key. */
async function typeSlowly(page: Page, text: string): Promise<void> {
  for (const ch of text) {
    await page.keyboard.press(ch);
    await page.waitForTimeout(300 + ((ch.charCodeAt(0) * 13) % 80));
  }
}

/**
 * Each `keyboard.press` is a few round trips to the browser, which on a busy machine stretch the
 * 5–10 ms pauses between keys to 20–80 ms. The test therefore sets the scanner's max key gap to
 * 150 ms through the form (the end timeout first, as it must not be shorter) and types "by hand"
 * at 300 ms and more a key, so the outcome depends on the decoder and not on the machine's load.
 */
async function allowHarnessTiming(page: Page): Promise<void> {
  await page.locator('#scanner-end-timeout').fill('200');
  await page.locator('#scanner-max-gap').fill('150');
  await page.locator('#scanner-max-gap').blur();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('desk.scanner.v1') ?? '')).toContain('"maxInterKeyMs":150');
}

/** Focus on nothing editable: a click on the page's own background. */
async function focusNothing(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
}

/** Screenshot of the page scrolled to its top, as a person opening it sees it. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.n-layout-scroll-container')) el.scrollTop = 0;
  });
  await page.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

describe.skipIf(unavailable)('settings page and scanner test box in Chromium', () => {
  const suite = useBrowserSuite();

  it('decodes scanner bursts anywhere on the page, classifies them, and leaves typing alone', async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });

    await page.goto(`${suite.url()}#/settings`);
    await page.getByTestId('area-settings').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('设置');
    expect(await page.getByTestId('scan-test-latest').innerText()).toContain('等待扫描');
    await shoot(page, 'settings-zh-CN-light-empty');

    const latest = page.getByTestId('scan-test-latest');
    const code = page.getByTestId('scan-test-code');
    await allowHarnessTiming(page);

    // A scan with focus nowhere: one scan, classified, with the scanner's timing.
    await focusNothing(page);
    await scan(page, 'SF1234567890123');
    await expect.poll(() => code.innerText()).toBe('SF1234567890123');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('顺丰速运运单号');
    expect(await page.getByTestId('scan-test-source').innerText()).toBe('扫描枪');
    const perKey = Number.parseFloat(await page.getByTestId('scan-test-per-key').innerText());
    expect(perKey).toBeGreaterThan(0);
    expect(perKey).toBeLessThanOrEqual(150);

    // An EAN-13 with a wrong check digit: the translated reason.
    await scan(page, '6901234567890');
    await expect.poll(() => code.innerText()).toBe('6901234567890');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('无效条码');
    expect(await page.getByTestId('scan-test-reason').innerText()).toBe('EAN-13 校验位应为 2，实际为 0');
    expect(await page.getByTestId('scan-test-history').innerText()).toContain('SF1234567890123');

    // A scan while focus is in the scan box: the box gets no stray characters, the scan is decoded.
    const manual = page.locator('#scan-test-manual');
    await manual.focus();
    await scan(page, 'YT7512345678901');
    await expect.poll(() => code.innerText()).toBe('YT7512345678901');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('圆通速递运单号');
    expect(await manual.inputValue()).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('scan-test-manual');

    // Typing by hand into the scan box: every character arrives, no scan until Enter; then a manual entry.
    await typeSlowly(page, 'EA123456785CN');
    await expect.poll(() => manual.inputValue()).toBe('EA123456785CN');
    expect(await code.innerText()).toBe('YT7512345678901');
    await page.keyboard.press('Enter');
    await expect.poll(() => code.innerText()).toBe('EA123456785CN');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('中国邮政 EMS运单号');
    expect(await page.getByTestId('scan-test-source').innerText()).toBe('手动输入');
    expect(await manual.inputValue()).toBe('');
    await focusNothing(page);
    await shoot(page, 'settings-zh-CN-light');

    // Typing slowly into an ordinary text field: the text stays there and nothing is scanned.
    const ordinary = page.locator('#scan-test-text');
    await ordinary.focus();
    await typeSlowly(page, 'SF1234567890999');
    await page.keyboard.press('Enter');
    expect(await ordinary.inputValue()).toBe('SF1234567890999');
    await page.waitForTimeout(100);
    expect(await code.innerText()).toBe('EA123456785CN');
    // By default a scanner burst inside an ordinary field is typing too.
    await scan(page, '75312345678901');
    await expect.poll(() => ordinary.inputValue()).toBe('SF123456789099975312345678901');
    expect(await code.innerText()).toBe('EA123456785CN');

    // With "accept scans in text fields", the burst becomes a scan and leaves the field as it was.
    await page.getByTestId('scanner-accept-text-fields').click();
    await ordinary.fill('note ');
    await ordinary.focus();
    await scan(page, '75312345678901');
    await expect.poll(() => code.innerText()).toBe('75312345678901');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('中通快递运单号');
    await expect.poll(() => ordinary.inputValue()).toBe('note ');
    await page.getByTestId('scanner-accept-text-fields').click();

    // A scanner programmed with Tab as its end key.
    await page.getByTestId('scanner-suffix').click();
    await page.locator('.n-base-select-option', { hasText: '制表键 (Tab)' }).click();
    await focusNothing(page);
    await scan(page, 'RMA251122000123', 'Tab');
    await expect.poll(() => code.innerText()).toBe('RMA251122000123');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('售后单号');

    // Invalid settings are explained and not applied; restore defaults brings Enter back.
    const minLength = page.locator('#scanner-min-length');
    await page.locator('#scanner-max-length').fill('10');
    await minLength.fill('20');
    await expect.poll(() => page.getByTestId('settings-scanner').innerText()).toContain('最短长度不能大于最长长度');
    await page.getByTestId('scanner-invalid').waitFor();
    await shoot(page, 'settings-zh-CN-light-invalid');
    await page.getByTestId('scanner-restore-defaults').click();
    await expect.poll(() => minLength.inputValue()).toBe('4');
    expect(await page.getByTestId('scanner-invalid').count()).toBe(0);
    expect(await page.locator('#scanner-max-gap').inputValue()).toBe('30');
    await allowHarnessTiming(page);
    await focusNothing(page);
    await scan(page, 'SO25112200000042');
    await expect.poll(() => code.innerText()).toBe('SO25112200000042');

    // A pasted code (not into a text field) is a scan too.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', ' JDVA00152573582 ');
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => code.innerText()).toBe('JDVA00152573582');
    expect(await page.getByTestId('scan-test-source').innerText()).toBe('粘贴');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('京东物流运单号');

    // English, with the language select of the settings page.
    await page.locator('#settings-language').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('Settings');
    expect(await page.getByTestId('scan-test-kind').innerText()).toBe('JD Logistics tracking number');
    await focusNothing(page);
    await scan(page, 'SF1234567890123');
    await scan(page, '6901234567890');
    await expect.poll(() => code.innerText()).toBe('6901234567890');
    expect(await page.getByTestId('scan-test-reason').innerText()).toBe('EAN-13 check digit should be 2, got 0');
    expect(await page.getByTestId('scan-test-history').innerText()).toContain('SF Express tracking number');
    await shoot(page, 'settings-en-US-light');

    // Dark theme from the settings page.
    await page.getByTestId('settings-theme').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shoot(page, 'settings-en-US-dark');

    // Settings survive a restart of the app.
    await page.getByTestId('scanner-sound').click();
    await page.reload();
    await page.getByTestId('area-settings').waitFor();
    expect(await page.getByTestId('page-title').innerText()).toBe('Settings');
    expect(await page.getByTestId('scanner-sound').getAttribute('aria-checked')).toBe('false');

    await page.locator('#settings-language').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.getByTestId('page-title').innerText()).toBe('设置');
    await focusNothing(page);
    await scan(page, 'EA123456784CN');
    await expect.poll(() => code.innerText()).toBe('EA123456784CN');
    expect(await page.getByTestId('scan-test-reason').innerText()).toBe('EMS 单号校验位应为 5，实际为 4');
    await shoot(page, 'settings-zh-CN-dark');
    expect(await latest.isVisible()).toBe(true);

    expect(errors).toEqual([]);
    await context.close();
  });
});
