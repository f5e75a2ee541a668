/**
 * The buyer's claim beside the warehouse inspection (申请 vs 验货), row by row, with the rows where
 * they disagree marked — what CS looks at first when settling a dispute.
 */
import { QUALITY_REASONS, type AfterSalesCase, type ConditionGrade } from '../../../../shared/domain';

/** A weight this far from the expected one (either way) is worth a look. */
export const WEIGHT_TOLERANCE = 0.2;

export type CompareKey = 'sku' | 'quantity' | 'condition' | 'packaging' | 'seals' | 'accessories' | 'serialNumber' | 'weight' | 'photos' | 'notes';

export interface CompareRow {
  key: CompareKey;
  /** What the claim says (raw; the view words it). */
  claim: string | number | boolean | null;
  /** What the warehouse found. */
  inspection: string | number | boolean | null;
  differs: boolean;
}

const DEFECT_GRADES: ReadonlySet<ConditionGrade> = new Set<ConditionGrade>(['damaged', 'unusable']);

/**
 * Rows of the comparison, or an empty list before the goods were inspected. `unitWeightGrams`
 * is the product's weight when the order carries it.
 */
export function compareClaim(c: AfterSalesCase, unitWeightGrams: number | null): CompareRow[] {
  const ins = c.inspection;
  if (!ins) return [];
  const receivedOfSku = ins.received.filter((r) => r.sku === c.sku).reduce((n, r) => n + r.quantity, 0);
  const others = ins.received.filter((r) => r.sku !== c.sku && r.quantity > 0).map((r) => `${r.sku} × ${r.quantity}`);
  const claimsDefect = QUALITY_REASONS.has(c.reason);
  const foundDefect = DEFECT_GRADES.has(ins.condition);
  const expectedWeight = unitWeightGrams && unitWeightGrams > 0 ? unitWeightGrams * c.quantity : null;
  const rows: CompareRow[] = [
    { key: 'sku', claim: c.sku, inspection: others.length > 0 ? [`${c.sku} × ${receivedOfSku}`, ...others].join(', ') : c.sku, differs: others.length > 0 || receivedOfSku === 0 },
    { key: 'quantity', claim: c.quantity, inspection: receivedOfSku, differs: receivedOfSku !== c.quantity },
    // The buyer says it is faulty and the warehouse found it fine, or the other way round.
    { key: 'condition', claim: c.reason, inspection: ins.condition, differs: claimsDefect !== foundDefect },
  ];
  for (const item of ['packaging', 'seals', 'accessories', 'serialNumber'] as const) {
    const value = ins.checklist[item];
    rows.push({ key: item, claim: null, inspection: value, differs: value === false });
  }
  rows.push({
    key: 'weight',
    claim: expectedWeight,
    inspection: ins.weightGrams,
    differs: expectedWeight !== null && Math.abs(ins.weightGrams - expectedWeight) > expectedWeight * WEIGHT_TOLERANCE,
  });
  rows.push({ key: 'photos', claim: c.evidence.length, inspection: ins.photos.length, differs: false });
  rows.push({ key: 'notes', claim: c.description, inspection: ins.notes, differs: false });
  return rows;
}
