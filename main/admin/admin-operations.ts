import path from 'node:path';
import { z } from 'zod';
import { SelfTestReport } from '../diagnostics/self-test-report';

/**
 * The operations of the kiosk's admin endpoint and their request/answer schemas, shared by the
 * server (main/admin/kiosk-admin-handlers.ts) and the CLIs (scripts/diag.ts, scripts/tech.ts).
 */

export const ADMIN_OPERATIONS = ['status', 'selfTest', 'exportBundle', 'installRoster'] as const;
export type AdminOperation = (typeof ADMIN_OPERATIONS)[number];

export const EmptyRequest = z.strictObject({});

export const StatusAnswer = z.strictObject({
  kioskId: z.string(),
  kioskName: z.string(),
  appVersion: z.string(),
  pid: z.number().int(),
  journalLastSeq: z.number().int().nonnegative(),
  /** The technician logged in on the kiosk screen, if any. */
  technicianId: z.string().nullable(),
  devices: z.array(
    z.strictObject({
      id: z.string(),
      link: z.string(),
      port: z.string().nullable(),
      reconnects: z.number().int().nonnegative(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type StatusAnswer = z.infer<typeof StatusAnswer>;

export const SelfTestRequest = z.strictObject({
  /** Also write the HTML + JSON report here (absolute; the kiosk always keeps its own copy). */
  outDir: z
    .string()
    .max(4096)
    .refine((p) => path.isAbsolute(p), 'outDir must be an absolute path')
    .optional(),
});
export const SelfTestAnswer = z.strictObject({
  report: SelfTestReport,
  savedTo: z.array(z.string()),
});
export type SelfTestAnswer = z.infer<typeof SelfTestAnswer>;

export const ExportBundleRequest = z.strictObject({
  outDir: z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => path.isAbsolute(p), 'outDir must be an absolute path'),
});
export const ExportBundleAnswer = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().nonnegative(),
    files: z.number().int().nonnegative(),
    selfTestPassed: z.boolean(),
  }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type ExportBundleAnswer = z.infer<typeof ExportBundleAnswer>;

export const InstallRosterRequest = z.strictObject({
  jws: z
    .string()
    .min(1)
    .max(4 * 1024 * 1024),
});
export const InstallRosterAnswer = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    version: z.number().int().nonnegative(),
    technicians: z.number().int().nonnegative(),
  }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
export type InstallRosterAnswer = z.infer<typeof InstallRosterAnswer>;
