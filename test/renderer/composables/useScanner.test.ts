/* eslint-disable vue/one-component-per-file -- small inline components as test fixtures */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { codeForChar, parseScannerConfig, type ScannerConfigInput } from '../../../shared/scanner';
import {
  createScannerService,
  provideScannerService,
  scanTargetKind,
  useScanner,
  type ClassifiedScan,
  type ScannerService,
} from '../../../renderer/src/composables/useScanner';
import { useScannerStore } from '../../../renderer/src/stores/scanner';

/** Scanner timing: a key every 5–10 ms. Human timing: 80–300 ms. */
const SCANNER_GAPS = [7, 5, 9, 6, 10, 8];
const HUMAN_GAPS = [180, 95, 240, 130, 300, 110];

let service: ScannerService | null = null;
let scans: ClassifiedScan[] = [];

function start(config: ScannerConfigInput = {}): ScannerService {
  // Fake timers also drive Date.now, so the clock and the decoder's timer agree.
  service = createScannerService({ config: parseScannerConfig(config), clock: () => Date.now() });
  service.onScan((s) => scans.push(s));
  service.start();
  return service;
}

/**
 * One keydown as the browser sends it, to the focused element. When nothing cancels it, the
 * browser's default action is modelled too: a character key types into a focused text field.
 */
function press(key: string): KeyboardEvent {
  const target = document.activeElement ?? document.body;
  const mapped = key.length === 1 ? codeForChar(key) : null;
  const event = new KeyboardEvent('keydown', {
    key,
    code: mapped?.code ?? key,
    shiftKey: mapped?.shiftKey ?? false,
    bubbles: true,
    cancelable: true,
  });
  const notCancelled = target.dispatchEvent(event);
  if (notCancelled && key.length === 1 && target instanceof HTMLInputElement) {
    if (target.type === 'number') {
      target.value += key;
    } else {
      const at = target.selectionStart ?? target.value.length;
      target.setRangeText(key, at, target.selectionEnd ?? at, 'end');
    }
  }
  return event;
}

/** Types `keys` with the given gaps (cycled); returns the keydown events. */
function type(keys: readonly string[], gaps: readonly number[]): KeyboardEvent[] {
  return keys.map((key, i) => {
    const event = press(key);
    vi.advanceTimersByTime(gaps[i % gaps.length] ?? 8);
    return event;
  });
}

const scanKeys = (code: string, suffix = 'Enter'): string[] => [...code, suffix];

function input(attrs: Record<string, string> = {}): HTMLInputElement {
  const el = document.createElement('input');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  document.body.appendChild(el);
  el.focus();
  return el;
}

beforeEach(() => {
  vi.useFakeTimers();
  scans = [];
});
afterEach(() => {
  service?.stop();
  service = null;
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('scanner service: where focus is on nothing editable', () => {
  it('turns a fast burst ended by Enter into exactly one classified scan and swallows its keys', () => {
    start();
    const reachedPage: string[] = [];
    document.addEventListener('keydown', (e) => reachedPage.push(e.key));

    const events = type(scanKeys('SF1234567890123'), SCANNER_GAPS);
    vi.runAllTimers();

    expect(scans).toHaveLength(1);
    const [result] = scans;
    expect(result?.scan.text).toBe('SF1234567890123');
    expect(result?.scan.source).toBe('scanner');
    expect(result?.classification).toEqual({ kind: 'tracking', carrier: 'SF', normalized: 'SF1234567890123' });
    expect(events.every((e) => e.defaultPrevented)).toBe(true);
    expect(reachedPage).toEqual([]);
    // 16 keys, 15 gaps of 5–10 ms.
    expect(result?.durationMs).toBe(SCANNER_GAPS.concat(SCANNER_GAPS, SCANNER_GAPS).slice(0, 15).reduce((a, b) => a + b, 0));
    expect(result?.msPerKey).toBeGreaterThanOrEqual(5);
    expect(result?.msPerKey).toBeLessThanOrEqual(10);
  });

  it('classifies a product barcode with a wrong check digit as invalid, with the digits', () => {
    start();
    type(scanKeys('6901234567890'), SCANNER_GAPS);
    expect(scans.map((s) => s.classification)).toEqual([
      {
        kind: 'invalid',
        reason: 'ean_check_digit',
        params: { symbology: 'EAN13', normalized: '6901234567890', expected: 2, actual: 0 },
      },
    ]);
  });

  it('hands slow key presses back to the page, in order, and scans nothing', () => {
    start();
    const shortcuts: string[] = [];
    document.addEventListener('keydown', (e) => shortcuts.push(e.key));

    const events = type([...'a1b2', 'Enter'], HUMAN_GAPS);
    vi.runAllTimers();

    expect(scans).toEqual([]);
    // Character keys are held for up to maxInterKeyMs, then re-dispatched; Enter passes at once.
    expect(shortcuts).toEqual(['a', '1', 'b', '2', 'Enter']);
    expect(events.at(-1)?.defaultPrevented).toBe(false);
  });

  it('activates a focused button on Space even though the key was held back', () => {
    start();
    const button = document.createElement('button');
    const click = vi.fn();
    button.addEventListener('click', click);
    document.body.appendChild(button);
    button.focus();

    press(' ');
    expect(click).not.toHaveBeenCalled();
    vi.advanceTimersByTime(40);
    expect(click).toHaveBeenCalledTimes(1);
    expect(scans).toEqual([]);
  });

  it('follows new settings at once: a scanner programmed with Tab as its end key', () => {
    const s = start();
    s.configure(parseScannerConfig({ suffix: ['Tab'] }));
    const events = type(scanKeys('RMA251122000123', 'Tab'), SCANNER_GAPS);
    expect(scans.map((r) => [r.scan.text, r.classification.kind])).toEqual([['RMA251122000123', 'case']]);
    expect(events.at(-1)?.defaultPrevented).toBe(true);

    // Enter no longer ends a scan.
    type(scanKeys('SF1234567890123', 'Enter'), SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans).toHaveLength(1);
  });

  it('ends a scan without suffix after the configured silence', () => {
    start({ suffix: [], endTimeoutMs: 60 });
    type([...'75312345678901'], SCANNER_GAPS);
    expect(scans).toEqual([]);
    vi.advanceTimersByTime(80);
    expect(scans.map((r) => r.scan.text)).toEqual(['75312345678901']);
    expect(scans[0]?.classification).toMatchObject({ kind: 'tracking', carrier: 'ZTO' });
  });

  it('stops listening on stop()', () => {
    const s = start();
    s.stop();
    const events = type(scanKeys('SF1234567890123'), SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans).toEqual([]);
    expect(events.some((e) => e.defaultPrevented)).toBe(false);
  });
});

describe('scanner service: ordinary text fields', () => {
  it('leaves slow typing into an input alone: nothing swallowed, no scan', () => {
    start();
    const field = input();
    const events = type([...'SF1234567890123', 'Enter'], HUMAN_GAPS);
    vi.runAllTimers();
    expect(events.some((e) => e.defaultPrevented)).toBe(false);
    expect(field.value).toBe('SF1234567890123');
    expect(scans).toEqual([]);
  });

  it('by default a burst in an ordinary field is typing too, and the field keeps all text', () => {
    start();
    const field = input();
    type([...'note '], HUMAN_GAPS);
    type(scanKeys('SF1234567890123'), SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans).toEqual([]);
    expect(field.value).toBe('note SF1234567890123');
  });

  it('with "accept scans in text fields", a scan is reported and only its characters leave the field', () => {
    start({ acceptInTextFields: true });
    const field = input();
    const inputEvents: string[] = [];
    field.addEventListener('input', () => inputEvents.push(field.value));

    type([...'note '], HUMAN_GAPS);
    const events = type(scanKeys('YT7512345678901'), SCANNER_GAPS);
    vi.runAllTimers();

    expect(scans.map((r) => r.scan.text)).toEqual(['YT7512345678901']);
    expect(field.value).toBe('note ');
    // The characters reached the field; only the suffix is swallowed (no form submit).
    expect(events.slice(0, -1).some((e) => e.defaultPrevented)).toBe(false);
    expect(events.at(-1)?.defaultPrevented).toBe(true);
    // Frameworks bound to the field hear about the removal.
    expect(inputEvents).toEqual(['note ']);
  });

  it('also gives the text back in a number field, which has no caret', () => {
    start({ acceptInTextFields: true });
    const field = input({ type: 'number' });
    type([...'12'], HUMAN_GAPS);
    type(scanKeys('75312345678901'), SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans.map((r) => r.scan.text)).toEqual(['75312345678901']);
    expect(field.value).toBe('12');
  });

  it('does not turn a paste into an ordinary field into a scan', () => {
    start();
    input();
    const paste = dispatchPaste(document.activeElement ?? document.body, 'SF1234567890123');
    expect(paste.defaultPrevented).toBe(false);
    expect(scans).toEqual([]);
  });
});

describe('scanner service: scan fields', () => {
  it('gives a data-scan-field input the scan, without stray characters in it', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    const events = type(scanKeys('EA123456785CN'), SCANNER_GAPS);
    expect(scans.map((r) => [r.scan.text, r.classification.kind])).toEqual([['EA123456785CN', 'tracking']]);
    expect(events.every((e) => e.defaultPrevented)).toBe(true);
    expect(field.value).toBe('');
    expect(document.activeElement).toBe(field);
  });

  it('also treats an input inside a data-scan-field container as a scan field', () => {
    start();
    const wrapper = document.createElement('div');
    wrapper.setAttribute('data-scan-field', '');
    const field = document.createElement('input');
    wrapper.appendChild(field);
    document.body.appendChild(wrapper);
    expect(scanTargetKind(field)).toBe('scan-field');
  });

  it('types what a person types into a scan field, in order, and tells the field it changed', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    const seen: string[] = [];
    field.addEventListener('input', () => seen.push(field.value));

    const events = type([...'AB-12'], HUMAN_GAPS);
    vi.runAllTimers();

    expect(field.value).toBe('AB-12');
    expect(seen).toEqual(['A', 'AB', 'AB-', 'AB-1', 'AB-12']);
    expect(scans).toEqual([]);
    // Each key was held back at first (it might have been a scan), then typed by the adapter.
    expect(events.every((e) => e.defaultPrevented)).toBe(true);
  });

  it('types a person\'s keys into a contenteditable scan field too', () => {
    start();
    const field = document.createElement('div');
    field.setAttribute('contenteditable', 'true');
    field.setAttribute('data-scan-field', '');
    field.tabIndex = 0;
    document.body.appendChild(field);
    field.focus();
    type([...'ok'], HUMAN_GAPS);
    vi.runAllTimers();
    expect(field.textContent).toBe('ok');
    expect(scans).toEqual([]);
  });

  it('inserts held keys at the caret, replacing the selection', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    field.value = 'abcd';
    field.setSelectionRange(1, 3);
    press('X');
    vi.advanceTimersByTime(50);
    expect(field.value).toBe('aXd');
    expect(field.selectionStart).toBe(2);
  });

  it('takes a pasted code as a scan instead of pasting it into the field', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    const paste = dispatchPaste(field, '  SO25112200000042 ');
    expect(paste.defaultPrevented).toBe(true);
    expect(scans.map((r) => [r.scan.text, r.scan.source, r.classification.kind])).toEqual([['SO25112200000042', 'paste', 'order']]);
    expect(field.value).toBe('');
  });

  it('takes a manually confirmed code as a manual scan, and refuses text that is not one code', () => {
    const s = start();
    expect(s.submitManual(' jdva00152573582 ')?.classification).toEqual({
      kind: 'tracking',
      carrier: 'JD',
      normalized: 'JDVA00152573582',
    });
    expect(s.submitManual('two\nlines')).toBeNull();
    expect(scans.map((r) => [r.scan.source, r.msPerKey])).toEqual([['manual', null]]);
  });
});

describe('scanner service: scans that are not one code', () => {
  /** Scanner gaps with the gap after key `index` (0-based) replaced by `late`. */
  const lateAfter = (index: number, late: number, count: number): number[] =>
    Array.from({ length: count }, (_, i) => (i === index ? late : (SCANNER_GAPS[i % SCANNER_GAPS.length] ?? 8)));

  it('a scan whose first keys came late is handed over as incomplete, and the scan box keeps no fragment', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    const seen: string[] = [];
    field.addEventListener('input', () => seen.push(field.value));
    // The gap after "5" is 45 ms: "12345" is typed into the box, "67890" + Enter follows.
    type(scanKeys('1234567890'), lateAfter(4, 45, 11));
    vi.runAllTimers();

    expect(scans).toHaveLength(1);
    const [result] = scans;
    expect(result?.failure).toMatchObject({ reason: 'incomplete', cause: 'late_start', text: '67890', lead: '12345' });
    // Subscribers that only look at the classification see an invalid code: nothing is looked up.
    expect(result?.classification).toEqual({
      kind: 'invalid',
      reason: 'incomplete_scan',
      params: { cause: 'late_start', fragment: '67890', lead: '12345' },
    });
    expect(result?.scan.text).toBe('67890');
    expect(result?.msPerKey).toBeNull();
    expect(field.value).toBe('');
    // The fragment was typed in and withdrawn, and the field was told both times.
    expect(seen.at(-1)).toBe('');
    expect(seen).toContain('12345');
  });

  it('withdraws nothing a person changed meanwhile: the box keeps text that no longer ends with the fragment', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    type([...'SF12'], [8, 8, 8, 60]);
    // The fragment is in the box; the caret is moved to its start before the rest arrives.
    expect(field.value).toBe('SF12');
    field.setSelectionRange(0, 0);
    type(scanKeys('34567890123'), SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans.map((r) => r.classification.kind === 'invalid' && r.classification.reason)).toEqual(['incomplete_scan']);
    expect(field.value).toBe('SF12');
  });

  it('a 5,000-character garbage burst gives one "too long" scan and leaves the scan box empty', () => {
    start();
    const field = input({ 'data-scan-field': '' });
    const garbage = Array.from({ length: 5000 }, (_, i) => 'K7Q-2/X.'.charAt(i % 8)).join('');
    type(scanKeys(garbage), [3]);
    vi.runAllTimers();
    expect(scans).toHaveLength(1);
    expect(scans[0]?.classification).toEqual({ kind: 'invalid', reason: 'too_long', params: { length: 5000, max: 64 } });
    expect(scans[0]?.scan.text).toBe(`${garbage.slice(0, 24)}…`);
    expect(field.value).toBe('');
  });

  it('shows a case-insensitive code typed under an input method in its normal form', () => {
    start();
    input({ 'data-scan-field': '' });
    // An IME hands the scanner's keys over as Process without Shift: lower-case letters.
    for (const ch of 'rr123456785cn') {
      const mapped = codeForChar(ch);
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Process', code: mapped?.code ?? '', bubbles: true, cancelable: true }));
      vi.advanceTimersByTime(6);
    }
    press('Enter');
    vi.runAllTimers();
    expect(scans.map((r) => [r.scan.text, r.classification.kind])).toEqual([['RR123456785CN', 'tracking']]);
  });

  it('withdraws a suffix-less scan from an observed text field when it falls silent', () => {
    start({ acceptInTextFields: true, suffix: [] });
    const field = input();
    type([...'ab '], HUMAN_GAPS);
    type([...'6901234567892'], SCANNER_GAPS);
    vi.runAllTimers();
    expect(scans.map((r) => r.scan.text)).toEqual(['6901234567892']);
    expect(field.value).toBe('ab ');
  });
});

describe('scanner service: pastes with focus on nothing editable', () => {
  it('takes a pasted code as a scan', () => {
    start();
    const paste = dispatchPaste(document.body, 'RMA251332000123');
    expect(paste.defaultPrevented).toBe(true);
    expect(scans.map((r) => r.classification)).toEqual([
      { kind: 'invalid', reason: 'case_number_date', params: { normalized: 'RMA251332000123', date: '2025-13-32' } },
    ]);
  });

  it('lets a paste of ordinary text through', () => {
    start();
    const paste = dispatchPaste(document.body, 'first line\nsecond line');
    expect(paste.defaultPrevented).toBe(false);
    expect(scans).toEqual([]);
  });
});

describe('scan target kinds', () => {
  it('tells scan fields, text fields and everything else apart', () => {
    const make = (html: string): Element => {
      const host = document.createElement('div');
      host.innerHTML = html;
      document.body.appendChild(host);
      const el = host.firstElementChild;
      if (!el) throw new Error('no element');
      return el;
    };
    expect(scanTargetKind(make('<input type="text">'))).toBe('text-field');
    expect(scanTargetKind(make('<input type="number">'))).toBe('text-field');
    expect(scanTargetKind(make('<textarea></textarea>'))).toBe('text-field');
    expect(scanTargetKind(make('<select><option>a</option></select>'))).toBe('text-field');
    expect(scanTargetKind(make('<div contenteditable="true"></div>'))).toBe('text-field');
    expect(scanTargetKind(make('<input type="checkbox">'))).toBe('none');
    expect(scanTargetKind(make('<button>ok</button>'))).toBe('none');
    expect(scanTargetKind(make('<input data-scan-field>'))).toBe('scan-field');
    expect(scanTargetKind(document.body)).toBe('none');
    expect(scanTargetKind(null)).toBe('none');
  });
});

describe('the window service in the component tree', () => {
  it('is provided once, follows the settings store, records scans and stops when the app unmounts', async () => {
    setActivePinia(createPinia());
    const received: string[] = [];
    const View = defineComponent({
      setup() {
        useScanner((r) => received.push(r.scan.text));
        return () => h('p', 'view');
      },
    });
    const Root = defineComponent({
      setup() {
        provideScannerService();
        return () => h(View);
      },
    });
    const store = useScannerStore();
    const wrapper = mount(Root, { attachTo: document.body });

    type(scanKeys('SF1234567890123'), SCANNER_GAPS);
    expect(received).toEqual(['SF1234567890123']);
    expect(store.recentScans.map((r) => r.scan.text)).toEqual(['SF1234567890123']);

    store.setConfig({ ...store.config, suffix: ['Tab'] });
    await nextTick();
    type(scanKeys('YT7512345678901', 'Tab'), SCANNER_GAPS);
    expect(received).toEqual(['SF1234567890123', 'YT7512345678901']);

    wrapper.unmount();
    const events = type(scanKeys('RMA251122000123', 'Tab'), SCANNER_GAPS);
    expect(received).toHaveLength(2);
    expect(events.some((e) => e.defaultPrevented)).toBe(false);
  });

  it('refuses to be used without the provider', () => {
    const Lonely = defineComponent({
      setup() {
        useScanner();
        return () => null;
      },
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => mount(Lonely)).toThrow(/provideScannerService/);
    warn.mockRestore();
  });
});

function dispatchPaste(target: EventTarget, text: string): ClipboardEvent {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}
