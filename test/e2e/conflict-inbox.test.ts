/**
 * The conflict inbox end to end: a workstation receives a parcel while the central API is out of
 * reach; meanwhile another station of the same warehouse raises a dispute on that case. Back
 * online, the receipt is refused and the worker meets the conflict: the card names the case by
 * its number, says what each side did and what to do with the parcel, and offers only what can
 * succeed; the station shows the server's truth; accepting the server's version closes it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { browserUnavailableReason, DEMO_PASSWORD, screenshotPath, useAppSuite } from './support/app';
import { receiveShown, scan, tolerantScanner, waitingCases } from './support/station';

const unavailable = browserUnavailableReason();

describe.skipIf(unavailable)('conflict inbox in Chromium', () => {
  const app = useAppSuite();

  /** Another station (its own device) raises a dispute on the case through the central API. */
  async function disputeFromAnotherStation(caseId: string): Promise<void> {
    const deviceId = `station-b-${randomUUID()}`;
    const login = await fetch(`${app.apiUrl()}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'wh1', password: DEMO_PASSWORD, deviceId }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const [row] = await app.server().db.query<{ version: number }>('SELECT version FROM cases WHERE id = $1', [caseId]);
    const push = await fetch(`${app.apiUrl()}/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        deviceId,
        commands: [
          { id: randomUUID(), deviceSeq: 1, type: 'warehouse.raise_dispute', caseId, baseVersion: Number(row?.version), occurredAt: new Date().toISOString(), payload: { category: 'empty_parcel', notes: '空包，只有填充物', photos: [] } },
        ],
      }),
    });
    expect(push.status).toBe(200);
    const reply = (await push.json()) as { results: { status: string }[] };
    expect(reply.results[0]?.status).toBe('applied');
  }

  it('tells the worker what happened on each side, offers only what can succeed, and the station follows the server', async () => {
    const { context, page, errors } = await app.newPage();
    await tolerantScanner(page);
    await app.signIn(page, 'wh1');
    await expect.poll(async () => (await waitingCases(page)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    const target = (await waitingCases(page)).find((c) => c.gtin !== null && c.quantity === 1);
    if (!target) throw new Error('the demo data should hold a single-item return for WH-SH');

    // Offline at this bench: the parcel is received and shelved.
    await app.setApiReachable(context, false);
    await page.goto(`${app.url()}#/scan`);
    await page.getByTestId('scan-idle').waitFor();
    await scan(page, target.tracking);
    await page.locator(`[data-testid="inspection"][data-case-no="${target.caseNo}"]`).waitFor();
    await receiveShown(page, target);

    // Meanwhile another station found the same case's parcel empty.
    await disputeFromAnotherStation(target.id);

    // Back online: the receipt is refused with a conflict, and the status bar leads to it.
    await app.setApiReachable(context, true);
    await page.getByTestId('sync-now').click().catch(() => undefined);
    await page.getByTestId('sync-conflicts').waitFor({ timeout: 60_000 });
    await page.getByTestId('sync-conflicts').click();
    const card = page.locator(`[data-testid="conflict"][data-case-no="${target.caseNo}"]`);
    await card.waitFor();
    expect(await card.getByTestId('conflict-case').innerText()).toBe(`售后单 ${target.caseNo}`);
    expect(await card.getByTestId('conflict-mine').innerText()).toContain('在本机记录了“');
    expect(await card.getByTestId('conflict-theirs').innerText()).toMatch(/^staff-wh1 已于 .+ 对这张售后单发起争议（空包），现由客服处理。$/);
    expect(await card.getByTestId('conflict-advice').innerText()).toContain('请把包裹放到争议货架');
    // Neither a second receipt nor a hand-over can succeed for a warehouse worker: both say why.
    expect(await card.getByTestId('conflict-reissue').isDisabled()).toBe(true);
    expect(await card.getByTestId('conflict-reissue-why').innerText()).toMatch(/^不能重新提交：/);
    expect(await card.getByTestId('conflict-escalate').isDisabled()).toBe(true);
    expect(await card.getByTestId('conflict-escalate-why').innerText()).toContain(target.caseNo);
    // No payload dump, no version numbers, no internal case id.
    const text = await card.innerText();
    expect(text).not.toMatch(/[{}]|版本/);
    expect(text).not.toContain(target.id);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('conflict-card-zh'), animations: 'disabled' });

    // The station withdraws what it showed as done: the last receipt says it was not accepted,
    // who did what instead and where the parcel goes; no label is printed for it; the log agrees.
    await page.goto(`${app.url()}#/scan`);
    await page.getByTestId('scan-idle').waitFor();
    const withdrawn = page.getByTestId('last-withdrawn');
    await withdrawn.waitFor();
    await page.locator('[data-testid="scan-banner"][data-key="scanStation.banner.withdrawn"]').waitFor();
    expect(await withdrawn.innerText()).toContain(`本机的收货没有被接受：${target.caseNo}`);
    expect(await withdrawn.innerText()).toContain('对这张售后单发起争议（空包）');
    expect(await withdrawn.innerText()).toContain('请把包裹放到争议货架');
    expect(await page.getByTestId('print-label').count()).toBe(0);
    await page.keyboard.press('Control+P');
    await expect.poll(() => page.getByTestId('print-message').innerText()).toContain('不能打印');
    expect(await page.getByTestId('session-log-withdrawn').first().innerText()).toBe('收货未被接受');
    await page.screenshot({ path: screenshotPath('conflict-station-withdrawn'), animations: 'disabled' });

    // The station shows the server's truth: the case is disputed, not received.
    await scan(page, target.tracking);
    await expect.poll(async () => (await page.getByTestId('scan-banner').innerText()).includes('争议') || (await page.getByTestId('scan-banner').innerText()).includes('客服'), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath('conflict-station-after'), animations: 'disabled' });

    // In English too, then the worker accepts the server's version.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await page.goto(`${app.url()}#/sync`);
    await card.waitFor();
    expect(await card.getByTestId('conflict-case').innerText()).toBe(`Case ${target.caseNo}`);
    expect(await card.getByTestId('conflict-advice').innerText()).toContain('put the parcel on the dispute shelf');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('conflict-card-en'), animations: 'disabled' });
    await card.getByTestId('conflict-discard').click();
    await card.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sync-conflicts').count()).toBe(0);

    // The server holds the dispute, once, and the refused receipt was never applied.
    const [row] = await app.server().db.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [target.id]);
    expect(row?.state).toBe('disputed');
    const received = await app.server().db.query<{ n: unknown }>("SELECT count(*) AS n FROM case_events WHERE case_id = $1 AND type = 'case.goods_received'", [target.id]);
    expect(Number(received[0]?.n)).toBe(0);
    // Requests refused while the API was out of reach are expected; nothing else may fail.
    expect(errors.filter((e) => !/Failed to load resource: net::ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    await context.close();
  });
});
