import { describe, expect, it } from 'vitest';
import { JournalEventData, type JournalEvent } from '../../contracts/journal-events';
import { computePatientCheck } from '../../main/prescriptions/patient-check';
import {
  decidePatientCheck,
  failedAttemptsFor,
  isPatientCheckLocked,
  reducePatientCheckFailures,
  MAX_PATIENT_CHECK_ATTEMPTS,
} from '../../main/prescriptions/patient-check-policy';

const JTI = '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c';
const BIRTH = '1971-08-30';
const PIN = '135790';
// One scrypt run for the whole file; every decision below runs one more.
const check = computePatientCheck(BIRTH, PIN, Buffer.alloc(16, 7));
const attempt = (
  failedAttempts: number,
  birthDate = BIRTH,
  pin = PIN,
  checkValue: string | null = check,
) =>
  decidePatientCheck({
    jti: JTI,
    checkValue: checkValue ?? undefined,
    birthDate,
    pin,
    failedAttempts,
  });

describe('patient check policy (§4 step 12)', () => {
  it('accepts the right birth date and PIN while attempts remain', () => {
    expect(attempt(0)).toEqual({ ok: true });
    expect(attempt(2)).toEqual({ ok: true });
  });

  it('counts misses: 2 left, 1 left, then locked on the third', () => {
    expect(attempt(0, BIRTH, '000000')).toEqual({
      ok: false,
      reason: 'patient_mismatch',
      attemptsLeft: 2,
      failure: { jti: JTI, attempt: 1, locked: false },
    });
    expect(attempt(1, '1971-08-31', PIN)).toMatchObject({
      reason: 'patient_mismatch',
      attemptsLeft: 1,
    });
    expect(attempt(2, BIRTH, '135791')).toEqual({
      ok: false,
      reason: 'patient_locked',
      failure: { jti: JTI, attempt: 3, locked: true },
    });
  });

  it('once locked, refuses even the right values without checking them (nothing new to journal)', () => {
    expect(isPatientCheckLocked(MAX_PATIENT_CHECK_ATTEMPTS)).toBe(true);
    expect(attempt(3)).toEqual({ ok: false, reason: 'patient_locked', failure: undefined });
    expect(attempt(7)).toEqual({ ok: false, reason: 'patient_locked', failure: undefined });
  });

  it('a token without a check value, or malformed input, never passes and counts as a miss', () => {
    expect(attempt(0, BIRTH, PIN, null)).toMatchObject({
      reason: 'patient_mismatch',
      attemptsLeft: 2,
    });
    expect(attempt(0, BIRTH, '1357')).toMatchObject({ reason: 'patient_mismatch' });
  });

  it('the failure is valid PATIENT_CHECK_FAILED data and holds nothing the patient typed', () => {
    const decision = attempt(0, BIRTH, '999999');
    if (decision.ok || !decision.failure) throw new Error('expected a miss');
    expect(JournalEventData.PATIENT_CHECK_FAILED.safeParse(decision.failure).success).toBe(true);
    const text = JSON.stringify(decision);
    expect(text).not.toContain('999999');
    expect(text).not.toContain(BIRTH);
  });

  it('the journal view counts misses per token and survives a rebuild', () => {
    const failed = (seq: number, jti: string, n: number): JournalEvent<'PATIENT_CHECK_FAILED'> => ({
      seq,
      id: `id-${seq}`,
      ts: new Date(0).toISOString(),
      type: 'PATIENT_CHECK_FAILED',
      data: { jti, attempt: n, locked: n >= 3 },
      prev: '0'.repeat(64),
      hash: '0'.repeat(64),
    });
    const events: JournalEvent[] = [failed(1, JTI, 1), failed(2, 'other', 1), failed(3, JTI, 2)];
    const view = events.reduce(reducePatientCheckFailures, {});
    expect(failedAttemptsFor(view, JTI)).toBe(2);
    expect(failedAttemptsFor(view, 'other')).toBe(1);
    expect(failedAttemptsFor(view, 'constructor')).toBe(0);
    expect(failedAttemptsFor(view, '__proto__')).toBe(0);
  });
});
