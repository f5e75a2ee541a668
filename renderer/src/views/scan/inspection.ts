/**
 * The inspection draft (验货单) of the parcel on the bench: what was counted per SKU, the grade,
 * the checklist, weight, photos and notes, and what the worker decides. Pure functions: the
 * station store keeps one draft and the view renders it. Whether the counted goods may be
 * received is the shared rules' call (`receivedMismatches`, which `decide` applies), and the
 * inspection sent records what was counted, not what was expected.
 */
import { receivedMismatches, type AfterSalesCase, type ConditionGrade, type DisputeCategory, type Disposition, type Inspection, type Reason, type ReceivedItems } from '../../../../shared/domain';

export type ChecklistKey = 'packaging' | 'seals' | 'accessories' | 'serialNumber';
export const CHECKLIST_KEYS: readonly ChecklistKey[] = ['packaging', 'seals', 'accessories', 'serialNumber'];
/**
 * One checklist answer: checked and fine (true), a problem (false), not applicable ('na'), or not
 * answered yet (null). Every item starts unanswered, so a skipped check cannot pass as "N/A".
 */
export type CheckAnswer = boolean | 'na' | null;
export type DispositionKind = Disposition['kind'];
export const DISPOSITION_KINDS: readonly DispositionKind[] = ['restock', 'refurbish', 'scrap', 'return_to_vendor'];

/** What one case expects to come back. */
export interface Expected {
  caseId: string;
  sku: string;
  quantity: number;
}

export interface InspectionDraft {
  /** Cases received together from this parcel (usually one). */
  expected: Expected[];
  /** Items counted per scanned SKU (codes that are no SKU of the cases count as their own key). */
  counts: Record<string, number>;
  condition: ConditionGrade | null;
  checklist: Record<ChecklistKey, CheckAnswer>;
  /** The buyer's reasons for the cases on the bench (what the grade is held against). */
  claimed: Reason[];
  /** The worker confirmed a grade that contradicts the buyer's claim (reset when the grade changes). */
  gradeConfirmed: boolean;
  invoiceReturned: boolean;
  /** Grams, null until weighed. */
  weightGrams: number | null;
  photos: string[];
  notes: string;
  disposition: DispositionKind;
  /** Shelf for `restock`. */
  location: string;
}

export function newDraft(cases: readonly (Pick<AfterSalesCase, 'id' | 'sku' | 'quantity' | 'invoiceReturned'> & { reason?: Reason })[]): InspectionDraft {
  return {
    expected: cases.map((c) => ({ caseId: c.id, sku: c.sku, quantity: c.quantity })),
    counts: {},
    condition: null,
    checklist: { packaging: null, seals: null, accessories: null, serialNumber: null },
    claimed: [...new Set(cases.flatMap((c) => (c.reason ? [c.reason] : [])))],
    gradeConfirmed: false,
    invoiceReturned: cases.some((c) => c.invoiceReturned),
    weightGrams: null,
    photos: [],
    notes: '',
    disposition: 'restock',
    location: '',
  };
}

/** The usual disposition for a grade; the worker can change it. */
export function defaultDisposition(grade: ConditionGrade): DispositionKind {
  switch (grade) {
    case 'new':
    case 'opened_resalable':
      return 'restock';
    case 'damaged':
      return 'refurbish';
    case 'unusable':
      return 'scrap';
  }
}

export function expectedBySku(draft: InspectionDraft): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of draft.expected) out.set(e.sku, (out.get(e.sku) ?? 0) + e.quantity);
  return out;
}

export type CountLine =
  | { sku: string; expected: number; counted: number; status: 'ok' | 'short' | 'extra' }
  | { sku: string; expected: 0; counted: number; status: 'wrong_sku' };

/** One line per expected SKU, then every counted code that was not expected (flagged). */
export function countLines(draft: InspectionDraft): CountLine[] {
  const expected = expectedBySku(draft);
  const lines: CountLine[] = [];
  for (const [sku, quantity] of expected) {
    const counted = draft.counts[sku] ?? 0;
    lines.push({ sku, expected: quantity, counted, status: counted === quantity ? 'ok' : counted < quantity ? 'short' : 'extra' });
  }
  for (const [sku, counted] of Object.entries(draft.counts)) {
    if (!expected.has(sku) && counted > 0) lines.push({ sku, expected: 0, counted, status: 'wrong_sku' });
  }
  return lines;
}

/** Adds `delta` items of `sku` (never below zero). */
export function count(draft: InspectionDraft, sku: string, delta = 1): InspectionDraft {
  const next = Math.max(0, (draft.counts[sku] ?? 0) + delta);
  return { ...draft, counts: { ...draft.counts, [sku]: next } };
}

/** True once anything was entered that leaving the parcel would lose. */
export function isTouched(draft: InspectionDraft): boolean {
  return (
    Object.values(draft.counts).some((n) => n > 0) ||
    draft.condition !== null ||
    draft.weightGrams !== null ||
    draft.photos.length > 0 ||
    draft.notes.trim() !== '' ||
    Object.values(draft.checklist).some((v) => v !== null)
  );
}

/** Reasons by which the buyer says the goods are faulty (a claim of damage or a quality problem). */
const DEFECT_CLAIMS: ReadonlySet<Reason> = new Set<Reason>(['quality_issue', 'damaged_on_arrival', 'not_as_described']);
/** Reasons by which the buyer says nothing is wrong with the goods. */
const SOUND_CLAIMS: ReadonlySet<Reason> = new Set<Reason>(['no_reason_seven_days', 'changed_mind', 'size_or_fit']);
const SOUND_GRADES: ReadonlySet<ConditionGrade> = new Set<ConditionGrade>(['new', 'opened_resalable']);

/**
 * How the grade contradicts the buyer's claim, if it does: claimed faulty but graded resalable, or
 * claimed sound but graded damaged/unusable. Either must be confirmed by the worker on purpose.
 */
export type GradeConflict = 'claimed_defect_graded_sound' | 'claimed_sound_graded_defect';
export function gradeConflict(draft: InspectionDraft): GradeConflict | null {
  if (draft.condition === null) return null;
  const sound = SOUND_GRADES.has(draft.condition);
  if (sound && draft.claimed.some((r) => DEFECT_CLAIMS.has(r))) return 'claimed_defect_graded_sound';
  if (!sound && draft.claimed.some((r) => SOUND_CLAIMS.has(r))) return 'claimed_sound_graded_defect';
  return null;
}

/** Why the parcel cannot be accepted as it is (machine codes, translated by the view). */
export type AcceptBlocker = 'count_mismatch' | 'wrong_sku' | 'no_grade' | 'grade_unconfirmed' | 'checklist' | 'no_location' | 'no_weight';

/**
 * The counts as the rules judge them (each case's `received`, see `receivedFor`), then what the
 * form still lacks. A count the rules refuse leaves a dispute as the way on.
 */
export function acceptBlockers(draft: InspectionDraft): AcceptBlocker[] {
  const refused = new Set(draft.expected.flatMap((e) => receivedMismatches(e, receivedFor(draft, e.caseId)).map((r) => r.code)));
  const blockers: AcceptBlocker[] = [];
  if (refused.has('received_quantity_mismatch')) blockers.push('count_mismatch');
  if (refused.has('received_sku_mismatch')) blockers.push('wrong_sku');
  if (draft.condition === null) blockers.push('no_grade');
  else if (gradeConflict(draft) !== null && !draft.gradeConfirmed) blockers.push('grade_unconfirmed');
  if (CHECKLIST_KEYS.some((k) => draft.checklist[k] === null)) blockers.push('checklist');
  if (draft.weightGrams === null) blockers.push('no_weight');
  if (draft.disposition === 'restock' && draft.location.trim() === '') blockers.push('no_location');
  return blockers;
}

/**
 * The dispute category what was recorded suggests, if any (the worker confirms or picks another).
 * Nothing counted suggests an empty parcel only once the parcel was looked at (weighed, graded or
 * checked): before that, nothing was counted because nothing was scanned yet.
 */
export function suggestedDispute(draft: InspectionDraft): DisputeCategory | null {
  const lines = countLines(draft);
  const countedAny = Object.values(draft.counts).some((n) => n > 0);
  const examined = draft.weightGrams !== null || draft.condition !== null || Object.values(draft.checklist).some((v) => v !== null);
  if (!countedAny) return examined ? 'empty_parcel' : null;
  if (lines.some((l) => l.status === 'wrong_sku')) return 'wrong_item';
  if (lines.some((l) => l.status === 'short')) return 'quantity_short';
  if (draft.checklist.accessories === false) return 'missing_parts';
  if (draft.condition === 'damaged' || draft.condition === 'unusable') return 'damaged_by_buyer';
  return null;
}

export function disposition(draft: InspectionDraft): Disposition {
  return draft.disposition === 'restock' ? { kind: 'restock', location: draft.location.trim() } : { kind: draft.disposition };
}

/**
 * What was counted for one case of the parcel: its share of the items of its SKU (cases of one SKU
 * on the bench take, in order, up to what each expects; the last takes what is left over, so an
 * extra item shows on it), then every SKU no case on the bench expects (a wrong item belongs to
 * the parcel, so each case's inspection lists it). An empty parcel records 0 of the case's SKU.
 */
export function receivedFor(draft: InspectionDraft, caseId: string): ReceivedItems {
  const e = draft.expected.find((x) => x.caseId === caseId);
  if (!e) throw new Error(`case ${caseId} is not part of this inspection`);
  const sharing = draft.expected.filter((x) => x.sku === e.sku);
  let left = draft.counts[e.sku] ?? 0;
  let mine = 0;
  for (const [i, x] of sharing.entries()) {
    const share = i === sharing.length - 1 ? left : Math.min(left, x.quantity);
    if (x.caseId === caseId) {
      mine = share;
      break;
    }
    left -= share;
  }
  const received = [{ sku: e.sku, quantity: mine }];
  const expected = new Set(draft.expected.map((x) => x.sku));
  for (const [sku, counted] of Object.entries(draft.counts)) if (!expected.has(sku) && counted > 0) received.push({ sku, quantity: counted });
  return received;
}

/** The checklist as recorded: 'not applicable' is null there (an unanswered item blocks receipt first). */
function recordedChecklist(draft: InspectionDraft): Inspection['checklist'] {
  const answer = (k: ChecklistKey): boolean | null => {
    const v = draft.checklist[k];
    return v === 'na' || v === null ? null : v;
  };
  return { packaging: answer('packaging'), seals: answer('seals'), accessories: answer('accessories'), serialNumber: answer('serialNumber') };
}

/** The inspection recorded for one case of the parcel: what was counted for it (`receivedFor`), grade, checks, weight. */
export function inspectionFor(draft: InspectionDraft, caseId: string): Inspection {
  if (draft.condition === null) throw new Error('grade the goods first');
  return {
    received: receivedFor(draft, caseId),
    condition: draft.condition,
    checklist: recordedChecklist(draft),
    invoiceReturned: draft.invoiceReturned,
    weightGrams: draft.weightGrams ?? 0,
    photos: [...draft.photos],
    notes: draft.notes.trim(),
    disposition: disposition(draft),
  };
}

/**
 * What the warehouse saw, for the notes of a dispute: counts per SKU, grade, checklist failures and
 * weight, then the worker's own words. `label` words the parts in the user's language.
 */
export function inspectionSummary(draft: InspectionDraft, label: (key: string, params?: Record<string, unknown>) => string): string {
  const parts: string[] = [];
  const lines = countLines(draft);
  parts.push(label('counted', { items: lines.map((l) => `${l.sku} ${l.counted}/${l.expected}`).join(', ') || '—' }));
  if (draft.condition) parts.push(label('grade', { grade: label(`grades.${draft.condition}`) }));
  const failed = CHECKLIST_KEYS.filter((k) => draft.checklist[k] === false);
  if (failed.length > 0) parts.push(label('failed', { items: failed.map((k) => label(`checklist.${k}`)).join(', ') }));
  if (draft.weightGrams !== null) parts.push(label('weight', { grams: draft.weightGrams }));
  const notes = draft.notes.trim();
  return notes === '' ? parts.join('; ') : `${parts.join('; ')}\n${notes}`;
}
