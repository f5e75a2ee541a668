/**
 * Staff notifications end to end, in Chromium against the real central API with demo data and a
 * running sweeper, at 1366×768: a case waits past its review deadline and the sweeper approves it;
 * a CS workstation shows the auto-approval under the header's bell (and the case flagged in its
 * queue row); reading it opens the case and lowers the unread count; a second workstation of the
 * same agent (in English) finds it already read after its sync.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };
const DAY_MS = 86_400_000;

const unreadOf = async (page: Page): Promise<number> => Number(await page.getByTestId('notification-bell').getAttribute('data-count'));

async function openBell(page: Page): Promise<void> {
  await page.getByTestId('notification-bell').click();
  await page.getByTestId('notification-list').waitFor();
}

describe.skipIf(unavailable)('staff notifications in Chromium', () => {
  const app = useAppSuite({ sweepIntervalSeconds: 1 });

  it('shows the sweeper’s auto-approval, reads it, and the agent’s other desk sees it read', async () => {
    const db = app.server().db;
    const [target] = await db.query<{ id: string; case_no: string }>(
      `SELECT id, case_no FROM cases WHERE state = 'pending_review' AND type <> 'reship' AND NOT deleted ORDER BY case_no LIMIT 1`,
    );
    if (!target) throw new Error('the demo data has no case under review');
    // The case has waited a week and a minute for review: due, so the sweeper approves it.
    const waitedSince = new Date(Date.now() - 7 * DAY_MS - 60_000).toISOString();
    await db.query(
      `UPDATE cases SET data = jsonb_set(jsonb_set(data, '{stateEnteredAt}', to_jsonb($2::text)), '{openedAt}', to_jsonb($2::text)),
              next_due_at = $3::timestamptz
        WHERE id = $1`,
      [target.id, waitedSince, new Date(Date.now() - 1000).toISOString()],
    );
    await expect.poll(async () => (await db.query<{ role: string }>(`SELECT role FROM case_events WHERE case_id = $1 ORDER BY version DESC LIMIT 1`, [target.id]))[0]?.role, { timeout: 30_000 }).toBe('system');

    // Workstation A (Chinese): the first sync brings the case; the bell counts it.
    const a = await app.newPage({ viewport: VIEWPORT });
    await app.signIn(a.page, 'cs1');
    await a.page.getByTestId('area-queues').waitFor();
    const item = (page: Page) => page.locator(`[data-testid="notification-item"][data-kind="auto_approved"][data-case-no="${target.case_no}"]`);
    await expect.poll(() => unreadOf(a.page), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    // Its queue row carries the flag.
    await a.page.getByTestId('queue-all').click();
    await a.page.getByTestId('queue-search').locator('input').fill(target.case_no);
    await a.page.locator(`[data-testid="queue-row"][data-case-no="${target.case_no}"] [data-testid="row-notice-flag"]`).waitFor();
    await openBell(a.page);
    await item(a.page).waitFor();
    expect(await item(a.page).getAttribute('data-read')).toBe('0');
    expect(await item(a.page).innerText()).toContain('系统已自动同意');
    await a.page.screenshot({ path: screenshotPath('notifications-zh'), animations: 'disabled' });
    const before = await unreadOf(a.page);

    // Reading it opens the case and lowers the count by one.
    await item(a.page).click();
    await a.page.locator(`[data-testid="case-no"]:text-is("${target.case_no}")`).waitFor();
    await expect.poll(() => unreadOf(a.page)).toBe(before - 1);
    await openBell(a.page);
    expect(await item(a.page).getAttribute('data-read')).toBe('1');
    // The mark reached the central API, as this agent's and nobody else's.
    await expect
      .poll(async () => (await db.query<{ staff_id: string }>(`SELECT staff_id FROM notice_reads WHERE notice_key LIKE $1`, [`auto_approved:${target.id}:%`])).map((r) => r.staff_id), { timeout: 30_000 })
      .toEqual(['staff-cs1']);
    expect(a.errors).toEqual([]);

    // Workstation B of the same agent, in English: after its sync the notice is already read.
    const b = await app.newPage({ viewport: VIEWPORT, locale: 'en-US' });
    await app.signIn(b.page, 'cs1');
    await b.page.getByTestId('area-queues').waitFor();
    await b.page.getByTestId('locale-select').click();
    await b.page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await openBell(b.page);
    await item(b.page).waitFor({ timeout: 60_000 });
    await expect.poll(async () => item(b.page).getAttribute('data-read'), { timeout: 30_000 }).toBe('1');
    expect(await item(b.page).innerText()).toContain('approved automatically');
    await b.page.screenshot({ path: screenshotPath('notifications-en'), animations: 'disabled' });
    expect(b.errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  }, 180_000);
});
