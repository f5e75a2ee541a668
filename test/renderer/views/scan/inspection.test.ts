import { describe, expect, it } from 'vitest';
import { acceptBlockers, count, countLines, defaultDisposition, gradeConflict, inspectionFor, inspectionSummary, isTouched, newDraft, receivedFor, suggestedDispute } from '../../../../renderer/src/views/scan/inspection';
import { checkPhotoFile, fitWithin, MAX_PHOTO_BYTES } from '../../../../renderer/src/views/scan/photos';

const two = newDraft([
  { id: 'C1', sku: 'TS-WHT-M', quantity: 1, invoiceReturned: false },
  { id: 'C2', sku: 'TS-WHT-M', quantity: 2, invoiceReturned: true },
]);

describe('inspection draft', () => {
  it('adds the expected quantities of cases with the same SKU and flags short, extra and wrong items', () => {
    expect(countLines(two)).toEqual([{ sku: 'TS-WHT-M', expected: 3, counted: 0, status: 'short' }]);
    let d = count(count(count(count(two, 'TS-WHT-M'), 'TS-WHT-M'), 'TS-WHT-M'), 'TS-WHT-M');
    expect(countLines(d)[0]).toMatchObject({ counted: 4, status: 'extra' });
    d = count(count(d, 'TS-WHT-M', -1), 'JK-DOWN-M');
    expect(countLines(d)).toEqual([
      { sku: 'TS-WHT-M', expected: 3, counted: 3, status: 'ok' },
      { sku: 'JK-DOWN-M', expected: 0, counted: 1, status: 'wrong_sku' },
    ]);
    expect(count(two, 'TS-WHT-M', -5).counts['TS-WHT-M']).toBe(0);
    expect(two.invoiceReturned).toBe(true);
  });

  it('lists what blocks receiving and suggests a dispute category from what was seen', () => {
    expect(acceptBlockers(two)).toEqual(['count_mismatch', 'no_grade', 'checklist', 'no_weight', 'no_location']);
    // Nothing scanned yet suggests nothing; weighed (or graded) with nothing counted, an empty parcel.
    expect(suggestedDispute(two)).toBeNull();
    expect(suggestedDispute({ ...two, weightGrams: 40 })).toBe('empty_parcel');
    const short = count(two, 'TS-WHT-M');
    expect(suggestedDispute(short)).toBe('quantity_short');
    expect(suggestedDispute(count(short, 'OTHER'))).toBe('wrong_item');
    const checked = { packaging: true, seals: true, accessories: true, serialNumber: 'na' as const };
    const full = { ...count(short, 'TS-WHT-M', 2), condition: 'damaged' as const, weightGrams: 700, disposition: defaultDisposition('damaged'), checklist: checked };
    expect(full.disposition).toBe('refurbish');
    expect(acceptBlockers(full)).toEqual([]);
    expect(suggestedDispute(full)).toBe('damaged_by_buyer');
    expect(suggestedDispute({ ...full, condition: 'new', checklist: { ...full.checklist, accessories: false } })).toBe('missing_parts');
    expect(suggestedDispute({ ...full, condition: 'new' })).toBeNull();
  });

  it('starts every checklist item unanswered, blocks receipt until each is answered, and records N/A as not applicable', () => {
    const counted = { ...count(two, 'TS-WHT-M', 3), condition: 'new' as const, weightGrams: 700, location: 'A-01' };
    expect(Object.values(two.checklist)).toEqual([null, null, null, null]);
    expect(acceptBlockers(counted)).toEqual(['checklist']);
    const answered = { ...counted, checklist: { packaging: true, seals: false, accessories: 'na' as const, serialNumber: true } };
    expect(acceptBlockers(answered)).toEqual([]);
    expect(inspectionFor(answered, 'C1').checklist).toEqual({ packaging: true, seals: false, accessories: null, serialNumber: true });
    expect(acceptBlockers({ ...answered, checklist: { ...answered.checklist, serialNumber: null } })).toEqual(['checklist']);
  });

  it('asks for a deliberate confirmation when the grade contradicts the buyer claim, either way', () => {
    const base = { id: 'C1', sku: 'S', quantity: 1, invoiceReturned: false };
    const checked = { packaging: true, seals: true, accessories: true, serialNumber: true };
    const ready = (reason: 'quality_issue' | 'changed_mind' | 'other', grade: 'new' | 'opened_resalable' | 'damaged' | 'unusable') => ({ ...count(newDraft([{ ...base, reason }]), 'S'), condition: grade, weightGrams: 10, location: 'A', checklist: checked });
    const damagedClaim = ready('quality_issue', 'opened_resalable');
    expect(gradeConflict(damagedClaim)).toBe('claimed_defect_graded_sound');
    expect(acceptBlockers(damagedClaim)).toEqual(['grade_unconfirmed']);
    expect(acceptBlockers({ ...damagedClaim, gradeConfirmed: true })).toEqual([]);
    expect(gradeConflict(ready('changed_mind', 'damaged'))).toBe('claimed_sound_graded_defect');
    expect(gradeConflict(ready('quality_issue', 'damaged'))).toBeNull();
    expect(gradeConflict(ready('changed_mind', 'new'))).toBeNull();
    expect(gradeConflict(ready('other', 'unusable'))).toBeNull();
    expect(gradeConflict({ ...damagedClaim, condition: null })).toBeNull();
  });

  it('records what was counted: a short parcel shows its count, extra and wrong items show too', () => {
    const graded = { condition: 'new' as const, weightGrams: 700, location: 'A-01' };
    // Three expected (C1 one, C2 two), two counted: C1 takes its one, C2 is short.
    const short = { ...count(two, 'TS-WHT-M', 2), ...graded };
    expect(receivedFor(short, 'C1')).toEqual([{ sku: 'TS-WHT-M', quantity: 1 }]);
    expect(inspectionFor(short, 'C2').received).toEqual([{ sku: 'TS-WHT-M', quantity: 1 }]);
    expect(acceptBlockers(short)).toEqual(['count_mismatch', 'checklist']);
    // Four counted and a down jacket nobody returned: the extra one shows on the last case, the jacket on both.
    const extra = count(count(short, 'TS-WHT-M', 2), 'JK-DOWN-M');
    expect(inspectionFor(extra, 'C1').received).toEqual([
      { sku: 'TS-WHT-M', quantity: 1 },
      { sku: 'JK-DOWN-M', quantity: 1 },
    ]);
    expect(inspectionFor(extra, 'C2').received).toEqual([
      { sku: 'TS-WHT-M', quantity: 3 },
      { sku: 'JK-DOWN-M', quantity: 1 },
    ]);
    expect(acceptBlockers(extra)).toEqual(['count_mismatch', 'wrong_sku', 'checklist']);
    // An empty parcel records nothing counted.
    expect(receivedFor({ ...two, ...graded }, 'C2')).toEqual([{ sku: 'TS-WHT-M', quantity: 0 }]);
  });

  it('records each case with its own SKU and quantity and words a summary for dispute notes', () => {
    const d = { ...count(two, 'TS-WHT-M', 3), condition: 'new' as const, weightGrams: 780, location: ' A-01 ', notes: '外箱压痕', checklist: { packaging: false, seals: true, accessories: null, serialNumber: null } };
    expect(inspectionFor(d, 'C2')).toMatchObject({ received: [{ sku: 'TS-WHT-M', quantity: 2 }], condition: 'new', weightGrams: 780, disposition: { kind: 'restock', location: 'A-01' }, notes: '外箱压痕' });
    expect(() => inspectionFor(d, 'C9')).toThrow();
    const words = (key: string, params?: Record<string, unknown>) => `${key}${params ? JSON.stringify(params) : ''}`;
    const summary = inspectionSummary(d, words);
    expect(summary).toContain('counted{"items":"TS-WHT-M 3/3"}');
    expect(summary).toContain('failed{"items":"checklist.packaging"}');
    expect(summary.endsWith('\n外箱压痕')).toBe(true);
    expect(isTouched(two)).toBe(false);
    expect(isTouched(d)).toBe(true);
  });
});

describe('inspection photos', () => {
  it('accepts JPEG, PNG and BMP up to the size limit, by type or by extension', () => {
    expect(checkPhotoFile({ name: 'a.jpg', type: 'image/jpeg', size: 1000 })).toEqual({ ok: true });
    expect(checkPhotoFile({ name: 'scan.BMP', type: '', size: 1000 })).toEqual({ ok: true });
    expect(checkPhotoFile({ name: 'a.gif', type: 'image/gif', size: 10 })).toMatchObject({ ok: false, code: 'photo.wrong_type' });
    expect(checkPhotoFile({ name: 'doc.pdf', type: '', size: 10 })).toMatchObject({ ok: false, code: 'photo.wrong_type' });
    expect(checkPhotoFile({ name: 'big.png', type: 'image/png', size: MAX_PHOTO_BYTES + 1 })).toMatchObject({ ok: false, code: 'photo.too_large', params: { limitMb: 20 } });
  });

  it('scales the long side down to the limit and never up', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(1000, 3000)).toEqual({ width: 533, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
});
