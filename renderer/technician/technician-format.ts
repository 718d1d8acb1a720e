/**
 * Numbers the technician panel shows, through Intl in the kiosk's language: durations (sync lag,
 * hub clock offset), how long ago something happened, file sizes and a shortened SHA-256.
 */

type DurationUnit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The largest unit in which `ms` is at least one and a half (so 80 s stays "80 seconds"). */
function unitFor(ms: number): { unit: DurationUnit; size: number } {
  const abs = Math.abs(ms);
  if (abs >= 1.5 * DAY) return { unit: 'day', size: DAY };
  if (abs >= 1.5 * HOUR) return { unit: 'hour', size: HOUR };
  if (abs >= 1.5 * MINUTE) return { unit: 'minute', size: MINUTE };
  if (abs >= SECOND) return { unit: 'second', size: SECOND };
  return { unit: 'millisecond', size: 1 };
}

/** "1.2 seconds", "3 minutes"; with `signed`, "+1.2 seconds" / "−3 minutes". */
export function durationText(ms: number, language: string, signed = false): string {
  const { unit, size } = unitFor(ms);
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: unit === 'millisecond' || unit === 'day' ? 0 : 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(ms / size);
}

/** "2 minutes ago", "now": how long before `now` the epoch-ms `at` was. */
export function agoText(at: number, now: number, language: string): string {
  const elapsed = Math.max(0, now - at);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (elapsed < MINUTE) return format.format(-Math.floor(elapsed / SECOND), 'second');
  const { unit, size } = unitFor(elapsed);
  return format.format(-Math.round(elapsed / size), unit === 'millisecond' ? 'second' : unit);
}

/** "512 kB", "1.3 MB" (decimal units, as file managers show them). */
export function sizeText(bytes: number, language: string): string {
  const [unit, size] =
    bytes >= 1e9
      ? (['gigabyte', 1e9] as const)
      : bytes >= 1e6
        ? (['megabyte', 1e6] as const)
        : bytes >= 1e3
          ? (['kilobyte', 1e3] as const)
          : (['byte', 1] as const);
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit,
    maximumFractionDigits: 1,
  }).format(bytes / size);
}

/** Enough of a SHA-256 to compare by eye with the manifest: the first 12 and last 4 hex digits. */
export function shortHash(sha256: string): string {
  return sha256.length <= 20 ? sha256 : `${sha256.slice(0, 12)}…${sha256.slice(-4)}`;
}

/** True when two epoch-ms instants fall on the same local calendar day. */
export function sameLocalDay(a: number, b: number): boolean {
  return new Date(a).toDateString() === new Date(b).toDateString();
}
