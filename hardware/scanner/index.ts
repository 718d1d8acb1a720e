/** Serial/CDC scanner in AIM mode: wire format, framing, driver, redaction and simulator. */
export * from './protocol';
export type { ScanError, ScanErrorCode, ScanEvent, ScanTransportKind } from './scan-event';
export { buildScanEvent, decodeSerialMessage, encodeSerialMessage } from './codec';
export type { SerialLineEnding } from './codec';
export { SerialFramer } from './framer';
export type {
  FramedMessage,
  SerialFramerError,
  SerialFramerOptions,
  SerialFramerOutput,
} from './framer';
export { ScannerDriver } from './driver';
export type { ScannerDriverOptions, ScannerTraffic } from './driver';
export { REDACT_PREVIEW_CHARS, formatRedactedScan, redactScan } from './redact';
export type { RedactedScan } from './redact';
export { DEFAULT_FLOOD_BYTES, RESCAN_PAUSE_MS, ScannerSimulator } from './simulator';
export type { ScannerSimulatorOptions } from './simulator';

/** Shared by every transport: the 1 s debounce of identical scans. */
export { ScanDebouncer } from './scan-debounce';

/** USB HID POS scanner: report layout, report codec, reassembly and driver. */
export {
  ACCESS_IS_HID_LAYOUT,
  DEFAULT_HID_LAYOUT,
  HID_POS_BAR_CODE_SCANNER_USAGE,
  HID_POS_USAGE_PAGE,
  HidLayoutSchema,
  MICROSCAN_HID_LAYOUT,
} from './hid-layout';
export type { HidLayout } from './hid-layout';
export { decodeHidReport, encodeHidReports } from './hid-report-codec';
export type { HidReport, HidReportError, HidReportErrorCode } from './hid-report-codec';
export {
  HID_LATE_CONTINUATION_WINDOW_MS,
  HID_REASSEMBLY_GAP_MS,
  HidReassembler,
} from './hid-reassembler';
export type {
  HidReassemblerOptions,
  HidReassemblerOutput,
  HidScanError,
  HidScanErrorCode,
} from './hid-reassembler';
export { HidScannerDriver } from './hid-driver';
export type { HidScannerDriverOptions, HidScannerTraffic } from './hid-driver';

/** Keyboard-wedge scanner: configuration, decoder and debounced scanner. */
export { DEFAULT_WEDGE_CONFIG, WedgeConfigSchema, isValidGsSubstitute } from './wedge-config';
export type { WedgeConfig } from './wedge-config';
export { WedgeDecoder } from './wedge-decoder';
export type { WedgeDecoderError, WedgeDecoderOptions, WedgeDecoderOutput } from './wedge-decoder';
export { WedgeScanner } from './wedge-scanner';
export type { WedgeScannerOptions } from './wedge-scanner';
