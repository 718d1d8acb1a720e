import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../contracts/clock';
import type { Result } from '../../contracts/result';
import type { Journal } from '../journal';
import {
  exportDiagnosticsBundle,
  type BundleDeps,
  type ExportedBundle,
} from './diagnostics-bundle';
import { runSelfTest, type SelfTestDeps, type SelfTestProgress } from './self-test';
import { failedItems, writeSelfTestReport, type SelfTestReport } from './self-test-report';

/**
 * Self-test and bundle as the kiosk offers them (technician panel, admin endpoint, `diag
 * --offline`): each run is saved under DATA_DIR/diagnostics/ and journaled (SELF_TEST,
 * DIAG_BUNDLE_EXPORTED) with the technician who asked, so it syncs to the hub like every other
 * technician action. A bundle always carries a fresh self-test.
 */

export const DIAGNOSTICS_SUBDIR = 'diagnostics';
/** Saved self-test reports kept on the kiosk (a few KB each); older ones are removed. */
export const KEEP_SELF_TEST_REPORTS = 20;

export interface DiagnosticsDeps
  extends
    Omit<SelfTestDeps, 'journal'>,
    Omit<BundleDeps, 'report' | 'journal' | 'devices' | 'kiosk' | 'clock'> {
  readonly kiosk: BundleDeps['kiosk'];
  readonly clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  readonly journal: Pick<Journal, 'dir' | 'lastSeq' | 'events' | 'append'>;
  readonly verifyCheckpoint?: SelfTestDeps['journal']['verifyCheckpoint'];
}

export interface SelfTestRun {
  readonly report: SelfTestReport;
  /** The HTML and JSON files written. */
  readonly savedTo: readonly string[];
}

export interface Diagnostics {
  selfTest(options?: {
    readonly technicianId?: string;
    readonly onProgress?: (progress: SelfTestProgress) => void;
    /** Another directory to write the report to, besides DATA_DIR/diagnostics/. */
    readonly alsoWriteTo?: string;
  }): Promise<SelfTestRun>;
  exportBundle(options: {
    readonly outDir: string;
    readonly technicianId?: string;
  }): Promise<Result<ExportedBundle & { readonly report: SelfTestReport }, string>>;
}

export function createDiagnostics(deps: DiagnosticsDeps): Diagnostics {
  const journalView: SelfTestDeps['journal'] = {
    dir: deps.journal.dir,
    get lastSeq() {
      return deps.journal.lastSeq;
    },
    events: (from) => deps.journal.events(from),
    ...(deps.verifyCheckpoint && { verifyCheckpoint: deps.verifyCheckpoint }),
  };

  async function selfTest(
    options: Parameters<Diagnostics['selfTest']>[0] = {},
  ): Promise<SelfTestRun> {
    const report = await runSelfTest({ ...deps, journal: journalView }, options.onProgress);
    const stamp = report.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const base = path.join(deps.dataDir, DIAGNOSTICS_SUBDIR);
    const saved = await writeSelfTestReport(report, path.join(base, `self-test-${stamp}`));
    const savedTo = [saved.htmlPath, saved.jsonPath];
    if (options.alsoWriteTo) {
      const copy = await writeSelfTestReport(report, options.alsoWriteTo);
      savedTo.push(copy.htmlPath, copy.jsonPath);
    }
    await pruneOldReports(base);
    await deps.journal.append('SELF_TEST', {
      passed: report.passed,
      failed: failedItems(report).map((i) => i.id),
      items: report.items.length,
      mode: report.mode,
      ...(options.technicianId && { technicianId: options.technicianId }),
    });
    return { report, savedTo };
  }

  return {
    selfTest,
    async exportBundle({ outDir, technicianId }) {
      const { report } = await selfTest(technicianId ? { technicianId } : {});
      const bundle: BundleDeps = {
        kiosk: deps.kiosk,
        clock: deps.clock,
        report,
        journal: journalView,
        logFiles: deps.logFiles,
        config: deps.config,
        listSummaries: deps.listSummaries,
        ...(deps.devices && { devices: deps.devices.statusList() }),
        ...(deps.traffic && { traffic: deps.traffic }),
        ...(deps.maxLogBytes !== undefined && { maxLogBytes: deps.maxLogBytes }),
      };
      const exported = await exportDiagnosticsBundle(bundle, outDir);
      if (!exported.ok) return exported;
      await deps.journal.append('DIAG_BUNDLE_EXPORTED', {
        file: path.basename(exported.value.file),
        sha256: exported.value.sha256,
        bytes: exported.value.bytes,
        ...(technicianId && { technicianId }),
      });
      return { ok: true, value: { ...exported.value, report } };
    },
  };
}

async function pruneOldReports(base: string): Promise<void> {
  const runs = (await readdir(base).catch(() => [] as string[]))
    .filter((n) => n.startsWith('self-test-'))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP_SELF_TEST_REPORTS))) {
    await rm(path.join(base, old), { recursive: true, force: true });
  }
}
