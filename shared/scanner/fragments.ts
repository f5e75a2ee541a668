/**
 * Scans that cannot be trusted (不完整或异常的扫描), and the record of recent fragments the
 * decoder needs to recognise them.
 *
 * A keyboard-wedge scanner's keys are only recognised as a scan while every gap is at most
 * `maxInterKeyMs`. When one gap near the start comes late — a loaded machine delays an event by
 * 35–70 ms, a wireless scanner stalls — the first characters are handed back as typing and the
 * rest arrives as a burst that ends in the suffix: the tail of a code, which must not be looked
 * up as a code of its own. The decoder keeps the fragments it handed back (the lead) and, when a
 * burst completes, decides from them whether it started mid-way:
 *
 * - `late_start`: the burst began within {@link lateStartWindowMs} of a handed-back fragment
 *   (and each earlier fragment within that window of the next). A person types 80–300 ms a key,
 *   so a fragment that close to a scanner burst is the scanner's own start.
 * - `code_split`: the gap was longer (up to {@link LEAD_CHAIN_MS}), but the fragment and the
 *   burst together form a recognised code (the known formats and their lengths, through the
 *   decoder's `isKnownCode` option): the burst is that code's tail.
 * - `missing_prefix`: a prefix is configured and a burst at scanner speed ended in the suffix
 *   without it: the start of the scan, prefix included, was lost.
 *
 * A burst that grows past `maxLength` (a garbage burst, a long 2D code) is reported as
 * `too_long` when it ends, instead of vanishing as typing.
 */
import type { ScannerConfig } from './config';

/** Where keyboard focus is when the key is pressed. */
export type ScanTargetKind = 'none' | 'text-field' | 'scan-field';

/** Why a burst that ended like a scan is not reported as a code. */
export type IncompleteCause = 'late_start' | 'code_split' | 'missing_prefix';

export interface IncompleteScan {
  reason: 'incomplete';
  cause: IncompleteCause;
  /** The characters of the final burst, which alone would have been reported as the code. */
  text: string;
  /** The characters of the same scan handed back as typing before the burst ('' when none were seen). */
  lead: string;
  /** Milliseconds between the lead's last key and the burst's first key; null without a lead. */
  gapMs: number | null;
  startedAt: number;
  endedAt: number;
}

export interface OverlongScan {
  reason: 'too_long';
  /** Characters of the burst (prefix keys not counted). */
  length: number;
  /** Its first characters, for display. */
  head: string;
  startedAt: number;
  endedAt: number;
}

export type ScanFailure = IncompleteScan | OverlongScan;
export type ScanFailureReason = ScanFailure['reason'];

/** How many characters of an overlong burst are kept for display. */
const OVERLONG_HEAD_LENGTH = 24;

/**
 * Longest gap (ms) between a handed-back fragment and the next burst for the two to count as one
 * scan that started late: 75 ms (late scanner keys come 35–70 ms apart; people type 80 ms a key
 * and slower), or twice the configured key gap when that is longer.
 */
export function lateStartWindowMs(config: Pick<ScannerConfig, 'maxInterKeyMs'>): number {
  return Math.max(75, 2 * config.maxInterKeyMs);
}

/** Fragments further apart than this are never joined, not even when they form a known code. */
const LEAD_CHAIN_MS = 1000;

/** Characters handed back as typing in one piece. */
export interface LeadChunk {
  text: string;
  startedAt: number;
  endedAt: number;
  context: ScanTargetKind;
  /** The characters sit in a field, before its caret (a scan field they were typed into, or an observed text field). */
  inField: boolean;
}

/** The fragments handed back recently, oldest first, each within {@link LEAD_CHAIN_MS} of the next. */
export class LeadChain {
  private chunks: LeadChunk[] = [];

  constructor(private readonly maxChars: number) {}

  get empty(): boolean {
    return this.chunks.length === 0;
  }

  add(chunk: LeadChunk): void {
    if (chunk.text === '') return;
    const last = this.chunks.at(-1);
    if (last && chunk.startedAt - last.endedAt > LEAD_CHAIN_MS) this.chunks = [];
    this.chunks.push(chunk);
    // Bounded: only the last `maxChars` characters can belong to one code.
    let chars = 0;
    for (let i = this.chunks.length - 1; i >= 0; i -= 1) {
      chars += this.chunks[i]?.text.length ?? 0;
      if (chars > this.maxChars) {
        this.chunks = this.chunks.slice(i + 1);
        break;
      }
    }
  }

  clear(): void {
    this.chunks = [];
  }

  /**
   * The fragments that make a burst starting at `burstStart` with `text` the tail of a scan, or
   * null: first by timing (each link within `window`), then by the known codes.
   */
  truncating(
    burstStart: number,
    text: string,
    window: number,
    isKnownCode: ((code: string) => boolean) | undefined,
  ): { chunks: LeadChunk[]; cause: 'late_start' | 'code_split' } | null {
    const last = this.chunks.at(-1);
    if (!last || burstStart - last.endedAt > LEAD_CHAIN_MS) return null;
    let first = this.chunks.length;
    let next = burstStart;
    while (first > 0) {
      const chunk = this.chunks[first - 1];
      if (!chunk || next - chunk.endedAt > window) break;
      next = chunk.startedAt;
      first -= 1;
    }
    if (first < this.chunks.length) return { chunks: this.chunks.slice(first), cause: 'late_start' };
    if (!isKnownCode) return null;
    let joined = text;
    for (let i = this.chunks.length - 1; i >= 0; i -= 1) {
      const chunk = this.chunks[i];
      if (!chunk) break;
      joined = chunk.text + joined;
      // The fragment must add characters to the code (a space typed before a scan adds none).
      if (joined.trim().length > text.trim().length && isKnownCode(joined)) return { chunks: this.chunks.slice(i), cause: 'code_split' };
    }
    return null;
  }
}

/**
 * The characters of `chunks` still sitting before the caret of the field a burst in `context` was
 * typed in: the trailing chunks typed into that same field, in order.
 */
export function withdrawableLead(chunks: readonly LeadChunk[], context: ScanTargetKind): string {
  let text = '';
  for (let i = chunks.length - 1; i >= 0; i -= 1) {
    const chunk = chunks[i];
    if (!chunk || !chunk.inField || chunk.context !== context) break;
    text = chunk.text + text;
  }
  return text;
}

/** A burst past `maxLength`, let through key by key until it ends; reported as too long. */
export class Overflow {
  count: number;
  readonly head: string;
  /** Its characters that reached a field (all of them, in a scan field or an observed text field). */
  private typed: string;

  constructor(
    readonly context: ScanTargetKind,
    readonly startedAt: number,
    public lastAt: number,
    chars: string,
  ) {
    this.count = chars.length;
    this.head = chars.slice(0, OVERLONG_HEAD_LENGTH);
    this.typed = context === 'none' ? '' : chars;
  }

  add(char: string, t: number): void {
    this.count += 1;
    if (this.context !== 'none') this.typed += char;
    this.lastAt = t;
  }

  end(endedAt: number): { failure: OverlongScan; withdraw: string } {
    const failure: OverlongScan = { reason: 'too_long', length: this.count, head: this.head, startedAt: this.startedAt, endedAt };
    return { failure, withdraw: this.typed };
  }
}

/**
 * With a prefix configured: characters at scanner speed that came without the prefix. They are
 * never held (they reach the field or the page); only a suffix right after them is swallowed.
 */
export class RunWithoutPrefix {
  count = 1;
  lastAt: number;
  /** Its characters, up to one past `maxLength` (a longer run is reported as too long). */
  text: string;

  constructor(
    readonly context: ScanTargetKind,
    readonly startedAt: number,
    char: string,
    private readonly maxLength: number,
  ) {
    this.lastAt = startedAt;
    this.text = char;
  }

  get tooLong(): boolean {
    return this.count > this.maxLength;
  }

  add(char: string, t: number): void {
    if (this.text.length <= this.maxLength) this.text += char;
    this.count += 1;
    this.lastAt = t;
  }

  /** The failure it ends as, with `lead` (fragments handed back just before it). */
  end(endedAt: number, lead: readonly LeadChunk[]): { failure: ScanFailure; withdraw: string } {
    if (this.tooLong) {
      // Only its start was kept, so nothing is withdrawn.
      return { failure: { reason: 'too_long', length: this.count, head: this.text.slice(0, OVERLONG_HEAD_LENGTH), startedAt: this.startedAt, endedAt }, withdraw: '' };
    }
    const lastLead = lead.at(-1);
    return {
      failure: {
        reason: 'incomplete',
        cause: 'missing_prefix',
        text: this.text.trim(),
        lead: lead.map((c) => c.text).join(''),
        gapMs: lastLead ? this.startedAt - lastLead.endedAt : null,
        startedAt: this.startedAt,
        endedAt,
      },
      withdraw: withdrawableLead(lead, this.context) + (this.context === 'none' ? '' : this.text),
    };
  }
}
