import { open } from 'node:fs/promises';

/**
 * The three file operations an append needs. A seam so tests can make write or datasync fail
 * (a dying SD card, a full disk) without a broken disk.
 */
export interface SegmentAppendHandle {
  /** Writes all of `bytes` at the end of the file. */
  write(bytes: Uint8Array): Promise<void>;
  /** fdatasync: returns once the bytes are on stable storage. */
  datasync(): Promise<void>;
  close(): Promise<void>;
}

export type SegmentFileOpener = (path: string) => Promise<SegmentAppendHandle>;

/** Opens (creating if needed) a segment for appending with O_APPEND. */
export const openSegmentForAppend: SegmentFileOpener = async (path) => {
  const handle = await open(path, 'a', 0o644);
  return {
    async write(bytes) {
      let offset = 0;
      // A regular file rarely takes fewer bytes than asked, but write(2) is allowed to.
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
    },
    datasync: () => handle.datasync(),
    close: () => handle.close(),
  };
};
