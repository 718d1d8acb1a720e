import path from 'node:path';
import pino from 'pino';
import { openHubDatabase } from './db/open-hub-database';
import {
  DEFAULT_HUB_DATA_DIR,
  HUB_HELP,
  parseHubArgs,
  type HubEnrollCodeOptions,
  type HubServeOptions,
} from './hub-options';
import { createEnrollmentCode, ensureSite } from './server/enrollment-codes';
import { HubError } from '../contracts/hub-api';
import {
  LOCAL_ROUTES,
  LocalEnrollmentCodeResponse,
  readLiveLocalControl,
  type LocalControl,
} from './server/local-control';
import { startHub } from './server/start-hub';
import { runAddPharmacistCommand } from './pharmacy/add-pharmacist-command';
import { pharmacyConsole } from './pharmacy/pharmacy-console';

/**
 * `npm run hub`: the pharmacy hub. Logs are pino JSON on stderr; stdout carries only what a
 * person or a launcher reads: the HUB_READY line, or the enrollment code.
 */

const logger = pino({ name: 'hub' }, pino.destination({ dest: 2, sync: false }));

async function serve(options: HubServeOptions): Promise<void> {
  // PGlite files belong to one process; two hubs on one directory would corrupt them.
  const running = await readLiveLocalControl(options.dataDir);
  if (running && options.databaseUrl === undefined) {
    throw new Error(
      `a hub is already running on ${options.dataDir} (pid ${running.pid}, ${running.url})`,
    );
  }
  const hub = await startHub({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    host: options.host,
    port: options.port,
    issuerUrl: options.issuerUrl,
    logger,
    localControl: true,
    plugins: [pharmacyConsole({ dataDir: options.dataDir, issuerUrl: options.issuerUrl })],
  });
  process.stdout.write(`HUB_READY ${JSON.stringify({ url: hub.url, db: hub.db.kind })}\n`);
  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'hub stopping');
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'hub did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function enrollCode(options: HubEnrollCodeOptions): Promise<void> {
  // A running hub owns the PGlite files: ask it. Otherwise open the storage here.
  const running = await readLiveLocalControl(options.dataDir);
  const made = running
    ? await enrollCodeFromRunningHub(running, options)
    : await enrollCodeDirect(options);
  process.stdout.write(
    `${made.code}\n` +
      `site ${made.siteId}${made.siteCreated ? ' (created)' : ''}, valid until ${made.expiresAt}, one use\n`,
  );
}

interface MadeCode {
  code: string;
  siteId: string;
  expiresAt: string;
  siteCreated: boolean;
}

async function enrollCodeFromRunningHub(
  control: LocalControl,
  options: HubEnrollCodeOptions,
): Promise<MadeCode> {
  const response = await fetch(`${control.url}${LOCAL_ROUTES.enrollmentCodes}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${control.token}` },
    body: JSON.stringify({
      siteId: options.siteId,
      ttlMs: options.ttlMs,
      ...(options.kioskName !== undefined && { kioskName: options.kioskName }),
    }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.status !== 201) {
    const refused = HubError.safeParse(body);
    throw new Error(
      `the running hub at ${control.url} refused: ${refused.success ? refused.data.message : `HTTP ${response.status}`}`,
    );
  }
  return LocalEnrollmentCodeResponse.parse(body);
}

async function enrollCodeDirect(options: HubEnrollCodeOptions): Promise<MadeCode> {
  const db = await openHubDatabase(
    options.databaseUrl !== undefined
      ? { databaseUrl: options.databaseUrl }
      : { dataDir: options.dataDir },
  );
  try {
    const site = await ensureSite(db, { siteId: options.siteId });
    if (!site.ok) throw new Error(site.error.detail);
    const code = await createEnrollmentCode(db, {
      siteId: options.siteId,
      createdBy: 'cli',
      ttlMs: options.ttlMs,
      ...(options.kioskName !== undefined && { kioskName: options.kioskName }),
    });
    if (!code.ok) throw new Error(code.error.detail);
    return {
      code: code.value.code,
      siteId: code.value.siteId,
      expiresAt: code.value.expiresAt.toISOString(),
      siteCreated: site.value.created,
    };
  } finally {
    await db.close();
  }
}

/** Commands that open PGlite themselves must not run beside a hub that has it open. */
async function refuseWhileServingPglite(argv: string[]): Promise<void> {
  const at = argv.indexOf('--data-dir');
  const dataDir = path.resolve(at >= 0 && argv[at + 1] ? argv[at + 1]! : DEFAULT_HUB_DATA_DIR);
  const running = await readLiveLocalControl(dataDir);
  if (running && !process.env.DATABASE_URL) {
    throw new Error(`a hub is running on ${dataDir} (pid ${running.pid}); stop it first`);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'add-pharmacist') {
    await refuseWhileServingPglite(argv);
    process.exitCode = await runAddPharmacistCommand(argv.slice(1), {
      env: process.env,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    return;
  }
  const parsed = parseHubArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n\n${HUB_HELP}\n`);
    process.exit(2);
  }
  if (parsed.value === 'help') {
    process.stdout.write(`${HUB_HELP}\n`);
    return;
  }
  if (parsed.value.command === 'serve') await serve(parsed.value);
  else await enrollCode(parsed.value);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'hub failed');
  logger.flush();
  process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
