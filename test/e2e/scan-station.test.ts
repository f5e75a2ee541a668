/**
 * The scan station end to end, in Chromium against the real central API with demo data: a
 * keyboard-wedge scanner is emulated by key events dispatched inside the page 5–10 ms apart (the
 * decoder sees real timing; key presses sent from outside arrive too irregularly under load).
 * With the central API unreachable the worker receives a return, raises an empty-parcel
 * dispute, registers an unknown parcel and later matches it to its case; the page is reloaded
 * in between (nothing is lost); then the API comes back and everything syncs, once. Along the
 * way the test reads what the worker reads — the banner, the buyer's claim, the session log — in
 * Chinese (the default) and, after a language switch, in English, against the app's messages.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createSeededRng, generateTrackingNumber } from '../../shared/barcode';
import { browserUnavailableReason, screenshotPath, useAppSuite } from './support/app';
import { banner, bannerTitle, claimFacts, completeInspection, fillField, scan, sessionLogRows, tolerantScanner, waitForBanner, waitingCases, wordsIn, type Words } from './support/station';

const unavailable = browserUnavailableReason();
const zh = wordsIn('zh-CN');
const en = wordsIn('en-US');

/** Each session-log row says its outcome and sync state in the words of `words`. */
async function expectLogWords(page: Page, words: Words): Promise<void> {
  const rows = await sessionLogRows(page);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.outcomeText).toBe(words(`scanStation.log.outcomes.${row.outcome}`));
    expect(row.syncText).toBe(words(`scanStation.log.syncStates.${row.sync}`));
  }
}

describe.skipIf(unavailable)('scan station in Chromium', () => {
  const app = useAppSuite();

  it('receives, disputes, registers and matches parcels offline, survives a reload and syncs each once', async () => {
    const { context, page, errors } = await app.newPage();
    // Keys are sent 5–10 ms apart; on a loaded test machine timers stretch, so this station
    // accepts longer gaps between the keys of a scan (a setting: Settings → Scanner).
    await tolerantScanner(page);
    await app.signIn(page, 'wh1');
    // First sync: the demo cases of the warehouse arrive.
    await expect.poll(async () => (await waitingCases(page)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    const [first, second, third] = (await waitingCases(page)).filter((c) => c.gtin !== null && c.quantity === 1);
    if (!first || !second || !third) throw new Error('the demo data should hold three single-item returns for WH-SH');
    const rng = createSeededRng(424242);
    const unknown = generateTrackingNumber('SF', rng);
    // An EMS number with its S10 check digit (position 10) changed.
    const s10 = generateTrackingNumber('EMS', rng);
    const badS10 = `${s10.slice(0, 10)}${(Number(s10[10]) + 1) % 10}${s10.slice(11)}`;

    // The central API goes away; the workstation keeps working.
    await app.setApiReachable(context, false);
    await page.goto(`${app.url()}#/scan`);
    await page.getByTestId('area-scan').waitFor();
    await page.getByTestId('scan-idle').waitFor();
    await page.screenshot({ path: screenshotPath('scan-idle'), animations: 'disabled' });

    // 1. Receive a return: scan the parcel, count the item, grade, weigh, shelve, accept.
    await scan(page, first.tracking);
    // Awaited by its banner first: when the case does not open, the failure says what the station shows instead.
    await waitForBanner(page, 'scanStation.banner.found');
    await page.locator(`[data-testid="inspection"][data-case-no="${first.caseNo}"]`).waitFor();
    expect((await banner(page)).key).toBe('scanStation.banner.found');
    // What the worker reads: the case found, and what the buyer claimed.
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.found', { caseNo: first.caseNo }));
    expect(await page.getByTestId('claim').locator('.n-card-header__main').innerText()).toBe(zh('scanStation.claim.title'));
    expect(await claimFacts(page, first.caseNo)).toMatchObject({
      [zh('scanStation.claim.type')]: zh(`scanStation.caseTypes.${first.type}`),
      [zh('scanStation.claim.reason')]: zh(`scanStation.reasons.${first.reason}`),
      [zh('scanStation.claim.quantity')]: String(first.quantity),
      [zh('scanStation.claim.description')]: first.description || zh('scanStation.claim.noDescription'),
    });
    await page.screenshot({ path: screenshotPath('scan-inspection'), animations: 'disabled' });
    await scan(page, first.gtin!);
    await waitForBanner(page, 'scanStation.banner.counted');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.counted', { sku: first.sku, count: 1 }));
    expect(await page.getByTestId(`count-${first.sku}`).getAttribute('data-status')).toBe('ok');
    await completeInspection(page, { grade: 1, weight: '850', shelf: 'A-01-03' });
    await expect.poll(() => page.getByTestId('blockers').innerText()).toBe('');
    await page.screenshot({ path: screenshotPath('scan-ready-to-receive'), animations: 'disabled' });
    // The scan box has focus again after each field.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-scan-field]') !== null)).toBe(true);
    await page.keyboard.press('Control+Enter');
    await waitForBanner(page, 'scanStation.banner.received');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.received', { caseNo: first.caseNo, count: 1 }));
    await page.screenshot({ path: screenshotPath('scan-received'), animations: 'disabled' });

    // 2. An empty parcel: weighed, nothing counted, dispute with the suggested category.
    await scan(page, second.tracking);
    await page.locator(`[data-testid="inspection"][data-case-no="${second.caseNo}"]`).waitFor();
    await fillField(page, 'Alt+W', '40');
    await page.keyboard.press('Control+Shift+Enter');
    await page.getByTestId('dispute-dialog').waitFor();
    expect(await page.getByTestId('dispute-empty_parcel').locator('input').isChecked()).toBe(true);
    await page.screenshot({ path: screenshotPath('scan-dispute'), animations: 'disabled' });
    await page.keyboard.press('Enter');
    await waitForBanner(page, 'scanStation.banner.disputed');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.disputed', { caseNo: second.caseNo, count: 1 }));

    // 3. A parcel no case knows: registered as unmatched on a shelf.
    await scan(page, unknown);
    await waitForBanner(page, 'scanStation.banner.unmatched');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.unmatched', { code: unknown }));
    await page.getByTestId('register-parcel').waitFor();
    await page.screenshot({ path: screenshotPath('scan-unmatched'), animations: 'disabled' });
    await page.keyboard.type('U-07');
    await page.keyboard.press('Enter');
    await waitForBanner(page, 'scanStation.banner.registered');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.registered', { code: unknown, shelf: 'U-07' }));

    // An invalid code is explained, not looked up.
    await scan(page, badS10);
    await waitForBanner(page, 'scanStation.banner.invalid');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.invalid', { code: badS10 }));
    await page.screenshot({ path: screenshotPath('scan-invalid'), animations: 'disabled' });

    // A restart of the app while offline: the work is still there.
    await page.reload();
    await page.getByTestId('area-scan').waitFor();
    const logState = async (): Promise<string[]> => (await sessionLogRows(page)).map((r) => `${r.outcome}:${r.sync}`);
    await expect.poll(logState).toHaveLength(4);
    // The unmatched parcel is a parcel command waiting to sync, like the decisions.
    expect((await logState()).sort()).toEqual(['disputed:pending', 'invalid:none', 'received:pending', 'unmatched_registered:pending']);
    await expectLogWords(page, zh);

    // 4. Later the unmatched parcel is matched from the parcel side: pick it, scan its case number.
    await page.getByTestId('tab-unmatched').click();
    await page.getByTestId(`match-${unknown}`).click();
    await waitForBanner(page, 'scanStation.banner.matching');
    expect(await bannerTitle(page)).toBe(zh('scanStation.banner.matching', { code: unknown, shelf: 'U-07' }));
    await scan(page, third.caseNo);
    await page.locator(`[data-testid="inspection"][data-case-no="${third.caseNo}"]`).waitFor();
    await scan(page, third.gtin!);
    await waitForBanner(page, 'scanStation.banner.counted');
    await completeInspection(page, { grade: 2, weight: '400', shelf: 'B-02-01' });
    await page.keyboard.press('Control+Enter');
    await waitForBanner(page, 'scanStation.banner.received');
    await expect.poll(() => page.getByTestId(`unmatched-${unknown}`).count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('tab-log').click();
    await page.screenshot({ path: screenshotPath('scan-offline-log'), animations: 'disabled' });
    expect(await page.locator('[data-testid="session-log-row"][data-sync="pending"]').count()).toBe(4);

    // Nothing reached the server yet.
    const db = app.server().db;
    const before = await db.query<{ state: string }>('SELECT state FROM cases WHERE id = ANY($1::text[]) ORDER BY id', [[first.id, second.id, third.id]]);
    expect(before.map((r) => r.state)).toEqual(['awaiting_receipt', 'awaiting_receipt', 'awaiting_receipt']);

    // 5. Back online: everything syncs, once, with the time it happened at the bench.
    await app.setApiReachable(context, true);
    await page.getByTestId('sync-now').click().catch(() => undefined);
    await expect.poll(() => page.locator('[data-testid="session-log-row"][data-sync="acked"]').count(), { timeout: 60_000 }).toBe(4);
    await expectLogWords(page, zh);
    await page.screenshot({ path: screenshotPath('scan-synced'), animations: 'disabled' });

    // In English: the banner follows the language switch (one case: the singular form), and so does the log.
    await page.getByTestId('locale-select').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => bannerTitle(page)).toBe(en('scanStation.banner.received', { caseNo: third.caseNo, count: 1 }));
    await expectLogWords(page, en);
    expect((await sessionLogRows(page)).map((r) => r.outcomeText)).toContain(en('scanStation.log.outcomes.matched'));
    await page.screenshot({ path: screenshotPath('scan-synced-en'), animations: 'disabled' });
    const states = new Map((await db.query<{ id: string; state: string }>('SELECT id, state FROM cases WHERE id = ANY($1::text[])', [[first.id, second.id, third.id]])).map((r) => [r.id, r.state]));
    expect(states.get(first.id)).toBe('awaiting_refund');
    expect(states.get(second.id)).toBe('disputed');
    expect(states.get(third.id)).toBe('awaiting_refund');
    // The unmatched parcel reached the warehouse, matched to the third case.
    expect(await db.query<{ status: string; case_id: string | null }>('SELECT status, case_id FROM parcels WHERE tracking_number = $1', [unknown])).toEqual([{ status: 'matched', case_id: third.id }]);
    const events = await db.query<{ case_id: string; type: string; n: number; occurred_at: Date; recorded_at: Date }>(
      `SELECT case_id, type, count(*) OVER (PARTITION BY case_id, type)::int AS n, occurred_at, recorded_at
         FROM case_events WHERE case_id = ANY($1::text[]) AND type IN ('case.goods_received', 'case.dispute_raised')`,
      [[first.id, second.id, third.id]],
    );
    expect(events).toHaveLength(3);
    for (const e of events) {
      expect(e.n).toBe(1);
      // Recorded at the bench while offline, long before the server got it.
      expect(new Date(e.occurred_at).getTime()).toBeLessThan(new Date(e.recorded_at).getTime());
    }
    const received = events.find((e) => e.case_id === first.id);
    expect(received?.type).toBe('case.goods_received');
    const [inspection] = await db.query<{ data: { inspection: { received: { sku: string; quantity: number }[]; weightGrams: number; condition: string; disposition: { kind: string; location?: string } } } }>(
      `SELECT data FROM case_events WHERE case_id = $1 AND type = 'case.goods_received'`,
      [first.id],
    );
    // What was counted at the bench (one item scanned), as the rules accepted it.
    expect(inspection?.data.inspection).toMatchObject({ received: [{ sku: first.sku, quantity: 1 }], weightGrams: 850, condition: 'new', disposition: { kind: 'restock', location: 'A-01-03' } });

    expect(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|net::/.test(e))).toEqual([]);
    await context.close();
  });
});
