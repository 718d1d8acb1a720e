import { describe, expect, it } from 'vitest';
import {
  assessClockTrust,
  isListStale,
  listStalenessDetail,
  listUsableUntil,
  nextLastSeenTime,
  offlineWindowEnd,
  CLOCK_ROLLBACK_TOLERANCE_MS,
} from '../../main/prescriptions/offline-window';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 2, 10, 12);
const list = { version: 4, expiresAt: (NOW + 30 * DAY) / 1000 };
const window = { lastSuccessfulSync: NOW - 2 * DAY, offlineWindowDays: 7 };

describe('offline window: list staleness', () => {
  it('is min(expiresAt, lastSuccessfulSync + window), both ends inclusive', () => {
    expect(offlineWindowEnd(window)).toBe(NOW + 5 * DAY);
    expect(listUsableUntil(list, window)).toBe(NOW + 5 * DAY);
    expect(isListStale(list, NOW + 5 * DAY, window)).toBe(false);
    expect(isListStale(list, NOW + 5 * DAY + 1, window)).toBe(true);
    const soon = { version: 4, expiresAt: (NOW + DAY) / 1000 };
    expect(listUsableUntil(soon, window)).toBe(NOW + DAY);
    expect(isListStale(soon, NOW + DAY, window)).toBe(false);
    expect(isListStale(soon, NOW + DAY + 1, window)).toBe(true);
  });

  it('never synced: every list is stale', () => {
    const never = { lastSuccessfulSync: undefined, offlineWindowDays: 7 };
    expect(isListStale(list, NOW, never)).toBe(true);
    expect(listStalenessDetail('trust list', list, NOW, never)).toBe(
      'trust list version 4: no successful sync yet',
    );
  });

  it('says which bound made the list stale, and nothing while it is fresh', () => {
    expect(listStalenessDetail('trust list', list, NOW, window)).toBeUndefined();
    expect(listStalenessDetail('trust list', list, NOW + 6 * DAY, window)).toMatch(
      /older than the 7-day offline window/,
    );
    expect(listStalenessDetail('revocation list', list, NOW + 31 * DAY, window)).toMatch(
      /^revocation list version 4 expired /,
    );
  });

  it('refuses a non-positive window (a config bug)', () => {
    expect(() => offlineWindowEnd({ lastSuccessfulSync: NOW, offlineWindowDays: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      isListStale(list, NOW, { lastSuccessfulSync: NOW, offlineWindowDays: Number.NaN }),
    ).toThrow();
  });
});

describe('offline window: clock trust', () => {
  const base = { now: NOW, lastSeenTime: NOW - 60_000, ...window };

  it('trusts a clock that moved forward, inside the window', () => {
    expect(assessClockTrust(base)).toEqual({ trusted: true });
    expect(assessClockTrust({ ...base, lastSeenTime: undefined })).toEqual({ trusted: true });
  });

  it('allows a step back of up to 5 minutes, not more', () => {
    expect(assessClockTrust({ ...base, lastSeenTime: NOW + CLOCK_ROLLBACK_TOLERANCE_MS })).toEqual({
      trusted: true,
    });
    expect(
      assessClockTrust({ ...base, lastSeenTime: NOW + CLOCK_ROLLBACK_TOLERANCE_MS + 1 }),
    ).toMatchObject({
      trusted: false,
      detail: expect.stringMatching(/moved back 5 min/),
    });
  });

  it('distrusts a clock behind the last sync, a sync older than the window, no sync, or a lost RTC', () => {
    expect(assessClockTrust({ ...base, lastSuccessfulSync: NOW + 10 * 60_000 })).toMatchObject({
      trusted: false,
    });
    expect(assessClockTrust({ ...base, lastSuccessfulSync: NOW - 7 * DAY })).toEqual({
      trusted: true,
    });
    expect(assessClockTrust({ ...base, lastSuccessfulSync: NOW - 7 * DAY - 1 })).toMatchObject({
      trusted: false,
      detail: expect.stringMatching(/offline window/),
    });
    expect(assessClockTrust({ ...base, lastSuccessfulSync: undefined })).toMatchObject({
      trusted: false,
    });
    expect(assessClockTrust({ ...base, rtcSet: false })).toMatchObject({ trusted: false });
  });

  it('only moves the last-seen time forward, so a rollback cannot be laundered', () => {
    expect(nextLastSeenTime(undefined, NOW)).toBe(NOW);
    expect(nextLastSeenTime(NOW, NOW + 1)).toBe(NOW + 1);
    const seen = nextLastSeenTime(NOW, NOW - 3 * 3_600_000);
    expect(seen).toBe(NOW);
    // Stepping back 3 h and then forward 1 h still reads as a 2 h rollback.
    expect(
      assessClockTrust({ ...base, now: NOW - 2 * 3_600_000, lastSeenTime: seen }).trusted,
    ).toBe(false);
  });
});
