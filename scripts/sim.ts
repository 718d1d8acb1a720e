/**
 * `npm run sim -- <command>`: the simulator CLI (DESIGN §8 "Simulator control").
 *   host                 run every simulator on socat PTYs and the control API (npm start does this)
 *   scan <text> [aim]    the scanner reads <text> (AIM ]Q1 by default)
 *   jam <slot>           the next drive of <slot> jams (also: fault <name> [slot])
 *   printer, pages       printer faults and what it printed
 *   bp, spo2             vitals readings and faults
 *   unplug / replug      pull a device's cable and plug it back in
 *   state                motor runs, drops and stock per slot, and the devices' links
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { callControl } from '../hardware/sim-host/control-server';
import { runSimHostCli, SIM_FAULTS } from '../hardware/sim-host/sim-host-cli';
import {
  BP_FAULT_NAMES,
  OXIMETER_FAULT_NAMES,
  PRINTER_FAULT_NAMES,
} from '../hardware/sim-host/sim-host';

const HELP = `Usage: npm run sim -- <command> [--run-dir DIR]

Commands:
  host [--time-scale N]   start every simulator on socat PTY pairs and the control API
                          (npm start runs this for you)
  scan <text> [aim]       the scanner reads <text>; aim defaults to ]Q1 (QR code)
  jam <slot>              the next drive of <slot> jams
  fault <name> [slot]     inject a dispenser fault: ${SIM_FAULTS.join(', ')}
  printer <fault>         inject a printer fault: ${PRINTER_FAULT_NAMES.join(', ')}
  pages                   what the printer printed, as text
  bp <sys>/<dia> [pulse]  the next blood-pressure reading, e.g. bp 182/111
  bp-fault <fault>        the next measurement fails: ${BP_FAULT_NAMES.join(', ')}
  spo2 <percent> [pulse]  what the pulse oximeter reads, e.g. spo2 91 88
  oximeter <fault>        ${OXIMETER_FAULT_NAMES.join(', ')}
  unplug <device>         pull a device's cable (dispenser, scanner, printer, oximeter, bpCuff)
  replug <device>         plug it back in (same port path)
  state                   devices, motor runs, drops and stock per slot
  --help                  this text

The control API's address and token are read from RUN_DIR/sim-control.json (default .run).`;

async function main(argv: string[]): Promise<number> {
  const runDirAt = argv.indexOf('--run-dir');
  const runDir = resolve(runDirAt >= 0 ? (argv[runDirAt + 1] ?? '.run') : '.run');
  const args = runDirAt >= 0 ? argv.filter((_, i) => i !== runDirAt && i !== runDirAt + 1) : argv;
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === 'help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (command === 'host') return runSimHostCli(runDir, rest);

  let endpoint: { url: string; token: string };
  try {
    endpoint = JSON.parse(readFileSync(`${runDir}/sim-control.json`, 'utf8'));
  } catch {
    console.error(
      `no simulators running: ${runDir}/sim-control.json not found (start them with npm start)`,
    );
    return 1;
  }
  const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    callControl(endpoint, method, path, body);
  switch (command) {
    case 'scan': {
      const [text, aim] = rest;
      if (!text)
        throw new Error(
          'scan needs the text to scan, e.g. npm run sim -- scan "$(cat file.shc.txt)"',
        );
      await call('POST', '/scanner/scan', { text, ...(aim ? { aim } : {}) });
      console.log(`scanned ${text.length} characters`);
      return 0;
    }
    case 'jam':
    case 'fault': {
      const [name, slotText] = command === 'jam' ? ['jam', rest[0]] : rest;
      if (!name) throw new Error(`fault needs a name: ${SIM_FAULTS.join(', ')}`);
      const slot = slotText === undefined ? undefined : Number(slotText);
      if (slot !== undefined && !Number.isInteger(slot))
        throw new Error(`slot must be a number, not "${slotText}"`);
      console.log(
        JSON.stringify(
          await call('POST', '/dispenser/fault', { fault: name, ...(slot ? { slot } : {}) }),
        ),
      );
      return 0;
    }
    case 'printer': {
      const [fault] = rest;
      if (!fault) throw new Error(`printer needs a fault: ${PRINTER_FAULT_NAMES.join(', ')}`);
      console.log(JSON.stringify(await call('POST', '/printer/fault', { fault })));
      return 0;
    }
    case 'pages': {
      const { pages } = (await call('GET', '/printer/pages')) as { pages: { text: string }[] };
      for (const [i, page] of pages.entries()) console.log(`--- page ${i + 1} ---\n${page.text}`);
      if (pages.length === 0) console.log('(nothing printed yet)');
      return 0;
    }
    case 'bp': {
      const match = /^(\d{2,3})\/(\d{2,3})$/.exec(rest[0] ?? '');
      if (!match) throw new Error('bp needs systolic/diastolic, e.g. npm run sim -- bp 182/111');
      const pulse = rest[1] === undefined ? undefined : Number(rest[1]);
      console.log(
        JSON.stringify(
          await call('POST', '/bp', {
            systolic: Number(match[1]),
            diastolic: Number(match[2]),
            ...(pulse ? { pulse } : {}),
          }),
        ),
      );
      return 0;
    }
    case 'bp-fault':
      console.log(JSON.stringify(await call('POST', '/bp', { fault: rest[0] })));
      return 0;
    case 'spo2': {
      const [spo2, hr] = rest.map(Number);
      if (spo2 === undefined || !Number.isInteger(spo2))
        throw new Error('spo2 needs a percentage, e.g. npm run sim -- spo2 91');
      console.log(JSON.stringify(await call('POST', '/oximeter', { spo2, ...(hr ? { hr } : {}) })));
      return 0;
    }
    case 'oximeter':
      console.log(JSON.stringify(await call('POST', '/oximeter', { fault: rest[0] })));
      return 0;
    case 'unplug':
    case 'replug': {
      const [device] = rest;
      if (!device) throw new Error(`${command} needs a device: dispenser, scanner, printer`);
      console.log(JSON.stringify(await call('POST', `/device/${command}`, { device })));
      return 0;
    }
    case 'state':
      console.log(JSON.stringify(await call('GET', '/state'), null, 2));
      return 0;
    default:
      console.error(`unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  },
);
