/**
 * The scanner at its default settings (30 ms key gap) in Chromium: keys are dispatched inside the
 * page at the gaps given, each as its own task (so the page's timers can run between them, as
 * with a real scanner), and the gaps the page actually saw are measured. A loaded machine can
 * stretch a gap; a run whose measured gaps left the range the test is about is repeated, and the
 * test fails only if no run kept to it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useBrowserSuite } from './support/browser';

const unavailable = browserUnavailableReason();

/**
 * Sends `code` + Enter to the focused element; `gaps[i]` is the pause before key i + 1 (ms). Each
 * key waits for a task turn, then until its due time. Returns the measured gaps.
 */
async function scanAt(page: Page, code: string, gaps: readonly number[]): Promise<number[]> {
  return page.evaluate(
    async ({ text, gapList }) => {
      const codeOf = (c: string): string => (/[0-9]/.test(c) ? `Digit${c}` : /[a-z]/i.test(c) ? `Key${c.toUpperCase()}` : 'Unidentified');
      const keys = [...text, 'Enter'];
      const stamps: number[] = [];
      let due = performance.now();
      for (let i = 0; i < keys.length; i += 1) {
        if (i > 0) {
          due += gapList[(i - 1) % gapList.length] ?? 8;
          await new Promise((resolve) => setTimeout(resolve, 0));
          while (performance.now() < due) {
            // Wait out the rest of the gap precisely (timers alone are 1–4 ms coarse).
          }
        }
        const key = keys[i] ?? 'Enter';
        const event = new KeyboardEvent('keydown', {
          key,
          code: key === 'Enter' ? 'Enter' : codeOf(key),
          shiftKey: /[A-Z]/.test(key) && key.length === 1,
          bubbles: true,
          cancelable: true,
          composed: true,
        });
        stamps.push(event.timeStamp);
        (document.activeElement ?? document.body).dispatchEvent(event);
      }
      return stamps.slice(1).map((t, i) => t - (stamps[i] ?? t));
    },
    { text: code, gapList: [...gaps] },
  );
}

describe.skipIf(unavailable)('scanner timing at the default 30 ms key gap in Chromium', () => {
  const suite = useBrowserSuite();

  it('reads a scan at real scanner speed, and reports a scan whose first keys came late as incomplete', async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
    await context.addInitScript(() => localStorage.setItem('desk.preferences.v1', JSON.stringify({ locale: 'en-US', theme: 'light' })));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${suite.url()}#/settings`);
    await page.getByTestId('area-settings').waitFor();
    // Default settings in force: nothing saved.
    expect(await page.evaluate(() => localStorage.getItem('desk.scanner.v1'))).toBeNull();
    const code = page.getByTestId('scan-test-code');
    const manual = page.locator('#scan-test-manual');
    await manual.focus();

    // 5–10 ms a key, as a wired scanner sends them.
    let clean = false;
    for (let attempt = 0; attempt < 3 && !clean; attempt += 1) {
      const seen = await scanAt(page, 'SF1234567890123', [6, 9, 5, 8, 7, 10]);
      clean = Math.max(...seen) <= 30;
      if (clean) await expect.poll(() => code.innerText()).toBe('SF1234567890123');
    }
    expect(clean, 'no run kept every key gap within 30 ms').toBe(true);
    expect(await page.getByTestId('scan-test-source').innerText()).not.toBe('');
    expect(await manual.inputValue()).toBe('');

    // The same code with the gap after its third key at 45 ms: the first three characters are handed
    // back into the box, the rest is not a code of its own — reported as incomplete, the box emptied.
    let late = false;
    for (let attempt = 0; attempt < 3 && !late; attempt += 1) {
      const seen = await scanAt(page, 'YT7512345678901', [6, 6, 45, 6, 7, 6, 8, 9, 5, 7, 6, 8, 7, 6, 7]);
      const other = seen.filter((_, i) => i !== 2);
      late = (seen[2] ?? 0) > 30 && (seen[2] ?? 0) <= 75 && Math.max(...other) <= 30;
      if (late) {
        await expect.poll(() => page.getByTestId('scan-test-reason').innerText()).toBe('Only the end of the code was read: “512345678901” (its first keys came too slowly)');
        expect(await code.innerText()).toBe('512345678901');
        expect(await page.getByTestId('scan-test-kind').innerText()).toBe('Invalid barcode');
        // "YT7" had been typed into the box; it is gone again.
        await expect.poll(() => manual.inputValue()).toBe('');
      } else {
        await manual.fill('');
      }
    }
    expect(late, 'no run had exactly the one late gap').toBe(true);
    await page.screenshot({ path: screenshotPath('scanner-incomplete-en-US-1366'), animations: 'disabled' });
    expect(errors).toEqual([]);
    await context.close();
  });
});
