/**
 * Every screen in both languages at 1366×768 (the smallest screen the desk supports), signed in
 * as the role that works there: no element's content sticks out of its box or is cut off, no case,
 * order or tracking number breaks over two lines, and at the scan station the decision (receive,
 * dispute) and its blockers are visible without scrolling. Screenshots beside each check.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';
import { layoutProblems, type LayoutProblem } from './support/layout';
import { scan, tolerantScanner, waitingCases } from './support/station';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };
const LOCALES = ['zh-CN', 'en-US'] as const;

describe.skipIf(unavailable)('layout at 1366×768 in both languages', () => {
  const app = useAppSuite();

  async function openAs(locale: (typeof LOCALES)[number], username: string | null): Promise<{ page: Page; close(): Promise<void> }> {
    const { context, page } = await app.newPage({ viewport: VIEWPORT, locale });
    await context.addInitScript((chosen) => {
      if (localStorage.getItem('desk.preferences.v1') === null) localStorage.setItem('desk.preferences.v1', JSON.stringify({ locale: chosen, theme: 'light' }));
    }, locale);
    await tolerantScanner(page);
    if (username) await app.signIn(page, username);
    return { page, close: () => context.close() };
  }

  async function check(page: Page, name: string, found: Record<string, LayoutProblem[]>): Promise<void> {
    // Fonts and transitions settle before measuring.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath(`layout-${name}`), animations: 'disabled' });
    const problems = await layoutProblems(page);
    if (problems.length > 0) found[name] = problems;
  }

  for (const locale of LOCALES) {
    it(`shows every screen without overflow or broken numbers (${locale})`, async () => {
      const found: Record<string, LayoutProblem[]> = {};

      const visitor = await openAs(locale, null);
      await visitor.page.goto(`${app.url()}#/sign-in`);
      await visitor.page.getByTestId('sign-in-view').waitFor();
      await check(visitor.page, `sign-in-${locale}`, found);
      await visitor.page.goto(`${app.url()}#/settings`);
      await visitor.page.getByTestId('area-settings').waitFor();
      await check(visitor.page, `settings-${locale}`, found);
      await visitor.close();

      const cs = await openAs(locale, 'cs1');
      await cs.page.goto(`${app.url()}#/queues`);
      await cs.page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 });
      await check(cs.page, `queues-${locale}`, found);
      await cs.page.getByTestId('queue-row').first().click();
      await cs.page.getByTestId('case-page').waitFor();
      await check(cs.page, `case-${locale}`, found);
      await cs.page.goto(`${app.url()}#/queues`);
      await cs.page.getByTestId('queue-disputes').click();
      await cs.page.locator('[data-testid="area-queues"][data-queue="disputes"]').waitFor();
      await check(cs.page, `disputes-${locale}`, found);
      await cs.page.goto(`${app.url()}#/sync`);
      await cs.page.getByTestId('area-sync').waitFor();
      await check(cs.page, `sync-${locale}`, found);
      await cs.close();

      const wh = await openAs(locale, 'wh1');
      await expect.poll(async () => (await waitingCases(wh.page)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
      const target = (await waitingCases(wh.page))[0]!;
      await wh.page.goto(`${app.url()}#/scan`);
      await wh.page.getByTestId('scan-idle').waitFor();
      await check(wh.page, `scan-idle-${locale}`, found);
      for (const tab of ['tab-unmatched', 'tab-keys', 'tab-log']) {
        await wh.page.getByTestId(tab).click();
        await check(wh.page, `scan-${tab}-${locale}`, found);
      }
      await scan(wh.page, target.tracking);
      await wh.page.locator(`[data-testid="inspection"][data-case-no="${target.caseNo}"]`).waitFor();
      await check(wh.page, `scan-inspection-${locale}`, found);
      // The decision and what blocks it are on screen without scrolling.
      for (const id of ['accept', 'dispute', 'blockers']) {
        const box = await wh.page.getByTestId(id).boundingBox();
        if (!box || box.y + box.height > VIEWPORT.height) {
          (found[`scan-fold-${locale}`] ??= []).push({ kind: 'below-fold', where: `[${id}]`, detail: box ? `ends at ${Math.round(box.y + box.height)}px` : 'not rendered' });
        }
      }
      await wh.close();

      expect(found).toEqual({});
    });
  }
});
