import { assertIsoDate, type IsoDate } from '../../hardware/gs1';

/**
 * The kiosk's one expiry rule (DESIGN §5): a pack is good for a purpose only if it expires AFTER
 * today + the days it must last — the prescription's expectedSupplyDuration when picking, the
 * site's restockMarginDays when loading. Dates are kiosk-local calendar days, so no time zone
 * enters the comparison.
 */

const MS_PER_DAY = 86_400_000;

/** `today` + `days` as a calendar date. Throws on a malformed `today` or `days` (a caller bug). */
export function addDays(today: IsoDate, days: number): IsoDate {
  assertIsoDate(today, 'today');
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * True when a pack with this expiry may be used for something that must last `days` from today.
 * DESIGN §5 says "after": a pack expiring exactly on today + days is refused, although its expiry
 * day itself is still good (scanner.md §4). One day on the safe side, and one rule for both uses.
 */
export function lastsBeyond(expiry: IsoDate, today: IsoDate, days: number): boolean {
  // Zero-padded four-digit years make string order calendar order.
  return expiry > addDays(today, days);
}
