import type { Clock } from '../../contracts/clock';
import type { Journal } from '../journal';
import { matchesTechnicianPin } from './roster';
import {
  attemptsLeft,
  lockedUntilAt,
  lockoutOf,
  lockWaitMs,
  MAX_TECH_PIN_ATTEMPTS,
  type TechnicianLockoutState,
} from './technician-lockout';

/**
 * One technician PIN attempt (issue 9 "Lockout"): the attempt is journaled (fdatasynced) BEFORE
 * the PIN is compared, then the outcome: TECH_LOGIN, or on the 3rd failure TECH_LOCKED with the
 * escalating wait of technician-lockout.ts. A locked badge is answered without a compare, so a
 * locked badge gives no oracle. What was typed is never stored, logged or journaled.
 */

export interface TechnicianPinDeps {
  readonly journal: Pick<Journal, 'append'>;
  /** The lockout view (technician-lockout.ts), current with the journal. */
  readonly lockout: () => TechnicianLockoutState;
  /** The roster's PIN check value for a technician; undefined when not on the roster. */
  readonly pinCheckOf: (technicianId: string) => string | undefined;
  readonly clock: Pick<Clock, 'now'>;
  /** The scrypt compare; a seam for tests (default matchesTechnicianPin). */
  readonly comparePin?: (checkValue: string, technicianId: string, pin: string) => boolean;
}

export interface TechnicianPinInput {
  readonly badgeId: string;
  readonly technicianId: string;
  readonly roles: readonly string[];
  /** As typed; never kept. */
  readonly pin: string;
}

export type TechnicianPinResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'wrong_pin'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number };

/** Checks run one at a time per journal: two at once would both read the same failure count. */
const queues = new WeakMap<object, Promise<unknown>>();

export function checkTechnicianPin(
  deps: TechnicianPinDeps,
  input: TechnicianPinInput,
): Promise<TechnicianPinResult> {
  const previous = queues.get(deps.journal) ?? Promise.resolve();
  const run = previous.then(() => checkNow(deps, input));
  queues.set(
    deps.journal,
    run.catch(() => undefined),
  );
  return run;
}

export type BadgeLockState =
  | { readonly locked: false; readonly attemptsLeft: number }
  | { readonly locked: true; readonly lockedUntil: number };

/**
 * Where a badge stands before any PIN is asked (after its scan, and again before each attempt).
 * Three attempts journaled without their lock (a crash in between) are locked here, journaled.
 */
export async function badgeLockState(
  deps: Pick<TechnicianPinDeps, 'journal' | 'lockout' | 'clock'>,
  badge: Pick<TechnicianPinInput, 'badgeId' | 'technicianId'>,
): Promise<BadgeLockState> {
  const now = deps.clock.now();
  const entry = lockoutOf(deps.lockout(), badge.badgeId);
  const lockedUntil = lockedUntilAt(entry, now);
  if (lockedUntil !== null) return { locked: true, lockedUntil };
  if (entry.failures >= MAX_TECH_PIN_ATTEMPTS) {
    const locked = await lock(deps, badge, entry.locks + 1, now);
    return { locked: true, lockedUntil: locked.lockedUntil };
  }
  return { locked: false, attemptsLeft: attemptsLeft(entry) };
}

async function checkNow(
  deps: TechnicianPinDeps,
  input: TechnicianPinInput,
): Promise<TechnicianPinResult> {
  const { badgeId, technicianId } = input;
  const state = await badgeLockState(deps, input);
  if (state.locked) return { ok: false, reason: 'locked', lockedUntil: state.lockedUntil };
  const now = deps.clock.now();
  const entry = lockoutOf(deps.lockout(), badgeId);

  const attempt = entry.failures + 1;
  await deps.journal.append('TECH_PIN_ATTEMPT', { badgeId, technicianId, attempt });

  const checkValue = deps.pinCheckOf(technicianId);
  const compare = deps.comparePin ?? matchesTechnicianPin;
  const matches = checkValue !== undefined && compare(checkValue, technicianId, input.pin);
  if (matches) {
    await deps.journal.append('TECH_LOGIN', { badgeId, technicianId, roles: [...input.roles] });
    return { ok: true };
  }
  if (attempt >= MAX_TECH_PIN_ATTEMPTS) return lock(deps, input, entry.locks + 1, now);
  return {
    ok: false,
    reason: 'wrong_pin',
    attemptsLeft: attemptsLeft({ ...entry, failures: attempt }),
  };
}

async function lock(
  deps: Pick<TechnicianPinDeps, 'journal'>,
  input: Pick<TechnicianPinInput, 'badgeId' | 'technicianId'>,
  lockNumber: number,
  now: number,
): Promise<{ ok: false; reason: 'locked'; lockedUntil: number }> {
  const until = now + lockWaitMs(lockNumber);
  await deps.journal.append('TECH_LOCKED', {
    badgeId: input.badgeId,
    technicianId: input.technicianId,
    until,
    lockNumber,
  });
  return { ok: false, reason: 'locked', lockedUntil: until };
}
