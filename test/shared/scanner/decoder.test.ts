import { describe, expect, it } from 'vitest';
import {
  createScannerDecoder,
  DEFAULT_SCANNER_CONFIG,
  normalizeScanText,
  parseScannerConfig,
} from '../../../shared/scanner/index';
import { HUMAN_GAPS, key, SCANNER_GAPS, simulate, stream } from './keys';

describe('scanner bursts', () => {
  it('emits one scan for a fast burst ended by Enter and swallows every key', () => {
    const decoder = createScannerDecoder();
    const events = stream('SF1234567890123', { gap: SCANNER_GAPS, suffix: ['Enter'], start: 5000 });
    const sim = simulate(decoder, events);
    expect(sim.scans).toHaveLength(1);
    const scan = sim.scans[0];
    expect(scan).toEqual({
      text: 'SF1234567890123',
      startedAt: 5000,
      endedAt: events.at(-1)?.timeStamp,
      source: 'scanner',
    });
    expect(sim.swallowed.every(Boolean)).toBe(true);
    expect(sim.releases).toEqual([]);
    expect(sim.delivered).toBe('⟨SF1234567890123⟩');
    expect(decoder.pending).toBe(false);
  });

  it('ignores the Shift presses a scanner sends around capitals', () => {
    const decoder = createScannerDecoder();
    const events = stream('EA123456785CN', { gap: 9, suffix: ['Enter'], shiftEvents: true });
    expect(events.filter((e) => e.key === 'Shift')).toHaveLength(4);
    const sim = simulate(decoder, events);
    expect(sim.scans.map((s) => s.text)).toEqual(['EA123456785CN']);
  });

  it('keeps -, /, . and letter case intact', () => {
    const sim = simulate(createScannerDecoder(), stream('Ab-12/34.5c_X', { gap: 6, suffix: ['Enter'] }));
    expect(sim.scans.map((s) => s.text)).toEqual(['Ab-12/34.5c_X']);
  });

  it('accepts a burst of exactly minLength characters and rejects a shorter one', () => {
    const ok = simulate(createScannerDecoder({ minLength: 4 }), stream('1234', { gap: 6, suffix: ['Enter'] }));
    expect(ok.scans.map((s) => s.text)).toEqual(['1234']);

    const short = simulate(createScannerDecoder({ minLength: 4 }), stream('123', { gap: 6, suffix: ['Enter'] }));
    expect(short.scans).toEqual([]);
    // The held characters come back, and the Enter is not swallowed.
    expect(short.delivered).toBe('123');
    expect(short.swallowed).toEqual([true, true, true, false]);
  });

  it('treats a burst whose suffix comes too late as typing', () => {
    const events = [...stream('123456', { gap: 7 }), key('Enter', 1000 + 5 * 7 + 120)];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('123456');
    expect(sim.swallowed.at(-1)).toBe(false);
  });

  it('a burst that stalls in the middle is an incomplete scan: neither half is reported as a code', () => {
    const first = stream('SF123456', { gap: 7, start: 1000 });
    const second = stream('7890123', { gap: 7, start: 1100, suffix: ['Enter'] });
    const sim = simulate(createScannerDecoder(), [...first, ...second]);
    // The first half was handed back as typing (to the page: nothing to withdraw), the second
    // half is not a code of its own.
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('SF123456⟪7890123⟫');
    expect(sim.failures).toEqual([
      { reason: 'incomplete', cause: 'late_start', text: '7890123', lead: 'SF123456', gapMs: 51, startedAt: 1100, endedAt: 1149 },
    ]);
    expect(sim.swallowed.at(-1)).toBe(true);
  });

  it('the gap check is exactly maxInterKeyMs: 30 ms keeps the burst, 31 ms breaks it (timer or not)', () => {
    for (const timers of [true, false]) {
      const at30 = simulate(createScannerDecoder(), stream('SF1234567890123', { gap: 30, suffix: ['Enter'] }), { timers });
      expect(at30.scans.map((s) => s.text)).toEqual(['SF1234567890123']);
      const at31 = simulate(createScannerDecoder(), stream('SF1234567890123', { gap: (i) => (i === 6 ? 31 : 30), suffix: ['Enter'] }), { timers });
      expect(at31.scans).toEqual([]);
      expect(at31.failures).toMatchObject([{ reason: 'incomplete', lead: 'SF12345', text: '67890123', gapMs: 31 }]);
    }
  });

  it('reports back-to-back scans separately', () => {
    const a = stream('SF1234567890123', { gap: 6, start: 1000, suffix: ['Enter'] });
    const b = stream('YT1234567890123', { gap: 6, start: 1300, suffix: ['Enter'] });
    const sim = simulate(createScannerDecoder(), [...a, ...b]);
    expect(sim.scans.map((s) => s.text)).toEqual(['SF1234567890123', 'YT1234567890123']);
  });

  it('gives the same result whether or not the adapter timer ran between keys', () => {
    const events = [
      ...stream('ab', { gap: 150, start: 0 }),
      ...stream('JD0012345678901', { gap: 8, start: 800, suffix: ['Enter'] }),
      ...stream('cd', { gap: 200, start: 1500 }),
    ];
    const withTimers = simulate(createScannerDecoder(), events);
    const lazy = simulate(createScannerDecoder(), events, { timers: false });
    expect(withTimers.delivered).toBe('ab⟨JD0012345678901⟩cd');
    expect(lazy.delivered).toBe(withTimers.delivered);
  });
});

describe('human typing', () => {
  it('never produces a scan and hands back every held key in order (no field focused)', () => {
    const events = stream('hello123', { gap: HUMAN_GAPS, suffix: ['Enter'] });
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('hello123');
    // Characters are held while ambiguous, the Enter goes through untouched.
    expect(sim.swallowed).toEqual([...Array<boolean>(8).fill(true), false]);
  });

  it('delays a keystroke in a scan field by at most maxInterKeyMs + 1', () => {
    const decoder = createScannerDecoder();
    const sim = simulate(decoder, stream('A12-b', { gap: HUMAN_GAPS, targetKind: 'scan-field' }));
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('A12-b');
    for (const r of sim.releases) expect(r.at - r.keyAt).toBeLessThanOrEqual(DEFAULT_SCANNER_CONFIG.maxInterKeyMs + 1);
  });

  it('releases held keys when the next human key arrives before the timer fires', () => {
    const decoder = createScannerDecoder();
    const first = decoder.feed(key('x', 0));
    expect(first).toEqual({ swallow: true, scan: null, failure: null, released: [], retract: 0, retractText: '' });
    const second = decoder.feed(key('y', 150));
    expect(second.swallow).toBe(true);
    expect(second.released.map((r) => r.text)).toEqual(['x']);
    expect(decoder.nextDeadline()).toBe(150 + DEFAULT_SCANNER_CONFIG.maxInterKeyMs + 1);
    expect(decoder.tick(170).released).toEqual([]);
    expect(decoder.tick(181).released.map((r) => r.text)).toEqual(['y']);
    expect(decoder.nextDeadline()).toBeNull();
  });

  it('leaves ordinary text fields alone, even for scanner-speed input', () => {
    const decoder = createScannerDecoder();
    const human = simulate(decoder, stream('okabc', { gap: HUMAN_GAPS, targetKind: 'text-field', suffix: ['Enter'] }));
    expect(human.swallowed.every((s) => !s)).toBe(true);
    expect(human.scans).toEqual([]);

    const fast = simulate(decoder, stream('SF1234567890123', { gap: 6, targetKind: 'text-field', suffix: ['Enter'] }));
    expect(fast.swallowed.every((s) => !s)).toBe(true);
    expect(fast.scans).toEqual([]);
    expect(fast.delivered).toBe('SF1234567890123');
  });

  it('releases held keys on editing keys, modifier shortcuts and auto-repeat, and lets those through', () => {
    for (const breaker of [key('Backspace', 1010), key('c', 1010, { ctrlKey: true }), key('1', 1010, { repeat: true })]) {
      const decoder = createScannerDecoder();
      decoder.feed(key('1', 1000));
      decoder.feed(key('2', 1005));
      const d = decoder.feed(breaker);
      expect(d.swallow).toBe(false);
      expect(d.released.map((r) => r.text).join('')).toBe('12');
      expect(decoder.pending).toBe(false);
    }
  });
});

describe('scans in text fields', () => {
  it('with acceptInTextFields, lets characters reach the field, swallows only the suffix and asks to retract them', () => {
    const decoder = createScannerDecoder({ acceptInTextFields: true });
    const sim = simulate(decoder, [
      ...stream('note ', { gap: HUMAN_GAPS, targetKind: 'text-field', start: 0 }),
      ...stream('YT1234567890123', { gap: SCANNER_GAPS, targetKind: 'text-field', start: 2000, suffix: ['Enter'] }),
    ]);
    expect(sim.scans.map((s) => s.text)).toEqual(['YT1234567890123']);
    const swallowedKeys = sim.swallowed.filter(Boolean);
    expect(swallowedKeys).toHaveLength(1);
    expect(sim.swallowed.at(-1)).toBe(true);
    expect(sim.decisions.find((d) => d.scan)?.retract).toBe(15);
    // The field keeps what the person typed; the scan's characters are removed again.
    expect(sim.delivered).toBe('note ⟨YT1234567890123⟩');
  });

  it('with acceptInTextFields, human typing followed by Enter still submits normally', () => {
    const sim = simulate(
      createScannerDecoder({ acceptInTextFields: true }),
      stream('12345678', { gap: HUMAN_GAPS, targetKind: 'text-field', suffix: ['Enter'] }),
    );
    expect(sim.scans).toEqual([]);
    expect(sim.swallowed.some(Boolean)).toBe(false);
    expect(sim.delivered).toBe('12345678');
  });

  it('a scan field takes scans and holds its keys', () => {
    const sim = simulate(createScannerDecoder(), stream('RMA251122000123', { gap: 7, targetKind: 'scan-field', suffix: ['Enter'] }));
    expect(sim.scans.map((s) => s.text)).toEqual(['RMA251122000123']);
    expect(sim.swallowed.every(Boolean)).toBe(true);
    expect(sim.decisions.find((d) => d.scan)?.retract).toBe(0);
  });

  it('releases held keys when focus moves in the middle of a burst', () => {
    const decoder = createScannerDecoder();
    decoder.feed(key('1', 1000, { targetKind: 'scan-field' }));
    decoder.feed(key('2', 1006, { targetKind: 'scan-field' }));
    const d = decoder.feed(key('3', 1012, { targetKind: 'text-field' }));
    expect(d.released.map((r) => r.text)).toEqual(['1', '2']);
    expect(d.swallow).toBe(false);
    expect(decoder.pending).toBe(false);
  });
});

describe('input method (IME) active', () => {
  it('rebuilds a scan from `code` when keys arrive as Process / 229, suffix included', () => {
    const events = stream('SF1234567890123', { gap: SCANNER_GAPS, suffix: ['Enter'], ime: true });
    expect(events.every((e) => e.key === 'Process' && e.keyCode === 229)).toBe(true);
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans.map((s) => s.text)).toEqual(['SF1234567890123']);
    expect(sim.swallowed.every(Boolean)).toBe(true);
  });

  it('rebuilds punctuation, Shift and numpad keys', () => {
    const decoder = createScannerDecoder();
    const t0 = 2000;
    const events = [
      { ...key('j', t0, { ime: true }) },
      { ...key('D', t0 + 6, { ime: true }) },
      { ...key('-', t0 + 12, { ime: true }) },
      { ...key('/', t0 + 18, { ime: true }) },
      { ...key('.', t0 + 24, { ime: true }) },
      { ...key('1', t0 + 30, { ime: true }), code: 'Numpad7' },
      { ...key('1', t0 + 36, { ime: true }), code: 'NumpadSubtract' },
      { ...key('Enter', t0 + 42, { ime: true }), code: 'NumpadEnter' },
    ];
    const sim = simulate(decoder, events);
    expect(sim.scans.map((s) => s.text)).toEqual(['jD-/.7-']);
  });

  it('folds full-width characters and CJK punctuation from an IME to ASCII', () => {
    const t0 = 3000;
    const fullWidth = (k: string, code: string, i: number, shiftKey = false) => ({
      ...key('a', t0 + i * 7),
      key: k,
      code,
      shiftKey,
      isComposing: true,
    });
    const events = [
      fullWidth('Ｓ', 'KeyS', 0, true),
      fullWidth('Ｆ', 'KeyF', 1, true),
      fullWidth('１', 'Digit1', 2),
      fullWidth('２', 'Digit2', 3),
      fullWidth('－', 'Minus', 4),
      fullWidth('。', 'Period', 5),
      fullWidth('、', 'Slash', 6),
      fullWidth('３', 'Digit3', 7),
      key('Enter', t0 + 8 * 7),
    ];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans.map((s) => s.text)).toEqual(['SF12-./3']);
  });

  it('slow typing under an IME produces no scan and loses nothing', () => {
    const sim = simulate(createScannerDecoder(), stream('ni hao', { gap: HUMAN_GAPS, ime: true, suffix: ['Enter'] }));
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('ni hao');
  });
});

describe('prefix and suffix settings', () => {
  it('Tab suffix: ends the scan on Tab and swallows it; Enter then is typing', () => {
    const cfg = { suffix: ['Tab' as const] };
    const tab = simulate(createScannerDecoder(cfg), stream('75312345678901', { gap: 7, suffix: ['Tab'] }));
    expect(tab.scans.map((s) => s.text)).toEqual(['75312345678901']);
    expect(tab.swallowed.at(-1)).toBe(true);

    const enter = simulate(createScannerDecoder(cfg), stream('75312345678901', { gap: 7, suffix: ['Enter'] }));
    expect(enter.scans).toEqual([]);
    expect(enter.delivered).toBe('75312345678901');
    expect(enter.swallowed.at(-1)).toBe(false);
  });

  it('Enter or Tab suffix when both are configured', () => {
    const decoder = createScannerDecoder({ suffix: ['Enter', 'Tab'] });
    const sim = simulate(decoder, [
      ...stream('ABCD1234', { gap: 6, start: 0, suffix: ['Tab'] }),
      ...stream('EFGH5678', { gap: 6, start: 500, suffix: ['Enter'] }),
    ]);
    expect(sim.scans.map((s) => s.text)).toEqual(['ABCD1234', 'EFGH5678']);
  });

  it('no suffix: completes after endTimeoutMs of silence, ended at the last key', () => {
    const decoder = createScannerDecoder({ suffix: [], endTimeoutMs: 50 });
    const events = stream('6901234567892', { gap: 8, start: 1000 });
    const last = events.at(-1)?.timeStamp ?? 0;
    for (const e of events) expect(decoder.feed(e).scan).toBeNull();
    expect(decoder.nextDeadline()).toBe(last + 50);
    expect(decoder.tick(last + 40).scan).toBeNull();
    const done = decoder.tick(last + 50);
    expect(done.scan).toEqual({ text: '6901234567892', startedAt: 1000, endedAt: last, source: 'scanner' });
    expect(done.released).toEqual([]);
  });

  it('no suffix: the next key after a gap also completes the scan, and a short burst is typing', () => {
    const decoder = createScannerDecoder({ suffix: [] });
    const sim = simulate(
      decoder,
      [...stream('6901234567892', { gap: 8, start: 1000 }), ...stream('ok', { gap: 200, start: 1400 })],
      { timers: false },
    );
    expect(sim.delivered).toBe('⟨6901234567892⟩ok');
  });

  it('non-character prefix (F9): only prefixed bursts are scans, and unprefixed keys are never held', () => {
    const cfg = { prefix: ['F9'] };
    const scan = simulate(createScannerDecoder(cfg), stream('JDVA00152573582', { gap: 7, prefix: ['F9'], suffix: ['Enter'] }));
    expect(scan.scans.map((s) => s.text)).toEqual(['JDVA00152573582']);
    expect(scan.swallowed.every(Boolean)).toBe(true);

    // Without the prefix, a scanner-speed burst is a scan whose start was lost: its keys were
    // never held, only the suffix is swallowed, and it is reported as incomplete.
    const plain = simulate(createScannerDecoder(cfg), stream('JDVA00152573582', { gap: 7, suffix: ['Enter'] }));
    expect(plain.scans).toEqual([]);
    expect(plain.swallowed.slice(0, -1).some(Boolean)).toBe(false);
    expect(plain.swallowed.at(-1)).toBe(true);
    expect(plain.delivered).toBe('JDVA00152573582⟪⟫');
    expect(plain.failures.map((f) => f.reason === 'incomplete' && f.cause)).toEqual(['missing_prefix']);
    // Typed slowly, the same keys and Enter are a person's: nothing is swallowed.
    const typed = simulate(createScannerDecoder(cfg), stream('JDVA00152573582', { gap: HUMAN_GAPS, suffix: ['Enter'] }));
    expect(typed.swallowed.some(Boolean)).toBe(false);
    expect(typed.failures).toEqual([]);
  });

  it('character prefix: a person typing the prefix character gets it back', () => {
    const cfg = { prefix: ['~'] };
    const scan = simulate(createScannerDecoder(cfg), stream('SO25112200000042', { gap: 6, prefix: ['~'], suffix: ['Enter'] }));
    expect(scan.scans.map((s) => s.text)).toEqual(['SO25112200000042']);

    const human = simulate(createScannerDecoder(cfg), stream('~home', { gap: HUMAN_GAPS }));
    expect(human.scans).toEqual([]);
    expect(human.delivered).toBe('~home');
  });

  it('multi-key prefix must match in order', () => {
    const cfg = { prefix: ['F9', ']'] };
    const ok = simulate(createScannerDecoder(cfg), stream('ABC12345', { gap: 6, prefix: ['F9', ']'], suffix: ['Enter'] }));
    expect(ok.scans.map((s) => s.text)).toEqual(['ABC12345']);
    const wrong = simulate(createScannerDecoder(cfg), stream('ABC12345', { gap: 6, prefix: [']', 'F9'], suffix: ['Enter'] }));
    expect(wrong.scans).toEqual([]);
  });
});

describe('interleaved typing', () => {
  it('a person typing before, and after, a scan keeps their characters and the scan stays clean', () => {
    const events = [
      ...stream('ab', { gap: 140, start: 0, targetKind: 'scan-field' }),
      ...stream('EA123456785CN', { gap: SCANNER_GAPS, start: 400, targetKind: 'scan-field', suffix: ['Enter'] }),
      ...stream('cd', { gap: 160, start: 700, targetKind: 'scan-field' }),
    ];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.delivered).toBe('ab⟨EA123456785CN⟩cd');
  });

  it('a human key just before a burst (within 30 ms) merges into it; the code then is not a clean scan', () => {
    const events = [key('q', 993), ...stream('SF1234567890123', { gap: 7, start: 1000, suffix: ['Enter'] })];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans.map((s) => s.text)).toEqual(['qSF1234567890123']);
  });

  it('a human key landing in the middle of a burst joins it (timing cannot tell)', () => {
    const burst = stream('SF1234567890123', { gap: 8, start: 1000, suffix: ['Enter'] });
    const human = key('k', 1000 + 8 * 5 + 3);
    const events = [...burst.slice(0, 6), human, ...burst.slice(6)];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.scans.map((s) => s.text)).toEqual(['SF1234k567890123']);
  });

  it('a human editing key in the middle of a burst breaks it: everything is handed back, no scan', () => {
    const burst = stream('SF1234567890123', { gap: 8, start: 1000, suffix: ['Enter'] });
    const events = [...burst.slice(0, 6), key('ArrowLeft', 1043), ...burst.slice(6)];
    const sim = simulate(createScannerDecoder(), events);
    // The tail after the break is a fast burst with the suffix, but it is not a code of its own.
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe('SF1234⟪567890123⟫');
    expect(sim.swallowed[6]).toBe(false);
  });
});

describe('overly long bursts', () => {
  it('hands back a burst longer than maxLength, lets the rest of it through and reports it as too long', () => {
    const long = 'X'.repeat(70);
    const sim = simulate(createScannerDecoder({ maxLength: 64 }), stream(long, { gap: 5, suffix: ['Enter'] }));
    expect(sim.scans).toEqual([]);
    expect(sim.delivered).toBe(`${long}⟪⟫`);
    expect(sim.swallowed.slice(65, 70).some(Boolean)).toBe(false);
    // The suffix ends it: swallowed (it must not confirm anything), and the burst is reported.
    expect(sim.swallowed.at(-1)).toBe(true);
    expect(sim.failures).toEqual([{ reason: 'too_long', length: 70, head: 'X'.repeat(24), startedAt: 1000, endedAt: 1000 + 70 * 5 }]);
  });

  it('a 5,000-character garbage burst in the scan field is reported once and leaves nothing in the field', () => {
    const garbage = Array.from({ length: 5000 }, (_, i) => 'AZ09-/.'.charAt((i * 7) % 7 === 0 ? i % 7 : (i * 3) % 7)).join('');
    const sim = simulate(createScannerDecoder(), stream(garbage, { gap: 3, suffix: ['Enter'], targetKind: 'scan-field' }));
    expect(sim.scans).toEqual([]);
    expect(sim.failures).toHaveLength(1);
    expect(sim.failures[0]).toMatchObject({ reason: 'too_long', length: 5000, head: garbage.slice(0, 24) });
    // Everything that reached the field is withdrawn with it.
    expect(sim.delivered).toBe(`⟪${garbage}⟫`);
  });

  it('a garbage burst without a suffix is reported when it falls silent', () => {
    const decoder = createScannerDecoder();
    const sim = simulate(decoder, stream('Q'.repeat(300), { gap: 4 }));
    expect(sim.failures.map((f) => f.reason === 'too_long' && f.length)).toEqual([300]);
    expect(decoder.nextDeadline()).toBeNull();
  });
});

describe('paste, manual entry and reset', () => {
  it('a pasted single code is a scan and the paste is swallowed', () => {
    const decoder = createScannerDecoder();
    expect(decoder.paste('  sf1234567890123\n', 42)).toEqual({
      swallow: true,
      scan: { text: 'sf1234567890123', startedAt: 42, endedAt: 42, source: 'paste' },
      failure: null,
      released: [],
      retract: 0,
      retractText: '',
    });
    expect(decoder.paste('ＳＦ１２３４５６７８９０１２３', 43, 'scan-field').scan?.text).toBe('SF1234567890123');
  });

  it('multi-line, too long, too short or non-ASCII text is pasted normally', () => {
    const decoder = createScannerDecoder();
    for (const text of ['SF1234567890123\nSF1234567890124', 'A'.repeat(65), 'ab', '退货单 12345', 'AB\tCD', '']) {
      expect(decoder.paste(text, 1)).toEqual({ swallow: false, scan: null, failure: null, released: [], retract: 0, retractText: '' });
    }
  });

  it('a paste into an ordinary text field is never a scan', () => {
    const decoder = createScannerDecoder({ acceptInTextFields: true });
    expect(decoder.paste('SF1234567890123', 1, 'text-field').scan).toBeNull();
  });

  it('a paste hands back keys held before it', () => {
    const decoder = createScannerDecoder();
    decoder.feed(key('a', 0));
    const d = decoder.paste('SF1234567890123', 5);
    expect(d.released.map((r) => r.text)).toEqual(['a']);
    expect(d.scan?.source).toBe('paste');
  });

  it('manual entry is normalised like a paste and does not disturb a burst', () => {
    const decoder = createScannerDecoder();
    decoder.feed(key('z', 0));
    expect(decoder.manual(' ea123456785cn ', 10)).toEqual({ text: 'ea123456785cn', startedAt: 10, endedAt: 10, source: 'manual' });
    expect(decoder.manual('a\nb', 10)).toBeNull();
    expect(decoder.pending).toBe(true);
  });

  it('reset hands back held keys, including a non-character prefix key', () => {
    const decoder = createScannerDecoder({ prefix: ['F9'] });
    decoder.feed(key('F9', 0));
    decoder.feed(key('1', 5));
    const d = decoder.reset();
    expect(d.released).toEqual([
      { key: 'F9', code: 'F9', text: '', timeStamp: 0 },
      { key: '1', code: 'Digit1', text: '1', timeStamp: 5 },
    ]);
    expect(decoder.pending).toBe(false);
    expect(decoder.reset().released).toEqual([]);
  });
});

describe('normalizeScanText', () => {
  it('trims, folds full width and checks the length', () => {
    expect(normalizeScanText(' １２３４ ')).toBe('1234');
    expect(normalizeScanText('12', { minLength: 4, maxLength: 8 })).toBeNull();
    expect(normalizeScanText('123456789', { minLength: 4, maxLength: 8 })).toBeNull();
    expect(normalizeScanText('a b')).toBe('a b');
    expect(normalizeScanText('a\u0007b')).toBeNull();
  });
});

describe('ScannerConfig', () => {
  it('has documented defaults', () => {
    expect(DEFAULT_SCANNER_CONFIG).toEqual({
      maxInterKeyMs: 30,
      minLength: 4,
      maxLength: 64,
      prefix: [],
      suffix: ['Enter'],
      endTimeoutMs: 50,
      acceptInTextFields: false,
    });
    expect(Object.isFrozen(DEFAULT_SCANNER_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SCANNER_CONFIG.suffix)).toBe(true);
  });

  it('fills partial settings and rejects inconsistent ones', () => {
    expect(parseScannerConfig({ suffix: ['Tab'], maxInterKeyMs: 40, endTimeoutMs: 80 })).toMatchObject({
      suffix: ['Tab'],
      maxInterKeyMs: 40,
      minLength: 4,
    });
    expect(() => parseScannerConfig({ maxInterKeyMs: 60, endTimeoutMs: 50 })).toThrow(/endTimeoutMs/);
    expect(() => parseScannerConfig({ minLength: 10, maxLength: 8 })).toThrow(/minLength/);
    expect(() => parseScannerConfig({ suffix: ['Space' as 'Tab'] })).toThrow();
    expect(() => parseScannerConfig({ maxInterKeyMs: 0 })).toThrow();
    expect(() => createScannerDecoder({ prefix: [''] })).toThrow();
  });
});
