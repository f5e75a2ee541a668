/**
 * A warehouse inspection for tests and benchmarks: one unit of `sku` received unopened and put
 * back on the shelf, no photos; anything else is given in `patch`.
 */
import type { Inspection } from '../../../shared/domain';

export interface InspectionPatch extends Partial<Omit<Inspection, 'checklist'>> {
  /** The single received line's SKU and count (ignored when `received` is given). */
  sku?: string;
  quantity?: number;
  checklist?: Partial<Inspection['checklist']>;
}

export function inspection({ sku = 'SKU-KETTLE', quantity = 1, checklist, ...patch }: InspectionPatch = {}): Inspection {
  return {
    received: [{ sku, quantity }],
    condition: 'new',
    weightGrams: 0,
    photos: [],
    notes: '',
    disposition: { kind: 'restock', location: 'A-01' },
    ...patch,
    checklist: { packaging: true, seals: null, accessories: true, serialNumber: null, ...checklist },
  };
}
