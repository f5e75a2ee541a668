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
 * 3. `retract`: remove that many characters (`retractText`) before the caret: a scan's
 *    characters that reached a text field observed with `acceptInTextFields`, or the start of an
 *    incomplete scan that was handed back into the field;
 * 4. `scan`: a completed scan, or `failure`: a burst that ended like a scan but is not one code
 *    (it started mid-way, or it was too long; see `fragments.ts`) — report it, look nothing up.
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
 * A scan whose first keys came late (handed back as typing) is reported as a `failure` of reason
 * `incomplete`, and the handed-back characters still in the field are retracted.
 *
 * ## Input methods
 * With a Chinese IME active, keys arrive as `key === 'Process'` (keyCode 229) or with
 * `isComposing`; characters are rebuilt from `code` + Shift (see `keymap.ts`), and full-width
 * characters are folded to ASCII. Swallowing a keydown may not cancel an IME composition in an
 * editable field, so scan fields should disable IME (e.g. `ime-mode: disabled`/`inputmode`).
 */
import { parseScannerConfig, type ScannerConfig, type ScannerConfigInput } from './config';
import type { ScanDecision, ScanEvent, ScannerKeyEvent, ScanTargetKind } from './events';
import { normalizeScanText } from './events';
import { LeadChain, lateStartWindowMs, Overflow, RunWithoutPrefix, withdrawableLead, type ScanFailure } from './fragments';
import { isModifierKey, resolveKey } from './keymap';

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

export interface ScannerDecoderOptions {
  /**
   * Whether text is a recognised code (format and check digit). Lets the decoder tell that a
   * fragment handed back as typing and the next burst are one code split by a long stall.
   */
  isKnownCode?: (text: string) => boolean;
}

/** Fewest characters of a suffix-ended burst that can be the tail of a scan that started late. */
const MIN_TAIL = 2;

function emptyDecision(): ScanDecision {
  return { swallow: false, scan: null, failure: null, released: [], retract: 0, retractText: '' };
}

export class ScannerDecoder {
  readonly config: Readonly<ScannerConfig>;
  private readonly isKnownCode: ((text: string) => boolean) | undefined;
  private burst: BurstKey[] = [];
  private context: ScanTargetKind = 'none';
  private prefixMatched = 0;
  private lastAt = 0;
  private overflow: Overflow | null = null;
  private loose: RunWithoutPrefix | null = null;
  private readonly lead: LeadChain;

  constructor(config: ScannerConfigInput = {}, options: ScannerDecoderOptions = {}) {
    this.config = parseScannerConfig(config);
    this.isKnownCode = options.isKnownCode;
    this.lead = new LeadChain(this.config.maxLength);
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
    const { prefix, suffix, maxInterKeyMs } = this.config;
    const isSuffix = resolved.kind === 'named' && (suffix as readonly string[]).includes(resolved.name);
    const plain = !(e.ctrlKey || e.altKey || e.metaKey || e.repeat === true);

    const o = this.overflow;
    if (o) {
      if (t - o.lastAt <= maxInterKeyMs && e.targetKind === o.context && plain) {
        if (resolved.kind === 'char') {
          o.add(resolved.char, t);
          return out;
        }
        if (isSuffix) {
          this.endOverflow(out, t);
          out.swallow = true;
          return out;
        }
      }
      this.endOverflow(out, o.lastAt);
    }
    if (this.burst.length > 0) {
      if (t - this.lastAt > maxInterKeyMs) this.endBurst(out);
      else if (e.targetKind !== this.context) this.release(out);
    }
    const loose = this.loose;
    if (loose && (t - loose.lastAt > maxInterKeyMs || e.targetKind !== loose.context)) this.loose = null;

    const holds = this.holds(e.targetKind);
    if ((!holds && !this.observes(e.targetKind)) || !plain) {
      // Typing elsewhere, or a shortcut: a person is at the keyboard.
      if (this.burst.length > 0) this.release(out);
      else this.lead.clear();
      this.loose = null;
      return out;
    }

    const token = resolved.kind === 'char' ? resolved.char : resolved.name;

    if (isSuffix && this.burst.length > 0) {
      if (!this.finish(out, t, true)) {
        this.release(out);
        this.lead.clear();
      } else {
        out.swallow = true;
      }
      return out;
    }
    if (isSuffix && this.loose && this.loose.count >= this.config.minLength) {
      this.failLoose(out, t);
      out.swallow = true;
      return out;
    }

    if (this.prefixMatched < prefix.length) {
      if (token === prefix[this.prefixMatched]) {
        this.push(e, resolved.kind === 'char' ? resolved.char : null, holds, true);
        this.prefixMatched += 1;
        this.loose = null;
        out.swallow = holds;
        return out;
      }
      if (this.burst.length > 0) this.release(out);
      if (token === prefix[0]) {
        this.push(e, resolved.kind === 'char' ? resolved.char : null, holds, true);
        this.prefixMatched = 1;
        this.loose = null;
        out.swallow = holds;
      } else if (resolved.kind === 'char') {
        if (this.loose) this.loose.add(resolved.char, t);
        else this.loose = new RunWithoutPrefix(e.targetKind, t, resolved.char, this.config.maxLength);
      } else {
        this.loose = null;
        this.lead.clear();
      }
      return out;
    }

    if (resolved.kind === 'named') {
      if (this.burst.length > 0) this.release(out);
      else this.lead.clear();
      return out;
    }

    this.push(e, resolved.char, holds, false);
    if (this.codeLength() > this.config.maxLength) {
      // Too long for a code: hand everything back, current key included, and stop holding.
      this.startOverflow(out);
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
    if (this.overflow && now - this.overflow.lastAt > this.config.maxInterKeyMs) this.endOverflow(out, this.overflow.lastAt);
    if (this.loose && now - this.loose.lastAt > this.config.maxInterKeyMs) this.loose = null;
    if (this.burst.length === 0) return out;
    const silence = now - this.lastAt;
    if (this.config.suffix.length === 0 && this.qualifies()) {
      if (silence >= this.config.endTimeoutMs) this.finish(out, this.lastAt, false);
    } else if (silence > this.config.maxInterKeyMs) {
      this.release(out);
    }
    return out;
  }

  /** When the adapter should call `tick` next, or `null` when nothing is pending. */
  nextDeadline(): number | null {
    if (this.burst.length === 0) return this.overflow ? this.overflow.lastAt + this.config.maxInterKeyMs + 1 : null;
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
    const out = this.reset();
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
    this.overflow = null;
    this.loose = null;
    this.lead.clear();
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
    if (this.config.suffix.length === 0 && this.qualifies()) this.finish(out, this.lastAt, false);
    else this.release(out);
  }

  /**
   * Ends a burst that looks like a scan: a failure when it started mid-way, a scan when it
   * qualifies. Returns false (nothing done) when it is neither. A suffix after a fragment counts
   * even for a burst shorter than `minLength` (from {@link MIN_TAIL} characters): the rest of
   * the code came before it.
   */
  private finish(out: ScanDecision, endedAt: number, bySuffix: boolean): boolean {
    if (this.prefixMatched < this.config.prefix.length) return false;
    const text = this.codeText();
    const firstChar = this.burst.find((k) => !k.prefix && k.char !== null);
    // Two characters and the suffix within 2 × maxInterKeyMs are a scanner's; one character and
    // Enter that close is a person's key rollover at the end of typing.
    const truncated = firstChar && (bySuffix ? text.length >= MIN_TAIL : this.qualifies())
      ? this.lead.truncating(firstChar.timeStamp, text, lateStartWindowMs(this.config), this.isKnownCode)
      : null;
    if (truncated && firstChar) {
      const leadEnd = truncated.chunks.at(-1)?.endedAt ?? firstChar.timeStamp;
      this.fail(out, {
        reason: 'incomplete',
        cause: truncated.cause,
        text,
        lead: truncated.chunks.map((c) => c.text).join(''),
        gapMs: firstChar.timeStamp - leadEnd,
        startedAt: this.burst[0]?.timeStamp ?? endedAt,
        endedAt,
      }, withdrawableLead(truncated.chunks, this.context) + this.typedChars());
      this.clear();
      return true;
    }
    if (!this.qualifies()) return false;
    out.scan = { text, startedAt: this.burst[0]?.timeStamp ?? endedAt, endedAt, source: 'scanner' };
    this.retract(out, this.typedChars());
    this.clear();
    this.lead.clear();
    return true;
  }

  /** A scanner-speed run without the configured prefix, ended by the suffix. */
  private failLoose(out: ScanDecision, endedAt: number): void {
    const run = this.loose;
    if (!run) return;
    this.loose = null;
    const truncated = run.tooLong ? null : this.lead.truncating(run.startedAt, run.text, lateStartWindowMs(this.config), undefined);
    const { failure, withdraw } = run.end(endedAt, truncated?.chunks ?? []);
    this.fail(out, failure, withdraw);
  }

  private startOverflow(out: ScanDecision): void {
    const chars = this.burst.filter((k) => !k.prefix && k.char !== null).map((k) => k.char ?? '').join('');
    this.overflow = new Overflow(this.context, this.burst[0]?.timeStamp ?? this.lastAt, this.lastAt, chars);
    this.release(out, false);
    this.lead.clear();
  }

  private endOverflow(out: ScanDecision, endedAt: number): void {
    const o = this.overflow;
    if (!o) return;
    this.overflow = null;
    const { failure, withdraw } = o.end(endedAt);
    this.fail(out, failure, withdraw);
  }

  private fail(out: ScanDecision, failure: ScanFailure, withdraw: string): void {
    out.failure = failure;
    this.retract(out, withdraw);
    this.lead.clear();
  }

  private retract(out: ScanDecision, text: string): void {
    out.retract = text.length;
    out.retractText = text;
  }

  /** Characters of the burst that reached an observed text field instead of being held. */
  private typedChars(): string {
    let s = '';
    for (const k of this.burst) if (!k.held && k.char !== null) s += k.char;
    return s;
  }

  /** Hands held keys back as typing; their characters are remembered as a possible lead. */
  private release(out: ScanDecision, asLead = true): void {
    for (const k of this.burst) {
      if (k.held) out.released.push({ key: k.key, code: k.code, text: k.char ?? '', timeStamp: k.timeStamp });
    }
    const chars = this.burst.filter((k) => k.char !== null);
    const first = chars[0];
    const last = chars.at(-1);
    if (asLead && first && last) {
      this.lead.add({
        text: chars.map((k) => k.char ?? '').join(''),
        startedAt: first.timeStamp,
        endedAt: last.timeStamp,
        context: this.context,
        inField: this.context !== 'none',
      });
    }
    this.clear();
  }

  private clear(): void {
    this.burst = [];
    this.prefixMatched = 0;
  }
}

/** Creates a decoder; `config` is validated (throws a `ZodError` when invalid). */
export function createScannerDecoder(config: ScannerConfigInput = {}, options: ScannerDecoderOptions = {}): ScannerDecoder {
  return new ScannerDecoder(config, options);
}
