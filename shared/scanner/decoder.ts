/**
 * Keyboard-wedge scanner decoder (扫码枪输入解码).
 *
 * A pure, clock-free state machine: the adapter (a renderer composable listening to `keydown` in
 * the capture phase) turns each event into a {@link ScannerKeyEvent}, calls
 * {@link ScannerDecoder.feed}, and applies the returned {@link ScanDecision}:
 *
 * 1. `released` first: keys held back earlier that turned out to be typing, re-delivered in order
 *    (insert their `text` at the caret of a scan field; in a page without a focused field, hand
 *    them to the shortcut handler or drop them);
 * 2. `swallow`: `preventDefault()` + `stopPropagation()` the event just fed;
 * 3. `retract`: in a text field observed with `acceptInTextFields`, remove that many characters
 *    before the caret (the scan's characters, which reached the field);
 * 4. `scan`: a completed scan.
 *
 * Timeouts are the adapter's: after every call, schedule `tick(now)` at {@link
 * ScannerDecoder.nextDeadline} (`performance.now()` is on the same clock as
 * `KeyboardEvent.timeStamp`). Only `keydown` events are fed.
 *
 * ## Telling a scanner from a person
 * A scan is a burst whose every gap (prefix → code → suffix) is at most `maxInterKeyMs`, with at
 * least `minLength` characters, ended by a configured suffix key (or, without a suffix, by
 * `endTimeoutMs` of silence). People type 80–300 ms a key, so a person never produces a scan.
 *
 * The first key of a scan looks exactly like a keystroke. The strategy depends on where focus is:
 * - `none` (no editable element) and `scan-field` (a field that asks for scans): character keys
 *   are held back (swallowed) while they might still be a scan. As soon as the burst cannot be a
 *   scan (a gap over `maxInterKeyMs`, a non-character key, a modifier combination, a suffix that
 *   comes too early, focus moving), every held key is returned in `released`, in order, so no
 *   keystroke is lost; a person's key is delayed by at most `maxInterKeyMs` (≈ 30 ms). With a
 *   prefix configured, only keys after the start of the prefix are ever held.
 * - `text-field` (an ordinary field): never swallowed. By default the decoder ignores such keys
 *   altogether; with `acceptInTextFields` it watches them and, when a scan completes, swallows
 *   only the suffix key (so Enter does not submit the form and Tab does not move focus) and asks
 *   for the typed characters to be retracted.
 *
 * A person's key that lands within `maxInterKeyMs` of the scanner's keys, in the middle of a
 * burst, cannot be told apart by timing and becomes part of the code; the barcode classifier then
 * rejects the result (`unknown_format` or a check-digit error), it is never silently looked up.
 *
 * ## Input methods
 * With a Chinese IME active, keys arrive as `key === 'Process'` (keyCode 229) or with
 * `isComposing`; characters are rebuilt from `code` + Shift (see `keymap.ts`), and full-width
 * characters are folded to ASCII. Swallowing a keydown may not cancel an IME composition in an
 * editable field, so scan fields should disable IME (e.g. `ime-mode: disabled`/`inputmode`).
 */
import { parseScannerConfig, type ScannerConfig, type ScannerConfigInput } from './config';
import { isModifierKey, isPrintableAscii, resolveKey, toHalfWidth } from './keymap';

/** Where keyboard focus is when the key is pressed. */
export type ScanTargetKind = 'none' | 'text-field' | 'scan-field';

/** The fields of a `KeyboardEvent` (keydown) the decoder needs, as a plain object. */
export interface ScannerKeyEvent {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  /** `KeyboardEvent.timeStamp`, in milliseconds. */
  timeStamp: number;
  targetKind: ScanTargetKind;
  /** Legacy `keyCode`; 229 marks an IME-processed key. */
  keyCode?: number | undefined;
  /** Auto-repeat from a held key; never part of a scan. */
  repeat?: boolean | undefined;
}

export type ScanSource = 'scanner' | 'paste' | 'manual';

/** A completed scan. Times are on the clock of the events (`timeStamp`) or of `now`. */
export interface ScanEvent {
  text: string;
  startedAt: number;
  endedAt: number;
  source: ScanSource;
}

/** A key that was swallowed while it might have been a scan, now handed back as typing. */
export interface ReleasedKey {
  key: string;
  code: string;
  /** The character it types ('' for a non-character prefix key such as F9). */
  text: string;
  timeStamp: number;
}

/** What the adapter should do after one call; see the module comment for the order. */
export interface ScanDecision {
  /** `preventDefault()` the event just fed (always false for `tick`, `reset`). */
  swallow: boolean;
  scan: ScanEvent | null;
  released: ReleasedKey[];
  /** Characters of the scan already typed into an observed text field, to remove. */
  retract: number;
}

interface BurstKey {
  key: string;
  code: string;
  /** The character, or null for a named (prefix) key. */
  char: string | null;
  timeStamp: number;
  /** Swallowed by the decoder (as opposed to having reached a text field). */
  held: boolean;
  /** Part of the prefix, not of the code. */
  prefix: boolean;
}

function emptyDecision(): ScanDecision {
  return { swallow: false, scan: null, released: [], retract: 0 };
}

/**
 * Normalises text that should be one code (paste, manual entry): folds full-width characters,
 * trims, and returns `null` unless what remains is `minLength`–`maxLength` printable ASCII
 * characters (so multi-line text, tabs, CJK text and overly long text are not codes).
 */
export function normalizeScanText(
  text: string,
  limits: Pick<ScannerConfig, 'minLength' | 'maxLength'> = { minLength: 1, maxLength: 64 },
): string | null {
  const folded = toHalfWidth(text).trim();
  if (folded.length < limits.minLength || folded.length > limits.maxLength) return null;
  for (const ch of folded) if (!isPrintableAscii(ch)) return null;
  return folded;
}

export class ScannerDecoder {
  readonly config: Readonly<ScannerConfig>;
  private burst: BurstKey[] = [];
  private context: ScanTargetKind = 'none';
  private prefixMatched = 0;
  private lastAt = 0;
  /** A burst grew past `maxLength`: let its remaining keys through until the next gap. */
  private overflow = false;

  constructor(config: ScannerConfigInput = {}) {
    this.config = parseScannerConfig(config);
  }

  /** True while keys are held or watched as a possible scan. */
  get pending(): boolean {
    return this.burst.length > 0;
  }

  /** Feeds one keydown event. */
  feed(e: ScannerKeyEvent): ScanDecision {
    const out = emptyDecision();
    const t = e.timeStamp;
    const resolved = resolveKey(e);
    // Lone modifiers (a scanner presses Shift for capitals) change nothing.
    if (resolved.kind === 'named' && isModifierKey(resolved.name)) return out;

    if (this.overflow && (t - this.lastAt > this.config.maxInterKeyMs || e.targetKind !== this.context)) {
      this.overflow = false;
    }
    if (this.overflow) {
      this.lastAt = t;
      return out;
    }
    if (this.burst.length > 0) {
      if (t - this.lastAt > this.config.maxInterKeyMs) this.endBurst(out);
      else if (e.targetKind !== this.context) this.release(out);
    }

    const holds = this.holds(e.targetKind);
    if (!holds && !this.observes(e.targetKind)) return out;

    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat === true) {
      if (this.burst.length > 0) this.release(out);
      return out;
    }

    const token = resolved.kind === 'char' ? resolved.char : resolved.name;
    const { prefix, suffix } = this.config;

    if (resolved.kind === 'named' && (suffix as readonly string[]).includes(resolved.name) && this.burst.length > 0) {
      if (this.qualifies()) {
        this.complete(out, t);
        out.swallow = true;
      } else {
        this.release(out);
      }
      return out;
    }

    if (this.prefixMatched < prefix.length) {
      if (token === prefix[this.prefixMatched]) {
        this.push(e, resolved.kind === 'char' ? resolved.char : null, holds, true);
        this.prefixMatched += 1;
        out.swallow = holds;
        return out;
      }
      if (this.burst.length > 0) this.release(out);
      if (token === prefix[0]) {
        this.push(e, resolved.kind === 'char' ? resolved.char : null, holds, true);
        this.prefixMatched = 1;
        out.swallow = holds;
      }
      return out;
    }

    if (resolved.kind === 'named') {
      if (this.burst.length > 0) this.release(out);
      return out;
    }

    this.push(e, resolved.char, holds, false);
    if (this.codeLength() > this.config.maxLength) {
      // Too long for a code: hand everything back, current key included, and stop holding.
      this.release(out);
      this.overflow = true;
      this.lastAt = t;
      out.swallow = holds;
      return out;
    }
    out.swallow = holds;
    return out;
  }

  /**
   * Advances time without a key: releases held keys once a burst can no longer be a scan, and
   * completes a suffix-less scan after `endTimeoutMs` of silence.
   */
  tick(now: number): ScanDecision {
    const out = emptyDecision();
    if (this.overflow && now - this.lastAt > this.config.maxInterKeyMs) this.overflow = false;
    if (this.burst.length === 0) return out;
    const silence = now - this.lastAt;
    if (this.config.suffix.length === 0 && this.qualifies()) {
      if (silence >= this.config.endTimeoutMs) this.complete(out, this.lastAt);
    } else if (silence > this.config.maxInterKeyMs) {
      this.release(out);
    }
    return out;
  }

  /** When the adapter should call `tick` next, or `null` when nothing is pending. */
  nextDeadline(): number | null {
    if (this.burst.length === 0) return null;
    if (this.config.suffix.length === 0 && this.qualifies()) return this.lastAt + this.config.endTimeoutMs;
    return this.lastAt + this.config.maxInterKeyMs + 1;
  }

  /**
   * A paste (`paste` event or clipboard action). Returns a scan, to be swallowed, when the text
   * is one code (see {@link normalizeScanText}); otherwise the paste proceeds untouched. Pastes
   * into ordinary text fields are deliberate and never become scans, whatever
   * `acceptInTextFields` says. Any held keys are released first.
   */
  paste(text: string, now: number, targetKind: ScanTargetKind = 'none'): ScanDecision {
    const out = emptyDecision();
    if (this.burst.length > 0) this.release(out);
    this.overflow = false;
    if (targetKind === 'text-field') return out;
    const code = normalizeScanText(text, this.config);
    if (code === null) return out;
    out.scan = { text: code, startedAt: now, endedAt: now, source: 'paste' };
    out.swallow = true;
    return out;
  }

  /**
   * A code typed by hand into a scan field and confirmed (Enter or a button): normalised like a
   * paste, `null` when it is not one code. Does not touch the decoder's state.
   */
  manual(text: string, now: number): ScanEvent | null {
    const code = normalizeScanText(text, this.config);
    return code === null ? null : { text: code, startedAt: now, endedAt: now, source: 'manual' };
  }

  /** Drops the current burst (focus lost, window blurred), handing back any held keys. */
  reset(): ScanDecision {
    const out = emptyDecision();
    if (this.burst.length > 0) this.release(out);
    this.overflow = false;
    return out;
  }

  private holds(kind: ScanTargetKind): boolean {
    return kind === 'none' || kind === 'scan-field';
  }

  private observes(kind: ScanTargetKind): boolean {
    return kind === 'text-field' && this.config.acceptInTextFields;
  }

  private push(e: ScannerKeyEvent, char: string | null, held: boolean, prefix: boolean): void {
    if (this.burst.length === 0) this.context = e.targetKind;
    this.burst.push({ key: e.key, code: e.code, char, timeStamp: e.timeStamp, held, prefix });
    this.lastAt = e.timeStamp;
  }

  private codeLength(): number {
    let n = 0;
    for (const k of this.burst) if (!k.prefix && k.char !== null) n += 1;
    return n;
  }

  private codeText(): string {
    let s = '';
    for (const k of this.burst) if (!k.prefix && k.char !== null) s += k.char;
    return s.trim();
  }

  private qualifies(): boolean {
    if (this.prefixMatched < this.config.prefix.length) return false;
    const n = this.codeText().length;
    return n >= this.config.minLength && n <= this.config.maxLength;
  }

  /** A burst ended by silence: a suffix-less scan if it qualifies, typing otherwise. */
  private endBurst(out: ScanDecision): void {
    if (this.config.suffix.length === 0 && this.qualifies()) this.complete(out, this.lastAt);
    else this.release(out);
  }

  private complete(out: ScanDecision, endedAt: number): void {
    const first = this.burst[0];
    out.scan = {
      text: this.codeText(),
      startedAt: first ? first.timeStamp : endedAt,
      endedAt,
      source: 'scanner',
    };
    out.retract = this.burst.filter((k) => !k.held && k.char !== null).length;
    this.clear();
  }

  private release(out: ScanDecision): void {
    for (const k of this.burst) {
      if (k.held) out.released.push({ key: k.key, code: k.code, text: k.char ?? '', timeStamp: k.timeStamp });
    }
    this.clear();
  }

  private clear(): void {
    this.burst = [];
    this.prefixMatched = 0;
  }
}

/** Creates a decoder; `config` is validated (throws a `ZodError` when invalid). */
export function createScannerDecoder(config: ScannerConfigInput = {}): ScannerDecoder {
  return new ScannerDecoder(config);
}
