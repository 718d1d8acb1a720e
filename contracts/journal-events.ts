import { z } from 'zod';

/**
 * Every journal event type and the shape of its `data` (DESIGN §5). docs/journal.md documents
 * each one; an issue that adds a type adds it here and there.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const gtin = z.string().regex(/^\d{14}$/, 'expected a 14-digit GTIN');

export const DISPENSE_OUTCOMES = [
  'SUCCESS',
  'FAIL_JAM',
  'FAIL_MOTOR_OVERRUN',
  'FAIL_NO_MOTOR',
  'FAIL_LIFT',
  'FAIL_ABORTED',
  'FAIL_NO_DROP',
  'FAIL_SENSOR_BLOCKED',
  'FAIL_UNKNOWN_STATUS',
  'UNCERTAIN',
] as const;
export const DispenseOutcome = z.enum(DISPENSE_OUTCOMES);
export type DispenseOutcome = z.infer<typeof DispenseOutcome>;

export const Pack = z.strictObject({
  gtin,
  lot: z.string().min(1).max(20),
  expiry: isoDate,
  serial: z.string().min(1).max(20).optional(),
});
export type Pack = z.infer<typeof Pack>;

export const JournalEventData = {
  /** First event of every kiosk process start. */
  KIOSK_STARTED: z.strictObject({
    appVersion: z.string(),
    hardware: z.enum(['simulated', 'configured']),
  }),
  /** Closes a segment: signed by the device key so a cut or edited segment is detectable. */
  CHECKPOINT: z.strictObject({
    segment: z.number().int().positive(),
    lastSeq: z.number().int().positive(),
    lastHash: z.string().regex(/^[0-9a-f]{64}$/),
    keyId: z.string(),
    /** base64url ES256 (raw R‖S) signature over `${segment}:${lastSeq}:${lastHash}`. */
    signature: z.string(),
  }),
  /**
   * The cabinet as the dispenser board reports it (0x51 → 0x52): journaled every few minutes and
   * at once when the door or the temperature controller changes, for the temperature chart and
   * cold-chain checks.
   */
  CABINET_READING: z.strictObject({
    /** °C; null when the board reports no sensor (0x7FFF). */
    temperatureC: z.number().nullable(),
    setpointC: z.number().nullable(),
    door: z.enum(['open', 'closed']),
    temperatureControl: z.enum(['ok', 'fault']),
  }),
  /** Packs loaded into a slot (demo stock, later the technician's restock by scan). */
  RESTOCK: z.strictObject({
    slot: z.number().int().positive(),
    packs: z.array(Pack).min(1),
    /** The technician who scanned it on the panel's restock tool; absent from the CLI and demo. */
    technicianId: z.string().min(1).max(64).optional(),
  }),
  /** A scanned prescription passed the verifier; no patient data beyond the token id. */
  RX_ACCEPTED: z.strictObject({
    jti: z.string(),
    medication: z.string(),
    packs: z.number().int().positive(),
  }),
  /** A scanned prescription was refused; `reason` is a code of prescription-token.md §4a. */
  RX_REFUSED: z.strictObject({
    reason: z.string(),
    detail: z.string(),
  }),
  /**
   * A wrong date of birth / PIN for a prescription (prescription-token.md §4 step 12). Journaled
   * BEFORE the patient is answered, so the attempt limit survives a kill -9; `locked` on the
   * attempt that locks the token on this kiosk. Never holds what was typed.
   */
  PATIENT_CHECK_FAILED: z.strictObject({
    jti: z.string(),
    attempt: z.number().int().positive(),
    locked: z.boolean(),
  }),
  /**
   * The hub acknowledged this kiosk's events up to `upToSeq` (sync; before the hub exists, the
   * test control API). Fills at or below it no longer count for the offline one-fill rule.
   */
  FILLS_ACKNOWLEDGED: z.strictObject({
    upToSeq: z.number().int().nonnegative(),
    source: z.enum(['hub', 'test']),
  }),
  /**
   * A successful sync with the hub (or, with no hub configured, the demo's or a test's stamp).
   * Its time starts the offline window of prescription-token.md §4a.
   */
  SYNC_COMPLETED: z.strictObject({
    /** Epoch ms of the sync, on the kiosk's clock. */
    at: z.number().int(),
    source: z.enum(['hub', 'demo', 'test']),
    /** Hub clock minus kiosk clock (ms) measured in this sync; only from a hub. */
    hubOffsetMs: z.number().int().optional(),
  }),
  /** A signed list (prescription-token.md §4a) was verified and installed. */
  LIST_INSTALLED: z.strictObject({
    kind: z.enum([
      'trust',
      'revocation',
      'refill',
      'config',
      'restock',
      'lock',
      'roster',
      'release',
    ]),
    version: z.number().int().nonnegative(),
    issuedAt: z.number().int(),
    expiresAt: z.number().int(),
  }),
  /** A pack scanned for restock was refused; nothing was added. */
  RESTOCK_REFUSED: z.strictObject({
    slot: z.number().int().positive(),
    reason: z.enum([
      'bad_scan',
      'expired',
      'expiring_soon',
      'recalled',
      'duplicate_serial',
      'wrong_medicine',
      'slot_full',
      'unknown_slot',
    ]),
    gtin: z.string().optional(),
    lot: z.string().optional(),
    detail: z.string(),
    /** As in RESTOCK: set when the panel's restock tool refused it. */
    technicianId: z.string().min(1).max(64).optional(),
  }),
  /** Written and fsynced before the drive command leaves; its seq is the dispenseId. */
  DISPENSE_INTENT: z.strictObject({
    purpose: z.enum(['patient', 'service']),
    jti: z.string().optional(),
    slot: z.number().int().positive(),
    gtin,
    lot: z.string(),
    serial: z.string().optional(),
    expiry: isoDate,
    qty: z.literal(1),
  }),
  /** The end of one intent. UNCERTAIN counts as dispensed and is flagged for the pharmacist. */
  DISPENSE_RESULT: z.strictObject({
    intentSeq: z.number().int().positive(),
    outcome: DispenseOutcome,
    /** Board status byte when one arrived. */
    statusCode: z.number().int().min(0).max(255).optional(),
    detail: z.string(),
  }),
  // ---- Stock adjustments: a technician's rotate test (issue 9 item 5, dispenser tool) ----
  /**
   * A technician is about to rotate a slot as a motor test. Written and fsynced before the drive
   * like a DISPENSE_INTENT (its seq is the dispenseId), but never a dispense: no patient, no fill.
   * `pack`: the pack expected to drop (the front of the slot); null for a slot the kiosk thinks
   * empty. `reason`: why the stock may change, in words.
   */
  STOCK_ADJUSTMENT_INTENT: z.strictObject({
    technicianId: z.string().min(1).max(64),
    slot: z.number().int().positive(),
    pack: Pack.nullable(),
    reason: z.string().min(1).max(200),
  }),
  /**
   * The end of a STOCK_ADJUSTMENT_INTENT, for the pharmacist's review on the hub. `packs`: what
   * left the stock (the dropped pack on SUCCESS; on UNCERTAIN or a motor overrun the pack counts
   * as gone, as for a dispense; none when the board says nothing moved). UNCERTAIN also when the
   * kiosk restarted before the board answered.
   */
  STOCK_ADJUSTMENT: z.strictObject({
    technicianId: z.string().min(1).max(64),
    intentSeq: z.number().int().positive(),
    slot: z.number().int().positive(),
    outcome: DispenseOutcome,
    packs: z.array(Pack),
    reason: z.string().min(1).max(200),
    /** Board status byte when one arrived. */
    statusCode: z.number().int().min(0).max(255).optional(),
    /** How the drive ended, in words for the pharmacist (the driver's sentence). */
    detail: z.string().max(1000).optional(),
  }),
  // ---- end of stock adjustments ----
  /**
   * The patient asked for help: a "call me" request for the pharmacist. `screen` says where they
   * were; `jti` when a prescription was read. No patient data.
   */
  HELP_REQUESTED: z.strictObject({
    screen: z.string(),
    language: z.string(),
    jti: z.string().optional(),
  }),
  /** The patient asked for a refill of a prescription with no fills left. */
  REFILL_REQUESTED: z.strictObject({
    jti: z.string(),
    medication: z.string(),
    language: z.string(),
  }),
  /** A vitals reading taken for a prescription that requires it, and whether it was in range. */
  VITALS_MEASURED: z.strictObject({
    jti: z.string(),
    kind: z.enum(['bp', 'spo2']),
    systolic: z.number().int().optional(),
    diastolic: z.number().int().optional(),
    pulse: z.number().int().optional(),
    spo2: z.number().int().optional(),
    inRange: z.boolean(),
    /** Which limit a reading out of range broke, in words for the pharmacist. */
    detail: z.string(),
  }),
  /** The patient heard/read the counselling and pressed "I understand". */
  COUNSELLING_ACKNOWLEDGED: z.strictObject({ jti: z.string(), language: z.string() }),
  /** A label went to the printer and the printer reported it printed. */
  LABEL_PRINTED: z.strictObject({ labelId: z.string(), jti: z.string(), reprint: z.boolean() }),
  /**
   * A label could not be printed (paper out, cover open, printer lost). It carries what the label
   * says so the technician can reprint it later without the patient; never patient data.
   */
  LABEL_FAILED: z.strictObject({
    labelId: z.string(),
    jti: z.string(),
    reason: z.string(),
    label: z.strictObject({
      medication: z.string(),
      dose: z.string(),
      quantity: z.number().int().nonnegative(),
      lots: z.array(z.strictObject({ lot: z.string(), expiry: isoDate })),
      language: z.string(),
      date: isoDate,
    }),
  }),
  /**
   * A technician's PIN is about to be compared (issue 9). Journaled and fdatasynced BEFORE the
   * compare, so a kill -9 between the guess and its result still counts the guess: `attempt` is
   * the number of this try since the badge's last login or lock. Never holds the PIN.
   */
  TECH_PIN_ATTEMPT: z.strictObject({
    badgeId: z.string().min(1).max(128),
    technicianId: z.string().min(1).max(64),
    attempt: z.number().int().positive(),
  }),
  /** A technician logged in with badge + PIN; every later TECH_* event names them. */
  TECH_LOGIN: z.strictObject({
    badgeId: z.string().min(1).max(128),
    technicianId: z.string().min(1).max(64),
    roles: z.array(z.string()),
  }),
  /**
   * Wrong PINs locked the badge on this kiosk until `until` (epoch ms, kiosk clock). The waits
   * escalate with `lockNumber` (main/technician/technician-lockout.ts: 5 min, 30 min, 24 h).
   */
  TECH_LOCKED: z.strictObject({
    badgeId: z.string().min(1).max(128),
    technicianId: z.string().min(1).max(64),
    until: z.number().int(),
    lockNumber: z.number().int().positive(),
  }),
  /** A scanned service badge was refused before any PIN was asked (expired, revoked, …). */
  TECH_BADGE_REFUSED: z.strictObject({
    reason: z.enum([
      'malformed',
      'bad_alg',
      'unknown_kid',
      'bad_signature',
      'not_yet_valid',
      'expired',
      'revoked',
      'not_on_roster',
    ]),
    /** Technical, no badge text: positions, claim names, the badge id when it could be read. */
    detail: z.string(),
    badgeId: z.string().max(128).optional(),
  }),
  /** The technician left diagnostics mode: the Log out button or 5 minutes idle. */
  TECH_LOGOUT: z.strictObject({
    badgeId: z.string().min(1).max(128),
    technicianId: z.string().min(1).max(64),
    reason: z.enum(['user', 'idle']),
  }),
  /** Any other technician action in diagnostics mode, named for the audit trail. */
  TECH_ACTION: z.strictObject({
    technicianId: z.string().min(1).max(64),
    action: z.string().min(1).max(64),
    detail: z.string().max(1000),
  }),
  /**
   * A self-test ran (technician panel, `npm run diag -- self-test`): the ids of the items that
   * failed. `technicianId` when a logged-in technician started it.
   */
  SELF_TEST: z.strictObject({
    passed: z.boolean(),
    failed: z.array(z.string()),
    items: z.number().int().nonnegative(),
    mode: z.enum(['live', 'offline']),
    technicianId: z.string().min(1).max(64).optional(),
  }),
  /** A diagnostics bundle (.tar.gz, no patient data) was written; its name and SHA-256. */
  DIAG_BUNDLE_EXPORTED: z.strictObject({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    technicianId: z.string().min(1).max(64).optional(),
  }),
  // ---- Restock tool of the technician panel (issue 9 item 6) ----
  /**
   * A technician's blind count of one slot before restocking it: `expected` is what the journal
   * says the slot holds, `counted` what they typed without seeing it. counted ≠ expected is a
   * discrepancy for the pharmacist's review queue.
   */
  SLOT_COUNTED: z.strictObject({
    technicianId: z.string().min(1).max(64),
    slot: z.number().int().positive(),
    expected: z.number().int().nonnegative(),
    counted: z.number().int().nonnegative(),
  }),
  /** A pack taken out of a slot (guided removal list, or damaged / other): it leaves the view. */
  PACK_REMOVED: z.strictObject({
    technicianId: z.string().min(1).max(64),
    slot: z.number().int().positive(),
    pack: Pack,
    reason: z.enum(['expired', 'recalled', 'expiring_soon', 'damaged', 'other']),
  }),
  // ---- end restock tool ----
  // ---- Cold chain (issue 9 item 7): excursions, slot blocks and the pharmacist's releases ----
  /**
   * A cabinet reading left the site's temperature band (site config `temperatureBandC`). One per
   * excursion, not per reading; its seq is the excursion's id, which blocks and releases name.
   */
  COLD_CHAIN_EXCURSION: z.strictObject({
    temperatureC: z.number(),
    minC: z.number(),
    maxC: z.number(),
  }),
  /** Readings are back inside the band: the excursion `excursionSeq` is over. */
  COLD_CHAIN_RECOVERED: z.strictObject({
    excursionSeq: z.number().int().positive(),
    /** The furthest out-of-band temperature journaled during the excursion, °C. */
    peakC: z.number(),
    durationMs: z.number().int().nonnegative(),
  }),
  /**
   * A slot holding cold-chain medicines (site config `coldChainGtins`) is held back from
   * dispensing because of the excursion `excursionSeq`, until a pharmacist releases it.
   */
  SLOT_BLOCKED: z.strictObject({
    slot: z.number().int().positive(),
    excursionSeq: z.number().int().positive(),
    gtins: z.array(gtin).min(1),
  }),
  /** A pharmacist's signed `release` download lifted the block of a slot. */
  SLOT_RELEASED: z.strictObject({
    slot: z.number().int().positive(),
    /** The excursion the pharmacist reviewed: at or after the block's. */
    excursionSeq: z.number().int().positive(),
    releasedBy: z.string().min(1).max(64),
    releaseVersion: z.number().int().nonnegative(),
  }),
  // ---- end cold chain ----
} as const;

export type JournalEventType = keyof typeof JournalEventData;
export type JournalEventDataOf<T extends JournalEventType> = z.infer<(typeof JournalEventData)[T]>;
export const JOURNAL_EVENT_TYPES = Object.keys(JournalEventData) as JournalEventType[];

/** The envelope written as one JSON line. `hash` covers every other member (RFC 8785 JSON). */
export const JournalEnvelope = z.strictObject({
  seq: z.number().int().positive(),
  id: z.string().uuid(),
  ts: z.string(),
  type: z.string(),
  data: z.unknown(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type JournalEnvelope = z.infer<typeof JournalEnvelope>;

export type JournalEvent<T extends JournalEventType = JournalEventType> = {
  [K in T]: Omit<JournalEnvelope, 'type' | 'data'> & { type: K; data: JournalEventDataOf<K> };
}[T];

/** Validates `data` for `type`; a mismatch is a bug in the caller or a corrupt journal. */
export function parseEventData(
  type: string,
  data: unknown,
): { ok: true } | { ok: false; error: string } {
  const schema = (JournalEventData as Record<string, z.ZodType>)[type];
  if (!schema) return { ok: false, error: `unknown event type "${type}"` };
  const parsed = schema.safeParse(data);
  return parsed.success
    ? { ok: true }
    : { ok: false, error: `${type}: ${z.prettifyError(parsed.error)}` };
}
