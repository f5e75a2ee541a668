/**
 * The finance workspace end to end, in Chromium against the real central API with demo data, at
 * 1366×768: finance signs in, goes offline, selects three cases awaiting refund (the totals shown
 * before confirming are the server's refunds), approves them in one batch, exports the day's
 * refunds as CSV (the download checked byte by byte: BOM, header and one row), comes back online
 * so the approvals sync, then rejects another case back to the warehouse with a reason. Screens
 * in zh-CN and en-US. A warehouse user sees no finance entry, is sent home from its address, and
 * finds no finance action on a case awaiting refund.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };
const BOM = [0xef, 0xbb, 0xbf];

interface ServerCase {
  id: string;
  case_no: string;
  state: string;
  data: { type: string; quantity: number; refund: { goods: number; coins: number; outboundShipping: number; returnShipping: number; taxDeduction: number; cash: number; adjustments: Array<{ amount: number }> } | null; returnAddress: { warehouseId: string } | null };
  order_no: string;
  buyer_name: string | null;
  buyer_phone: string | null;
}

/** Yuan with two decimals, as the export writes it. */
const yuan = (minor: number): string => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/** Visible rows of the refund queue, by case number. */
async function queueCaseNos(page: Page): Promise<string[]> {
  return page.getByTestId('refund-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-no') ?? ''));
}

describe.skipIf(unavailable)('finance workspace in Chromium', () => {
  // 60 demo cases: five of them await refund.
  const app = useAppSuite({ scale: 60 });

  async function serverCases(caseNos: readonly string[]): Promise<ServerCase[]> {
    return app.server().db.query<ServerCase>(
      'SELECT c.id, c.case_no, c.state, c.data, o.order_no, o.buyer_name, o.buyer_phone FROM cases c JOIN orders o ON o.id = c.order_id WHERE c.case_no = ANY($1) ORDER BY c.case_no',
      [[...caseNos]],
    );
  }

  it('batch-approves three refunds offline, exports the CSV, syncs, rejects one back to the warehouse; zh-CN and en-US', async () => {
    const { context, page, errors } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'fin1');
    await page.getByTestId('area-finance').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('refund-total').getAttribute('data-count')), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
    const before = await queueCaseNos(page);
    const [awaiting] = await app.server().db.query<{ n: unknown }>("SELECT count(*) AS n FROM cases WHERE state = 'awaiting_refund'");
    expect(before.length).toBe(Number(awaiting?.n));
    await page.screenshot({ path: screenshotPath('finance-queue'), animations: 'disabled' });

    // The inspection and the breakdown, one click away.
    await page.getByTestId('refund-details').first().click();
    await page.getByTestId('refund-drawer').waitFor();
    await page.getByTestId('refund-card').waitFor();
    await page.screenshot({ path: screenshotPath('finance-drawer'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await page.getByTestId('refund-drawer').waitFor({ state: 'hidden' });

    // 1. Offline: choose three cases; the totals are the server's refunds of those three.
    await app.setOffline(context, true);
    const chosen = before.slice(0, 3);
    for (const caseNo of chosen) await page.locator(`[data-testid="refund-row"][data-case-no="${caseNo}"] .n-checkbox`).click();
    const expected = await serverCases(chosen);
    const cash = expected.reduce((sum, c) => sum + (c.data.refund?.cash ?? 0), 0);
    const coins = expected.reduce((sum, c) => sum + (c.data.refund?.coins ?? 0), 0);
    const totals = page.getByTestId('batch-totals');
    await expect.poll(() => totals.getAttribute('data-count')).toBe('3');
    expect(await totals.getAttribute('data-cash')).toBe(String(cash));
    expect(await totals.getAttribute('data-coins')).toBe(String(coins));
    await page.getByTestId('batch-approve').click();
    await page.getByTestId('batch-confirm-dialog').waitFor();
    expect(await page.getByTestId('confirm-cash').innerText()).toContain(yuan(cash));
    await page.screenshot({ path: screenshotPath('finance-batch-confirm'), animations: 'disabled' });
    await page.getByTestId('batch-confirm').click();
    await expect.poll(() => queueCaseNos(page), { timeout: 30_000 }).toEqual(before.slice(3));
    expect(await page.getByTestId('batch-failures').count()).toBe(0);
    // Recorded on this desk only: the server still waits.
    expect((await serverCases(chosen)).map((c) => c.state)).toEqual(['awaiting_refund', 'awaiting_refund', 'awaiting_refund']);

    // 2. Export today's refunds as CSV, still offline.
    await page.locator('.n-tabs-tab[data-name="export"]').click();
    await page.getByTestId('export-panel').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('export-summary').getAttribute('data-count'))).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: screenshotPath('finance-export'), animations: 'disabled' });
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toBe(`refunds_${today}.csv`);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('售后单号,订单号,买家,售后类型,数量,商品金额,金币,发货运费,退货运费,税点扣除,调整,退款现金,审核人,审核时间');
    const one = expected[0];
    if (!one?.data.refund) throw new Error('the first chosen case has no refund');
    const r = one.data.refund;
    // Finance's feed carries the buyer reduced (name initial, phone's last four digits): the file shows that.
    const phone = (one.buyer_phone ?? '').replace(/\D/g, '');
    const buyer = [one.buyer_name ? `${[...one.buyer_name][0]}*` : '', `****${phone.slice(-4)}`].filter(Boolean).join(' ');
    expect(buyer).not.toContain(phone);
    const adjustments = r.adjustments.reduce((s, a) => s + a.amount, 0);
    const row = lines.find((l) => l.startsWith(`${one.case_no},`));
    expect(row).toBeDefined();
    const prefix = [one.case_no, one.order_no, buyer, '退货退款', String(one.data.quantity), yuan(r.goods), yuan(r.coins), yuan(r.outboundShipping), yuan(r.returnShipping), yuan(-r.taxDeduction), yuan(adjustments), yuan(r.cash), '财务 Fang'].join(',');
    expect(row?.slice(0, prefix.length + today.length + 2)).toBe(`${prefix},${today} `);
    expect(row).toMatch(/,\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // 3. Online again: the three approvals reach the server once each.
    await app.setOffline(context, false);
    await expect.poll(async () => (await serverCases(chosen)).map((c) => c.state), { timeout: 60_000 }).toEqual(['completed', 'completed', 'completed']);
    const [applied] = await app.server().db.query<{ n: unknown }>("SELECT count(*) AS n FROM commands WHERE type = 'finance.approve_refund' AND case_id IN (SELECT id FROM cases WHERE case_no = ANY($1))", [chosen]);
    expect(Number(applied?.n)).toBe(3);

    // 4. Reject one back to the warehouse with a reason.
    await page.locator('.n-tabs-tab[data-name="refunds"]').click();
    const rejected = before[3];
    if (!rejected) throw new Error('no fourth case awaiting refund');
    await page.locator(`[data-testid="refund-row"][data-case-no="${rejected}"] [data-testid="refund-reject"]`).click();
    await page.getByTestId('reject-dialog').waitFor();
    expect(await page.getByTestId('reject-where').innerText()).toContain('仓库');
    await page.getByTestId('reject-reason').locator('textarea').fill('验货照片显示外箱破损，与退款金额不符，请仓库复核');
    await page.screenshot({ path: screenshotPath('finance-reject'), animations: 'disabled' });
    await page.getByTestId('reject-submit').click();
    await expect.poll(() => queueCaseNos(page)).toEqual(before.slice(4));
    await expect.poll(async () => (await serverCases([rejected]))[0]?.state, { timeout: 60_000 }).toBe('awaiting_receipt');

    // 5. English.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => page.locator('.n-tabs-tab[data-name="refunds"]').innerText()).toBe('Awaiting refund');
    await page.screenshot({ path: screenshotPath('finance-queue-en'), animations: 'disabled' });
    await page.locator('.n-tabs-tab[data-name="export"]').click();
    await page.getByTestId('export-panel').waitFor();
    await page.screenshot({ path: screenshotPath('finance-export-en'), animations: 'disabled' });
    await page.locator('.n-tabs-tab[data-name="compensation"]').click();
    await page.getByTestId('compensation-panel').waitFor();
    await page.screenshot({ path: screenshotPath('finance-compensation-en'), animations: 'disabled' });
    // Only the offline page loads may have failed.
    expect(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED|Failed to fetch|NetworkError/.test(e))).toEqual([]);
    await context.close();
  }, 300_000);

  it('a warehouse user sees no finance entry, is sent home from its address, and finds no finance action on a case', async () => {
    const { context, page } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'wh1');
    await page.locator('.n-menu').waitFor();
    expect(await page.locator('.n-menu').innerText()).not.toContain('财务');
    await page.goto(`${app.url()}#/finance`);
    await expect.poll(() => page.url()).toMatch(/#\/scan$/);
    expect(await page.getByTestId('area-finance').count()).toBe(0);
    // A case awaiting refund whose goods came back to this warehouse: the case page offers nothing finance does.
    const [target] = await app.server().db.query<{ id: string }>("SELECT id FROM cases WHERE state = 'awaiting_refund' AND data->'returnAddress'->>'warehouseId' = 'WH-SH' ORDER BY case_no LIMIT 1");
    if (target) {
      await page.goto(`${app.url()}#/case/${target.id}`);
      await page.getByTestId('case-page').waitFor();
      await page.getByTestId('actions-none').waitFor({ timeout: 60_000 });
      expect(await page.locator('button', { hasText: /同意退款|驳回退款|记录赔付/ }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('finance-warehouse-case'), animations: 'disabled' });
    }
    await context.close();
  }, 120_000);
});
