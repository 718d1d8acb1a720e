import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../contracts/result';
import { DEFAULT_ISSUER_URL } from './server/hub-keys';

export const DEFAULT_HUB_DATA_DIR = '.hub-data';

export const HUB_HELP = `Usage: npm run hub -- [serve] [options]
       npm run hub -- enroll-code --site ID [--name NAME] [options]

Runs the OpenDispense pharmacy hub: the kiosk sync API (enrollment, signed event upload, signed
downloads) on PGlite in the data directory, or on PostgreSQL when DATABASE_URL is set.

Commands:
  serve                  start the hub (default). Prints one line HUB_READY {"url":…} on stdout
                         once it listens; logs (pino JSON) go to stderr.
  enroll-code            print a one-time enrollment code for a kiosk of site ID (creating the
                         site when it does not exist yet); the technician types it on the kiosk.
  add-pharmacist         make a console account (npm run hub -- add-pharmacist --help)

Options:
  --data-dir DIR         keys and PGlite files (default .hub-data)
  --host HOST            address to listen on (default 127.0.0.1)
  --port N               port (default 8440; 0 = a free port)
  --issuer URL           issuer URL of the hub's prescription key in the trust list
                         (default ${DEFAULT_ISSUER_URL})
  --site ID              enroll-code: the kiosk's site
  --name NAME            enroll-code: the name the kiosk will carry (default: its own)
  --ttl-hours N          enroll-code: how long the code is valid (default 24)
  --help                 show this text

Environment:
  DATABASE_URL           postgres://… : use PostgreSQL instead of PGlite (same schema)`;

export interface HubServeOptions {
  command: 'serve';
  dataDir: string;
  databaseUrl?: string;
  host: string;
  port: number;
  issuerUrl: string;
}

export interface HubEnrollCodeOptions {
  command: 'enroll-code';
  dataDir: string;
  databaseUrl?: string;
  siteId: string;
  kioskName?: string;
  ttlMs: number;
}

export type HubOptions = HubServeOptions | HubEnrollCodeOptions;

export function parseHubArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
): Result<HubOptions | 'help', string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        issuer: { type: 'string' },
        site: { type: 'string' },
        name: { type: 'string' },
        'ttl-hours': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return ok('help');
  if (positionals.length > 1) return err(`one command at most, not "${positionals.join(' ')}"`);
  const command = positionals[0] ?? 'serve';
  const dataDir = resolve(values['data-dir'] ?? DEFAULT_HUB_DATA_DIR);
  const databaseUrl = env.DATABASE_URL || undefined;

  if (command === 'serve') {
    const port = values.port === undefined ? 8440 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      return err(`--port must be 0..65535, not "${values.port}"`);
    }
    const issuerUrl = values.issuer ?? DEFAULT_ISSUER_URL;
    if (!/^https?:\/\/[^/]+(\/.*[^/])?$/.test(issuerUrl)) {
      return err(`--issuer must be an http(s) URL not ending in "/", not "${issuerUrl}"`);
    }
    return ok({ command, dataDir, databaseUrl, host: values.host ?? '127.0.0.1', port, issuerUrl });
  }
  if (command === 'enroll-code') {
    if (!values.site) return err('enroll-code needs --site ID');
    const hours = values['ttl-hours'] === undefined ? 24 : Number(values['ttl-hours']);
    if (!Number.isFinite(hours) || hours <= 0) {
      return err(`--ttl-hours must be a positive number, not "${values['ttl-hours']}"`);
    }
    return ok({
      command,
      dataDir,
      databaseUrl,
      siteId: values.site,
      kioskName: values.name,
      ttlMs: Math.round(hours * 3_600_000),
    });
  }
  return err(`unknown command "${command}" (serve, enroll-code)`);
}
