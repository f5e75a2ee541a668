/**
 * Synthetic keydown streams with realistic timing for decoder tests, and a small model of the
 * renderer adapter that applies decisions the way the composable does.
 */
import {
  codeForChar,
  resolveKey,
  type ScanFailure,
  type ScanDecision,
  type ScanEvent,
  type ScannerDecoder,
  type ScannerKeyEvent,
  type ScanTargetKind,
} from '../../../shared/scanner/index';

export interface KeyOptions {
  targetKind?: ScanTargetKind;
  /** Send as an IME-processed key: `key: 'Process'`, keyCode 229, `isComposing`. */
  ime?: boolean;
  ctrlKey?: boolean;
  repeat?: boolean;
}

/** Named keys whose `code` equals their name. */
const NAMED_CODES: Record<string, string> = { Enter: 'Enter', Tab: 'Tab', Backspace: 'Backspace', ArrowLeft: 'ArrowLeft', Escape: 'Escape' };

/** One keydown: `k` is a single character or a key name ('Enter', 'F9', 'Shift'). */
export function key(k: string, t: number, o: KeyOptions = {}): ScannerKeyEvent {
  let code: string;
  let shiftKey = false;
  if (k.length === 1) {
    const mapped = codeForChar(k);
    if (!mapped) throw new Error(`no US key for ${JSON.stringify(k)}`);
    code = mapped.code;
    shiftKey = mapped.shiftKey;
  } else if (k === 'Shift') {
    code = 'ShiftLeft';
    shiftKey = true;
  } else {
    code = NAMED_CODES[k] ?? k;
  }
  const ime = o.ime === true;
  return {
    key: ime ? 'Process' : k,
    code,
    shiftKey,
    ctrlKey: o.ctrlKey ?? false,
    altKey: false,
    metaKey: false,
    isComposing: ime,
    timeStamp: t,
    targetKind: o.targetKind ?? 'none',
    keyCode: ime ? 229 : undefined,
    repeat: o.repeat ?? false,
  };
}

export interface StreamOptions extends KeyOptions {
  start?: number;
  /** Gap before each key after the first: a constant, a list (cycled) or a function of the index. */
  gap?: number | readonly number[] | ((i: number) => number);
  /** Key names appended after the text, with the same gaps. */
  suffix?: readonly string[];
  prefix?: readonly string[];
  /** Emit a Shift keydown (2 ms earlier) before shifted characters, as scanners do. */
  shiftEvents?: boolean;
}

function gapAt(gap: StreamOptions['gap'], i: number): number {
  if (gap === undefined) return 8;
  if (typeof gap === 'number') return gap;
  if (typeof gap === 'function') return gap(i);
  return gap[i % gap.length] ?? 8;
}

/** The keydowns of typing `text` (prefix, characters, suffix) with the given timing. */
export function stream(text: string, o: StreamOptions = {}): ScannerKeyEvent[] {
  const names = [...(o.prefix ?? []), ...text, ...(o.suffix ?? [])];
  const out: ScannerKeyEvent[] = [];
  let t = o.start ?? 1000;
  names.forEach((k, i) => {
    if (i > 0) t += gapAt(o.gap, i - 1);
    const e = key(k, t, o);
    if (o.shiftEvents && k.length === 1 && e.shiftKey) out.push(key('Shift', t - 2, o));
    out.push(e);
  });
  return out;
}

/** Scanner timing: 5–10 ms a key. */
export const SCANNER_GAPS = [7, 5, 9, 6, 10, 8] as const;
/** Human timing: 80–300 ms a key. */
export const HUMAN_GAPS = [180, 95, 240, 130, 300, 80, 210] as const;

export interface Simulation {
  scans: ScanEvent[];
  failures: ScanFailure[];
  /**
   * What reached the page: characters typed or re-delivered, each scan as ⟨text⟩, each failure
   * as ⟪…⟫ holding the characters it withdrew from the field and the held ones it consumed.
   */
  delivered: string;
  /** Per fed event, whether it was swallowed. */
  swallowed: boolean[];
  decisions: ScanDecision[];
  /** `timeStamp`s at which released keys were re-delivered, with the key's own timeStamp. */
  releases: Array<{ at: number; keyAt: number; text: string }>;
}

/**
 * Feeds events the way the adapter does: before each event, fires the timer the decoder asked
 * for (`nextDeadline`) if it is due; after the last one, fires timers until nothing is pending.
 * Set `timers: false` to model an adapter whose timer never ran before the next key.
 */
export function simulate(decoder: ScannerDecoder, events: readonly ScannerKeyEvent[], opts: { timers?: boolean } = {}): Simulation {
  const sim: Simulation = { scans: [], failures: [], delivered: '', swallowed: [], decisions: [], releases: [] };
  const timers = opts.timers ?? true;
  /** Characters swallowed and not yet handed back or consumed, by key time. */
  let held: Array<{ t: number; ch: string }> = [];
  const take = (from: number, to: number): string => {
    const inside = held.filter((h) => h.t >= from && h.t <= to);
    held = held.filter((h) => h.t < from || h.t > to);
    return inside.map((h) => h.ch).join('');
  };
  const apply = (d: ScanDecision, at: number): void => {
    sim.decisions.push(d);
    for (const r of d.released) {
      sim.delivered += r.text;
      sim.releases.push({ at, keyAt: r.timeStamp, text: r.text });
      const i = held.findIndex((h) => h.t === r.timeStamp);
      if (i >= 0) held.splice(i, 1);
    }
    let withdrawn = '';
    if (d.retract > 0) {
      withdrawn = sim.delivered.slice(-d.retract);
      // The adapter checks the characters before removing them; so does the model.
      if (withdrawn !== d.retractText) throw new Error(`retract ${JSON.stringify(d.retractText)} but the field ends ${JSON.stringify(withdrawn)}`);
      sim.delivered = sim.delivered.slice(0, -d.retract);
    }
    if (d.scan) {
      take(d.scan.startedAt, d.scan.endedAt);
      sim.scans.push(d.scan);
      sim.delivered += `⟨${d.scan.text}⟩`;
    }
    if (d.failure) {
      sim.failures.push(d.failure);
      sim.delivered += `⟪${withdrawn}${take(d.failure.startedAt, d.failure.endedAt)}⟫`;
    }
  };
  const fireDue = (until: number): void => {
    for (let guard = 0; guard < 10; guard += 1) {
      const due = decoder.nextDeadline();
      if (due === null || due > until) return;
      apply(decoder.tick(due), due);
    }
  };
  for (const e of events) {
    if (timers) fireDue(e.timeStamp);
    const d = decoder.feed(e);
    if (d.swallow && e.code !== 'ShiftLeft') {
      const ch = e.key.length === 1 ? e.key : e.key === 'Process' ? charOf(e) : null;
      if (ch !== null) held.push({ t: e.timeStamp, ch });
    }
    if (!d.swallow && e.key.length === 1) sim.delivered += e.key;
    apply(d, e.timeStamp);
    sim.swallowed.push(d.swallow);
  }
  fireDue(Number.POSITIVE_INFINITY);
  return sim;
}

/** The character of an IME-processed key, as the decoder rebuilds it. */
function charOf(e: ScannerKeyEvent): string | null {
  const resolved = resolveKey(e);
  return resolved.kind === 'char' ? resolved.char : null;
}
