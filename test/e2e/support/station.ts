/**
 * The scan station as a worker drives it in the end-to-end suites: a keyboard-wedge scanner
 * emulated inside the page, the checklist answered, banners awaited with what the station shows
 * instead when one is missing, and the warehouse's waiting cases read from the workstation's store.
 */
import type { Page } from 'playwright-core';

export interface WaitingCase {
  id: string;
  caseNo: string;
  tracking: string;
  sku: string;
  quantity: number;
  gtin: string | null;
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
    type View = { id: string; caseNo: string; orderId: string; state: string; returnTrackingNo: string; sku: string; data: { quantity: number; returnAddress: { warehouseId: string } | null } };
    type Order = { id: string; raw: { products?: Record<string, { gtin?: string }> } };
    const views = await all<View>('caseView');
    const orders = new Map((await all<Order>('orders')).map((o) => [o.id, o]));
    db.close();
    return views
      .filter((v) => v.state === 'awaiting_receipt' && v.returnTrackingNo !== '' && v.data.returnAddress?.warehouseId === warehouse)
      .map((v) => ({ id: v.id, caseNo: v.caseNo, tracking: v.returnTrackingNo, sku: v.sku, quantity: v.data.quantity, gtin: orders.get(v.orderId)?.raw.products?.[v.sku]?.gtin ?? null }));
  }, warehouseId);
}

/**
 * Types `code` + Enter like a keyboard-wedge scanner: keydown events 5–10 ms apart, inside the page,
 * to whatever has the focus (as a real scanner does), once the focus has stayed on one element for
 * 250 ms. A burst broken by a busy machine (a gap over 120 ms) or a focus move is scanned again, at
 * most three times, as the worker would after "incomplete scan"; both are measured in the page.
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
    if (burst.longestGap < 120 && !burst.focusMoved) return;
    const why = burst.focusMoved ? 'the focus moved during the burst' : `a key gap of ${burst.longestGap.toFixed(0)} ms broke the burst`;
    if (attempt >= 3) throw new Error(`every scan of ${code} was broken (last: ${why})`);
    console.warn(`scan of ${code}: ${why}; scanning again`);
    await page.waitForTimeout(400);
  }
}

/** Lets the station accept key gaps up to 150 ms (a loaded test machine stretches timers). */
export async function tolerantScanner(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    if (localStorage.getItem('desk.scanner.v1') === null) localStorage.setItem('desk.scanner.v1', JSON.stringify({ config: { maxInterKeyMs: 150 }, soundEnabled: true }));
  });
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

export async function waitForBanner(page: Page, key: string): Promise<void> {
  try {
    await page.locator(`[data-testid="scan-banner"][data-key="${key}"]`).waitFor();
  } catch (error) {
    const seen = await banner(page).catch(() => null);
    throw new Error(`banner ${key} not shown; the station shows ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** Receives the case on screen: count one item, grade 1, checklist, weight and shelf, then Ctrl+Enter. */
export async function receiveShown(page: Page, c: WaitingCase, shelf = 'A-01-03'): Promise<void> {
  if (!c.gtin) throw new Error(`case ${c.caseNo} has no item barcode to count`);
  await scan(page, c.gtin);
  await waitForBanner(page, 'scanStation.banner.counted');
  await page.keyboard.press('Alt+1');
  await answerChecklist(page);
  await page.keyboard.press('Alt+W');
  await page.keyboard.type('850');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Alt+L');
  await page.keyboard.type(shelf);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await waitForBanner(page, 'scanStation.banner.received');
}
