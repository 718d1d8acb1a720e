import { z } from 'zod';

/**
 * The technician panel's printer tool (issue 9): what main shows (`PrinterToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`PrinterToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text: a queued label shows when it failed, the
 * medicine and the quantity only (its prescription's jti stays in main).
 */

/** Whether the printer answered the last status read (printer.md §3), and if not, why. */
export const PrinterReach = z.enum([
  /** Not read yet since the tool started. */
  'unknown',
  'answering',
  /** No (valid) reply within 500 ms. */
  'unreachable',
  /** The cable is pulled (or the port is not open). */
  'lost',
  /** The cabinet has no label printer in its hardware config. */
  'not_configured',
]);
export type PrinterReach = z.infer<typeof PrinterReach>;

export const PrinterErrorKind = z.enum([
  'unrecoverable',
  'autocutter',
  'recoverable',
  'auto_recoverable',
  'unspecified',
]);

/** The printer's status in the words the panel shows; the fields are null until it answered. */
export const PrinterStatusView = z.strictObject({
  reach: PrinterReach,
  paper: z.enum(['ok', 'near_end', 'out']).nullable(),
  cover: z.enum(['closed', 'open']).nullable(),
  online: z.boolean().nullable(),
  error: PrinterErrorKind.nullable(),
  /** Clock time of the last status read, epoch ms. */
  checkedAt: z.number().int().nullable(),
});
export type PrinterStatusView = z.infer<typeof PrinterStatusView>;

/** Why a print did not happen for sure, as a word the panel can translate. */
export const PrintProblem = z.enum([
  'paper_out',
  'cover_open',
  'printer_error',
  'offline',
  'unreachable',
  'lost',
  'busy',
  /** Bytes went out but the printer did not confirm (PRINT_UNCERTAIN). */
  'uncertain',
  'no_printer',
  'other',
]);
export type PrintProblem = z.infer<typeof PrintProblem>;

/** A label that failed during a patient's session and waits for a reprint. */
export const QueuedLabel = z.strictObject({
  labelId: z.string(),
  /** When it failed (the LABEL_FAILED event's time), epoch ms. */
  failedAt: z.number().int(),
  medication: z.string(),
  /** Packs given. */
  quantity: z.number().int().nonnegative(),
  /** Why the last attempt (the session's or a reprint) failed. */
  problem: PrintProblem,
  /** True once a reprint from this panel failed (the problem is then the reprint's). */
  reprintFailed: z.boolean(),
});
export type QueuedLabel = z.infer<typeof QueuedLabel>;

export const PrinterToolView = z.strictObject({
  status: PrinterStatusView,
  /** Paper width and characters per line from the hardware config; null without a printer. */
  paperWidthMm: z.union([z.literal(58), z.literal(80)]).nullable(),
  /** What the printer is doing for the technician now. */
  job: z.enum(['idle', 'checking', 'test_page', 'reprinting']),
  testPage: z
    .strictObject({
      outcome: z.enum(['printed', 'failed']),
      problem: PrintProblem.nullable(),
      at: z.number().int(),
    })
    .nullable(),
  queue: z.strictObject({
    /** The queue is rebuilt from the journal at start; false until that is done. */
    ready: z.boolean(),
    labels: z.array(QueuedLabel),
  }),
  /** Labels reprinted from this panel since the technician logged in. */
  reprinted: z.number().int().nonnegative(),
});
export type PrinterToolView = z.infer<typeof PrinterToolView>;

/** Reads the printer's status now (DLE EOT 1–4). */
export const PrinterCheckEvent = z.strictObject({ type: z.literal('TECH_PRINTER_CHECK') });
export const PrinterTestPageEvent = z.strictObject({ type: z.literal('TECH_PRINTER_TEST_PAGE') });
/** Reprints one queued label, or all of them (in the order they failed) with `labelId` null. */
export const PrinterReprintEvent = z.strictObject({
  type: z.literal('TECH_PRINTER_REPRINT'),
  labelId: z.string().min(1).max(64).nullable(),
});

export const PrinterToolEvents = [
  PrinterCheckEvent,
  PrinterTestPageEvent,
  PrinterReprintEvent,
] as const;
export type PrinterToolEvent = z.infer<(typeof PrinterToolEvents)[number]>;
