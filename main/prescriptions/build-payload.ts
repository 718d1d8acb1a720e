import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import { GTIN_SYSTEM, isValidGtin14 } from './gtin';
import { computePatientCheck, PATIENT_CHECK_SYSTEM, PIN_PATTERN } from './patient-check';
import {
  FHIR_VERSION,
  FhirDate,
  FhirDateOrDateTime,
  HEALTH_CARD_TYPE,
  KIOSK_SYSTEM,
  SITE_SYSTEM,
  VITALS_EXTENSION_URL,
  type Coding,
  type Identifier,
  type MedicationRequest,
  type TokenClaims,
} from './token-payload';

/**
 * The friendly input a pharmacist tool (rx:demo, later `rx sign` and the hub) fills in, and its
 * translation into token claims with a minimal FHIR Bundle (prescription-token.md §3: initials and
 * birth date only, the PIN only as its scrypt check value).
 */
export const PrescriptionDraft = z.strictObject({
  /** Issuer URL, the `iss` the trust list has for the signing key. */
  issuer: z.url().refine((s) => !s.endsWith('/'), 'issuer URL must not end with "/"'),
  /** Default: a random UUID. */
  jti: z.uuid().optional(),
  rid: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,24}$/)
    .optional(),
  /** NumericDate (seconds); default: now. */
  notBefore: z.number().int().nonnegative().optional(),
  /** NumericDate (seconds); optional. */
  expiresAt: z.number().int().positive().optional(),
  patient: z.strictObject({
    initials: z.string().min(1).max(8).optional(),
    birthDate: FhirDate,
    pin: z.string().regex(PIN_PATTERN, 'the PIN must be 6 digits'),
  }),
  medication: z
    .strictObject({
      display: z.string().min(1),
      gtin: z
        .string()
        .refine(isValidGtin14, 'GTIN must be 14 digits with a valid check digit')
        .optional(),
      codings: z
        .array(z.strictObject({ system: z.string().min(1), code: z.string().min(1) }))
        .optional(),
    })
    .refine((m) => m.gtin !== undefined || (m.codings?.length ?? 0) > 0, 'give a GTIN or a coding'),
  dose: z.string().min(1),
  packsPerFill: z.number().int().positive(),
  /** Total fills including the first (numberOfRepeatsAllowed = fills − 1). */
  fills: z.number().int().positive(),
  expectedSupplyDays: z.number().positive().optional(),
  /** Default: 0.8 × expectedSupplyDays (the verifier applies it, so nothing is written). */
  dispenseIntervalDays: z.number().nonnegative().optional(),
  validity: z.strictObject({ start: FhirDateOrDateTime, end: FhirDateOrDateTime }),
  binding: z
    .strictObject({
      kioskIds: z.array(z.string().min(1)).optional(),
      siteIds: z.array(z.string().min(1)).optional(),
    })
    .refine(
      (b) => (b.kioskIds?.length ?? 0) + (b.siteIds?.length ?? 0) > 0,
      'binding names no kiosk or site',
    )
    .optional(),
  vitals: z
    .strictObject({
      bpSystolicMax: z.number().int().positive().optional(),
      bpDiastolicMax: z.number().int().positive().optional(),
      spo2Min: z.number().int().positive().optional(),
    })
    .optional(),
  prescriber: z.strictObject({
    display: z.string().min(1),
    identifier: z
      .strictObject({ system: z.string().min(1).optional(), value: z.string().min(1) })
      .optional(),
  }),
  /** Optional: left out by default to keep the token small. */
  authoredOn: FhirDateOrDateTime.optional(),
});
export type PrescriptionDraft = z.input<typeof PrescriptionDraft>;

export interface BuildPayloadError {
  readonly code: 'invalid_input';
  /** One line per problem, naming the field; never the value (it may be a PIN or birth date). */
  readonly issues: readonly string[];
}

const UCUM = 'http://unitsofmeasure.org';
/** A Duration in days: UCUM code `d` (FHIR drt-1), no display unit, since every byte counts (§2). */
const days = (value: number) => ({ value, system: UCUM, code: 'd' });

/** `now` (epoch ms) only fills defaults: nbf. Runs scrypt once (~100 ms). */
export function buildPrescriptionPayload(
  draft: PrescriptionDraft,
  now: number = Date.now(),
): Result<TokenClaims, BuildPayloadError> {
  const parsed = PrescriptionDraft.safeParse(draft);
  if (!parsed.success) {
    return err({
      code: 'invalid_input',
      issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`),
    });
  }
  const d = parsed.data;

  const codings: Coding[] = [
    ...(d.medication.gtin ? [{ system: GTIN_SYSTEM, code: d.medication.gtin }] : []),
    ...(d.medication.codings ?? []),
  ];
  const bindingIds: Identifier[] = [
    ...(d.binding?.kioskIds ?? []).map((value) => ({ system: KIOSK_SYSTEM, value })),
    ...(d.binding?.siteIds ?? []).map((value) => ({ system: SITE_SYSTEM, value })),
  ];
  const vitals = Object.entries(d.vitals ?? {}).flatMap(([url, valueInteger]) =>
    valueInteger === undefined ? [] : [{ url, valueInteger }],
  );

  const medicationRequest: MedicationRequest = {
    resourceType: 'MedicationRequest',
    // The binding rides as a contained Organization: smaller than a bundle entry.
    ...(bindingIds.length > 0 && {
      contained: [{ resourceType: 'Organization', id: 'k', identifier: bindingIds }],
    }),
    ...(vitals.length > 0 && { extension: [{ url: VITALS_EXTENSION_URL, extension: vitals }] }),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: codings, text: d.medication.display },
    subject: { reference: 'resource:0' },
    ...(d.authoredOn !== undefined && { authoredOn: d.authoredOn }),
    requester: {
      display: d.prescriber.display,
      ...(d.prescriber.identifier && { identifier: d.prescriber.identifier }),
    },
    dosageInstruction: [{ text: d.dose }],
    dispenseRequest: {
      validityPeriod: d.validity,
      numberOfRepeatsAllowed: d.fills - 1,
      quantity: { value: d.packsPerFill, unit: 'pack' },
      ...(d.expectedSupplyDays !== undefined && {
        expectedSupplyDuration: days(d.expectedSupplyDays),
      }),
      ...(d.dispenseIntervalDays !== undefined && {
        dispenseInterval: days(d.dispenseIntervalDays),
      }),
      ...(bindingIds.length > 0 && { performer: { reference: '#k' } }),
    },
  };

  const patient = {
    resourceType: 'Patient' as const,
    ...(d.patient.initials && { name: [{ text: d.patient.initials }] }),
    birthDate: d.patient.birthDate,
    identifier: [
      {
        system: PATIENT_CHECK_SYSTEM,
        value: computePatientCheck(d.patient.birthDate, d.patient.pin),
      },
    ],
  };

  return ok({
    iss: d.issuer,
    nbf: d.notBefore ?? Math.floor(now / 1000),
    ...(d.expiresAt !== undefined && { exp: d.expiresAt }),
    jti: d.jti ?? randomUUID(),
    vc: {
      type: [HEALTH_CARD_TYPE],
      ...(d.rid !== undefined && { rid: d.rid }),
      credentialSubject: {
        fhirVersion: FHIR_VERSION,
        fhirBundle: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [
            { fullUrl: 'resource:0', resource: patient },
            { fullUrl: 'resource:1', resource: medicationRequest },
          ],
        },
      },
    },
  });
}
