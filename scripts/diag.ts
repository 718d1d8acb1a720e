/**
 * `npm run diag -- <command>`: the technician's headless diagnostics (issue 9), for SSH. It talks
 * to the RUNNING kiosk through its admin endpoint (DATA_DIR/admin.json, DESIGN §2), so device
 * links are checked by the process that owns them. With no kiosk running it says so and exits 2,
 * unless --offline is given: then it opens the journal itself (taking its lock) and runs every
 * check that needs no device.
 *
 * Exit codes: 0 every check passed / the bundle was written; 1 a check failed (each failed item
 * is named) or the bundle could not be written; 2 bad usage, no kiosk to talk to, or a kiosk busy
 * with a patient.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { callAdmin } from '../main/admin/admin-client';
import { readAdminEndpoint, type AdminEndpoint } from '../main/admin/admin-endpoint-file';
import { ExportBundleAnswer, SelfTestAnswer, StatusAnswer } from '../main/admin/admin-operations';
import { openOfflineDiagnostics } from '../main/diagnostics/offline-diagnostics';
import { failedItems, type SelfTestReport } from '../main/diagnostics/self-test-report';

const HELP = `Usage: npm run diag -- <command> [options]

Technician diagnostics of a kiosk (no patient data is ever shown or exported).

Commands:
  self-test            run every check that needs no human: each device's link and a harmless
                       command where its protocol has one, journal chain, views against the
                       journal, free disk, clock, trust/revocation list age, sync backlog.
                       Prints PASS/FAIL per item; saves HTML + JSON in DATA_DIR/diagnostics/.
  bundle --out DIR     write a diagnostics .tar.gz into DIR (e.g. a mounted USB stick): a fresh
                       self-test, device counters and recent traffic (redacted), the kiosk log
                       (redacted), config without secrets, journal segment hashes, a manifest
                       of SHA-256s. DIR must exist.
  status               what the running kiosk reports: journal position, devices, technician.

Options:
  --data-dir DIR       the kiosk's data directory (default .opendispense/kiosk)
  --out DIR            self-test: also write the report there; bundle: where to write it
  --offline            no kiosk running: open the journal here (takes its lock) and run the
                       checks that need no device; devices are reported as not checked
  --site FILE          with --offline: site config (default DATA_DIR/site.json)
  --hardware FILE      with --offline: hardware config to include (redacted) in a bundle
  --json               print the machine-readable answer instead of text
  --help               this text

Exit codes: 0 all checks passed / bundle written; 1 a check failed (named) or the bundle
failed; 2 bad usage, no running kiosk (start it, or use --offline), or the kiosk is serving a
patient (self-test and bundle wait for it to be idle).`;

class UsageError extends Error {}

interface Options {
  command: 'self-test' | 'bundle' | 'status';
  dataDir: string;
  out?: string;
  offline: boolean;
  site?: string;
  hardware?: string;
  json: boolean;
}

function parse(argv: string[]): Options | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        out: { type: 'string' },
        offline: { type: 'boolean' },
        site: { type: 'string' },
        hardware: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError('which command? self-test, bundle or status');
  if (command !== 'self-test' && command !== 'bundle' && command !== 'status') {
    throw new UsageError(`unknown command "${command}": self-test, bundle or status`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument(s) after ${command}`);
  if (command === 'bundle' && !values.out) throw new UsageError('bundle needs --out DIR');
  if (command === 'status' && values.offline) throw new UsageError('status needs a running kiosk');
  return {
    command,
    dataDir: path.resolve(values['data-dir'] ?? '.opendispense/kiosk'),
    ...(values.out && { out: path.resolve(values.out) }),
    offline: values.offline ?? false,
    ...(values.site && { site: path.resolve(values.site) }),
    ...(values.hardware && { hardware: path.resolve(values.hardware) }),
    json: values.json ?? false,
  };
}

function printReport(report: SelfTestReport, savedTo: readonly string[], json: boolean): number {
  const failed = failedItems(report);
  if (json) {
    console.log(JSON.stringify({ report, savedTo }, null, 2));
  } else {
    console.log(
      `Self-test of ${report.kioskName} (${report.kioskId}), ${report.mode}, ${report.startedAt}`,
    );
    for (const item of report.items) {
      console.log(
        `  ${item.passed ? 'PASS' : 'FAIL'}  ${item.id.padEnd(18)} ${item.title}: ${item.reason}`,
      );
    }
    for (const file of savedTo) console.log(`report: ${file}`);
    console.log(
      failed.length === 0
        ? `PASSED: all ${report.items.length} checks`
        : `FAILED: ${failed.map((i) => i.id).join(', ')}`,
    );
  }
  return failed.length === 0 ? 0 : 1;
}

async function kioskEndpoint(dataDir: string): Promise<AdminEndpoint | string> {
  const endpoint = await readAdminEndpoint(dataDir);
  if (endpoint.ok) return endpoint.value;
  const e = endpoint.error;
  const where = path.join(dataDir, 'admin.json');
  if (e.kind === 'missing')
    return `no kiosk is running with data directory ${dataDir} (no ${where})`;
  if (e.kind === 'stale')
    return `no kiosk is running: ${where} names pid ${e.pid}, which has exited`;
  return `${where} is unreadable (${e.detail})`;
}

async function runOnline(o: Options, endpoint: AdminEndpoint): Promise<number> {
  const failedCall = (detail: string): number => {
    console.error(`diag: the kiosk did not answer: ${detail}`);
    return 2;
  };
  if (o.command === 'status') {
    const status = await callAdmin(endpoint, 'status', {}, StatusAnswer);
    if (!status.ok) return failedCall(status.error.detail);
    if (o.json) console.log(JSON.stringify(status.value, null, 2));
    else {
      const s = status.value;
      console.log(
        `${s.kioskName} (${s.kioskId}) ${s.appVersion}, pid ${s.pid}, journal at seq ${s.journalLastSeq}`,
      );
      console.log(`technician logged in: ${s.technicianId ?? 'none'}`);
      for (const d of s.devices) {
        console.log(
          `  ${d.id.padEnd(10)} ${d.link.padEnd(9)} ${d.port ?? ''}${d.lastError ? ` (${d.lastError})` : ''}`,
        );
      }
    }
    return 0;
  }
  if (o.command === 'self-test') {
    const answer = await callAdmin(
      endpoint,
      'selfTest',
      o.out ? { outDir: o.out } : {},
      SelfTestAnswer,
    );
    if (!answer.ok) return failedCall(answer.error.detail);
    return printReport(answer.value.report, answer.value.savedTo, o.json);
  }
  const answer = await callAdmin(endpoint, 'exportBundle', { outDir: o.out }, ExportBundleAnswer);
  if (!answer.ok) return failedCall(answer.error.detail);
  return printBundle(answer.value, o.json);
}

function printBundle(answer: ExportBundleAnswer, json: boolean): number {
  if (json) console.log(JSON.stringify(answer, null, 2));
  else if (answer.ok) {
    console.log(
      `bundle: ${answer.file}\n  ${answer.bytes} bytes, ${answer.files} files, sha256 ${answer.sha256}`,
    );
    if (!answer.selfTestPassed)
      console.log('  (its self-test has failed items: see self-test/self-test.html inside)');
  } else console.error(`diag: ${answer.error}`);
  return answer.ok ? 0 : 1;
}

async function runOffline(o: Options): Promise<number> {
  const opened = await openOfflineDiagnostics({
    dataDir: o.dataDir,
    ...(o.site && { sitePath: o.site }),
    ...(o.hardware && { hardwarePath: o.hardware }),
  });
  if (!opened.ok) {
    console.error(`diag: ${opened.error.detail}`);
    return 2;
  }
  try {
    if (o.command === 'self-test') {
      const run = await opened.value.diagnostics.selfTest(o.out ? { alsoWriteTo: o.out } : {});
      return printReport(run.report, run.savedTo, o.json);
    }
    const exported = await opened.value.diagnostics.exportBundle({ outDir: o.out as string });
    return printBundle(
      exported.ok
        ? {
            ok: true,
            file: exported.value.file,
            sha256: exported.value.sha256,
            bytes: exported.value.bytes,
            files: exported.value.files.length,
            selfTestPassed: exported.value.report.passed,
          }
        : { ok: false, error: exported.error },
      o.json,
    );
  } finally {
    await opened.value.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let o: Options | 'help';
  try {
    o = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`diag: ${error.message}\n\n${HELP}`);
    return 2;
  }
  if (o === 'help') {
    console.log(HELP);
    return 0;
  }
  if (o.offline) return runOffline(o);
  const endpoint = await kioskEndpoint(o.dataDir);
  if (typeof endpoint === 'string') {
    console.error(
      `diag: ${endpoint}.\n  Start the kiosk, or run the checks that need no device with --offline.`,
    );
    return 2;
  }
  return runOnline(o, endpoint);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
