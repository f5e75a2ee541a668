/**
 * The scan station as a worker drives it in the end-to-end suites: a keyboard-wedge scanner
 * emulated inside the page, the checklist answered, banners awaited with what the station shows
 * instead when one is missing, the words on screen read back (and what the app's own messages
 * say they should be), and the warehouse's waiting cases read from the workstation's store.
 */
import type { Page } from 'playwright-core';
import { createAppI18n, type AppLocale } from '../../../renderer/src/i18n';

export interface WaitingCase {
  id: string;
  caseNo: string;
  tracking: string;
  sku: string;
  quantity: number;
  gtin: string | null;
  /** What the buyer asked for and why (codes the screen translates), and their own words. */
  type: string;
  reason: string;
  description: string;
}

/** Cases of warehouse `warehouseId` waiting for goods, read from the workstation's IndexedDB. */
export async function waitingCases(page: Page, warehouseId = 'WH-SH'): Promise<WaitingCase[]> {
  return page.evaluate(async (warehouse) => {
    const open = indexedDB.open('after-sales-desk');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
    });
    const all = <T,>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error ?? new Error('read failed'));
      });
    type View = {
      id: string;
      caseNo: string;
      orderId: string;
      state: string;
      returnTrackingNo: string;
      sku: string;
      data: { quantity: number; type: string; reason: string; description: string; returnAddress: { warehouseId: string } | null };
    };
    type Order = { id: string; raw: { products?: Record<string, { gtin?: string }> } };
    const views = await all<View>('caseView');
    const orders = new Map((await all<Order>('orders')).map((o) => [o.id, o]));
    db.close();
    return views
      .filter((v) => v.state === 'awaiting_receipt' && v.returnTrackingNo !== '' && v.data.returnAddress?.warehouseId === warehouse)
      .map((v) => ({
        id: v.id,
        caseNo: v.caseNo,
        tracking: v.returnTrackingNo,
        sku: v.sku,
        quantity: v.data.quantity,
        gtin: orders.get(v.orderId)?.raw.products?.[v.sku]?.gtin ?? null,
        type: v.data.type,
        reason: v.data.reason,
        description: v.data.description,
      }));
  }, warehouseId);
}

/**
 * The key gap the stations of these suites accept within a scan (a setting, Settings → Scanner):
 * keys are sent 5–10 ms apart, but a loaded test machine stretches timers.
 */
export const TOLERANT_GAP_MS = 150;

/**
 * Types `code` + Enter like a keyboard-wedge scanner: keydown events 5–10 ms apart, inside the page,
 * to whatever has the focus (as a real scanner does), once the focus has stayed on one element for
 * 250 ms. A burst the station broke — a busy machine made a gap over {@link TOLERANT_GAP_MS}, or the
 * focus moved — is scanned again, at most three times, as the worker would after "incomplete
 * scan"; both are measured in the page. A burst the station accepted is never sent twice (that
 * would record the scan twice).
 */
export async function scan(page: Page, code: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const burst = await page.evaluate(async (text) => {
      const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
      let focused = document.activeElement;
      let since = performance.now();
      const settleBy = since + 3000;
      while (performance.now() - since < 250 && performance.now() < settleBy) {
        await sleep(25);
        if (document.activeElement !== focused) {
          focused = document.activeElement;
          since = performance.now();
        }
      }
      const keyCode = (c: string): string => (/[0-9]/.test(c) ? `Digit${c}` : /[a-z]/i.test(c) ? `Key${c.toUpperCase()}` : c === '-' ? 'Minus' : 'Unidentified');
      let last = performance.now();
      let longestGap = 0;
      let focusMoved = false;
      const send = (key: string, code: string, shiftKey = false): void => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
        if (document.activeElement !== focused) focusMoved = true;
        const target = document.activeElement ?? document.body;
        target.dispatchEvent(new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true, composed: true }));
      };
      for (const c of text) {
        send(c, keyCode(c), /[A-Z]/.test(c));
        await sleep(5 + Math.random() * 5);
      }
      send('Enter', 'Enter');
      return { longestGap, focusMoved };
    }, code);
    if (burst.longestGap <= TOLERANT_GAP_MS && !burst.focusMoved) return;
    const why = burst.focusMoved ? 'the focus moved during the burst' : `a key gap of ${burst.longestGap.toFixed(0)} ms broke the burst`;
    if (attempt >= 3) throw new Error(`every scan of ${code} was broken (last: ${why})`);
    console.warn(`scan of ${code}: ${why}; scanning again`);
    // As a worker would, after a pause: the decoder may join fragments less than a second apart
    // into one code, so a quick rescan could be read together with the broken one.
    await page.waitForTimeout(1200);
  }
}

/** Lets the station accept key gaps up to {@link TOLERANT_GAP_MS} (a loaded test machine stretches timers). */
export async function tolerantScanner(page: Page): Promise<void> {
  await page.context().addInitScript((gap) => {
    if (localStorage.getItem('desk.scanner.v1') === null) localStorage.setItem('desk.scanner.v1', JSON.stringify({ config: { maxInterKeyMs: gap }, soundEnabled: true }));
  }, TOLERANT_GAP_MS);
}

/** Answers every checklist item as checked and fine, and confirms a grade that contradicts the claim when asked. */
export async function answerChecklist(page: Page): Promise<void> {
  for (const key of ['packaging', 'seals', 'accessories', 'serialNumber']) await page.getByTestId(`check-${key}-yes`).click();
  if ((await page.getByTestId('grade-confirm').count()) > 0) await page.getByTestId('grade-confirm').click();
}

export async function banner(page: Page): Promise<{ key: string | null; text: string }> {
  const el = page.getByTestId('scan-banner');
  return { key: await el.getAttribute('data-key'), text: await el.innerText() };
}

/** The banner's headline as the worker reads it. */
export async function bannerTitle(page: Page): Promise<string> {
  return page.getByTestId('scan-banner-title').innerText();
}

export type Words = (key: string, params?: Record<string, string | number>) => string;

/**
 * What the app's own messages say for `key` in `locale` (no copy of a string in a test): a count
 * picks the plural form, as the screen does.
 */
export function wordsIn(locale: AppLocale): Words {
  const { t } = createAppI18n(locale).global;
  return (key, params = {}) => (typeof params.count === 'number' ? t(key, params, params.count) : t(key, params));
}

/** The session log's rows: what became of each scan and its sync state, as data and as the words shown. */
export async function sessionLogRows(page: Page): Promise<{ outcome: string; sync: string; outcomeText: string; syncText: string }[]> {
  return page.getByTestId('session-log-row').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim());
      return { outcome: r.getAttribute('data-outcome') ?? '', sync: r.getAttribute('data-sync') ?? '', outcomeText: cells[2] ?? '', syncText: cells[3] ?? '' };
    }),
  );
}

/** The claim panel of case `caseNo`: each label with what it says. */
export async function claimFacts(page: Page, caseNo: string): Promise<Record<string, string>> {
  return page.getByTestId(`claim-${caseNo}`).evaluate((el) => {
    const facts: Record<string, string> = {};
    for (const row of el.querySelectorAll('tr')) {
      const label = row.querySelector('th');
      const value = row.querySelector('td');
      if (label && value) facts[(label as HTMLElement).innerText.trim()] = (value as HTMLElement).innerText.trim();
    }
    return facts;
  });
}

export async function waitForBanner(page: Page, key: string): Promise<void> {
  try {
    await page.locator(`[data-testid="scan-banner"][data-key="${key}"]`).waitFor();
  } catch (error) {
    const seen = await banner(page).catch(() => null);
    throw new Error(`banner ${key} not shown; the station shows ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** Jumps to a field by its shortcut (Alt+W weight, Alt+L shelf), types `value` and Enter. */
export async function fillField(page: Page, shortcut: string, value: string): Promise<void> {
  await page.keyboard.press(shortcut);
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** The rest of an inspection by keyboard once the items are counted: grade (Alt+1…), checklist, weight and shelf. */
export async function completeInspection(page: Page, { grade = 1, weight = '850', shelf = 'A-01-03' }: { grade?: number; weight?: string; shelf?: string } = {}): Promise<void> {
  await page.keyboard.press(`Alt+${grade}`);
  await answerChecklist(page);
  await fillField(page, 'Alt+W', weight);
  await fillField(page, 'Alt+L', shelf);
}

/** Receives the case on screen: count one item, grade 1, checklist, weight and shelf, then Ctrl+Enter. */
export async function receiveShown(page: Page, c: WaitingCase, shelf = 'A-01-03'): Promise<void> {
  if (!c.gtin) throw new Error(`case ${c.caseNo} has no item barcode to count`);
  await scan(page, c.gtin);
  await waitForBanner(page, 'scanStation.banner.counted');
  await completeInspection(page, { shelf });
  await page.keyboard.press('Control+Enter');
  await waitForBanner(page, 'scanStation.banner.received');
}
