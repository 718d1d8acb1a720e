import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SEGMENT_FILE = /^segment-(\d{6,})\.jsonl$/;

/** `segment-000001.jsonl`: zero-padded so a plain directory listing shows them in order. */
export function segmentFileName(segment: number): string {
  return `segment-${String(segment).padStart(6, '0')}.jsonl`;
}

export function segmentPath(dir: string, segment: number): string {
  return path.join(dir, segmentFileName(segment));
}

/** Segment numbers present in `dir`, ascending. Other files (the lock, notes) are ignored. */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  const segments: number[] = [];
  for (const name of names) {
    const match = SEGMENT_FILE.exec(name);
    if (match?.[1] !== undefined) segments.push(Number(match[1]));
  }
  return segments.sort((a, b) => a - b);
}
