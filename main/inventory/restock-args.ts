import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { err, ok, type Result } from '../../contracts/result';

/** `npm run restock` arguments (scripts/restock.ts), parsed apart from any I/O so they are testable. */

export const RESTOCK_EXIT = {
  /** Every scanned pack was added. */
  ALL_ADDED: 0,
  /** At least one pack was refused (each refusal is journaled and printed). */
  SOME_REFUSED: 1,
  /** The journal is held by the running kiosk. */
  JOURNAL_IN_USE: 2,
  /** Nothing was done: bad arguments, a bad config file, or a journal that cannot be opened. */
  CANNOT_RUN: 3,
} as const;

export const RESTOCK_HELP = `Usage: npm run restock -- --hardware FILE [options] --slot N SCAN [SCAN…] [--slot M SCAN…]

Loads scanned GS1 packs into cabinet slots while the kiosk is stopped: each pack is checked
(GS1 data, expiry and the site's restock margin, recalled lots, duplicate serials, the slot's
medicine and capacity) and journaled as RESTOCK, or as RESTOCK_REFUSED with the reason.
Prints one line per pack.

SCAN is the scanner's output, starting with its AIM (symbology identifier), e.g.
  ']d201095060001343521727123110ABC123<GS>21SN0001'
Write GS (the FNC1 separator after a lot or serial that is not last) as <GS> or \\x1d, or
pass the real byte with bash's $'…\\x1d…'. A scan without a GS1 AIM is refused (bad_scan).

Options:
  --slot N          the slot the following scans go into (repeat for other slots)
  --hardware FILE   hardware config with the slot map and capacities (required)
  --data-dir DIR    the kiosk's data directory: journal, views, keys
                    (default .opendispense/kiosk)
  --site FILE       site config (restock margin, serial rule, time zone);
                    default DATA_DIR/site.json
  --recalled FILE   JSON {"lots": [{"gtin", "lot"}]}: recalled lots to refuse, e.g. the payload
                    of the revocation list (it can only make restock stricter)
  --help            show this text

The kiosk's journal has one writer. With no kiosk running this command takes the journal lock
itself; while the kiosk runs it stops with exit code 2 (restock through the running kiosk's admin
endpoint is not built yet: stop the kiosk first).

Exit codes: 0 all packs added; 1 one or more refused; 2 the kiosk is running; 3 nothing done
(bad arguments, config or journal).`;

export interface RestockLoad {
  slot: number;
  /** Command-line scan texts, in the order given. */
  scans: string[];
}

export interface RestockOptions {
  dataDir: string;
  hardwarePath: string;
  sitePath: string;
  recalledPath: string | null;
  loads: RestockLoad[];
}

export function parseRestockArgs(argv: readonly string[]): Result<RestockOptions | 'help', string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        slot: { type: 'string', multiple: true },
        hardware: { type: 'string' },
        'data-dir': { type: 'string' },
        site: { type: 'string' },
        recalled: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
      // Tokens keep the order of --slot and scans, so each scan goes to the slot before it.
      tokens: true,
    });
  } catch (e) {
    return err((e as Error).message);
  }
  const { values, tokens } = parsed;
  if (values.help) return ok('help');
  if (!values.hardware) return err('--hardware FILE is required (it holds the slot map)');

  const loads: RestockLoad[] = [];
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'slot') {
      const text = token.value ?? '';
      const slot = Number(text);
      if (!/^\d+$/.test(text) || !Number.isSafeInteger(slot) || slot <= 0) {
        return err(`--slot must be a positive whole number, not "${text}"`);
      }
      loads.push({ slot, scans: [] });
    } else if (token.kind === 'positional') {
      const current = loads[loads.length - 1];
      if (!current) return err('give --slot N before the scans that go into it');
      current.scans.push(token.value);
    }
  }
  if (loads.length === 0) return err('nothing to restock: give --slot N and at least one scan');
  const empty = loads.find((l) => l.scans.length === 0);
  if (empty) return err(`--slot ${empty.slot} has no scans after it`);

  const dataDir = resolve(values['data-dir'] ?? '.opendispense/kiosk');
  return ok({
    dataDir,
    hardwarePath: resolve(values.hardware),
    sitePath: resolve(values.site ?? `${dataDir}/site.json`),
    recalledPath: values.recalled === undefined ? null : resolve(values.recalled),
    loads,
  });
}
