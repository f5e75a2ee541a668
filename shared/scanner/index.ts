/**
 * Scanner input (扫码输入): a pure decoder that turns keydown events from a keyboard-wedge
 * scanner into scans, plus its settings and the key mapping it relies on.
 */
export {
  ScannerConfigSchema,
  DEFAULT_SCANNER_CONFIG,
  parseScannerConfig,
  type ScannerConfig,
  type ScannerConfigInput,
  type ScannerSuffixKey,
} from './config';
export { ScannerDecoder, createScannerDecoder, type ScannerDecoderOptions } from './decoder';
export {
  normalizeScanText,
  type ScanDecision,
  type ScanEvent,
  type ScanSource,
  type ScanTargetKind,
  type ScannerKeyEvent,
  type ReleasedKey,
} from './events';
export {
  lateStartWindowMs,
  type IncompleteCause,
  type IncompleteScan,
  type OverlongScan,
  type ScanFailure,
  type ScanFailureReason,
} from './fragments';
export {
  charFromCode,
  codeForChar,
  isImeEvent,
  resolveKey,
  toHalfWidth,
  type KeyIdentity,
  type ResolvedKey,
} from './keymap';
