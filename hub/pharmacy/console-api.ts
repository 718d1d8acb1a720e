import { z } from 'zod';
import { SiteSettings } from '../../main/config/site-settings';
import { isValidGtin14 } from '../../main/prescriptions/gtin';

/**
 * The pharmacist console's API (issue 7): request bodies the hub validates and the answers the
 * console draws. Pure zod with no Node imports, so the React console (hub/console) and the hub
 * (hub/pharmacy) import the same file and cannot drift. Every refusal is 4xx with the `HubError`
 * of contracts/hub-api.ts and changes nothing.
 */

export const CONSOLE_API_PREFIX = '/api/v1/console';

export const CONSOLE_ROUTES = {
  login: `${CONSOLE_API_PREFIX}/login`,
  logout: `${CONSOLE_API_PREFIX}/logout`,
  me: `${CONSOLE_API_PREFIX}/me`,
  sites: `${CONSOLE_API_PREFIX}/sites`,
  prescriptions: `${CONSOLE_API_PREFIX}/prescriptions`,
  revoke: `${CONSOLE_API_PREFIX}/prescriptions/revoke`,
  refills: `${CONSOLE_API_PREFIX}/refills`,
  approveRefillRequest: `${CONSOLE_API_PREFIX}/refill-requests/approve`,
  declineRefillRequest: `${CONSOLE_API_PREFIX}/refill-requests/decline`,
  recalls: `${CONSOLE_API_PREFIX}/recalls`,
  lockKiosk: `${CONSOLE_API_PREFIX}/kiosks/lock`,
  unlockKiosk: `${CONSOLE_API_PREFIX}/kiosks/unlock`,
  enrollmentCodes: `${CONSOLE_API_PREFIX}/enrollment-codes`,
  review: `${CONSOLE_API_PREFIX}/review`,
  resolveReview: `${CONSOLE_API_PREFIX}/review/resolve`,
  fleet: `${CONSOLE_API_PREFIX}/fleet`,
  audit: `${CONSOLE_API_PREFIX}/audit`,
  siteConfig: `${CONSOLE_API_PREFIX}/site-config`,
} as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const gtin14 = z
  .string()
  .refine(
    isValidGtin14,
    'expected a 14-digit GTIN with a valid check digit (the number under the pack barcode)',
  );
const id = z.string().trim().min(1).max(64);
const reason = z.string().trim().min(1, 'say why, in a few words').max(500);

// ── Session ──────────────────────────────────────────────────────────────────────────────────────

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z.strictObject({ username: z.string(), displayName: z.string() });
export type Me = z.infer<typeof Me>;

// ── Sites and kiosks ─────────────────────────────────────────────────────────────────────────────

export const CreateSiteRequest = z.strictObject({
  siteId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,31}$/, 'site id: 2–32 lowercase letters, digits or "-"'),
  name: z.string().trim().min(1).max(80),
});
export type CreateSiteRequest = z.infer<typeof CreateSiteRequest>;

export const SiteSummary = z.strictObject({
  siteId: z.string(),
  name: z.string(),
  kiosks: z.array(z.strictObject({ kioskId: z.string(), name: z.string(), status: z.string() })),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

export const SiteList = z.strictObject({ sites: z.array(SiteSummary) });
export type SiteList = z.infer<typeof SiteList>;

/** GET ?siteId=: a site's settings in force (defaults before the first save). */
export const SiteConfigQuery = z.strictObject({ siteId: id });
export const SiteConfigAnswer = z.strictObject({
  siteId: z.string(),
  version: z.number().int().nullable(),
  settings: SiteSettings,
});
export type SiteConfigAnswer = z.infer<typeof SiteConfigAnswer>;
/** POST: publish a site's settings (every field; the kiosks' own schema checks them). */
export const SiteConfigRequest = z.strictObject({ siteId: id, settings: SiteSettings });
export type SiteConfigRequest = z.infer<typeof SiteConfigRequest>;

// ── Prescriptions ────────────────────────────────────────────────────────────────────────────────

export const IssuePrescriptionRequest = z
  .strictObject({
    patient: z.strictObject({
      initials: z.string().trim().max(8).optional(),
      birthDate: isoDate,
      /** Optional: without one the hub makes a random PIN and returns it once. */
      pin: z
        .string()
        .regex(/^[0-9]{6}$/, 'the PIN must be 6 digits')
        .optional(),
    }),
    medication: z.strictObject({ display: z.string().trim().min(1).max(80), gtin: gtin14 }),
    dose: z.string().trim().min(1).max(120),
    packsPerFill: z.number().int().min(1).max(10),
    fills: z.number().int().min(1).max(12),
    expectedSupplyDays: z.number().int().min(1).max(365),
    /** Days from today the prescription can be filled. */
    validDays: z.number().int().min(1).max(730),
    siteIds: z.array(id).max(4).default([]),
    kioskIds: z.array(id).max(4).default([]),
    vitals: z
      .strictObject({
        bpSystolicMax: z.number().int().min(60).max(260).optional(),
        bpDiastolicMax: z.number().int().min(30).max(160).optional(),
        spo2Min: z.number().int().min(50).max(100).optional(),
      })
      .optional(),
  })
  .refine((r) => r.siteIds.length + r.kioskIds.length > 0, {
    message: 'name at least one site or kiosk where it may be filled',
    path: ['siteIds'],
  });
export type IssuePrescriptionRequest = z.input<typeof IssuePrescriptionRequest>;

export const IssuedPrescription = z.strictObject({
  jti: z.string(),
  /** `shc:/` + digits: what the QR holds. */
  qrText: z.string(),
  /** `OD-XXXX-XXXX`, printed under the QR: what the patient types when the QR will not scan. */
  shortCode: z.string(),
  /** `data:image/png;base64,…` of the QR. */
  qrPng: z.string(),
  qrVersion: z.number().int(),
  jwsLength: z.number().int(),
  /** Only when the hub chose the PIN: shown once, never stored. */
  pin: z.string().optional(),
});
export type IssuedPrescription = z.infer<typeof IssuedPrescription>;

export const RevokePrescriptionRequest = z.strictObject({
  jti: z.string().trim().min(1).max(128),
  reason,
});
export type RevokePrescriptionRequest = z.infer<typeof RevokePrescriptionRequest>;

// ── Refills ──────────────────────────────────────────────────────────────────────────────────────

const refillTerms = {
  extraFills: z.number().int().min(1).max(12).default(1),
  /** How long the authorization may be used, in days. */
  validDays: z.number().int().min(1).max(365).default(30),
};

/** A refill authorization without a request (the pharmacist's own decision). */
export const AuthorizeRefillRequest = z.strictObject({
  jti: z.string().trim().min(1).max(128),
  siteId: id,
  ...refillTerms,
});
export type AuthorizeRefillRequest = z.input<typeof AuthorizeRefillRequest>;

/** A REFILL_REQUESTED journal event, named by its kiosk and seq. */
export const EventRef = z.strictObject({
  kioskId: id,
  seq: z.number().int().positive(),
});
export type EventRef = z.infer<typeof EventRef>;

export const ApproveRefillRequest = z.strictObject({ ...EventRef.shape, ...refillTerms });
export type ApproveRefillRequest = z.input<typeof ApproveRefillRequest>;

export const DeclineRefillRequest = z.strictObject({ ...EventRef.shape, reason });
export type DeclineRefillRequest = z.infer<typeof DeclineRefillRequest>;

// ── Recalls, locks, enrollment ───────────────────────────────────────────────────────────────────

export const RecallLotRequest = z.strictObject({
  gtin: gtin14,
  lot: z.string().trim().min(1).max(20),
  reason,
});
export type RecallLotRequest = z.infer<typeof RecallLotRequest>;

export const KioskLockRequest = z.strictObject({ kioskId: id, reason });
export type KioskLockRequest = z.infer<typeof KioskLockRequest>;

export const CreateEnrollmentCodeRequest = z.strictObject({
  siteId: id,
  ttlHours: z.number().int().min(1).max(168).default(24),
});
export type CreateEnrollmentCodeRequest = z.input<typeof CreateEnrollmentCodeRequest>;

export const EnrollmentCode = z.strictObject({
  code: z.string(),
  siteId: z.string(),
  expiresAt: z.string(),
});
export type EnrollmentCode = z.infer<typeof EnrollmentCode>;

/** What a publishing action answers: the download it signed. */
export const Published = z.strictObject({
  kind: z.string(),
  scope: z.string(),
  version: z.number().int(),
});
export type Published = z.infer<typeof Published>;

// ── Review queue ─────────────────────────────────────────────────────────────────────────────────

export const REVIEW_KINDS = [
  'uncertain_dispense',
  'vitals_out_of_range',
  'patient_locked',
  'help_requested',
  'refill_requested',
  'fork',
  'duplicate_fill',
  'alert',
  // Stock a technician's hands changed (issue 9): blind-count discrepancies, motor tests that
  // removed stock, packs taken out.
  'count_discrepancy',
  'stock_adjustment',
  'pack_removed',
] as const;
export const ReviewKind = z.enum(REVIEW_KINDS);
export type ReviewKind = z.infer<typeof ReviewKind>;

export const ReviewRef = z.union([
  EventRef,
  z.strictObject({ alertId: z.number().int().positive() }),
]);
export type ReviewRef = z.infer<typeof ReviewRef>;

export const ReviewItem = z.strictObject({
  ref: ReviewRef,
  kind: ReviewKind,
  kioskId: z.string().nullable(),
  kioskName: z.string().nullable(),
  /** ISO time: the kiosk's clock for journal events, the hub's for alerts. */
  at: z.string(),
  title: z.string(),
  detail: z.string(),
  jti: z.string().optional(),
  /** Refill requests: pending → approved/declined; everything else: open → resolved. */
  state: z.enum(['open', 'resolved', 'pending', 'approved', 'declined']),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQueue = z.strictObject({ items: z.array(ReviewItem) });
export type ReviewQueue = z.infer<typeof ReviewQueue>;

export const ResolveReviewRequest = z.strictObject({
  ref: ReviewRef,
  note: z.string().trim().max(500).default(''),
});
export type ResolveReviewRequest = z.input<typeof ResolveReviewRequest>;

// ── Fleet dashboard ──────────────────────────────────────────────────────────────────────────────

export const SlotStock = z.strictObject({
  slot: z.number().int(),
  gtin: z.string().nullable(),
  packs: z.number().int(),
  /** Packs in this slot expiring within EXPIRING_DAYS (or already expired). */
  expiring: z.number().int(),
});
export type SlotStock = z.infer<typeof SlotStock>;

export const ExpiringLot = z.strictObject({
  slot: z.number().int(),
  gtin: z.string(),
  lot: z.string(),
  expiry: z.string(),
  packs: z.number().int(),
  daysLeft: z.number().int(),
});
export type ExpiringLot = z.infer<typeof ExpiringLot>;

export const Fault = z.strictObject({
  seq: z.number().int(),
  at: z.string(),
  outcome: z.string(),
  slot: z.number().int().nullable(),
  detail: z.string(),
});
export type Fault = z.infer<typeof Fault>;

export const TemperaturePoint = z.strictObject({ at: z.string(), c: z.number() });
export type TemperaturePoint = z.infer<typeof TemperaturePoint>;

export const KioskDashboard = z.strictObject({
  kioskId: z.string(),
  name: z.string(),
  siteId: z.string(),
  status: z.enum(['active', 'flagged', 'revoked', 'locked']),
  statusReason: z.string().nullable(),
  lastSeq: z.number().int(),
  lastSyncAt: z.string().nullable(),
  /** ms since the last sync, on the hub's clock; null before the first. */
  sinceSyncMs: z.number().nullable(),
  /** ISO time of the newest event stored, on the kiosk's clock. */
  lastEventAt: z.string().nullable(),
  slots: z.array(SlotStock),
  expiringLots: z.array(ExpiringLot),
  faults: z.array(Fault),
  uncertainDispenses: z.number().int(),
  temperature: z.strictObject({
    minC: z.number(),
    maxC: z.number(),
    points: z.array(TemperaturePoint),
    /** Readings outside the band in the window. */
    excursions: z.number().int(),
  }),
});
export type KioskDashboard = z.infer<typeof KioskDashboard>;

export const FleetDashboard = z.strictObject({
  generatedAt: z.string(),
  expiringDays: z.number().int(),
  temperatureDays: z.number().int(),
  offlineWindowDays: z.number().int(),
  kiosks: z.array(KioskDashboard),
});
export type FleetDashboard = z.infer<typeof FleetDashboard>;

// ── Audit ────────────────────────────────────────────────────────────────────────────────────────

export const AuditLog = z.strictObject({
  entries: z.array(
    z.strictObject({
      at: z.string(),
      username: z.string(),
      action: z.string(),
      detail: z.unknown(),
    }),
  ),
});
export type AuditLog = z.infer<typeof AuditLog>;
