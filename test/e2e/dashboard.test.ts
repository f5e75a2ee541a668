/**
 * The supervisor's dashboard end to end, in Chromium against the real central API with demo
 * data, at 1366×768: the supervisor (admin) lands on the dashboard after signing in; once the
 * first sync brought the demo cases every chart is drawn (a canvas with something painted on it)
 * in Chinese and the light theme, then in English and the dark theme, then in Chinese and the
 * dark theme; a chart switched to its table shows the numbers, and a row of the return-rate
 * table drills down to its cases, each opening its case page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };
const CHARTS = ['openByState', 'openByType', 'throughput', 'overdue', 'breaches', 'returnsBySku', 'returnsByReason', 'stationHours', 'grades', 'dispositions', 'disputes', 'refunds'];

/** Per chart: whether its canvas exists, has a size, and has at least one painted pixel. */
async function canvases(page: Page): Promise<Record<string, string>> {
  return page.evaluate((keys) => {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="chart-${key}"] canvas`);
      if (!canvas) out[key] = 'no canvas';
      else if (canvas.width === 0 || canvas.height === 0) out[key] = 'empty size';
      else {
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; pixels && i < pixels.length; i += 4) if (pixels[i]! > 0) painted += 1;
        out[key] = painted > 100 ? 'drawn' : `blank (${painted} pixels)`;
      }
    }
    return out;
  }, CHARTS);
}

async function everyChartDrawn(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.locator(`[data-testid="area-dashboard"][data-theme="${theme}"][data-drawn="all"]`).waitFor({ timeout: 30_000 });
  await expect.poll(() => canvases(page), { timeout: 10_000 }).toEqual(Object.fromEntries(CHARTS.map((k) => [k, 'drawn'])));
}

/** Screenshots of the whole dashboard, section by section (it scrolls inside the shell). */
async function screens(page: Page, name: string): Promise<void> {
  for (const [part, chart] of [['top', 'openByState'], ['sla', 'breaches'], ['warehouse', 'stationHours'], ['refunds', 'disputes']] as const) {
    await page.getByTestId(`chart-${chart}`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath(`${name}-${part}`), animations: 'disabled' });
  }
  await page.getByTestId('chart-openByState').evaluate((el) => el.scrollIntoView({ block: 'end' }));
}

describe.skipIf(unavailable)('supervisor dashboard in Chromium', () => {
  const app = useAppSuite();

  it('draws every chart in both themes and both languages, shows tables, drills down to cases', async () => {
    const { context, page, errors } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'admin');
    await page.getByTestId('area-dashboard').waitFor();
    // The first sync brings the demo cases; the figures follow the store as it fills.
    const openedInRange = async (): Promise<number> => Number((await page.getByTestId('dashboard-summary').innerText().catch(() => '')).match(/\d+/)?.[0] ?? 0);
    await expect.poll(openedInRange, { timeout: 60_000 }).toBeGreaterThan(0);
    await everyChartDrawn(page, 'light');
    expect(await page.getByTestId('dashboard-summary').innerText()).toMatch(/^范围内申请 \d+ 单 · 在途 \d+ 单 · 已超时 \d+ 单$/);
    await screens(page, 'dashboard-zh-light');

    // A chart as a table: one row per day of the range (30 by default), the same numbers.
    await page.getByTestId('toggle-throughput').click();
    const table = page.locator('[data-testid="chart-throughput"][data-mode="table"] [data-testid="chart-table"]');
    await table.waitFor();
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['日期', '新申请', '已结束']);
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid="chart-throughput"] canvas').count()).toBe(0);

    // Drill-down: a row of the return-rate table lists its cases; one opens its case page.
    await page.getByTestId('toggle-returnsBySku').click();
    const skuRow = page.locator('[data-testid="chart-returnsBySku"] [data-testid="chart-table"] tbody tr').first();
    await skuRow.waitFor();
    const sku = (await skuRow.locator('td').first().innerText()).trim();
    await page.screenshot({ path: screenshotPath('dashboard-zh-tables'), animations: 'disabled' });
    await skuRow.click();
    const drawer = page.getByTestId('drill-drawer');
    await drawer.waitFor();
    expect(await drawer.innerText()).toContain(sku);
    const firstCase = drawer.getByTestId('drill-case').first();
    const caseNo = (await firstCase.innerText()).trim();
    await page.screenshot({ path: screenshotPath('dashboard-zh-drill'), animations: 'disabled' });
    await firstCase.click();
    await page.locator(`[data-testid="case-no"]:text-is("${caseNo}")`).waitFor();
    await page.goBack();
    await page.getByTestId('area-dashboard').waitFor();
    // The table choices are kept; back to charts everywhere.
    await page.locator('[data-testid="chart-throughput"][data-mode="table"]').waitFor();
    await page.getByTestId('toggle-throughput').click();
    await page.getByTestId('toggle-returnsBySku').click();
    await everyChartDrawn(page, 'light');

    // English and the dark theme: every chart drawn again with the new words and colours.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await everyChartDrawn(page, 'dark');
    expect(await page.locator('[data-testid="chart-throughput"] .n-card-header').innerText()).toContain('Throughput per day');
    expect(await page.getByTestId('dashboard-summary').innerText()).toMatch(/^\d+ opened in the range · \d+ open · \d+ overdue$/);
    await screens(page, 'dashboard-en-dark');

    // Chinese in the dark theme, and the last 7 days.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await page.getByTestId('span-7').click();
    await everyChartDrawn(page, 'dark');
    await page.getByTestId('toggle-breaches').click();
    await expect.poll(() => page.locator('[data-testid="chart-breaches"] [data-testid="chart-table"] tbody tr').count()).toBe(7);
    await page.getByTestId('chart-breaches').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('dashboard-zh-dark-7days'), animations: 'disabled' });
    await page.getByTestId('toggle-breaches').click();

    expect(errors).toEqual([]);
    await context.close();
  });
});
