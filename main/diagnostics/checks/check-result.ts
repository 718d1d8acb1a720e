/** What one self-test check returns; the runner adds its id, title and duration. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** Plain words for a technician; no patient data, no secrets. */
  readonly reason: string;
}

export const pass = (reason: string): CheckOutcome => ({ passed: true, reason });
export const fail = (reason: string): CheckOutcome => ({ passed: false, reason });

/** Bytes as a person reads them on a disk or a USB stick (MB = 10^6 bytes, as vendors count). */
export function megabytes(bytes: number): string {
  return `${Math.floor(bytes / 1_000_000).toLocaleString('en-US')} MB`;
}

export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function daysBetween(fromMs: number, toMs: number): string {
  const days = (toMs - fromMs) / 86_400_000;
  return `${days.toFixed(1)} days`;
}
