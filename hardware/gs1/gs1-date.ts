import { err, ok, type Result } from '../../contracts/result';

/**
 * GS1 dates (GS1 General Specifications §7.12) and the kiosk's one expiry rule (scanner.md §4).
 * Dates are kiosk-local calendar days as `YYYY-MM-DD` strings (see main/time/local-date.ts), so no
 * time zone enters the comparison.
 */

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Gregorian: every 4th year, except centuries not divisible by 400 (2000 is, 2100 is not). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** Throws RangeError unless `date` is a real calendar date `YYYY-MM-DD` (a caller bug otherwise). */
export function assertIsoDate(date: IsoDate, name: string): void {
  readIsoDate(date, name);
}

/**
 * Reads an ISO date the kiosk produced itself (today, a stored expiry). Throws RangeError on a
 * malformed one because that is a bug in the caller, not bad scan data.
 */
function readIsoDate(date: IsoDate, name: string): CalendarDate {
  const match = ISO_DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`${name} must be a calendar date YYYY-MM-DD`);
  }
  return { year, month, day };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * GS1 sliding century window (General Specifications §7.12): a two-digit year is placed within
 * −49..+50 years of the current year, so in 2026 "75" is 2075 (+49) and "77" is 1977 (−49).
 */
export function resolveCentury(yy: number, currentYear: number): number {
  const candidate = currentYear - (currentYear % 100) + yy;
  if (candidate - currentYear > 50) return candidate - 100;
  if (candidate - currentYear < -49) return candidate + 100;
  return candidate;
}

export interface Gs1DateOptions {
  /** Accept DD = 00 as "last day of the month" (the dictionary's `yymmd0`). */
  readonly allowDayZero: boolean;
}

/**
 * Six digits YYMMDD → ISO date, or a reason it is not a date (month 00 or > 12, a day past the
 * month's end, DD = 00 where not allowed). `yymmdd` must already be six digits.
 */
export function decodeGs1Date(
  yymmdd: string,
  today: IsoDate,
  options: Gs1DateOptions,
): Result<IsoDate, string> {
  const year = resolveCentury(Number(yymmdd.slice(0, 2)), readIsoDate(today, 'today').year);
  const month = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (month < 1 || month > 12) return err(`month ${pad(month, 2)} is not 01–12`);
  const lastDay = daysInMonth(year, month);
  if (dd === 0) {
    if (!options.allowDayZero) return err('day 00 is not allowed here');
    return ok(formatIsoDate({ year, month, day: lastDay }));
  }
  if (dd > lastDay) return err(`day ${pad(dd, 2)} is past the end of ${year}-${pad(month, 2)}`);
  return ok(formatIsoDate({ year, month, day: dd }));
}

/**
 * The kiosk's expiry rule (scanner.md §4): a pack is expired when today is after its expiry day;
 * the expiry day itself is still good. Both are kiosk-local calendar dates.
 */
export function isExpired(expiry: IsoDate, today: IsoDate): boolean {
  readIsoDate(expiry, 'expiry');
  readIsoDate(today, 'today');
  // Zero-padded four-digit years make string order calendar order.
  return today > expiry;
}
