/**
 * `npm start`: the kiosk with every device simulated (DESIGN §8 "Demo"). Builds the renderer when
 * needed, makes demo keys, trust list and prescriptions, starts the simulators and the kiosk, and
 * shows the screen: Electron when its binary exists, else Chromium in app mode when a display is
 * available, else the URL to open. Says which it did.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { prepareDemo } from '../main/demo/prepare-demo';
import { ENROLLMENT_FILE } from '../main/sync/enroll';
import { stopChild } from './lib/child-process';
import { launchKiosk, launchSimHost, ROOT } from './lib/launch';

const HELP = `Usage: npm start [-- --no-window]

Starts the OpenDispense kiosk with simulated hardware: the dispenser board, scanner, label
printer, pulse oximeter and blood-pressure cuff run as simulators on socat PTY pairs (control them
with npm run sim), and demo prescriptions are written to .opendispense/demo/.
  --no-window   do not open a window; print the URL only
Data lives in .opendispense/ (delete it to start from scratch). Stop with Ctrl+C.`;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildRendererIfStale(): void {
  // Spoken prompts are generated offline with espeak-ng; only changed ones are remade.
  if (
    spawnSync('node', ['--import', 'tsx', 'scripts/make-prompts.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
    }).status !== 0
  ) {
    throw new Error('spoken prompts could not be made');
  }
  const built = join(ROOT, 'dist/renderer/index.html');
  if (
    existsSync(built) &&
    statSync(built).mtimeMs >=
      Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'contracts')))
  )
    return;
  console.log('building the screen (vite build)…');
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}

function electronBinary(): string | null {
  try {
    const path = createRequire(join(ROOT, 'package.json'))('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function openChromium(url: string): ChildProcess | null {
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!display || !existsSync('/usr/bin/chromium')) return null;
  const isRoot = process.getuid?.() === 0;
  const profile = mkdtempSync(join(tmpdir(), 'opendispense-chromium-'));
  return spawn(
    '/usr/bin/chromium',
    [
      `--app=${url}`,
      '--autoplay-policy=no-user-gesture-required',
      '--kiosk',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      ...(isRoot ? ['--no-sandbox'] : []),
    ],
    { stdio: 'ignore' },
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(HELP);
    return;
  }
  const dataDir = join(ROOT, '.opendispense/kiosk');
  const demoDir = join(ROOT, '.opendispense/demo');
  const runDir = join(ROOT, '.run');

  buildRendererIfStale();
  // An enrolled kiosk takes its root key and lists from the hub: the demo's must not replace them.
  const enrolled = existsSync(join(dataDir, ENROLLMENT_FILE));
  const demo = enrolled ? null : await prepareDemo({ dataDir, demoDir });
  const sim = await launchSimHost(runDir);
  const children: ChildProcess[] = [sim.child];
  const shutdown = async () => {
    for (const child of children.reverse()) await stopChild(child);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const electron = electronBinary();
  if (electron && !args.includes('--no-window')) {
    spawnSync('npm', ['run', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
    const shell = spawn(
      electron,
      [
        join(ROOT, 'dist/electron/main.cjs'),
        '--data-dir',
        dataDir,
        '--hardware',
        sim.hardwarePath,
        '--demo-stock',
        '--host',
        'electron',
      ],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    children.push(shell);
    console.log('kiosk: running in Electron');
    shell.once('exit', () => void shutdown());
  } else {
    // The kiosk's structured log goes to a file; the terminal keeps the few lines a person needs.
    const logFile = join(dataDir, 'kiosk.log');
    const kiosk = await launchKiosk(
      { dataDir, hardwarePath: sim.hardwarePath, demoStock: true },
      { onStderr: (t) => appendFileSync(logFile, t) },
    );
    console.log(`kiosk log: ${relative(ROOT, logFile)}`);
    children.push(kiosk.child);
    kiosk.child.once('exit', () => void shutdown());
    const why = electron
      ? 'window disabled'
      : 'no Electron binary here (ELECTRON_SKIP_BINARY_DOWNLOAD)';
    const window = args.includes('--no-window') ? null : openChromium(kiosk.url);
    if (window) {
      children.push(window);
      console.log(`kiosk: ${why}; running on web-host, shown in Chromium app mode`);
    } else {
      const noWindow = args.includes('--no-window')
        ? 'no window asked for (--no-window)'
        : 'no display found';
      console.log(
        `kiosk: ${why}; running on web-host, ${noWindow}: open this URL in a browser:\n  ${kiosk.url}`,
      );
    }
    if (kiosk.outOfService) console.log(`kiosk is OUT OF SERVICE: ${kiosk.outOfService}`);
  }

  const rel = (p: string) => relative(ROOT, p);
  if (!demo) {
    console.log(`
This kiosk is enrolled with a pharmacy hub (${rel(join(dataDir, ENROLLMENT_FILE))}): it syncs with
it and uses the hub's prescriptions, so no demo prescriptions were made. Stop with Ctrl+C.`);
    return;
  }
  console.log(`
Demo prescriptions (QR pictures and shc:/ text) are in ${rel(demoDir)}/. Scan one with the simulated scanner:
  npm run sim -- scan "$(cat ${rel(demo.prescriptions.valid.textPath)})"          # ${demo.prescriptions.valid.description}
  npm run sim -- scan "$(cat ${rel(demo.prescriptions.badSignature.textPath)})"   # ${demo.prescriptions.badSignature.description}
  npm run sim -- scan "$(cat ${rel(demo.prescriptions.withVitals.textPath)})"   # ${demo.prescriptions.withVitals.description}
  npm run sim -- jam 1      # the next drives of slot 1 jam;  npm run sim -- state  shows motor runs and drops
When the kiosk asks who you are: date of birth 14 05 1960, PIN 246810 (the fictitious demo patient).
Stop with Ctrl+C.`);
}

main().catch((e: unknown) => {
  console.error(`npm start failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
