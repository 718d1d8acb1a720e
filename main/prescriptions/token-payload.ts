import { z } from 'zod';
import { isFhirDate, isFhirDateTime } from './fhir-time';

/**
 * The JWS payload of a prescription token (prescription-token.md §1 and §3): SMART Health Cards
 * claims around a minimal FHIR Bundle. One set of schemas serves the signer (types of what it
 * builds) and the verifier (validation of what it reads). Unknown members are dropped rather than
 * refused, as FHIR and SHC allow extensions; everything the kiosk relies on is checked.
 */

export const HEALTH_CARD_TYPE = 'https://smarthealth.cards#health-card';
export const FHIR_VERSION = '4.0.1';
export const VITALS_EXTENSION_URL = 'urn:opendispense:vitals';
export const KIOSK_SYSTEM = 'urn:opendispense:kiosk';
export const SITE_SYSTEM = 'urn:opendispense:site';

export const FhirDate = z.string().refine(isFhirDate, 'expected a FHIR date YYYY-MM-DD');
export const FhirDateOrDateTime = z
  .string()
  .refine(
    (s) => isFhirDate(s) || isFhirDateTime(s),
    'expected a FHIR date or dateTime with offset',
  );

export const Coding = z.object({
  system: z.string().min(1),
  code: z.string().min(1),
  display: z.string().min(1).optional(),
});

export const Identifier = z.object({
  system: z.string().min(1).optional(),
  value: z.string().min(1),
});

export const Reference = z.object({
  reference: z.string().min(1).optional(),
  display: z.string().min(1).optional(),
  identifier: Identifier.optional(),
});

/** A FHIR Duration; the kiosk understands days, weeks and hours (UCUM `d`, `wk`, `h`). */
export const Duration = z.object({
  value: z.number().positive(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

export const Extension = z.object({
  url: z.string().min(1),
  valueInteger: z.number().int().optional(),
  extension: z
    .array(z.object({ url: z.string().min(1), valueInteger: z.number().int().optional() }))
    .optional(),
});

export const Patient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().optional(),
  /** Minimised: initials in `text` (or taken from given/family). */
  name: z
    .array(
      z.object({
        text: z.string().min(1).optional(),
        given: z.array(z.string().min(1)).optional(),
        family: z.string().min(1).optional(),
      }),
    )
    .optional(),
  birthDate: FhirDate.optional(),
  identifier: z.array(Identifier).optional(),
});

export const Organization = z.object({
  resourceType: z.literal('Organization'),
  id: z.string().optional(),
  name: z.string().optional(),
  identifier: z.array(Identifier).optional(),
});

export const MedicationRequest = z.object({
  resourceType: z.literal('MedicationRequest'),
  /** A "must understand" extension the kiosk cannot know is a reason to refuse, not to ignore. */
  modifierExtension: z.undefined({ error: 'modifierExtension is not supported' }).optional(),
  contained: z.array(z.looseObject({ resourceType: z.string() })).optional(),
  extension: z.array(Extension).optional(),
  status: z.literal('active'),
  intent: z.literal('order'),
  medicationCodeableConcept: z.object({
    coding: z.array(Coding).min(1),
    text: z.string().min(1).optional(),
  }),
  subject: Reference.extend({ reference: z.string().min(1) }),
  authoredOn: FhirDateOrDateTime.optional(),
  requester: Reference.extend({ display: z.string().min(1) }),
  dosageInstruction: z.array(z.object({ text: z.string().min(1) })).min(1),
  dispenseRequest: z.object({
    validityPeriod: z.object({ start: FhirDateOrDateTime, end: FhirDateOrDateTime }),
    numberOfRepeatsAllowed: z.number().int().min(0).optional(),
    /** Project choice: the amount per fill is a whole number of packs. */
    quantity: z.object({ value: z.number().int().positive(), unit: z.literal('pack') }),
    expectedSupplyDuration: Duration.optional(),
    dispenseInterval: Duration.optional(),
    performer: Reference.optional(),
  }),
});

export const BundleEntry = z.object({
  fullUrl: z.string().min(1),
  resource: z.looseObject({ resourceType: z.string().min(1) }),
});

export const FhirBundle = z.object({
  resourceType: z.literal('Bundle'),
  type: z.literal('collection'),
  entry: z.array(BundleEntry).min(1),
});

export const TokenClaims = z.object({
  iss: z.url().refine((s) => !s.endsWith('/'), 'issuer URL must not end with "/"'),
  nbf: z.number().int().nonnegative(),
  exp: z.number().int().positive().optional(),
  jti: z.uuid(),
  vc: z.object({
    type: z.array(z.string()).refine((t) => t.includes(HEALTH_CARD_TYPE), {
      error: `vc.type must contain ${HEALTH_CARD_TYPE}`,
    }),
    rid: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,24}$/, 'vc.rid must be base64url, at most 24 characters')
      .optional(),
    credentialSubject: z.object({
      fhirVersion: z.literal(FHIR_VERSION),
      fhirBundle: FhirBundle,
    }),
  }),
});

export type Coding = z.infer<typeof Coding>;
export type Identifier = z.infer<typeof Identifier>;
export type Reference = z.infer<typeof Reference>;
export type Duration = z.infer<typeof Duration>;
export type Extension = z.infer<typeof Extension>;
export type Patient = z.infer<typeof Patient>;
export type Organization = z.infer<typeof Organization>;
export type MedicationRequest = z.infer<typeof MedicationRequest>;
export type FhirBundle = z.infer<typeof FhirBundle>;
/** What the signer puts in the JWS payload (before JSON and DEFLATE). */
export type TokenClaims = z.infer<typeof TokenClaims>;
