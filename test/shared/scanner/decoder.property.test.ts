import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScannerDecoder } from '../../../shared/scanner/index';
import { simulate, stream } from './keys';

/** Characters found in tracking numbers, case and order numbers, SKUs and GTINs. */
const CODE_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/._'];
const code = fc.string({ unit: fc.constantFrom(...CODE_CHARS), minLength: 4, maxLength: 40 });
const scannerGap = fc.integer({ min: 5, max: 10 });
const humanGap = fc.integer({ min: 80, max: 300 });
const target = fc.constantFrom('none' as const, 'scan-field' as const);

describe('decoder properties', () => {
  it('a code at scanner speed with the suffix yields exactly that code (plain or IME keys, Enter or Tab)', () => {
    fc.assert(
      fc.property(
        code,
        fc.array(scannerGap, { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        fc.constantFrom('Enter' as const, 'Tab' as const),
        target,
        (text, gaps, ime, suffix, targetKind) => {
          const decoder = createScannerDecoder({ suffix: [suffix] });
          const events = stream(text, { gap: gaps, ime, suffix: [suffix], targetKind, shiftEvents: true });
          const sim = simulate(decoder, events);
          expect(sim.scans.map((s) => s.text)).toEqual([text]);
          expect(sim.releases).toEqual([]);
          // Every key is swallowed except the lone Shift presses, which have no effect anyway.
          events.forEach((e, i) => expect(sim.swallowed[i]).toBe(e.code !== 'ShiftLeft'));
        },
      ),
    );
  });

  it('the same code typed at human speed yields no scan and every character comes back in order', () => {
    fc.assert(
      fc.property(code, fc.array(humanGap, { minLength: 1, maxLength: 50 }), fc.boolean(), target, (text, gaps, ime, targetKind) => {
        const decoder = createScannerDecoder();
        const sim = simulate(decoder, stream(text, { gap: gaps, ime, suffix: ['Enter'], targetKind }));
        expect(sim.scans).toEqual([]);
        expect(sim.delivered).toBe(text);
        expect(sim.swallowed.at(-1)).toBe(false);
      }),
    );
  });

  it('with any mix of fast and slow keys, no character is lost or duplicated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...CODE_CHARS), fc.oneof(scannerGap, humanGap)), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        fc.constantFrom<readonly ('Enter' | 'Tab')[]>(['Enter'], ['Tab'], []),
        (keys, timers, suffix) => {
          const text = keys.map(([ch]) => ch).join('');
          const gaps = keys.map(([, g]) => g);
          const decoder = createScannerDecoder({ suffix: [...suffix] });
          const sim = simulate(decoder, stream(text, { gap: gaps, suffix }), { timers });
          // Scans and failures stand in for the characters they consumed or withdrew: removing the
          // markers gives the input.
          expect(sim.delivered.replace(/[⟨⟩⟪⟫]/g, '')).toBe(text);
          for (const s of sim.scans) expect(s.text.length).toBeGreaterThanOrEqual(4);
          expect(decoder.pending).toBe(false);
        },
      ),
    );
  });
});

/**
 * The default key gap is 30 ms: scanners that press Shift for capitals, or a loaded machine, bring
 * gaps of 20–30 ms, which must still make a scan; a gap of 31–60 ms must break it. Generated both
 * with the adapter's timer running and without it (a busy page), since the gap is checked in both
 * places.
 */
describe('decoder properties at 20–60 ms gaps (default 30 ms setting)', () => {
  const slowScannerGap = fc.integer({ min: 20, max: 30 });
  const lateGap = fc.integer({ min: 31, max: 60 });
  const anyScannerGap = fc.integer({ min: 5, max: 30 });

  it('gaps of 20–30 ms are one scan of exactly the code', () => {
    fc.assert(
      fc.property(code, fc.array(slowScannerGap, { minLength: 1, maxLength: 50 }), fc.boolean(), target, (text, gaps, timers, targetKind) => {
        const sim = simulate(createScannerDecoder(), stream(text, { gap: gaps, suffix: ['Enter'], targetKind }), { timers });
        expect(sim.scans.map((s) => s.text)).toEqual([text]);
        expect(sim.failures).toEqual([]);
        expect(sim.delivered).toBe(`⟨${text}⟩`);
      }),
    );
  });

  it('one gap of 31–60 ms inside the code: never a scan, always one incomplete scan with the parts on each side', () => {
    fc.assert(
      fc.property(
        code,
        fc.array(anyScannerGap, { minLength: 1, maxLength: 50 }),
        lateGap,
        fc.nat(),
        fc.boolean(),
        target,
        (text, gaps, late, at, timers, targetKind) => {
          // The late gap comes before character `cut` (1 … length − 2): at least two characters follow it.
          const cut = 1 + (at % (text.length - 2));
          const gapAt = (i: number): number => (i === cut - 1 ? late : (gaps[i % gaps.length] ?? 8));
          const sim = simulate(createScannerDecoder(), stream(text, { gap: gapAt, suffix: ['Enter'], targetKind }), { timers });
          expect(sim.scans).toEqual([]);
          expect(sim.failures).toHaveLength(1);
          expect(sim.failures[0]).toMatchObject({ reason: 'incomplete', cause: 'late_start', lead: text.slice(0, cut), text: text.slice(cut), gapMs: late });
          // A scan field keeps nothing of it; with no field the start went to the page as keys.
          expect(sim.delivered).toBe(targetKind === 'scan-field' ? `⟪${text}⟫` : `${text.slice(0, cut)}⟪${text.slice(cut)}⟫`);
          expect(sim.swallowed.at(-1)).toBe(true);
        },
      ),
    );
  });

  it('a gap of 31–60 ms before the suffix: the code is typing and Enter goes through', () => {
    fc.assert(
      fc.property(code, fc.array(anyScannerGap, { minLength: 1, maxLength: 50 }), lateGap, fc.boolean(), target, (text, gaps, late, timers, targetKind) => {
        const gapAt = (i: number): number => (i === text.length - 1 ? late : (gaps[i % gaps.length] ?? 8));
        const sim = simulate(createScannerDecoder(), stream(text, { gap: gapAt, suffix: ['Enter'], targetKind }), { timers });
        expect(sim.scans).toEqual([]);
        expect(sim.failures).toEqual([]);
        expect(sim.delivered).toBe(text);
        expect(sim.swallowed.at(-1)).toBe(false);
      }),
    );
  });
});
