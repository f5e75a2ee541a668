/**
 * Keyboard-wedge scanner input for the whole window (扫码枪输入).
 *
 * A thin adapter over the shared decoder (`shared/scanner`): it listens to `keydown` and `paste` on
 * `window` in the capture phase, so a scan is recognised wherever focus is, and applies each
 * decision in the order the decoder documents:
 *
 * 1. `released` — keys held back while they might have been a scan are handed back: typed into the
 *    scan field they were held from, or re-dispatched as `keydown` to the element that had focus
 *    (so shortcut handlers and widgets still see them; Space on a native button or checkbox
 *    still activates it). Nothing a person types is lost, only delayed by `maxInterKeyMs`.
 * 2. `swallow` — `preventDefault()` + `stopPropagation()` on the event.
 * 3. `retract` — with "accept scans in text fields", the scan's characters already typed into an
 *    ordinary field are removed again.
 * 4. `scan` — classified with `classifyBarcode` and handed to every subscriber, its text in the
 *    code's normalised form when the format is recognised (`rr123456785cn` → `RR123456785CN`);
 *    `failure` — a burst that is not one code (it started mid-way, or was far too long) is handed
 *    to the subscribers as an invalid scan of reason `incomplete_scan` or `too_long`, never as a
 *    code, and the characters it had left in the field are withdrawn.
 *
 * One service exists per window: `App.vue` creates it with {@link provideScannerService}; views
 * subscribe through {@link useScanner} (`onScan` unsubscribes itself when the view unmounts).
 */
import { getCurrentInstance, inject, onBeforeUnmount, onMounted, provide, watch, type InjectionKey } from 'vue';
import {
  createScannerDecoder,
  type ReleasedKey,
  type ScanDecision,
  type ScanEvent,
  type ScanFailure,
  type ScannerConfig,
  type ScannerDecoder,
  type ScanTargetKind,
} from '../../../shared/scanner';
import { classifyBarcode, displayCode, type BarcodeClassification } from '../../../shared/barcode';
import { useScannerStore, type ClassifiedScan } from '../stores/scanner';

export type { ClassifiedScan };

export type ScanListener = (result: ClassifiedScan) => void;

export interface ScannerServiceOptions {
  config: ScannerConfig;
  /** Window to listen on; the global `window` by default. */
  target?: Window;
  /**
   * Clock for timers and key times. By default key times are `KeyboardEvent.timeStamp` and the
   * clock is `performance.now()` (the same clock). When given, it is used for both.
   */
  clock?: () => number;
}

export interface ScannerService {
  /** Subscribes to completed scans; returns the function that unsubscribes. */
  onScan(listener: ScanListener): () => void;
  /** Applies new settings at once; keys held under the old settings are handed back first. */
  configure(config: ScannerConfig): void;
  /**
   * A code typed by hand and confirmed (Enter or a button). Returns the scan handed to the
   * subscribers, or `null` when the text is not one code.
   */
  submitManual(text: string): ClassifiedScan | null;
  start(): void;
  stop(): void;
  readonly running: boolean;
}

const SCAN_FIELD_SELECTOR = '[data-scan-field]';
const NON_TEXT_INPUT_TYPES = new Set([
  'button',
  'submit',
  'reset',
  'checkbox',
  'radio',
  'range',
  'color',
  'file',
  'image',
  'hidden',
]);
/** Native controls that a Space key press activates (click). */
const SPACE_ACTIVATED_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'checkbox', 'radio']);

type TextControl = HTMLInputElement | HTMLTextAreaElement;

function isTextControl(el: Element | null): el is TextControl {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !NON_TEXT_INPUT_TYPES.has(el.type);
}

function isEditable(el: Element): boolean {
  if (isTextControl(el) || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLElement && el.isContentEditable;
}

/** Where a key lands: a field that asks for scans, an ordinary field, or no field. */
export function scanTargetKind(el: Element | null): ScanTargetKind {
  if (!el) return 'none';
  if (el.closest(SCAN_FIELD_SELECTOR)) return 'scan-field';
  return isEditable(el) ? 'text-field' : 'none';
}

function eventElement(e: Event, doc: Document): Element | null {
  const first = e.composedPath()[0];
  if (first instanceof Element) return first;
  return doc.activeElement;
}

function notifyInput(el: TextControl, inputType: string, data: string | null): void {
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType, data }));
}

/** Inputs such as type=number have no caret to work with (their selection API throws). */
function hasCaret(el: TextControl): boolean {
  try {
    return el.selectionStart !== null;
  } catch {
    return false;
  }
}

/** Types `text` at the caret of a text control, replacing any selection. */
function insertText(el: TextControl, text: string): void {
  if (el.readOnly || el.disabled || text === '') return;
  if (!hasCaret(el)) {
    el.value += text;
  } else {
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    if (el.maxLength >= 0 && el.value.length - (end - start) + text.length > el.maxLength) return;
    el.setRangeText(text, start, end, 'end');
    // Explicit caret: not every engine collapses the selection after the insertion.
    el.setSelectionRange(start + text.length, start + text.length);
  }
  notifyInput(el, 'insertText', text);
}

/** Types `text` at the selection of an editable element (a contenteditable scan field). */
function insertIntoEditable(el: HTMLElement, text: string, doc: Document): void {
  if (text === '') return;
  const selection = doc.getSelection();
  const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
  const node = doc.createTextNode(text);
  if (selection && range && el.contains(range.commonAncestorContainer)) {
    range.deleteContents();
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
    selection.removeAllRanges();
    selection.addRange(range);
  } else {
    el.appendChild(node);
  }
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
}

/**
 * Removes `count` characters before the caret of a text control or an editable element. In a text
 * control they must be `expected` (when given): a person who moved the caret or edited the field
 * meanwhile keeps their text.
 */
function deleteBeforeCaret(el: Element, count: number, doc: Document, expected = ''): void {
  if (isTextControl(el)) {
    if (!hasCaret(el)) {
      if (expected !== '' && !el.value.endsWith(expected)) return;
      el.value = el.value.slice(0, Math.max(0, el.value.length - count));
    } else {
      const caret = el.selectionStart ?? el.value.length;
      const from = Math.max(0, caret - count);
      if (from === caret) return;
      if (expected !== '' && el.value.slice(from, caret) !== expected) return;
      el.setRangeText('', from, caret, 'end');
      el.setSelectionRange(from, from);
    }
    notifyInput(el, 'deleteContentBackward', null);
    return;
  }
  if (el instanceof HTMLElement && el.isContentEditable) {
    const selection = doc.getSelection();
    if (!selection || typeof selection.modify !== 'function') return;
    for (let i = 0; i < count; i += 1) selection.modify('extend', 'backward', 'character');
    selection.deleteFromDocument();
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
  }
}

function activatesOnSpace(el: Element): el is HTMLElement {
  if (el instanceof HTMLButtonElement) return true;
  return el instanceof HTMLInputElement && SPACE_ACTIVATED_INPUT_TYPES.has(el.type);
}

/** Time between keys of a scanner scan, counted over prefix, code and suffix keys. */
function averageKeyGap(scan: ScanEvent, config: ScannerConfig): number | null {
  if (scan.source !== 'scanner') return null;
  const keys = config.prefix.length + scan.text.length + (config.suffix.length > 0 ? 1 : 0);
  const gaps = keys - 1;
  if (gaps <= 0) return null;
  return (scan.endedAt - scan.startedAt) / gaps;
}

/** A recognised code (format and check digit): lets the decoder see a code split by a long stall. */
function isKnownCode(text: string): boolean {
  return classifyBarcode(text).kind !== 'invalid';
}

/** Creates the adapter; call `start()` to begin listening. */
export function createScannerService(options: ScannerServiceOptions): ScannerService {
  const win = options.target ?? window;
  const doc = win.document;
  const clock = options.clock;
  const now = clock ?? (() => win.performance.now());
  const eventTime = (e: Event): number => (clock ? clock() : e.timeStamp);

  let config = options.config;
  const makeDecoder = (c: ScannerConfig): ScannerDecoder => createScannerDecoder(c, { isKnownCode });
  let decoder: ScannerDecoder = makeDecoder(config);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  /** The element whose keys are held back right now (where released keys go). */
  let holdingFrom: Element | null = null;
  /** Where the last key went: a timer's decision (a burst fallen silent) withdraws characters there. */
  let lastKeyElement: Element | null = null;
  const listeners = new Set<ScanListener>();
  /** Key events this adapter dispatched itself, which it must not feed again. */
  const redelivered = new WeakSet<Event>();

  function emit(scan: ScanEvent): ClassifiedScan {
    const classification = classifyBarcode(scan.text);
    return publish({
      // msPerKey counts the keys as they came, so it is taken before the text is normalised.
      scan: { ...scan, text: displayCode(scan.text, classification) },
      classification,
      failure: null,
      durationMs: Math.max(0, scan.endedAt - scan.startedAt),
      msPerKey: averageKeyGap(scan, config),
    });
  }

  function emitFailure(failure: ScanFailure): ClassifiedScan {
    const durationMs = Math.max(0, failure.endedAt - failure.startedAt);
    const scan: ScanEvent = {
      text: failure.reason === 'incomplete' ? failure.text : `${failure.head}…`,
      startedAt: failure.startedAt,
      endedAt: failure.endedAt,
      source: 'scanner',
    };
    const classification: BarcodeClassification =
      failure.reason === 'incomplete'
        ? { kind: 'invalid', reason: 'incomplete_scan', params: { cause: failure.cause, fragment: failure.text, lead: failure.lead } }
        : { kind: 'invalid', reason: 'too_long', params: { length: failure.length, max: config.maxLength } };
    return publish({ scan, classification, failure, durationMs, msPerKey: null });
  }

  function publish(result: ClassifiedScan): ClassifiedScan {
    for (const listener of [...listeners]) {
      try {
        listener(result);
      } catch (err) {
        // One faulty subscriber must not keep the scan from the others.
        console.error(err);
      }
    }
    return result;
  }

  function redeliver(key: ReleasedKey, el: Element | null): void {
    const target = el && el.isConnected ? el : (doc.activeElement ?? doc.body);
    if (target.closest(SCAN_FIELD_SELECTOR)) {
      if (isTextControl(target)) {
        insertText(target, key.text);
        return;
      }
      if (target instanceof HTMLElement && target.isContentEditable) {
        insertIntoEditable(target, key.text, doc);
        return;
      }
    }
    const event = new KeyboardEvent('keydown', { key: key.key, code: key.code, bubbles: true, cancelable: true, composed: true });
    redelivered.add(event);
    const notCancelled = target.dispatchEvent(event);
    if (notCancelled && key.text === ' ' && activatesOnSpace(target)) target.click();
  }

  function apply(decision: ScanDecision, event: Event | null, el: Element | null): void {
    if (decision.released.length > 0) {
      const from = holdingFrom;
      for (const key of decision.released) redeliver(key, from);
    }
    if (event && decision.swallow) {
      event.preventDefault();
      event.stopPropagation();
    }
    if (decision.retract > 0 && el) deleteBeforeCaret(el, decision.retract, doc, decision.retractText);
    if (!decoder.pending) holdingFrom = null;
    else if (event && decision.swallow && el) holdingFrom = el;
    if (decision.scan) emit(decision.scan);
    if (decision.failure) emitFailure(decision.failure);
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const deadline = decoder.nextDeadline();
    if (deadline === null || !running) return;
    timer = setTimeout(onTimer, Math.max(0, Math.ceil(deadline - now())));
  }

  function onTimer(): void {
    timer = null;
    apply(decoder.tick(now()), null, lastKeyElement);
    schedule();
  }

  function onKeydown(e: KeyboardEvent): void {
    if (redelivered.has(e)) return;
    const el = eventElement(e, doc);
    const t = eventTime(e);
    // A timer that is due but has not run yet (a busy page) fires first, keeping key order.
    const due = decoder.nextDeadline();
    if (due !== null && t >= due) apply(decoder.tick(t), null, lastKeyElement);
    lastKeyElement = el;
    const decision = decoder.feed({
      key: e.key,
      code: e.code,
      shiftKey: e.shiftKey,
      ctrlKey: e.ctrlKey,
      altKey: e.altKey,
      metaKey: e.metaKey,
      isComposing: e.isComposing,
      timeStamp: t,
      targetKind: scanTargetKind(el),
      keyCode: e.keyCode,
      repeat: e.repeat,
    });
    apply(decision, e, el);
    schedule();
  }

  function onPaste(e: ClipboardEvent): void {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    const el = eventElement(e, doc);
    apply(decoder.paste(text, eventTime(e), scanTargetKind(el)), e, el);
    schedule();
  }

  function onBlur(): void {
    apply(decoder.reset(), null, null);
    schedule();
  }

  function resetDecoder(): void {
    apply(decoder.reset(), null, null);
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return {
    onScan(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    configure(next) {
      resetDecoder();
      config = next;
      decoder = makeDecoder(next);
    },
    submitManual(text) {
      const scan = decoder.manual(text, now());
      return scan ? emit(scan) : null;
    },
    start() {
      if (running) return;
      running = true;
      win.addEventListener('keydown', onKeydown, true);
      win.addEventListener('paste', onPaste, true);
      win.addEventListener('blur', onBlur);
    },
    stop() {
      if (!running) return;
      resetDecoder();
      running = false;
      win.removeEventListener('keydown', onKeydown, true);
      win.removeEventListener('paste', onPaste, true);
      win.removeEventListener('blur', onBlur);
    },
    get running() {
      return running;
    },
  };
}

export const SCANNER_SERVICE_KEY: InjectionKey<ScannerService> = Symbol('scanner-service');

/**
 * Creates the window's scanner service from the scanner settings, keeps it in step with them,
 * records every scan in the store, starts it on mount and stops it on unmount. Call once, in the
 * root component (`options` lets tests supply a clock).
 */
export function provideScannerService(options: Omit<ScannerServiceOptions, 'config'> = {}): ScannerService {
  const store = useScannerStore();
  const service = createScannerService({ ...options, config: store.config });
  watch(
    () => store.config,
    (next) => service.configure(next),
  );
  service.onScan((result) => store.recordScan(result));
  onMounted(() => service.start());
  onBeforeUnmount(() => service.stop());
  provide(SCANNER_SERVICE_KEY, service);
  return service;
}

/**
 * The window's scanner service. With `listener`, subscribes for as long as the calling component
 * is mounted.
 */
export function useScanner(listener?: ScanListener): ScannerService {
  const service = inject(SCANNER_SERVICE_KEY, null);
  if (!service) throw new Error('useScanner() needs provideScannerService() in an ancestor component');
  if (listener) {
    const off = service.onScan(listener);
    if (getCurrentInstance()) onBeforeUnmount(off);
  }
  return service;
}
