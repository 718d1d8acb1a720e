import { statfs } from 'node:fs/promises';
import { fail, megabytes, pass, type CheckOutcome } from './check-result';

/**
 * Free space on the file system that holds the journal. Below the floor an append could fail,
 * and an fsync failure is fatal by design (DESIGN §5): better to see it in a self-test first.
 */

/** 500 MB: months of journal at a busy post, plus a diagnostics bundle and a view rebuild. */
export const DEFAULT_MIN_FREE_BYTES = 500_000_000;

export interface DiskSpace {
  readonly freeBytes: number;
  readonly totalBytes: number;
}

export async function diskSpaceOf(dir: string): Promise<DiskSpace> {
  const s = await statfs(dir);
  // bavail: what an unprivileged writer (the kiosk) may use, not the root reserve.
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
}

export async function checkDiskSpace(
  dir: string,
  minFreeBytes: number = DEFAULT_MIN_FREE_BYTES,
  measure: (dir: string) => Promise<DiskSpace> = diskSpaceOf,
): Promise<CheckOutcome> {
  const space = await measure(dir);
  const text = `${megabytes(space.freeBytes)} free of ${megabytes(space.totalBytes)} (minimum ${megabytes(minFreeBytes)})`;
  return space.freeBytes >= minFreeBytes
    ? pass(text)
    : fail(`only ${text}: free space or the journal will stop the kiosk`);
}
