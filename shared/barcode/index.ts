/**
 * Barcode recognition for the scan station (条码识别): carriers' tracking numbers, this product's
 * case and order numbers, EAN-13 / UPC-A product barcodes, check digits, and generators of valid
 * codes for demo data and tests.
 */
export {
  BARCODE_INVALID_REASONS,
  SCAN_FAILURE_REASONS,
  classifyBarcode,
  displayCode,
  normalizeBarcode,
  type BarcodeClassification,
  type BarcodeInvalidReason,
  type InvalidReason,
  type ScanFailureInvalidReason,
  type BarcodeKind,
  type InvalidBarcode,
  type ProductSymbology,
} from './classify';
export { CARRIERS, carrierByFormat, type Carrier } from './carriers';
export {
  S10_PATTERN,
  ean13CheckDigit,
  gs1CheckDigit,
  isValidEan13,
  isValidS10,
  isValidUpcA,
  s10CheckDigit,
  upcaCheckDigit,
} from './checkdigits';
export {
  CASE_NUMBER_PATTERN,
  ORDER_NUMBER_PATTERN,
  formatCaseNumber,
  formatOrderNumber,
  isValidCalendarDate,
  parseCaseNumber,
  type CalendarDate,
} from './identifiers';
export {
  createSeededRng,
  generateAnyTrackingNumber,
  generateEan13,
  generateTrackingNumber,
  randomDigits,
  randomInt,
  type Rng,
} from './generate';
