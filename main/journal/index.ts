/** The journal: the kiosk's append-only, hash-chained system of record (DESIGN §5). */
export {
  openJournal,
  DEFAULT_SEGMENT_MAX_BYTES,
  type Journal,
  type JournalOptions,
  type JournalReader,
  type JournalState,
  type JournalLogger,
  type AppendableEventType,
} from './journal';
export {
  verifyJournalDir,
  type JournalVerification,
  type SegmentSummary,
  type VerifyJournalOptions,
} from './verify-journal-dir';
export {
  JournalFatalError,
  describeJournalError,
  type BrokenChain,
  type JournalOpenError,
  type JournalVerifyError,
} from './journal-errors';
export { JournalCorruptedError } from './segment-reader';
export { checkpointMessage, type CheckpointSigner, type CheckpointVerifier } from './checkpoint';
export { GENESIS_HASH, hashEvent } from './event-hash';
export { segmentFileName } from './segment-files';
export { LOCK_FILE_NAME } from './writer-lock';
export {
  openSegmentForAppend,
  type SegmentAppendHandle,
  type SegmentFileOpener,
} from './segment-append-handle';
export {
  writeChainedEvents,
  sampleDispenseIntent,
  type ChainedEventSpec,
  type WriteChainedEventsOptions,
} from './write-chained-events';
