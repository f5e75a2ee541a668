/** What the label components print. Plain data, so the scan station builds it from a scan. */

export type ReceiptOutcome = 'received' | 'disputed' | 'unmatched';

interface ReceiptLabelCommon {
  /** Shelf location (货位), e.g. `A-03-2`; absent while the parcel is not shelved. */
  shelf?: string;
  /** Product SKU (an EAN-13 for most products); '' when not known (unmatched parcels). */
  sku: string;
  quantity: number;
  /** When the parcel was received (ISO 8601); shown in the workstation's time zone. */
  receivedAt: string;
  warehouseId: string;
  /** Who received it (Staff.displayName). */
  staffName: string;
}

/**
 * A receipt label (收货标签). Matched parcels carry their case number as the barcode; an
 * unmatched parcel (无主件) has no case yet and carries its tracking number instead.
 */
export type ReceiptLabelData =
  | (ReceiptLabelCommon & { outcome: 'received' | 'disputed'; caseNo: string })
  | (ReceiptLabelCommon & { outcome: 'unmatched'; trackingNo: string });

/** The code a label's barcode encodes: the case number, or the tracking number when unmatched. */
export function labelCode(label: ReceiptLabelData): string {
  return label.outcome === 'unmatched' ? label.trackingNo : label.caseNo;
}

/** Code 128 encodes printable ASCII; our case, order and tracking numbers are far shorter than 48. */
const CODE128_TEXT = /^[\x20-\x7e]{1,48}$/;

export function isCode128Encodable(value: string): boolean {
  return CODE128_TEXT.test(value);
}

export type BarcodeSymbology = 'CODE128' | 'EAN13';
