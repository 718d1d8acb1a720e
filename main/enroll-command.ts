import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../contracts/clock';
import { loadOrCreateDeviceKey } from './keys';
import { enrollKiosk } from './sync/enroll';

export const ENROLL_HELP = `Usage: npm run kiosk -- enroll --hub URL [--name NAME] [--data-dir DIR] [--force]

Enrolls this kiosk with a pharmacy hub (DESIGN §7): sends the one-time enrollment code the
pharmacist made in the console, with the kiosk's device public key, and stores the kiosk id, the
operator root key and the first signed downloads in DATA_DIR. Restart the kiosk afterwards: it
then syncs with the hub and no longer uses the demo's keys and lists.

The code is read from the environment variable OPENDISPENSE_ENROLL_CODE, or from stdin, so it
never appears in the process list.

Options:
  --hub URL        the hub's base URL, e.g. https://hub.example.org
  --name NAME      the kiosk's name in the console (default: kioskName of DATA_DIR/site.json)
  --data-dir DIR   the kiosk data directory (default .opendispense/kiosk)
  --force          replace an existing enrollment (e.g. after the pharmacist cleared a fork)
  --help           show this text

Exit codes: 0 enrolled, 1 the hub refused or could not be reached, 2 bad arguments.`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('enrollment code: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `npm run kiosk -- enroll …`; returns the exit code. */
export async function runEnrollCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        hub: { type: 'string' },
        name: { type: 'string' },
        'data-dir': { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`enroll: ${(error as Error).message}\n\n${ENROLL_HELP}`);
    return 2;
  }
  if (values.help) {
    console.log(ENROLL_HELP);
    return 0;
  }
  if (!values.hub || !URL.canParse(values.hub)) {
    console.error(`enroll: --hub must be the hub's URL\n\n${ENROLL_HELP}`);
    return 2;
  }
  const dataDir = resolve(values['data-dir'] ?? '.opendispense/kiosk');
  const code = (process.env.OPENDISPENSE_ENROLL_CODE ?? (await readStdin())).trim();
  if (!code) {
    console.error('enroll: no enrollment code (OPENDISPENSE_ENROLL_CODE or stdin)');
    return 2;
  }
  const name = values.name ?? siteKioskName(dataDir) ?? 'Health post kiosk';
  const key = await loadOrCreateDeviceKey(join(dataDir, 'keys'));
  if (!key.ok) {
    console.error(`enroll: device key ${key.error.path}: ${key.error.detail}`);
    return 1;
  }
  const enrolled = await enrollKiosk({
    hubUrl: values.hub,
    code,
    kioskName: name,
    devicePublicJwk: key.value.publicJwk,
    dataDir,
    clock: systemClock,
    force: values.force ?? false,
  });
  if (!enrolled.ok) {
    console.error(`enroll: ${enrolled.error.message}`);
    return 1;
  }
  const e = enrolled.value;
  // The kiosk needs a site file to start; the hub's ids win over it anyway (main/app.ts).
  const sitePath = join(dataDir, 'site.json');
  if (!existsSync(sitePath))
    writeFileSync(
      sitePath,
      `${JSON.stringify({ kioskId: e.kioskId, siteId: e.siteId, kioskName: name }, null, 2)}\n`,
    );
  console.log(
    `enrolled as ${e.kioskId} (site ${e.siteId}) with ${e.hubUrl}; root key ${e.rootKeyThumbprint}`,
  );
  return 0;
}

function siteKioskName(dataDir: string): string | undefined {
  try {
    const site = JSON.parse(readFileSync(join(dataDir, 'site.json'), 'utf8')) as {
      kioskName?: unknown;
    };
    return typeof site.kioskName === 'string' ? site.kioskName : undefined;
  } catch {
    return undefined;
  }
}
