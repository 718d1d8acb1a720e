import { z } from 'zod';

/**
 * The technician panel's scanner tool (issue 9 item 5, "scan anything"): what main shows
 * (`ScannerToolView`, part of the snapshot's technician view). Each scan while the tab is open is
 * shown with its symbology, its text and, for GS1 data, its AI breakdown. A prescription token
 * or a service badge is never shown: only what it is and its length (DESIGN §9).
 */

/** At most this many scans are kept, newest first. */
export const SCANNER_VIEW_SCANS = 10;
/** Longer texts are cut here (the view is in every snapshot). */
export const SCANNER_TEXT_MAX = 200;

/** AI 01: the GTIN as scanned and its check digit. */
const Gs1GtinField = z.strictObject({
  kind: z.literal('gtin'),
  ai: z.string().max(4),
  value: z.string().max(14),
  checkDigit: z.enum(['valid', 'invalid']),
  /** The digit the GS1 rule gives, when the scanned one is wrong. */
  expectedDigit: z.number().int().min(0).max(9).nullable(),
});

/** AI 17: the six digits as scanned and what they mean. */
const Gs1ExpiryField = z.strictObject({
  kind: z.literal('expiry'),
  ai: z.string().max(4),
  value: z.string().max(6),
  /** `invalid`: not a calendar date (month, or day past the month's end). */
  verdict: z.enum(['valid', 'expired', 'invalid']),
  /** The calendar date (day 00 resolved to the month's last day); null when invalid. */
  date: z.iso.date().nullable(),
  /** DD was 00, which GS1 allows for expiry and means the month's last day. */
  dayZero: z.boolean(),
  /** Which part is wrong when invalid. */
  fault: z.enum(['month', 'day']).nullable(),
});

/** Lot (10), serial (21) and every other AI, with the AI table's title. */
const Gs1TextField = z.strictObject({
  kind: z.enum(['lot', 'serial', 'other']),
  ai: z.string().max(4),
  /** The AI table's data title, e.g. `BATCH/LOT`, `PROD DATE`. */
  title: z.string().max(40),
  value: z.string().max(90),
});

export const Gs1Field = z.discriminatedUnion('kind', [Gs1GtinField, Gs1ExpiryField, Gs1TextField]);
export type Gs1Field = z.infer<typeof Gs1Field>;

export const Gs1Breakdown = z.strictObject({
  /** In the order 01, 17, 10, 21, then the others as scanned. */
  fields: z.array(Gs1Field).max(40),
  /**
   * Why the data could not be read past some point (the parser's code, and where). Details never
   * quote field values (hardware/gs1).
   */
  error: z
    .strictObject({ code: z.string().max(32), offset: z.number().int().nullable() })
    .nullable(),
});
export type Gs1Breakdown = z.infer<typeof Gs1Breakdown>;

export const ScannerScanView = z.strictObject({
  /** Increases with every scan: a stable key. */
  id: z.number().int().positive(),
  /** Kiosk clock, epoch ms. */
  at: z.number(),
  /** The AIM symbology identifier as received, e.g. `]Q1`; null when the scanner sent none. */
  aim: z.string().max(3).nullable(),
  /** Its symbology's name (QR Code, Data Matrix, Code 128…); null when unknown or absent. */
  symbology: z.string().max(40).nullable(),
  /**
   * `prescription` (`shc:/`) and `badge` (`odb:/`) are never shown; `gs1` has a breakdown;
   * `text` is anything else.
   */
  kind: z.enum(['prescription', 'badge', 'gs1', 'text']),
  /** Characters, AIM excluded. */
  length: z.number().int().nonnegative(),
  /** The text (GS shown as ␝), cut to SCANNER_TEXT_MAX; null for a prescription or a badge. */
  text: z
    .string()
    .max(SCANNER_TEXT_MAX + 1)
    .nullable(),
  gs1: Gs1Breakdown.nullable(),
});
export type ScannerScanView = z.infer<typeof ScannerScanView>;

export const ScannerToolView = z.strictObject({
  /** Newest first. */
  scans: z.array(ScannerScanView).max(SCANNER_VIEW_SCANS),
});
export type ScannerToolView = z.infer<typeof ScannerToolView>;

/** Clears the list of scans shown. */
export const ScannerClearEvent = z.strictObject({ type: z.literal('TECH_SCANNER_CLEAR') });

export const ScannerToolEvents = [ScannerClearEvent] as const;
export type ScannerToolEvent = z.infer<(typeof ScannerToolEvents)[number]>;
