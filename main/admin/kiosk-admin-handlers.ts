import type { Result } from '../../contracts/result';
import type { Diagnostics } from '../diagnostics/diagnostics-service';
import { AdminRefusal, adminHandler, type AdminHandlers } from './admin-server';
import {
  EmptyRequest,
  ExportBundleRequest,
  InstallRosterRequest,
  SelfTestRequest,
  type ExportBundleAnswer,
  type InstallRosterAnswer,
  type SelfTestAnswer,
  type StatusAnswer,
} from './admin-operations';

/**
 * The kiosk's admin operations (admin-operations.ts) over its diagnostics service: what
 * main/app.ts passes to startAdminServer. CLI runs name no technician: the journal records them
 * without one (the SSH login is the operator's own audit trail).
 *
 * A self-test or a bundle reads the whole journal, and the journal's reader verifies each 8 MiB
 * segment in one go (measured: up to ~0.4 s without giving the event loop back at 100k events),
 * longer than the dispenser's 100 ms POLL deadline. So while `busy()` names a reason (a patient
 * is being served) they are refused with it (409) instead of run.
 */
export function kioskAdminHandlers(deps: {
  readonly diagnostics: Diagnostics;
  readonly status: () => StatusAnswer;
  /** Why heavy operations must wait now, or null when the kiosk is idle. */
  readonly busy?: () => string | null;
  /** Verifies, stores and journals a roster (main/technician/roster-store.ts installRoster). */
  readonly installRoster?: (
    jws: string,
  ) => Promise<Result<{ version: number; technicians: number }, string>>;
}): AdminHandlers {
  const whenIdle = (): void => {
    const reason = deps.busy?.();
    if (reason) throw new AdminRefusal(`${reason}: try again when the kiosk is idle`);
  };
  const handlers: Record<string, ReturnType<typeof adminHandler>> = {
    status: adminHandler(EmptyRequest, async () => deps.status()),
    selfTest: adminHandler(SelfTestRequest, async ({ outDir }): Promise<SelfTestAnswer> => {
      whenIdle();
      const run = await deps.diagnostics.selfTest(outDir ? { alsoWriteTo: outDir } : {});
      return { report: run.report, savedTo: [...run.savedTo] };
    }),
    exportBundle: adminHandler(
      ExportBundleRequest,
      async ({ outDir }): Promise<ExportBundleAnswer> => {
        whenIdle();
        const exported = await deps.diagnostics.exportBundle({ outDir });
        if (!exported.ok) return { ok: false, error: exported.error };
        const v = exported.value;
        return {
          ok: true,
          file: v.file,
          sha256: v.sha256,
          bytes: v.bytes,
          files: v.files.length,
          selfTestPassed: v.report.passed,
        };
      },
    ),
  };
  const install = deps.installRoster;
  if (install) {
    handlers.installRoster = adminHandler(
      InstallRosterRequest,
      async ({ jws }): Promise<InstallRosterAnswer> => {
        const result = await install(jws);
        return result.ok ? { ok: true, ...result.value } : { ok: false, error: result.error };
      },
    );
  }
  return handlers;
}
