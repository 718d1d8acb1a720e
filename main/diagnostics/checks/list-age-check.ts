import {
  listStalenessDetail,
  listUsableUntil,
  type OfflineWindow,
} from '../../prescriptions/offline-window';
import { daysBetween, fail, isoOf, pass, type CheckOutcome } from './check-result';

/**
 * Age of a signed list against the one staleness rule of prescription-token.md §4a: stale when
 * `now > min(expiresAt, lastSuccessfulSync + offlineWindowDays)`. A stale trust or revocation
 * list refuses every prescription (`trust_list_stale`), so the technician must see it first.
 */

export interface ListFacts {
  readonly version: number;
  /** NumericDate seconds, as in the payload. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export function checkListAge(
  label: string,
  list: ListFacts | undefined,
  now: number,
  window: OfflineWindow,
): CheckOutcome {
  if (!list) return fail(`no ${label} is installed: prescriptions are refused (trust_list_stale)`);
  const stale = listStalenessDetail(label, list, now, window);
  if (stale) return fail(`${stale}: prescriptions are refused until a fresh one is installed`);
  const until = listUsableUntil(list, window);
  return pass(
    `version ${list.version}, issued ${isoOf(list.issuedAt * 1000)} (${daysBetween(list.issuedAt * 1000, now)} ago), usable until ${isoOf(until)} (${daysBetween(now, until)} left)`,
  );
}
