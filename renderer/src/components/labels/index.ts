/**
 * Labels and barcode sheets: the 60×40 mm receipt label the scan station prints, the A4
 * test-barcode sheet, and printing them in the desktop app or a browser.
 */
export { default as ReceiptLabel } from './ReceiptLabel.vue';
export { default as BarcodeSvg } from './BarcodeSvg.vue';
export { default as TestSheet } from './TestSheet.vue';
export { printLabel, printTestSheet, type LabelPrintFailureCode, type PrintOptions, type PrintResult } from './print';
export { labelCode, isCode128Encodable, type BarcodeSymbology, type ReceiptLabelData, type ReceiptOutcome } from './types';
export { loadTestSheet, type TestBarcode, type TestBarcodeKind, type TestSheetData, type TestSheetLoad } from './testSheet';
export { readLabelPrinterPreferences, useLabelPrinterPreferences, type LabelPrinterPreferences } from './printPreferences';
