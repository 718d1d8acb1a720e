import { z } from 'zod';
import { RestockOrderLine } from '../../contracts/restock-order';
import { isValidGtin14 } from '../../main/prescriptions/gtin';
import { CONSOLE_API_PREFIX } from './console-api';

/**
 * The console's API for technicians and stock (issues 7 and 9): the roster, service badges and
 * their revocation, restock orders and cold-chain slot releases. Pure zod with no Node imports,
 * like console-api.ts, so the React console and the hub share it. The hub checks what it signs
 * once more with the kiosk's own schemas (main/technician/roster.ts, contracts/restock-order.ts,
 * contracts/slot-release.ts): a drift between these rules and the kiosk's is refused, never sent.
 */

export const TECHNICIAN_STOCK_ROUTES = {
  technicians: `${CONSOLE_API_PREFIX}/technicians`,
  removeTechnician: `${CONSOLE_API_PREFIX}/technicians/remove`,
  badges: `${CONSOLE_API_PREFIX}/technicians/badges`,
  revokeBadge: `${CONSOLE_API_PREFIX}/technicians/badges/revoke`,
  restockOrders: `${CONSOLE_API_PREFIX}/restock-orders`,
  withdrawRestockOrder: `${CONSOLE_API_PREFIX}/restock-orders/withdraw`,
  coldChain: `${CONSOLE_API_PREFIX}/cold-chain`,
  releaseSlot: `${CONSOLE_API_PREFIX}/cold-chain/release`,
} as const;

const kioskId = z.string().trim().min(1).max(64);
const reason = z.string().trim().min(1, 'say why, in a few words').max(500);

// ── Technicians and badges ───────────────────────────────────────────────────────────────────────

/** As main/technician/roster.ts (which imports node:crypto, so the console cannot). */
const technicianId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'technician id: 1–64 of A–Z a–z 0–9 . _ - ');
const role = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a role is lowercase letters, digits, "_" or "-"');

/** The roles the console offers; `technician` opens the whole technician panel on the kiosk. */
export const TECHNICIAN_ROLES = ['technician', 'restock', 'maintenance'] as const;

export const AddTechnicianRequest = z.strictObject({
  id: technicianId,
  name: z.string().trim().min(1).max(100),
  roles: z
    .array(role)
    .min(1, 'give at least one role')
    .max(16)
    .refine((r) => new Set(r).size === r.length, 'a role appears twice'),
  /** Typed by the pharmacist, hashed at once; never stored, logged or answered. */
  pin: z.string().regex(/^[0-9]{6,12}$/, 'the PIN must be 6 to 12 digits'),
});
export type AddTechnicianRequest = z.infer<typeof AddTechnicianRequest>;

export const RemoveTechnicianRequest = z.strictObject({ id: technicianId, reason });
export type RemoveTechnicianRequest = z.infer<typeof RemoveTechnicianRequest>;

export const IssueBadgeRequest = z.strictObject({
  technicianId,
  /** How long the badge works, in days. */
  validDays: z.number().int().min(1).max(365).default(90),
});
export type IssueBadgeRequest = z.input<typeof IssueBadgeRequest>;

export const RevokeBadgeRequest = z.strictObject({
  badgeId: z.string().trim().min(1).max(128),
  reason,
});
export type RevokeBadgeRequest = z.infer<typeof RevokeBadgeRequest>;

export const BadgeSummary = z.strictObject({
  badgeId: z.string(),
  issuedBy: z.string(),
  issuedAt: z.string(),
  /** ISO times of the badge's `nbf` and `exp`. */
  validFrom: z.string(),
  validUntil: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
export type BadgeSummary = z.infer<typeof BadgeSummary>;

export const TechnicianSummary = z.strictObject({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  addedBy: z.string(),
  addedAt: z.string(),
  badges: z.array(BadgeSummary),
});
export type TechnicianSummary = z.infer<typeof TechnicianSummary>;

export const TechnicianList = z.strictObject({
  technicians: z.array(TechnicianSummary),
  /** The roster download the kiosks get; null before the first technician. */
  roster: z.strictObject({ version: z.number().int(), expiresAt: z.string() }).nullable(),
});
export type TechnicianList = z.infer<typeof TechnicianList>;

/** A badge just signed: shown once, as a QR to print, with its validity. */
export const IssuedBadge = z.strictObject({
  badgeId: z.string(),
  technicianId: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  validFrom: z.string(),
  validUntil: z.string(),
  /** `odb:/` + digits: what the QR holds. */
  qrText: z.string(),
  /** `data:image/png;base64,…` of the QR. */
  qrPng: z.string(),
});
export type IssuedBadge = z.infer<typeof IssuedBadge>;

// ── Restock orders ───────────────────────────────────────────────────────────────────────────────

/** The kiosk's line, with the GTIN's check digit checked too (a typo is caught here, not at the cabinet). */
export const RestockLineRequest = RestockOrderLine.extend({
  gtin: z
    .string()
    .refine(isValidGtin14, 'expected a 14-digit GTIN with a valid check digit (under the barcode)'),
  medication: z.string().trim().min(1, 'name the medicine').max(200),
});

export const CreateRestockOrderRequest = z.strictObject({
  kioskId,
  note: z.string().trim().max(500).default(''),
  lines: z
    .array(RestockLineRequest)
    .min(1, 'add at least one line')
    .max(500)
    .refine(
      (lines) => new Set(lines.map((l) => l.slot)).size === lines.length,
      'a slot appears on two lines: put its packs on one line',
    ),
});
export type CreateRestockOrderRequest = z.input<typeof CreateRestockOrderRequest>;

export const WithdrawRestockOrderRequest = z.strictObject({ kioskId, reason });
export type WithdrawRestockOrderRequest = z.infer<typeof WithdrawRestockOrderRequest>;

export const KioskRestockOrder = z.strictObject({
  kioskId: z.string(),
  kioskName: z.string(),
  siteId: z.string(),
  /** The order the kiosk has (or gets at its next sync); null when none or withdrawn. */
  order: z
    .strictObject({
      orderId: z.string(),
      createdBy: z.string(),
      createdAt: z.string(),
      note: z.string(),
      lines: z.array(RestockOrderLine),
      version: z.number().int(),
    })
    .nullable(),
});
export type KioskRestockOrder = z.infer<typeof KioskRestockOrder>;

export const RestockOrderList = z.strictObject({ kiosks: z.array(KioskRestockOrder) });
export type RestockOrderList = z.infer<typeof RestockOrderList>;

// ── Cold-chain releases ──────────────────────────────────────────────────────────────────────────

export const ReleaseSlotRequest = z.strictObject({
  kioskId,
  slot: z.number().int().positive(),
  excursionSeq: z.number().int().positive(),
  note: z.string().trim().min(1, 'say what you checked, in a few words').max(500),
});
export type ReleaseSlotRequest = z.infer<typeof ReleaseSlotRequest>;

export const BlockedSlot = z.strictObject({
  kioskId: z.string(),
  kioskName: z.string(),
  slot: z.number().int(),
  /** The COLD_CHAIN_EXCURSION event's seq, and the SLOT_BLOCKED event's. */
  excursionSeq: z.number().int(),
  blockedSeq: z.number().int(),
  /** Kiosk clock, ISO. */
  blockedAt: z.string(),
  gtins: z.array(z.string()),
  /** The excursion's reading and band, °C; null when the hub does not hold that event. */
  excursion: z
    .strictObject({ temperatureC: z.number(), minC: z.number(), maxC: z.number(), at: z.string() })
    .nullable(),
  /** Released in the console, waiting for the kiosk's next sync; null while still blocked. */
  release: z
    .strictObject({ releasedBy: z.string(), releasedAt: z.string(), version: z.number().int() })
    .nullable(),
});
export type BlockedSlot = z.infer<typeof BlockedSlot>;

export const ColdChainList = z.strictObject({ blocked: z.array(BlockedSlot) });
export type ColdChainList = z.infer<typeof ColdChainList>;
