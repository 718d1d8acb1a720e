import { describe, expect, it } from 'vitest';
import {
  daysInMonth,
  decodeGs1Date,
  isExpired,
  isLeapYear,
  parseGs1,
  resolveCentury,
} from '../../hardware/gs1';

describe('Gregorian leap years', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [2100, false],
    [1900, false],
    [2400, true],
  ])('%i → %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
    expect(daysInMonth(year, 2)).toBe(leap ? 29 : 28);
  });
});

describe('GS1 sliding century window (−49..+50 years of the current year)', () => {
  it.each([
    [26, 2026, 2026],
    [76, 2026, 2076], // +50: still ahead
    [77, 2026, 1977], // +51 would be too far ahead
    [0, 2026, 2000],
    [99, 2026, 1999],
    [0, 2060, 2100], // 2000 would be 60 years back
    [11, 2060, 2011], // −49
    [10, 2060, 2110], // −50 is too far back
    [49, 2099, 2149],
    [0, 2099, 2100],
  ])('YY %i in %i → %i', (yy, current, year) => {
    expect(resolveCentury(yy, current)).toBe(year);
  });
});

describe('YYMMDD decoding', () => {
  const today = '2026-01-15';
  const expiry = (yymmdd: string, at = today) => decodeGs1Date(yymmdd, at, { allowDayZero: true });

  it('reads a plain date', () => {
    expect(expiry('251231')).toEqual({ ok: true, value: '2025-12-31' });
  });

  it('scanner.md §6: 240200 → 2024-02-29 (DD = 00 in a leap year)', () => {
    expect(expiry('240200')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseGs1(']d2', '17240200', today)).toMatchObject({
      ok: true,
      value: { expiry: '2024-02-29', expiryRaw: '240200' },
    });
  });

  it('DD = 00 in February of a common year → the 28th; in a 30-day month → the 30th', () => {
    expect(expiry('250200')).toEqual({ ok: true, value: '2025-02-28' });
    expect(expiry('250400')).toEqual({ ok: true, value: '2025-04-30' });
    expect(expiry('251200')).toEqual({ ok: true, value: '2025-12-31' });
  });

  it('2100 is not a leap year: 000229 is valid in 2026 (year 2000) but not in 2060 (year 2100)', () => {
    expect(expiry('000229')).toEqual({ ok: true, value: '2000-02-29' });
    expect(expiry('000229', '2060-06-01').ok).toBe(false);
    expect(expiry('000200', '2060-06-01')).toEqual({ ok: true, value: '2100-02-28' });
  });

  it('scanner.md §6: month 13 is bad_date', () => {
    expect(expiry('251331')).toEqual({ ok: false, error: 'month 13 is not 01–12' });
    expect(parseGs1(']d2', '17251331', today)).toMatchObject({
      ok: false,
      error: { code: 'bad_date', offset: 2 },
    });
  });

  it('DD = 00 only where the format allows it', () => {
    expect(decodeGs1Date('251200', today, { allowDayZero: false }).ok).toBe(false);
  });
});

describe('isExpired: expired means today > expiry', () => {
  it('the expiry day itself is still good', () => {
    expect(isExpired('2025-12-31', '2025-12-31')).toBe(false);
  });

  it('the day after is expired', () => {
    expect(isExpired('2025-12-31', '2026-01-01')).toBe(true);
  });

  it('a future expiry is not expired', () => {
    expect(isExpired('2027-01-01', '2026-01-15')).toBe(false);
  });

  it('scanner.md §6 "expired date": a pack parsed from a past 17 is expired', () => {
    const parsed = parseGs1(']d2', '17251130', '2026-01-15');
    if (!parsed.ok || parsed.value.expiry === undefined) throw new Error('expected an expiry');
    expect(isExpired(parsed.value.expiry, '2026-01-15')).toBe(true);
  });

  it('throws on a malformed date, which is a caller bug', () => {
    expect(() => isExpired('2025-13-01', '2026-01-01')).toThrow(RangeError);
    expect(() => isExpired('2025-12-31', '2026-1-1')).toThrow(RangeError);
  });
});
