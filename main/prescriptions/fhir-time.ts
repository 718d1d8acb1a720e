/**
 * FHIR `date` and `dateTime` values as instants (prescription-token.md §4 step 7): a date without
 * a time covers that whole day in the kiosk's time zone, from 00:00 to 24:00; a dateTime (which
 * FHIR requires to carry an offset when it has a time) is an instant.
 */

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DATE_TIME =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})$/;

const DAY_MS = 86_400_000;

export function isFhirDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function isFhirDateTime(value: string): boolean {
  return (
    DATE_TIME.test(value) && isFhirDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
  );
}

/** Throws a RangeError for an unknown zone: a bad zone is a configuration bug, not bad input. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(epochMs: number, timeZone: string): { date: string; offsetMs: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(epochMs).map((p) => [p.type, p.value]));
  const y = Number(parts.year);
  const mo = Number(parts.month);
  const d = Number(parts.day);
  const asUtc = Date.UTC(
    y,
    mo - 1,
    d,
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    date: `${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`,
    offsetMs: asUtc - wholeSecond,
  };
}

/**
 * The first instant of a local day. The zone's offset can differ either side of midnight (DST),
 * so both candidate offsets are tried and the earliest instant that falls on that local date wins;
 * where midnight itself does not exist, the day starts at the first instant after the gap.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a FHIR date: ${date.length} characters`);
  const midnightUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const candidates = [
    midnightUtc - localParts(midnightUtc - DAY_MS / 2, timeZone).offsetMs,
    midnightUtc - localParts(midnightUtc + DAY_MS / 2, timeZone).offsetMs,
  ].sort((a, b) => a - b);
  for (const t of candidates) if (localParts(t, timeZone).date === date) return t;
  return candidates[candidates.length - 1] as number;
}

/** First instant covered by a validity start (date or dateTime). */
export function periodStartMs(value: string, timeZone: string): number {
  return isFhirDate(value) ? startOfLocalDay(value, timeZone) : Date.parse(value);
}

/** Last instant covered by a validity end: for a date, the millisecond before the next local day. */
export function periodEndMs(value: string, timeZone: string): number {
  if (!isFhirDate(value)) return Date.parse(value);
  const next = new Date(Date.parse(`${value}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return startOfLocalDay(next, timeZone) - 1;
}
