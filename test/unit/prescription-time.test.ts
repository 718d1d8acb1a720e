import { describe, expect, it } from 'vitest';
import {
  isFhirDate,
  isFhirDateTime,
  periodEndMs,
  periodStartMs,
  startOfLocalDay,
} from '../../main/prescriptions/fhir-time';

describe('FHIR dates in the kiosk time zone', () => {
  it.each([
    ['2026-03-10', 'UTC', '2026-03-10T00:00:00.000Z'],
    ['2026-03-10', 'Africa/Nairobi', '2026-03-09T21:00:00.000Z'],
    ['2026-03-10', 'America/Lima', '2026-03-10T05:00:00.000Z'],
    // The day DST starts (02:00 → 03:00) still starts at 00:00 CET.
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00.000Z'],
    // The day after starts at 00:00 CEST.
    ['2026-03-30', 'Europe/Berlin', '2026-03-29T22:00:00.000Z'],
    // Santiago skips 00:00–01:00 on 2026-09-06: the day starts at 01:00 local (-03).
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, iso) => {
    expect(new Date(startOfLocalDay(date, zone)).toISOString()).toBe(iso);
  });

  it('a date period runs from 00:00 to the end of the day; a dateTime is an instant', () => {
    expect(new Date(periodStartMs('2026-03-10', 'Asia/Kolkata')).toISOString()).toBe(
      '2026-03-09T18:30:00.000Z',
    );
    expect(new Date(periodEndMs('2026-03-10', 'Asia/Kolkata')).toISOString()).toBe(
      '2026-03-10T18:29:59.999Z',
    );
    expect(periodStartMs('2026-03-10T08:00:00+02:00', 'Asia/Kolkata')).toBe(
      Date.UTC(2026, 2, 10, 6),
    );
    expect(periodEndMs('2026-03-10T08:00:00Z', 'UTC')).toBe(Date.UTC(2026, 2, 10, 8));
  });

  it.each([
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-3-1', false],
    ['2026-03', false],
  ])('isFhirDate(%s) = %s', (value, expected) => {
    expect(isFhirDate(value)).toBe(expected);
  });

  it.each([
    ['2026-03-10T08:00:00Z', true],
    ['2026-03-10T08:00:00.123+05:30', true],
    ['2026-03-10T08:00:00', false],
    ['2026-03-10T08:00Z', false],
    ['2026-02-30T08:00:00Z', false],
  ])('isFhirDateTime(%s) = %s', (value, expected) => {
    expect(isFhirDateTime(value)).toBe(expected);
  });
});
