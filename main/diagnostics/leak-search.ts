import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Searches files for things that must never leave the kiosk (issue 9 item 11): exact needles a
 * test or the exporter knows (a PIN, a birth date in several spellings, a token's `jti`, its
 * `shc:/` text) and token-shaped patterns nobody has to know in advance. The exporter runs it on
 * every file before packing and refuses to write a bundle that trips it; tests run it on the
 * unpacked bundle and the logs.
 */

export interface Needle {
  /** What it is, for the report; never the value itself. */
  readonly label: string;
  readonly text: string;
  /**
   * Match only where no digit touches it on either side: a 6-digit PIN would otherwise be "found"
   * inside a millisecond timestamp or a byte count by chance.
   */
  readonly standaloneDigits?: boolean;
}

export interface Leak {
  /** Relative to the searched directory. */
  readonly file: string;
  readonly label: string;
}

/** Token-shaped content, whatever token it is. */
export const LEAK_PATTERNS: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: 'a token in shc:/ or odb:/ QR form', pattern: /(shc|odb):\/[0-9]{20,}/ },
  { label: 'a compact JWS', pattern: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./ },
  { label: 'a scrypt check value', pattern: /scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9_-]{8,}/ },
];

/**
 * The spellings of a birth date a person, a form or a log might use: ISO, compact, day-first and
 * month-first with `/`, `.` and `-`. `isoDate` is YYYY-MM-DD.
 */
export function birthDateVariants(isoDate: string): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  const [, y = '', m = '', d = ''] = match;
  const variants = [`${y}-${m}-${d}`, `${y}${m}${d}`, `${y}/${m}/${d}`, `${d}${m}${y}`];
  for (const sep of ['/', '.', '-'])
    variants.push(`${d}${sep}${m}${sep}${y}`, `${m}${sep}${d}${sep}${y}`);
  return [...new Set(variants)];
}

/** Every needle and pattern found in `text` (labels only). */
export function leaksIn(text: string, needles: readonly Needle[]): string[] {
  const found: string[] = [];
  for (const n of needles) if (containsNeedle(text, n)) found.push(n.label);
  for (const p of LEAK_PATTERNS) if (p.pattern.test(text)) found.push(p.label);
  return found;
}

function containsNeedle(text: string, needle: Needle): boolean {
  if (needle.text.length === 0) return false;
  if (!needle.standaloneDigits) return text.includes(needle.text);
  for (let at = text.indexOf(needle.text); at !== -1; at = text.indexOf(needle.text, at + 1)) {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + needle.text.length);
    const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
    if (!isDigit(before) && !isDigit(after)) return true;
  }
  return false;
}

/** Searches every file under `dir` (recursively, as UTF-8 and as Latin-1 bytes alike). */
export async function findLeaks(dir: string, needles: readonly Needle[]): Promise<Leak[]> {
  const leaks: Leak[] = [];
  for (const file of await listFiles(dir)) {
    // latin1 maps every byte to one char, so an ASCII needle is found even in binary files.
    const text = (await readFile(file)).toString('latin1');
    for (const label of leaksIn(text, needles))
      leaks.push({ file: path.relative(dir, file), label });
  }
  return leaks;
}

export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}
