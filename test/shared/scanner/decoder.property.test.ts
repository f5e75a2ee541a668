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
