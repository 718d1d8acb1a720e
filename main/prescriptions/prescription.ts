import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import { GTIN_SYSTEM, isValidGtin14 } from './gtin';
import { PATIENT_CHECK_PATTERN, PATIENT_CHECK_SYSTEM } from './patient-check';
import {
  KIOSK_SYSTEM,
  MedicationRequest,
  Organization,
  Patient,
  SITE_SYSTEM,
  VITALS_EXTENSION_URL,
  type Duration,
  type Reference,
  type TokenClaims,
} from './token-payload';

/**
 * A verified prescription as the kiosk uses it: the token's claims and FHIR content reduced to
 * what the dispensing rules, the label and the journal need. Times `nbf`/`exp` stay NumericDate
 * seconds as in the token; `validity` keeps the FHIR strings (their meaning depends on the
 * kiosk's time zone, which the verifier applies).
 */
export const Prescription = z.strictObject({
  jti: z.string(),
  iss: z.string(),
  /** Thumbprint of the key that signed it (revocation by key, journal). */
  kid: z.string(),
  rid: z.string().optional(),
  nbf: z.number().int(),
  exp: z.number().int().optional(),
  patient: z.strictObject({
    initials: z.string().optional(),
    birthDate: z.string().optional(),
    /** The scrypt check value of prescription-token.md §3, for the patient check (step 12). */
    check: z.string().optional(),
  }),
  medication: z.strictObject({
    display: z.string().min(1),
    codings: z.array(z.strictObject({ system: z.string(), code: z.string() })).min(1),
    gtins: z.array(z.string()),
  }),
  dose: z.string().min(1),
  packsPerFill: z.number().int().positive(),
  /** 1 + numberOfRepeatsAllowed. */
  fillsAllowed: z.number().int().positive(),
  expectedSupplyDays: z.number().positive().optional(),
  /** dispenseInterval, or 0.8 × expectedSupplyDuration when absent, or 0 when both are. */
  dispenseIntervalDays: z.number().nonnegative(),
  validity: z.strictObject({ start: z.string(), end: z.string() }),
  kioskBinding: z
    .strictObject({ kioskIds: z.array(z.string()), siteIds: z.array(z.string()) })
    .optional(),
  vitals: z
    .strictObject({
      bpSystolicMax: z.number().int().optional(),
      bpDiastolicMax: z.number().int().optional(),
      spo2Min: z.number().int().optional(),
    })
    .optional(),
  prescriber: z.strictObject({
    display: z.string().min(1),
    identifier: z.strictObject({ system: z.string().optional(), value: z.string() }).optional(),
  }),
});
export type Prescription = z.infer<typeof Prescription>;

/** Project choice (§3): without an explicit dispenseInterval, 80 % of the supply duration. */
export const DEFAULT_INTERVAL_FRACTION = 0.8;

const DAYS_PER_UNIT: Readonly<Record<string, number>> = {
  d: 1,
  day: 1,
  days: 1,
  wk: 7,
  week: 7,
  weeks: 7,
  h: 1 / 24,
  hour: 1 / 24,
  hours: 1 / 24,
};

const VITALS_KEYS = ['bpSystolicMax', 'bpDiastolicMax', 'spo2Min'] as const;

/** Why the FHIR content is unusable; technical, names fields only, never their values. */
type Problem = string;

function durationDays(duration: Duration, field: string): Result<number, Problem> {
  const unit = duration.code ?? duration.unit;
  const factor = unit === undefined ? undefined : DAYS_PER_UNIT[unit];
  if (factor === undefined) return err(`${field}: unit must be days, weeks or hours`);
  return ok(duration.value * factor);
}

function zodProblem(where: string, error: z.ZodError): Problem {
  const first = error.issues[0];
  const path = first?.path.length ? `.${first.path.join('.')}` : '';
  return `${where}${path}: ${first?.message ?? 'invalid'}`;
}

function initialsOf(patient: Patient): string | undefined {
  const name = patient.name?.[0];
  if (!name) return undefined;
  if (name.text) return name.text;
  const letters = [...(name.given ?? []), ...(name.family ? [name.family] : [])].map((part) =>
    part.charAt(0).toUpperCase(),
  );
  return letters.length > 0 ? letters.join('') : undefined;
}

/**
 * Builds the Prescription from schema-checked claims. Every missing or contradictory part is a
 * problem (the verifier reports it as `malformed`): the kiosk never guesses at a prescription.
 */
export function prescriptionFromClaims(
  claims: TokenClaims,
  kid: string,
): Result<Prescription, Problem> {
  const entries = claims.vc.credentialSubject.fhirBundle.entry;
  const resolve = (ref: string) => entries.find((e) => e.fullUrl === ref)?.resource;

  const requests = entries.filter((e) => e.resource.resourceType === 'MedicationRequest');
  if (requests.length !== 1) {
    return err(`the bundle must hold exactly one MedicationRequest (found ${requests.length})`);
  }
  const mrParsed = MedicationRequest.safeParse(requests[0]?.resource);
  if (!mrParsed.success) return err(zodProblem('MedicationRequest', mrParsed.error));
  const mr = mrParsed.data;

  const patientResource = resolve(mr.subject.reference);
  if (!patientResource) return err('MedicationRequest.subject does not resolve to a bundle entry');
  const patientParsed = Patient.safeParse(patientResource);
  if (!patientParsed.success) return err(zodProblem('Patient', patientParsed.error));
  const patient = patientParsed.data;

  const checks = (patient.identifier ?? []).filter((i) => i.system === PATIENT_CHECK_SYSTEM);
  if (checks.length > 1) return err('Patient has more than one patient-check identifier');
  const check = checks[0]?.value;
  if (check !== undefined && !PATIENT_CHECK_PATTERN.test(check)) {
    return err('Patient patient-check identifier is not scrypt$15$8$1$<salt>$<hash>');
  }

  const concept = mr.medicationCodeableConcept;
  const display = concept.text ?? concept.coding.find((c) => c.display)?.display;
  if (!display) return err('medicationCodeableConcept has neither text nor a coding display');
  const gtins = concept.coding.filter((c) => c.system === GTIN_SYSTEM).map((c) => c.code);
  if (gtins.some((g) => !isValidGtin14(g))) {
    return err('a GS1 coding is not a GTIN-14 with a valid check digit');
  }

  const request = mr.dispenseRequest;
  let expectedSupplyDays: number | undefined;
  if (request.expectedSupplyDuration) {
    const days = durationDays(request.expectedSupplyDuration, 'expectedSupplyDuration');
    if (!days.ok) return days;
    expectedSupplyDays = days.value;
  }
  // Rounded to a millisecond's worth of days so 0.8 × 28 reads 22.4, not 22.400000000000002.
  let dispenseIntervalDays =
    Math.round((expectedSupplyDays ?? 0) * DEFAULT_INTERVAL_FRACTION * 86_400_000) / 86_400_000;
  if (request.dispenseInterval) {
    const days = durationDays(request.dispenseInterval, 'dispenseInterval');
    if (!days.ok) return days;
    dispenseIntervalDays = days.value;
  }

  const binding = request.performer ? kioskBindingOf(request.performer, mr, resolve) : undefined;
  if (binding && !binding.ok) return binding;

  const vitals = vitalsOf(mr);
  if (vitals && !vitals.ok) return vitals;

  const prescription: Prescription = {
    jti: claims.jti,
    iss: claims.iss,
    kid,
    ...(claims.vc.rid !== undefined && { rid: claims.vc.rid }),
    nbf: claims.nbf,
    ...(claims.exp !== undefined && { exp: claims.exp }),
    patient: {
      ...(initialsOf(patient) !== undefined && { initials: initialsOf(patient) }),
      ...(patient.birthDate !== undefined && { birthDate: patient.birthDate }),
      ...(check !== undefined && { check }),
    },
    medication: {
      display,
      codings: concept.coding.map((c) => ({ system: c.system, code: c.code })),
      gtins,
    },
    dose: mr.dosageInstruction.map((d) => d.text).join('; '),
    packsPerFill: request.quantity.value,
    fillsAllowed: 1 + (request.numberOfRepeatsAllowed ?? 0),
    ...(expectedSupplyDays !== undefined && { expectedSupplyDays }),
    dispenseIntervalDays,
    validity: { start: request.validityPeriod.start, end: request.validityPeriod.end },
    ...(binding && { kioskBinding: binding.value }),
    ...(vitals && { vitals: vitals.value }),
    prescriber: {
      display: mr.requester.display,
      ...(mr.requester.identifier && {
        identifier: {
          ...(mr.requester.identifier.system !== undefined && {
            system: mr.requester.identifier.system,
          }),
          value: mr.requester.identifier.value,
        },
      }),
    },
  };
  // Belt and braces: the object must match the domain schema other modules rely on.
  const checked = Prescription.safeParse(prescription);
  return checked.success ? ok(checked.data) : err(zodProblem('Prescription', checked.error));
}

/**
 * The kiosk binding lives in `dispenseRequest.performer` (§3): a reference to an Organization in
 * the bundle (`resource:N`) or contained in the MedicationRequest (`#id`). A performer the kiosk
 * cannot resolve is refused rather than treated as "no binding".
 */
function kioskBindingOf(
  performer: Reference,
  mr: MedicationRequest,
  resolve: (ref: string) => unknown,
): Result<{ kioskIds: string[]; siteIds: string[] }, Problem> {
  const ref = performer.reference;
  if (!ref) return err('dispenseRequest.performer has no reference');
  const target = ref.startsWith('#')
    ? mr.contained?.find((c) => c.id === ref.slice(1))
    : resolve(ref);
  if (!target) return err('dispenseRequest.performer does not resolve');
  const org = Organization.safeParse(target);
  if (!org.success) return err(zodProblem('performer Organization', org.error));
  const ids = org.data.identifier ?? [];
  return ok({
    kioskIds: ids.filter((i) => i.system === KIOSK_SYSTEM).map((i) => i.value),
    siteIds: ids.filter((i) => i.system === SITE_SYSTEM).map((i) => i.value),
  });
}

/** The vitals extension (§3); an unknown limit is refused, since ignoring it could skip a check. */
function vitalsOf(mr: MedicationRequest): Result<Prescription['vitals'], Problem> | undefined {
  const found = (mr.extension ?? []).filter((e) => e.url === VITALS_EXTENSION_URL);
  if (found.length === 0) return undefined;
  if (found.length > 1) return err('more than one vitals extension');
  const vitals: NonNullable<Prescription['vitals']> = {};
  for (const sub of found[0]?.extension ?? []) {
    const key = VITALS_KEYS.find((k) => k === sub.url);
    if (!key) return err('vitals extension has an unknown limit');
    if (sub.valueInteger === undefined) return err(`vitals limit ${key} has no valueInteger`);
    if (vitals[key] !== undefined) return err(`vitals limit ${key} appears twice`);
    vitals[key] = sub.valueInteger;
  }
  if (Object.keys(vitals).length === 0) return err('vitals extension has no limits');
  return ok(vitals);
}
