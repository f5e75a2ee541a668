/**
 * The customer-service workspace end to end, in Chromium against the real central API with demo
 * data, at 1366×768: CS finds the pending-review queue, approves one case (return address chosen)
 * and rejects another with a reason template, both sync once; the pages are checked in English and
 * in the dark theme; a warehouse user opening the same case sees no CS action. Then two CS
 * workstations settle the same dispute while offline: the first back online applies, the second
 * gets one conflict in its inbox (linked from the case page), and both show the server's case.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };

async function serverState(app: ReturnType<typeof useAppSuite>, caseNo: string): Promise<{ state: string; version: number } | undefined> {
  const [row] = await app.server().db.query<{ state: string; version: number }>('SELECT state, version FROM cases WHERE case_no = $1', [caseNo]);
  return row;
}

async function openFirstPendingReview(page: Page): Promise<string> {
  await page.getByTestId('queue-pending_review').click();
  await page.locator('[data-testid="area-queues"][data-queue="pending_review"]').waitFor();
  const first = page.getByTestId('queue-row').first();
  await first.waitFor();
  const caseNo = await first.getAttribute('data-case-no');
  if (!caseNo) throw new Error('the first row has no case number');
  // Keyboard: the cursor starts on the first row; Enter opens it.
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="case-no"]:text-is("${caseNo}")`).waitFor();
  return caseNo;
}

async function waitSynced(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('case-pending').count(), { timeout: 30_000 }).toBe(0);
}

describe.skipIf(unavailable)('customer-service workspace in Chromium', () => {
  const app = useAppSuite();

  it('approves one case and rejects another with a template, both sync; English and dark theme; warehouse sees no CS action', async () => {
    const { context, page, errors } = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(page, 'cs1');
    // CS lands on the queues; the first sync brings the demo cases.
    await page.getByTestId('area-queues').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('queue-count-pending_review').getAttribute('data-count')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => Number(await page.getByTestId('queue-count-needs_me').getAttribute('data-count'))).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: screenshotPath('cs-queues'), animations: 'disabled' });

    // 1. Approve: the rule book offers approve / reject / escalate for a case under review.
    const approved = await openFirstPendingReview(page);
    await page.getByTestId('action-approve').waitFor();
    expect(await page.getByTestId('action-resolve_dispute').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('cs-case'), animations: 'disabled' });
    await page.getByTestId('action-approve').click();
    await page.getByTestId('form-cs.approve').waitFor();
    await page.screenshot({ path: screenshotPath('cs-approve-form'), animations: 'disabled' });
    await page.getByTestId('action-submit').click();
    await page.locator('[data-testid="case-state"][data-state="awaiting_buyer_shipment"]').waitFor();
    await waitSynced(page);
    await expect.poll(async () => (await serverState(app, approved))?.state, { timeout: 30_000 }).toBe('awaiting_buyer_shipment');
    await page.screenshot({ path: screenshotPath('cs-approved'), animations: 'disabled' });
    await page.getByTestId('timeline').screenshot({ path: screenshotPath('cs-timeline'), animations: 'disabled' });

    // 2. Reject another with a template and a note; the buyer's remaining resubmissions are shown.
    await page.getByTestId('case-back').click();
    await page.getByTestId('area-queues').waitFor();
    const rejected = await openFirstPendingReview(page);
    expect(rejected).not.toBe(approved);
    await page.getByTestId('action-reject').click();
    await page.getByTestId('reject-remaining').waitFor();
    await page.getByTestId('reject-template').click();
    await page.locator('.n-base-select-option').first().click();
    await page.getByTestId('reject-text').locator('textarea').fill('请补充商品正面和故障部位的照片');
    await page.screenshot({ path: screenshotPath('cs-reject-form'), animations: 'disabled' });
    await page.getByTestId('action-submit').click();
    await page.locator('[data-testid="case-state"][data-state="rejected"]').waitFor();
    await waitSynced(page);
    await expect.poll(async () => (await serverState(app, rejected))?.state, { timeout: 30_000 }).toBe('rejected');
    const [row] = await app.server().db.query<{ data: { lastRejection: { reason: string } } }>('SELECT data FROM cases WHERE case_no = $1', [rejected]);
    expect(row?.data.lastRejection.reason).toMatch(/：请补充商品正面和故障部位的照片$/);
    await page.screenshot({ path: screenshotPath('cs-rejected'), animations: 'disabled' });
    // Each command was applied once.
    const [applied] = await app.server().db.query<{ n: unknown }>("SELECT count(*) AS n FROM commands WHERE type IN ('cs.approve', 'cs.reject') AND case_id IN (SELECT id FROM cases WHERE case_no = ANY($1))", [[approved, rejected]]);
    expect(Number(applied?.n)).toBe(2);

    // 3. English and the dark theme.
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await page.getByTestId('case-back').click();
    await page.getByTestId('queue-disputes').click();
    await page.locator('[data-testid="area-queues"][data-queue="disputes"]').waitFor();
    expect(await page.getByTestId('queue-title').innerText()).toBe('Disputes');
    await page.screenshot({ path: screenshotPath('cs-queues-en-dark'), animations: 'disabled' });
    await page.getByTestId('queue-row').first().click();
    await page.getByTestId('action-resolve_dispute').waitFor();
    await page.screenshot({ path: screenshotPath('cs-dispute-en-dark'), animations: 'disabled' });
    await page.getByTestId('timeline').screenshot({ path: screenshotPath('cs-timeline-en-dark'), animations: 'disabled' });
    // The timeline names the staff who acted (from the staff directory), not their ids.
    const staffActors = async () =>
      (await page.getByTestId('timeline-actor').evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-actor') ?? '', text: el.textContent?.trim() ?? '' })))).filter(
        (a) => a.id.startsWith('staff-') && a.id !== 'staff-buyer1',
      );
    await expect.poll(async () => (await staffActors()).length).toBeGreaterThan(0);
    await expect.poll(async () => (await staffActors()).filter((a) => a.text === a.id || a.text === '')).toEqual([]);
    const disputeUrl = page.url();
    expect(errors).toEqual([]);
    await context.close();

    // 4. A warehouse user opening the same case sees no customer-service action.
    const wh = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(wh.page, 'wh1');
    await wh.page.goto(disputeUrl);
    await wh.page.getByTestId('case-page').waitFor();
    await wh.page.getByTestId('actions-none').waitFor({ timeout: 60_000 });
    expect(await wh.page.locator('[data-testid^="action-"]').count()).toBe(0);
    await wh.page.screenshot({ path: screenshotPath('cs-warehouse-no-actions'), animations: 'disabled' });
    await wh.context.close();
  }, 240_000);

  it('two CS workstations settle the same dispute offline: one applies, the other gets one conflict, both converge', async () => {
    const a = await app.newPage({ viewport: VIEWPORT });
    const b = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(a.page, 'cs1');
    await app.signIn(b.page, 'admin');
    // Both open the same dispute once their first sync brought it.
    let caseNo = '';
    for (const { page } of [a, b]) {
      await page.goto(`${app.url()}#/disputes`);
      await page.locator('[data-testid="area-disputes"][data-queue="disputes"]').waitFor();
      const row = page.getByTestId('queue-row').first();
      await row.waitFor({ timeout: 60_000 });
      caseNo ||= (await row.getAttribute('data-case-no')) ?? '';
      await page.locator(`[data-testid="queue-row"][data-case-no="${caseNo}"]`).click();
      await page.getByTestId('action-resolve_dispute').waitFor();
    }
    expect(caseNo).not.toBe('');
    const before = await serverState(app, caseNo);
    expect(before?.state).toBe('disputed');

    await app.setOffline(a.context, true);
    await app.setOffline(b.context, true);
    // A: partial refund agreed with the buyer.
    await a.page.getByTestId('action-resolve_dispute').click();
    await a.page.getByTestId('resolve-agreed').click();
    await a.page.getByTestId('resolve-amount').locator('input').fill('10.00');
    await a.page.getByTestId('resolve-reason').locator('textarea').fill('空包争议，与买家电话协商退 10 元');
    await a.page.getByTestId('action-submit').click();
    // Agreement not confirmed yet: the form says so and nothing is sent.
    await a.page.locator('[data-testid="form-cs.resolve_dispute"] .n-form-item-feedback--error, [data-testid="form-cs.resolve_dispute"] .n-form-item-feedback__line').first().waitFor();
    await a.page.getByTestId('resolve-agreed-check').click();
    await a.page.getByTestId('action-submit').click();
    await a.page.locator('.n-dialog__action .n-button--warning-type, .n-dialog__action .n-button--primary-type').last().click();
    await a.page.locator('[data-testid="case-state"][data-state="awaiting_refund"]').waitFor();
    await a.page.getByTestId('case-pending').waitFor();
    // B: return the goods to the buyer.
    await b.page.getByTestId('action-resolve_dispute').click();
    await b.page.getByTestId('resolve-return').click();
    await b.page.getByTestId('resolve-reason').locator('textarea').fill('空包，退回买家并关闭');
    await b.page.getByTestId('action-submit').click();
    await b.page.locator('.n-dialog__action .n-button--warning-type, .n-dialog__action .n-button--primary-type').last().click();
    await b.page.locator('[data-testid="case-state"][data-state="closed"]').waitFor();
    await b.page.screenshot({ path: screenshotPath('cs-offline-settled'), animations: 'disabled' });
    expect((await serverState(app, caseNo))?.state).toBe('disputed');

    // A comes back first: applied. Then B: its command no longer fits → one conflict.
    await app.setOffline(a.context, false);
    await waitSynced(a.page);
    await expect.poll(async () => (await serverState(app, caseNo))?.state, { timeout: 30_000 }).toBe('awaiting_refund');
    await app.setOffline(b.context, false);
    await b.page.getByTestId('case-conflicts').waitFor({ timeout: 60_000 });
    await b.page.locator('[data-testid="case-state"][data-state="awaiting_refund"]').waitFor({ timeout: 30_000 });
    await b.page.screenshot({ path: screenshotPath('cs-conflict-on-case'), animations: 'disabled' });
    await b.page.getByTestId('case-conflicts-open').click();
    await b.page.getByTestId('area-sync').waitFor();
    await expect.poll(() => b.page.getByTestId('conflict').count()).toBe(1);
    await b.page.screenshot({ path: screenshotPath('cs-conflict-inbox'), animations: 'disabled' });
    const [row] = await app.server().db.query<{ data: { refund: { cash: number } | null; state: string } }>('SELECT data FROM cases WHERE case_no = $1', [caseNo]);
    expect(row?.data).toMatchObject({ state: 'awaiting_refund', refund: { cash: 1000 } });
    const [settled] = await app.server().db.query<{ n: unknown }>("SELECT count(*) AS n FROM commands WHERE type = 'cs.resolve_dispute' AND status = 'applied' AND case_id IN (SELECT id FROM cases WHERE case_no = $1)", [caseNo]);
    expect(Number(settled?.n)).toBe(1);
    // Requests refused while offline are expected; nothing else may fail.
    expect(a.errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 240_000);
});
