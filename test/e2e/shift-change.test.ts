/**
 * Shift change on one browser workstation, in Chromium against the real central API at
 * 1366×768: cs1 approves a case while the server is unreachable and signs out (the dialog says
 * the action keeps its author's name); the sign-in screen says cs1's action still waits and goes
 * out under cs1's name (zh-CN and en-US); admin signs in on the same browser context, and once the
 * server is back cs1's approval is applied as cs1's (actor, role, cs1's device id) and admin's own
 * as admin's; the sync status lists waiting actions per person meanwhile.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';

const unavailable = browserUnavailableReason();
const VIEWPORT = { width: 1366, height: 768 };

/** The user name as a device id suffix (`staffDeviceId`: the workstation id, a dot, the name in hex). */
const hexOf = (name: string): string => Buffer.from(name, 'utf8').toString('hex');

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('header-sign-out').click();
}

/** The warning dialog's confirming button. */
async function confirmDialog(page: Page): Promise<void> {
  await page.locator('.n-dialog__action .n-button--warning-type, .n-dialog__action .n-button--primary-type').last().click();
  await page.getByTestId('sign-in-view').waitFor();
}

describe.skipIf(unavailable)('shift change on one browser workstation', () => {
  const app = useAppSuite();

  /**
   * Opens a case under review that `taken` does not hold by its address and approves it (the
   * store has it from the first sync); returns its case number.
   */
  async function approveOneUnderReview(page: Page, taken: readonly string[]): Promise<string> {
    const [target] = await app.server().db.query<{ id: string; case_no: string }>(
      `SELECT id, case_no FROM cases WHERE state = 'pending_review' AND NOT (case_no = ANY($1)) ORDER BY case_no LIMIT 1`,
      [[...taken]],
    );
    if (!target) throw new Error('no case under review');
    await page.goto(`${app.url()}#/case/${target.id}`);
    await page.locator(`[data-testid="case-no"]:text-is("${target.case_no}")`).waitFor();
    await page.getByTestId('action-approve').click();
    await page.getByTestId('form-cs.approve').waitFor();
    await page.getByTestId('action-submit').click();
    await page.locator('[data-testid="case-state"][data-state="awaiting_buyer_shipment"]').waitFor();
    return target.case_no;
  }

  /** Who the server recorded for the approval of a case: the event's actor and role, the command's device. */
  async function approvedBy(caseNo: string): Promise<{ actor: string; role: string; device: string } | null> {
    const [row] = await app
      .server()
      .db.query<{ actor: string; role: string; device: string }>(
        `SELECT e.actor_id AS actor, e.role, c.device_id AS device FROM case_events e JOIN cases k ON k.id = e.case_id JOIN commands c ON c.command_id = e.command_id
          WHERE k.case_no = $1 AND c.type = 'cs.approve'`,
        [caseNo],
      );
    return row ?? null;
  }

  it('sends the first person’s offline approval under their name after the next person signs in', async () => {
    const { context, page, errors } = await app.newPage({ viewport: VIEWPORT });
    // admin has worked here before (so can sign in offline later), with nothing left waiting.
    await app.signIn(page, 'admin');
    await signOut(page);
    await app.signIn(page, 'cs1');
    await page.getByTestId('area-queues').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('queue-count-pending_review').getAttribute('data-count')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);

    // The server goes away; cs1 approves a case and hands the workstation over.
    await app.setApiReachable(context, false);
    const first = await approveOneUnderReview(page, []);
    await signOut(page);
    const dialog = page.locator('.n-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('以操作人本人的名义发送');
    await page.screenshot({ path: screenshotPath('shift-change-sign-out-zh-CN'), animations: 'disabled' });
    await confirmDialog(page);

    // The sign-in screen says whose action waits and under whose name it goes.
    await page.getByTestId('sign-in-view').waitFor();
    const waiting = page.getByTestId('sign-in-waiting');
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain('客服 Chen：1 条操作等待同步，将以 客服 Chen 的名义发送。');
    await page.screenshot({ path: screenshotPath('shift-change-sign-in-zh-CN'), animations: 'disabled' });
    await page.getByTestId('sign-in-locale').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => waiting.innerText()).toContain('客服 Chen: 1 action is waiting; it will be sent under 客服 Chen’s name.');
    await page.screenshot({ path: screenshotPath('shift-change-sign-in-en-US'), animations: 'disabled' });

    // admin signs in on the same browser while the server is still away (offline), and approves a case too.
    await app.signIn(page, 'admin');
    await page.getByTestId('header-offline').waitFor();
    const second = await approveOneUnderReview(page, [first]);
    await page.goto(`${app.url()}#/sync`);
    const list = page.getByTestId('sync-waiting-people');
    await expect.poll(() => list.innerText()).toContain('客服 Chen: 1 action is waiting; it will be sent under 客服 Chen’s name.');
    expect(await list.innerText()).toContain('主管 Admin (signed in): 1 action is waiting to sync.');
    await page.screenshot({ path: screenshotPath('shift-change-status-en-US'), animations: 'disabled' });

    // The server is back: cs1's approval goes with cs1's kept token. admin signed in offline has
    // no token for the server, so theirs waits for them, never under cs1's.
    await app.setApiReachable(context, true);
    await page.getByTestId('sync-now-panel').click();
    await expect.poll(() => approvedBy(first), { timeout: 30_000 }).toMatchObject({ actor: 'staff-cs1', role: 'cs' });
    expect(await approvedBy(second)).toBeNull();
    await signOut(page);
    await confirmDialog(page);
    await app.signIn(page, 'admin');
    await page.goto(`${app.url()}#/sync`);
    await expect.poll(() => approvedBy(second), { timeout: 30_000 }).toMatchObject({ actor: 'staff-admin', role: 'admin' });
    expect((await approvedBy(first))?.device.endsWith(`.${hexOf('cs1')}`)).toBe(true);
    expect((await approvedBy(second))?.device.endsWith(`.${hexOf('admin')}`)).toBe(true);
    await list.waitFor({ state: 'detached', timeout: 30_000 });
    // cs1's kept session ends once their action is answered.
    await expect
      .poll(async () => Number((await app.server().db.query<{ n: unknown }>(`SELECT count(*) AS n FROM sessions WHERE staff_id = 'staff-cs1' AND revoked_at IS NULL`))[0]?.n), { timeout: 30_000 })
      .toBe(0);
    await page.screenshot({ path: screenshotPath('shift-change-synced-en-US'), animations: 'disabled' });

    const unexpected = errors.filter((message) => !/Failed to load resource|net::ERR_|ERR_CONNECTION_REFUSED/.test(message));
    expect(unexpected).toEqual([]);
    await context.close();
  });
});
