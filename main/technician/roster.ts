import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { err, type Result } from '../../contracts/result';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import {
  computePatientCheck,
  matchesPatientCheck,
  PATIENT_CHECK_PATTERN,
} from '../prescriptions/patient-check';
import type { SignedListError } from '../prescriptions/signed-list';
import { parseWith, signRootEnvelope, verifyRootSignedEnvelope } from './root-signed-envelope';

/**
 * The technician roster of prescription-token.md §4a: who may log in to diagnostics mode, with
 * which roles, and the scrypt check value of their PIN. It is a signed download
 * (`opendispense-roster+jws`, operator root key) like the trust list, so a kiosk never learns a
 * PIN, only a value that costs ~100 ms per guess to test.
 *
 * `pin` is the value of prescription-token.md §3 (`scrypt$15$8$1$<salt>$<hash>`) computed over
 * UTF-8 `<technician id>:<PIN>` — the patient-check code with the technician id where the birth
 * date goes, so the same audited scrypt parameters serve both.
 */

export const ROSTER_TYP = 'opendispense-roster+jws';

/** Technician PINs: 6 to 12 digits (a 6-digit PIN behind a 3-try lockout is the floor). */
export const TECH_PIN_PATTERN = /^[0-9]{6,12}$/;
/** Ids go into journal events and file names: a short, plain alphabet. */
export const TECHNICIAN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ROLE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

const NumericDate = z.number().int().nonnegative();

export const RosterTechnician = z.strictObject({
  id: z.string().regex(TECHNICIAN_ID_PATTERN, 'id: 1–64 of A–Z a–z 0–9 . _ -'),
  name: z.string().min(1).max(100),
  roles: z.array(z.string().regex(ROLE_PATTERN)).min(1).max(16),
  pin: z.string().regex(PATIENT_CHECK_PATTERN, 'pin must be a scrypt$15$8$1$… check value'),
});
export type RosterTechnician = z.infer<typeof RosterTechnician>;

export const Roster = z
  .strictObject({
    version: z.number().int().nonnegative(),
    issuedAt: NumericDate,
    expiresAt: NumericDate,
    technicians: z.array(RosterTechnician).max(10_000),
  })
  .refine((r) => r.expiresAt >= r.issuedAt, 'expiresAt before issuedAt')
  .refine(
    (r) => new Set(r.technicians.map((t) => t.id)).size === r.technicians.length,
    'a technician id appears twice',
  );
export type Roster = z.infer<typeof Roster>;

export const parseRoster: (value: unknown) => Result<Roster, string> = parseWith(Roster);

/** The kiosk side: a roster JWS signed by the root key → its payload. */
export function verifyRoster(
  jws: string,
  rootPublicJwk: EcPublicJwk,
): Result<Roster, SignedListError> {
  return verifyRootSignedEnvelope(ROSTER_TYP, jws, rootPublicJwk, parseRoster);
}

/** The hub / CLI side; refuses a roster every kiosk would refuse. */
export function signRoster(roster: Roster, rootKey: KeyObject): Result<string, SignedListError> {
  const parsed = parseRoster(roster);
  if (!parsed.ok) return err({ code: 'invalid_payload', detail: parsed.error });
  return signRootEnvelope(ROSTER_TYP, parsed.value, rootKey);
}

/** The roster's check value for one technician's PIN (fresh salt; `salt` for test vectors). */
export function technicianPinCheck(technicianId: string, pin: string, salt?: Uint8Array): string {
  if (!TECH_PIN_PATTERN.test(pin)) throw new RangeError('a technician PIN is 6–12 digits');
  return salt
    ? computePatientCheck(technicianId, pin, salt)
    : computePatientCheck(technicianId, pin);
}

/** True when `pin` matches the roster value; false for any malformed PIN or value. ~100 ms. */
export function matchesTechnicianPin(
  checkValue: string,
  technicianId: string,
  pin: string,
): boolean {
  if (!TECH_PIN_PATTERN.test(pin)) return false;
  return matchesPatientCheck(checkValue, technicianId, pin);
}

export function findTechnician(
  roster: Roster | undefined,
  id: string,
): RosterTechnician | undefined {
  return roster?.technicians.find((t) => t.id === id);
}
