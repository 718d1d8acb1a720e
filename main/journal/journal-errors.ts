import { segmentFileName } from './segment-files';

/** The chain does not verify: the journal must not be written to until a person looks at it. */
export interface BrokenChain {
  kind: 'broken_chain';
  segment: number;
  /** 1-based line within the segment; 0 when the problem is the segment file itself. */
  line: number;
  /** The seq the line claims, when it could be read. */
  seq?: number;
  detail: string;
}

export type JournalOpenError =
  { kind: 'locked'; pid: number } | BrokenChain | { kind: 'io'; detail: string };

export type JournalVerifyError = BrokenChain | { kind: 'io'; detail: string };

/** One sentence for the technician screen and the log. */
export function describeJournalError(error: JournalOpenError): string {
  switch (error.kind) {
    case 'locked':
      return `The journal is in use by another process (pid ${error.pid}).`;
    case 'io':
      return `The journal could not be read or written: ${error.detail}`;
    case 'broken_chain': {
      const where =
        error.line === 0
          ? segmentFileName(error.segment)
          : `${segmentFileName(error.segment)} line ${error.line}`;
      const seq = error.seq === undefined ? '' : ` (seq ${error.seq})`;
      return `The journal chain is broken at ${where}${seq}: ${error.detail}. The kiosk will not write to it; call support.`;
    }
  }
}

/**
 * A write or fdatasync failed. The journal stops for good: after a failed fsync the kernel may
 * have dropped the dirty pages, so retrying could report success for data that is not on disk.
 */
export class JournalFatalError extends Error {
  override readonly name = 'JournalFatalError';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
