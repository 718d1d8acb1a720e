import { z } from 'zod';
import type { JournalEvent } from '../../contracts/journal-events';

/**
 * Per-badge PIN lockout on this kiosk (issue 9), derived from the journal only, so a kill -9 or a
 * reboot restores it exactly (a view rebuilt from TECH_PIN_ATTEMPT / TECH_LOCKED / TECH_LOGIN).
 *
 * - Every attempt is journaled (TECH_PIN_ATTEMPT) BEFORE its PIN is compared and counts as a
 *   failure until a TECH_LOGIN says otherwise: a crash between the compare and its result can
 *   never hand out a free guess.
 * - The 3rd failure in a row locks the badge (TECH_LOCKED {until}). The waits escalate with each
 *   lock of the same badge: 5 min, then 30 min, then 24 h for every later lock. A legitimate
 *   technician who mistypes a few times loses minutes; a guesser gets 9 tries in the first
 *   35 minutes and then 3 a day, against 10^6 (6 digits) or more PINs.
 * - A successful login forgets the failures and the escalation of that badge.
 * - A badge whose 3 failures were journaled but whose TECH_LOCKED was not (a crash in between) is
 *   treated as locked: the next check journals the lock before anything else.
 */

export const MAX_TECH_PIN_ATTEMPTS = 3;
/** Lock n (1-based) waits LOCK_WAITS_MS[min(n, 3) − 1]. */
export const LOCK_WAITS_MS = [5 * 60_000, 30 * 60_000, 24 * 60 * 60_000] as const;

export const BadgeLockoutSchema = z.strictObject({
  /** Attempts since the last login or lock; each counts as failed until a login. */
  failures: z.number().int().nonnegative(),
  /** Locks of this badge since its last login: the next wait's step. */
  locks: z.number().int().nonnegative(),
  /** Epoch ms (kiosk clock); null when never locked since the last login. */
  lockedUntil: z.number().int().nullable(),
  technicianId: z.string(),
});
export type BadgeLockout = z.infer<typeof BadgeLockoutSchema>;

export const TechnicianLockoutSchema = z.record(z.string(), BadgeLockoutSchema);
export type TechnicianLockoutState = Readonly<Record<string, BadgeLockout>>;

export const emptyTechnicianLockout = (): TechnicianLockoutState => ({});

/** The view reducer (pure; a fresh fold over the same journal gives the same state). */
export function reduceTechnicianLockout(
  state: TechnicianLockoutState,
  event: JournalEvent,
): TechnicianLockoutState {
  switch (event.type) {
    case 'TECH_PIN_ATTEMPT': {
      const previous = lockoutOf(state, event.data.badgeId);
      return {
        ...state,
        [event.data.badgeId]: {
          ...previous,
          failures: Math.max(previous.failures, event.data.attempt),
          technicianId: event.data.technicianId,
        },
      };
    }
    case 'TECH_LOCKED': {
      const previous = lockoutOf(state, event.data.badgeId);
      return {
        ...state,
        [event.data.badgeId]: {
          failures: 0,
          locks: Math.max(previous.locks, event.data.lockNumber),
          lockedUntil: event.data.until,
          technicianId: event.data.technicianId,
        },
      };
    }
    case 'TECH_LOGIN': {
      if (!Object.hasOwn(state, event.data.badgeId)) return state;
      const next = { ...state };
      delete next[event.data.badgeId];
      return next;
    }
    default:
      return state;
  }
}

/** The badge's entry (a fresh one when absent; inherited members are never read). */
export function lockoutOf(state: TechnicianLockoutState, badgeId: string): BadgeLockout {
  return Object.hasOwn(state, badgeId)
    ? (state[badgeId] as BadgeLockout)
    : { failures: 0, locks: 0, lockedUntil: null, technicianId: '' };
}

/** Until when the badge is locked at `now`, or null when it may try a PIN. */
export function lockedUntilAt(entry: BadgeLockout, now: number): number | null {
  return entry.lockedUntil !== null && now < entry.lockedUntil ? entry.lockedUntil : null;
}

/** The wait of lock number `lockNumber` (1-based). */
export function lockWaitMs(lockNumber: number): number {
  const index = Math.min(Math.max(lockNumber, 1), LOCK_WAITS_MS.length) - 1;
  return LOCK_WAITS_MS[index] as number;
}

/** PIN tries left before the next lock. */
export function attemptsLeft(entry: BadgeLockout): number {
  return Math.max(0, MAX_TECH_PIN_ATTEMPTS - entry.failures);
}
