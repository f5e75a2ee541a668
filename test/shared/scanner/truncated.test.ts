import { describe, expect, it } from 'vitest';
import { classifyBarcode } from '../../../shared/barcode/index';
import { createScannerDecoder, lateStartWindowMs } from '../../../shared/scanner/index';
import { key, simulate, stream } from './keys';

const isKnownCode = (text: string): boolean => classifyBarcode(text).kind !== 'invalid';

/** `code` at scanner speed (8 ms) with the gaps before the given key indexes replaced. */
function lateScan(code: string, late: Record<number, number>, o: Parameters<typeof stream>[1] = {}): ReturnType<typeof stream> {
  return stream(code, { gap: (i) => late[i + 1] ?? 8, suffix: ['Enter'], ...o });
}

/** Nothing was looked up: the first failure reported is `failure`, and the page got `delivered`. */
function expectNotScanned(sim: ReturnType<typeof simulate>, failure: Record<string, unknown>, delivered: string): void {
  expect(sim.scans).toEqual([]);
  expect(sim.failures[0]).toMatchObject(failure);
  expect(sim.delivered).toBe(delivered);
}

describe('scans whose first keys came late', () => {
  it('in the scan field: reported as incomplete, the handed-back start withdrawn from the field, nothing looked up', () => {
    // 1234567890 with the gap before "6" at 45 ms: "12345" is handed back, "67890" + Enter follows.
    const sim = simulate(createScannerDecoder(), lateScan('1234567890', { 5: 45 }, { targetKind: 'scan-field', start: 0 }));
    expect(sim.scans).toEqual([]);
    expect(sim.failures).toEqual([
      { reason: 'incomplete', cause: 'late_start', text: '67890', lead: '12345', gapMs: 45, startedAt: 77, endedAt: 117 },
    ]);
    // The field keeps nothing of it: "12345" was typed into it and is withdrawn.
    expect(sim.delivered).toBe('⟪1234567890⟫');
    const last = sim.decisions.at(-1);
    expect(last?.retractText).toBe('12345');
    expect(sim.swallowed.at(-1)).toBe(true);
  });

  it('several late gaps at the start (35–70 ms each) are one incomplete scan', () => {
    const sim = simulate(createScannerDecoder(), lateScan('SF1234567890123', { 1: 35, 2: 70, 3: 52 }, { targetKind: 'scan-field' }));
    expect(sim.failures).toHaveLength(1);
    expectNotScanned(sim, { reason: 'incomplete', cause: 'late_start', lead: 'SF1', text: '234567890123' }, '⟪SF1234567890123⟫');
  });

  it('with focus on nothing: reported as incomplete; the start already went to the page as keys', () => {
    const sim = simulate(createScannerDecoder(), lateScan('EA123456785CN', { 2: 60 }));
    expectNotScanned(sim, { reason: 'incomplete', lead: 'EA', text: '123456785CN' }, 'EA⟪123456785CN⟫');
  });

  it('the same whether or not the adapter timer ran before the late key', () => {
    const events = lateScan('75312345678901', { 1: 40 }, { targetKind: 'scan-field' });
    const lazy = simulate(createScannerDecoder(), events, { timers: false });
    const timed = simulate(createScannerDecoder(), events);
    expect(lazy.delivered).toBe('⟪75312345678901⟫');
    expect(timed.delivered).toBe(lazy.delivered);
  });

  it('in an observed text field: the scan\'s characters are withdrawn, the text before them stays', () => {
    const events = [...stream('note ', { gap: 200, start: 0, targetKind: 'text-field' }), ...lateScan('SF1234567890123', { 4: 50 }, { start: 2000, targetKind: 'text-field' })];
    const sim = simulate(createScannerDecoder({ acceptInTextFields: true }), events);
    expectNotScanned(sim, { cause: 'late_start', lead: 'SF12', text: '34567890123' }, 'note ⟪SF1234567890123⟫');
  });

  it('a late suffix, or a single key and Enter after typing, is a person finishing their input', () => {
    const lateEnter = simulate(createScannerDecoder(), [...stream('SF1234567890123', { gap: 8, start: 0, targetKind: 'scan-field' }), key('Enter', 14 * 8 + 45, { targetKind: 'scan-field' })]);
    expect(lateEnter.failures).toEqual([]);
    expect(lateEnter.scans).toEqual([]);
    expect(lateEnter.delivered).toBe('SF1234567890123');
    expect(lateEnter.swallowed.at(-1)).toBe(false);

    // A fast typist: 85 ms a key, the last key and Enter rolled over (12 ms).
    const rollover = simulate(createScannerDecoder(), stream('RMA2511', { gap: [85, 85, 85, 85, 85, 12], suffix: ['Enter'], targetKind: 'scan-field' }));
    expect(rollover.failures).toEqual([]);
    expect(rollover.delivered).toBe('RMA2511');
    expect(rollover.swallowed.at(-1)).toBe(false);
  });

  it('a person\'s typing well before a scan does not make it incomplete', () => {
    const window = lateStartWindowMs({ maxInterKeyMs: 30 });
    const events = [key('a', 0, { targetKind: 'scan-field' }), ...stream('SF1234567890123', { gap: 8, start: window + 1, suffix: ['Enter'], targetKind: 'scan-field' })];
    const sim = simulate(createScannerDecoder(), events);
    expect(sim.failures).toEqual([]);
    expect(sim.delivered).toBe('a⟨SF1234567890123⟩');
  });

  it('a longer stall is still caught when the start and the rest form a known code', () => {
    // "7" then 400 ms, then a valid EAN-13 on its own — but 7 + it is the ZTO number scanned.
    const events = lateScan('75312345678901', { 1: 400 }, { targetKind: 'scan-field' });
    expect(classifyBarcode('5312345678901').kind).not.toBe('invalid');
    const withCodes = simulate(createScannerDecoder({}, { isKnownCode }), events);
    expectNotScanned(withCodes, { cause: 'code_split', lead: '7', text: '5312345678901', gapMs: 400 }, '⟪75312345678901⟫');
    // Without knowing the codes, the gap alone is a person's.
    const timingOnly = simulate(createScannerDecoder(), events);
    expect(timingOnly.scans.map((s) => s.text)).toEqual(['5312345678901']);
  });

  it('after an incomplete scan, scanning again gives the code', () => {
    const events = [...lateScan('SF1234567890123', { 3: 55 }, { start: 0, targetKind: 'scan-field' }), ...stream('SF1234567890123', { gap: 8, start: 2000, suffix: ['Enter'], targetKind: 'scan-field' })];
    const sim = simulate(createScannerDecoder({}, { isKnownCode }), events);
    expect(sim.delivered).toBe('⟪SF1234567890123⟫⟨SF1234567890123⟩');
  });

  it('without a suffix: a late start is reported when the burst falls silent', () => {
    const sim = simulate(createScannerDecoder({ suffix: [] }), stream('6901234567892', { gap: (i) => (i === 0 ? 50 : 8), targetKind: 'scan-field' }));
    expectNotScanned(sim, { cause: 'late_start', lead: '6', text: '901234567892' }, '⟪6901234567892⟫');
  });
});

describe('scans that lost their prefix', () => {
  it('a prefix key handed back by a late gap: the rest is reported as incomplete and withdrawn from the field', () => {
    const events = stream('JDVA00152573582', { prefix: ['F9'], gap: (i) => (i === 0 ? 48 : 7), suffix: ['Enter'], targetKind: 'scan-field' });
    const sim = simulate(createScannerDecoder({ prefix: ['F9'] }), events);
    // The characters were typed into the field (never held without the prefix) and are withdrawn.
    expectNotScanned(sim, { reason: 'incomplete', cause: 'missing_prefix', text: 'JDVA00152573582' }, '⟪JDVA00152573582⟫');
  });

  it('a late gap after the prefix: the held start and the rest are withdrawn together', () => {
    const events = stream('SO25112200000042', { prefix: ['~'], gap: (i) => (i === 3 ? 60 : 6), suffix: ['Enter'], targetKind: 'scan-field' });
    const sim = simulate(createScannerDecoder({ prefix: ['~'] }), events);
    expectNotScanned(sim, { cause: 'missing_prefix', lead: '~SO2', text: '5112200000042' }, '⟪~SO25112200000042⟫');
  });

  it('a garbage burst without the prefix is reported as too long, not as incomplete', () => {
    const sim = simulate(createScannerDecoder({ prefix: ['F9'] }), stream('Z'.repeat(200), { gap: 3, suffix: ['Enter'] }));
    expect(sim.failures).toEqual([{ reason: 'too_long', length: 200, head: 'Z'.repeat(24), startedAt: 1000, endedAt: 1000 + 200 * 3 }]);
  });
});
