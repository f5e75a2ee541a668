/// <reference lib="dom" />
/**
 * The scan benchmark's hands inside the running app (added as a script to the app page at
 * `#/scan`): types each tracking number like a keyboard-wedge scanner — synthetic `keydown`s on the
 * focused element, `keyGapMs` apart, then Enter — and times, with `performance.now()`, from the
 * Enter keydown to the first frame that shows `[data-testid="inspection"]` with the expected
 * `data-case-no` (seen by a MutationObserver, then one requestAnimationFrame and the task after
 * that frame's rendering). Escape (the station's "put back") returns to the idle panel between
 * scans, and the next scan waits until the station has settled: the session log in the side panel
 * shows the scan (its row is written, after the case was shown, and the live query answered) and
 * that frame is drawn, as it has long before a worker scans the next parcel. Before each scan,
 * while idle, one raw IndexedDB `index('returnTrackingNo').get()` on the app's `caseView` store
 * (another tracking number) is timed as the baseline.
 */
import { DB_NAME, afterNextFrame, count, openRaw, sleep, whenDom } from './page-kit.mts';
import type { ScanDriverPage, ScanRunOptions, ScanRunResult, StoreCounts } from './scan-protocol';

const INSPECTION = '[data-testid="inspection"]';
const IDLE = '[data-testid="scan-idle"]';
const FOUND = 'scanStation.banner.found';
/** The code cell of the newest row of the session log (newest first). */
const NEWEST_LOGGED = '[data-testid="session-log"] [data-testid="session-log-row"] td.code';

function keyOf(ch: string): { key: string; code: string; shiftKey: boolean } {
  if (/[A-Z]/.test(ch)) return { key: ch, code: `Key${ch}`, shiftKey: true };
  if (/[a-z]/.test(ch)) return { key: ch, code: `Key${ch.toUpperCase()}`, shiftKey: false };
  if (/\d/.test(ch)) return { key: ch, code: `Digit${ch}`, shiftKey: false };
  throw new Error(`no key for ${JSON.stringify(ch)}`);
}

function press(init: KeyboardEventInit): void {
  const target = document.activeElement ?? document.body;
  target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init }));
}

/** Types `code` key by key; returns the longest gap between two keydowns (ms). */
async function typeCode(code: string, gapMs: number): Promise<number> {
  let last = -1;
  let widest = 0;
  for (const ch of code) {
    if (last >= 0) await sleep(gapMs);
    const t = performance.now();
    if (last >= 0) widest = Math.max(widest, t - last);
    press(keyOf(ch));
    last = t;
  }
  await sleep(gapMs);
  return Math.max(widest, performance.now() - last);
}

/** Whether the session log's newest row is the scan of `code`. */
function logged(code: string): boolean {
  return document.querySelector(NEWEST_LOGGED)?.firstChild?.textContent?.trim() === code;
}

/** Escape until the idle panel shows, and an empty scan box. */
async function putBack(timeoutMs: number): Promise<void> {
  press({ key: 'Escape', code: 'Escape' });
  await whenDom(() => document.querySelector(IDLE) !== null, timeoutMs);
  const box = document.querySelector<HTMLInputElement>('[data-testid="scan-box"] input');
  if (box && box.value !== '') {
    box.value = '';
    box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
  }
}

async function rawGet(idb: IDBDatabase, trackingNumber: string): Promise<number> {
  const t = performance.now();
  const row = await new Promise<unknown>((resolve, reject) => {
    const request = idb.transaction('caseView', 'readonly').objectStore('caseView').index('returnTrackingNo').get(trackingNumber);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB get failed'));
  });
  const ms = performance.now() - t;
  if (row === undefined) throw new Error(`raw get: no case with tracking number ${trackingNumber}`);
  return ms;
}

/**
 * Waits until the session log shows the scan of `code` and that frame is drawn (counted in
 * `unsettled` when it does not show): the next raw get and scan do not wait behind its rendering.
 */
async function settle(code: string, timeoutMs: number, result: ScanRunResult): Promise<void> {
  try {
    await whenDom(() => logged(code), timeoutMs);
  } catch {
    result.unsettled += 1;
  }
  await afterNextFrame();
}

async function run(options: ScanRunOptions): Promise<ScanRunResult> {
  const idb = await openRaw(DB_NAME);
  const result: ScanRunResult = { latencies: [], bannerLatencies: [], baseline: [], brokenBursts: 0, timeouts: 0, unsettled: 0, banners: {} };
  try {
    await whenDom(() => document.querySelector(IDLE) !== null, options.timeoutMs);
    for (const [i, target] of options.targets.entries()) {
      const base = options.baseline[i];
      if (base !== undefined) result.baseline.push(await rawGet(idb, base.toUpperCase()));
      // Let the station settle (focus back in the scan box, live queries answered).
      await sleep(50);
      const expected = target.caseNo;
      const widest = await typeCode(target.trackingNumber, options.keyGapMs);
      const shown = (): boolean => document.querySelector(`${INSPECTION}[data-case-no="${expected}"]`) !== null;
      if (widest > options.maxInterKeyMs) {
        // The page was too busy to keep the burst together: the decoder saw typing, not a scan.
        result.brokenBursts += 1;
        press({ key: 'Enter', code: 'Enter' });
        await sleep(300);
        await putBack(options.timeoutMs);
        // Nothing was looked up, so nothing is logged.
        await afterNextFrame();
        continue;
      }
      const t0 = performance.now();
      press({ key: 'Enter', code: 'Enter' });
      try {
        await whenDom(shown, options.timeoutMs);
        const t1 = await afterNextFrame();
        result.latencies.push(t1 - t0);
      } catch {
        result.timeouts += 1;
      }
      // The banner ("found"), timed apart from the view (no frame wait).
      const bannerKey = (): string => document.querySelector('[data-testid="scan-banner"]')?.getAttribute('data-key') ?? '';
      try {
        await whenDom(() => bannerKey() === FOUND, options.timeoutMs);
        result.bannerLatencies.push(performance.now() - t0);
      } catch {
        // Another outcome (e.g. a case of another warehouse): counted below.
      }
      result.banners[bannerKey()] = (result.banners[bannerKey()] ?? 0) + 1;
      await putBack(options.timeoutMs);
      await settle(target.trackingNumber, options.timeoutMs, result);
    }
  } finally {
    idb.close();
  }
  return result;
}

async function counts(): Promise<StoreCounts> {
  const idb = await openRaw(DB_NAME);
  try {
    return { cases: await count(idb, 'cases'), orders: await count(idb, 'orders'), caseView: await count(idb, 'caseView') };
  } finally {
    idb.close();
  }
}

const driver: ScanDriverPage = { run, counts };
(globalThis as unknown as { scanDriver: ScanDriverPage }).scanDriver = driver;
