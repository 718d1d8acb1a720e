import type { ClockTrust } from './verify-token';

/**
 * The offline window of prescription-token.md §4a: the one rule that decides how long a kiosk may
 * keep serving patients from what it last received. A list is stale when
 * `now > min(list.expiresAt, lastSuccessfulSync + offlineWindowDays)`, and the clock is trusted
 * only while it has not moved back and the last successful sync is inside the same window. Pure
 * functions: the caller (main/app.ts) persists `lastSeenTime` and `lastSuccessfulSync`.
 *
 * Units: `now`, `lastSeenTime` and `lastSuccessfulSync` are epoch milliseconds (Clock.now());
 * a list's `expiresAt` is a NumericDate in seconds, as in the signed payloads.
 */

/** Site config default (DESIGN §9). */
export const DEFAULT_OFFLINE_WINDOW_DAYS = 7;
/** How far the clock may step back (NTP slew, a reboot) before it is no longer believed. */
export const CLOCK_ROLLBACK_TOLERANCE_MS = 5 * 60 * 1000;

const DAY_MS = 86_400_000;

export interface OfflineWindow {
  /** Epoch ms of the last successful sync; undefined = never synced, so nothing is fresh. */
  readonly lastSuccessfulSync: number | undefined;
  /** From the site config; must be positive. */
  readonly offlineWindowDays: number;
}

function assertWindowDays(days: number): void {
  if (!Number.isFinite(days) || days <= 0) {
    throw new RangeError(`offlineWindowDays must be a positive number of days, got ${days}`);
  }
}

/** The last instant (epoch ms) the window covers; −∞ before the first successful sync. */
export function offlineWindowEnd(window: OfflineWindow): number {
  assertWindowDays(window.offlineWindowDays);
  if (window.lastSuccessfulSync === undefined) return Number.NEGATIVE_INFINITY;
  return window.lastSuccessfulSync + window.offlineWindowDays * DAY_MS;
}

/** The last instant (epoch ms) a list may be used: its own expiry or the window's end. */
export function listUsableUntil(
  list: { readonly expiresAt: number },
  window: OfflineWindow,
): number {
  return Math.min(list.expiresAt * 1000, offlineWindowEnd(window));
}

export function isListStale(
  list: { readonly expiresAt: number },
  now: number,
  window: OfflineWindow,
): boolean {
  return now > listUsableUntil(list, window);
}

/**
 * Why a list is stale, for a refusal's detail (technical, no patient data), or undefined when it
 * is still usable. `label` names the list ("trust list", "revocation list").
 */
export function listStalenessDetail(
  label: string,
  list: { readonly version: number; readonly expiresAt: number },
  now: number,
  window: OfflineWindow,
): string | undefined {
  if (!isListStale(list, now, window)) return undefined;
  if (now > list.expiresAt * 1000) {
    return `${label} version ${list.version} expired ${new Date(list.expiresAt * 1000).toISOString()}`;
  }
  if (window.lastSuccessfulSync === undefined) {
    return `${label} version ${list.version}: no successful sync yet`;
  }
  return `${label} version ${list.version}: last successful sync ${new Date(window.lastSuccessfulSync).toISOString()} is older than the ${window.offlineWindowDays}-day offline window`;
}

export interface ClockTrustInput extends OfflineWindow {
  readonly now: number;
  /** The latest time this kiosk has seen (persisted; see nextLastSeenTime). Undefined at first boot. */
  readonly lastSeenTime: number | undefined;
  /** False when the RTC reports it lost power (time not set). Default true. */
  readonly rtcSet?: boolean;
}

/**
 * §4 step 7: the clock is trusted when the RTC kept time, it has not moved back more than 5 min
 * from the latest time seen (nor from the last successful sync, which it saw too), and that sync
 * is inside the offline window. Any one failure refuses every prescription with `clock_untrusted`.
 */
export function assessClockTrust(input: ClockTrustInput): ClockTrust {
  const { now, lastSeenTime, lastSuccessfulSync } = input;
  if (input.rtcSet === false) return untrusted('the real-time clock lost its time');
  if (lastSeenTime !== undefined && now < lastSeenTime - CLOCK_ROLLBACK_TOLERANCE_MS) {
    return untrusted(
      `the clock moved back ${minutes(lastSeenTime - now)} min from the last time seen`,
    );
  }
  if (lastSuccessfulSync === undefined) return untrusted('no successful sync yet');
  if (now < lastSuccessfulSync - CLOCK_ROLLBACK_TOLERANCE_MS) {
    return untrusted(
      `the clock is ${minutes(lastSuccessfulSync - now)} min behind the last successful sync`,
    );
  }
  if (now > offlineWindowEnd(input)) {
    return untrusted(
      `the last successful sync is older than the ${input.offlineWindowDays}-day offline window`,
    );
  }
  return { trusted: true };
}

/**
 * What to persist as the last-seen time: it only ever moves forward, so stepping the clock back
 * and then forward a little cannot launder a rollback.
 */
export function nextLastSeenTime(previous: number | undefined, now: number): number {
  return previous === undefined ? now : Math.max(previous, now);
}

function untrusted(detail: string): ClockTrust {
  return { trusted: false, detail };
}

function minutes(ms: number): string {
  return (ms / 60_000).toFixed(0);
}
