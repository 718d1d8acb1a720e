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
