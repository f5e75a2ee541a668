/**
 * Receipt label and test-barcode sheet in Chromium: the Settings sections over a seeded local
 * store, and what the printer gets — captured when the page calls window.print, then rendered as
 * print media (screenshots) and as a PDF whose page size must be the label's 60×40 mm.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, repoRoot, screenshotPath, useBrowserSuite } from './support/browser';

const unavailable = browserUnavailableReason();

/** PDF points per millimetre. */
const PT_PER_MM = 72 / 25.4;

/** What a sync leaves behind for warehouse clerk wh1 at WH-SH: the session and three cases. */
async function seedLocalStore(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = indexedDB.open('after-sales-desk');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const tx = db.transaction(['caseView', 'session'], 'readwrite');
    const staff = { id: 'staff-wh1', username: 'wh1', displayName: '仓库 王', role: 'warehouse', warehouseId: 'WH-SH' };
    tx.objectStore('session').put({ username: 'wh1', staff, token: 't', expiresAt: '2099-01-01T00:00:00Z', verifier: {}, signedInAt: '2025-11-22T00:00:00Z', current: 1 });
    const cases = [
      ['1', 'SF1402345678901', '6901234567892', 'WH-SH'],
      ['2', 'YT7512345678901', '6901234567908', 'WH-SH'],
      ['3', 'EA123456785CN', '6901234567892', 'WH-SH'],
      ['4', 'JD0012345678901', '6901234567892', 'WH-GZ'],
    ] as const;
    for (const [n, tracking, sku, warehouseId] of cases) {
      tx.objectStore('caseView').put({
        id: `case-${n}`,
        caseNo: `RMA25112200000${n}`,
        orderId: `order-${n}`,
        orderNo: `SO2511220000000${n}`,
        sku,
        state: 'awaiting_receipt',
        returnTrackingNo: tracking,
        buyerPhoneTail: '8000',
        queue: 'warehouse',
        dueAt: '2025-11-29T00:00:00Z',
        version: 3,
        serverVersion: 3,
        pending: 0,
        pendingCount: 0,
        data: { quantity: Number(n), returnAddress: { warehouseId, name: '退货仓', phone: '021', address: '上海' } },
      });
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('write failed'));
    });
    db.close();
  });
}

/**
 * Replaces the browser's print dialog: keeps a copy of the print container and stylesheet, as
 * the printer would have received them.
 */
async function capturePrints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: { html: string; css: string }[] };
    w.printed = [];
    window.print = () => {
      w.printed.push({
        html: document.getElementById('desk-print-root')?.outerHTML ?? '',
        css: document.getElementById('desk-print-style')?.textContent ?? '',
      });
    };
  });
}

/** Puts the last captured job back into the page, shown as print media, ready for pdf/screenshot. */
async function restorePrinted(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: { html: string; css: string }[] };
    const job = w.printed.at(-1);
    if (!job) throw new Error('nothing was printed');
    const style = document.createElement('style');
    style.id = 'desk-print-style';
    style.textContent = job.css;
    document.head.appendChild(style);
    document.body.insertAdjacentHTML('beforeend', job.html);
  });
  await page.emulateMedia({ media: 'print' });
}

async function clearPrinted(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => {
    document.getElementById('desk-print-root')?.remove();
    document.getElementById('desk-print-style')?.remove();
  });
}

/** Keeps what the printer got beside the screenshots, to look at (pdftoppm turns it into PNG). */
function savePdf(name: string, pdf: Buffer): void {
  const dir = join(repoRoot, 'test-results', 'print');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pdf`), pdf);
}

/** Page sizes of a PDF from Chromium, in millimetres. */
function pdfPageSizes(pdf: Buffer): Array<[number, number]> {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map((m) => [Number(m[1]) / PT_PER_MM, Number(m[2]) / PT_PER_MM]);
}

/** Prints the page to PDF as Chromium's print preview would (kept as `name`): one page of `width`×`height` mm. */
async function expectPrintedPage(page: Page, name: string, width: number, height: number): Promise<void> {
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  savePdf(name, pdf);
  const pages = pdfPageSizes(pdf);
  expect(pages).toHaveLength(1);
  expect(pages[0]?.[0]).toBeCloseTo(width, 0);
  expect(pages[0]?.[1]).toBeCloseTo(height, 0);
}

describe.skipIf(unavailable)('labels and test barcodes in Chromium', () => {
  const suite = useBrowserSuite();

  it('prints a 60×40 mm sample label and an A4 test sheet from the local store', async () => {
    const context = await suite.browser().newContext({ viewport: { width: 1360, height: 1000 }, locale: 'zh-CN', deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${suite.url()}#/settings`);
    await page.getByTestId('area-settings').waitFor();
    await expect.poll(() => page.getByTestId('test-barcodes-status').innerText()).toContain('请先在登录页登录，等首次同步完成后再打印测试页');

    await seedLocalStore(page);
    await page.reload();
    await capturePrints(page);
    await expect.poll(() => page.getByTestId('test-barcodes-status').innerText()).toContain('3 个待收货包裹、2 个商品条码，另有 4 个其他条码');
    await page.getByTestId('settings-test-barcodes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('settings-labels-sections'), animations: 'disabled' });
    const printerSection = page.getByTestId('settings-label-printer');
    expect(await printerSection.locator('[data-testid="label-printer-preview"] svg rect').count()).toBeGreaterThan(30);
    await printerSection.screenshot({ path: screenshotPath('settings-label-printer') });

    // The sample label: the page hands exactly one 60×40 mm page with the label to the printer.
    await page.getByTestId('label-print-sample').click();
    await expect.poll(() => page.getByTestId('label-print-result').innerText()).toBe('已发送到打印机。');
    await restorePrinted(page);
    const label = page.locator('#desk-print-root [data-testid="receipt-label"]');
    expect(await label.locator('svg rect').count()).toBeGreaterThan(30);
    expect(await label.getByTestId('receipt-label-code').innerText()).toMatch(/RMA\d{12}/);
    const box = await label.boundingBox();
    // 60×40 mm at 96 CSS px per inch.
    expect(box?.width).toBeCloseTo((60 / 25.4) * 96, 0);
    expect(box?.height).toBeCloseTo((40 / 25.4) * 96, 0);
    await label.screenshot({ path: screenshotPath('receipt-label-print') });
    await expectPrintedPage(page, 'receipt-label', 60, 40);
    await clearPrinted(page);

    // The test sheet on A4: this warehouse's parcels, products, and the four sample codes.
    await page.getByTestId('test-barcodes-print').click();
    await expect.poll(() => page.getByTestId('test-barcodes-result').innerText()).toBe('已发送到打印机。');
    await restorePrinted(page);
    const sheet = page.locator('#desk-print-root [data-testid="test-sheet"]');
    const sheetText = await sheet.innerText();
    for (const code of ['SF1402345678901', 'YT7512345678901', 'EA123456785CN', '6901234567892', '6901234567908', 'RMA251122000001', 'SO25112200000001']) {
      expect(sheetText).toContain(code);
    }
    expect(sheetText).not.toContain('JD0012345678901');
    expect(await sheet.locator('svg[data-format="EAN13"]').count()).toBe(2);
    expect(await sheet.locator('svg[data-valid="false"]').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('test-sheet-print'), fullPage: true });
    await expectPrintedPage(page, 'test-sheet', 210, 297);
    await clearPrinted(page);

    // The preview shows the same sheet on screen.
    await page.getByTestId('test-barcodes-preview').click();
    await page.getByTestId('test-barcodes-paper').waitFor();
    await page.screenshot({ path: screenshotPath('test-sheet-preview'), animations: 'disabled' });

    expect(errors).toEqual([]);
    await context.close();
  });
});
