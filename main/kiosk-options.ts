import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { err, ok, type Result } from '../contracts/result';

export const KIOSK_HELP = `Usage: npm run kiosk -- [options]
       npm run kiosk -- enroll --hub URL …   (enroll with a pharmacy hub; see enroll --help)

Runs the OpenDispense kiosk: journal, devices, state machines and one host for the screen.

Options:
  --data-dir DIR       where the journal, views and keys live (default .opendispense/kiosk)
  --hardware FILE      hardware config: device ports and slot map (required; npm start writes one
                       for the simulators). See README "Real hardware".
  --site FILE          site config (kiosk id, name, time zone…); default DATA_DIR/site.json
  --root-key FILE      the operator root public key (JWK) every signed list is checked
                       against; default DATA_DIR/root-key.public.jwk (provisioned at enrollment;
                       npm start makes a demo one). Signed lists dropped in DATA_DIR/incoming/
                       are installed at start.
  --host web|electron  which host shows the screen (default web; Electron starts it itself)
  --port N             web-host port on 127.0.0.1 (default 0 = a free port)
  --demo-stock         in a cabinet never stocked, load the demo packs into the slots
  --help               show this text

With KIOSK_TEST_CLOCK=1 the kiosk's clock can be moved forward by the test control API.`;

export interface KioskOptions {
  dataDir: string;
  hardwarePath: string;
  sitePath: string;
  rootKeyPath: string;
  host: 'web' | 'electron';
  port: number;
  demoStock: boolean;
}

export function parseKioskArgs(argv: string[]): Result<KioskOptions | 'help', string> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        hardware: { type: 'string' },
        site: { type: 'string' },
        'root-key': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'demo-stock': { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (e) {
    return err((e as Error).message);
  }
  if (values.help) return ok('help');
  if (!values.hardware)
    return err('--hardware FILE is required (npm start makes one for the simulators)');
  const host = values.host ?? 'web';
  if (host !== 'web' && host !== 'electron')
    return err(`--host must be "web" or "electron", not "${host}"`);
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return err(`--port must be 0..65535, not "${values.port}"`);
  const dataDir = resolve(values['data-dir'] ?? '.opendispense/kiosk');
  return ok({
    dataDir,
    hardwarePath: resolve(values.hardware),
    sitePath: resolve(values.site ?? `${dataDir}/site.json`),
    rootKeyPath: resolve(values['root-key'] ?? `${dataDir}/root-key.public.jwk`),
    host,
    port,
    demoStock: values['demo-stock'] ?? false,
  });
}
