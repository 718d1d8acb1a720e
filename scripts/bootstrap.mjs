#!/usr/bin/env node
// Makes a fresh Debian machine with only Node 20+ and npm ready for `npm start` / `npm test`:
// installs node_modules with `npm ci` when missing or older than the lock file, and the Debian
// packages the kiosk and its tests need (apt-get when root, otherwise one line saying what to
// install). Plain JavaScript on purpose: it runs before any dependency exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const purpose = process.argv[2] ?? 'test';

/** Debian package → a file that proves it is installed (checked first: faster and works without dpkg). */
const DEBIAN_PACKAGES = {
  socat: '/usr/bin/socat', // PTY pairs for the simulated serial devices
  chromium: '/usr/bin/chromium', // the kiosk window without Electron, and the browser e2e tests
  udev: '/usr/bin/udevadm', // SerialPort.list() asks udevadm for USB vendor/product ids
  'libusb-1.0-0': null, // node-hid's native module links against it
  'espeak-ng': '/usr/bin/espeak-ng', // spoken prompts are generated offline with it
  postgresql: '/usr/lib/postgresql', // the hub's tests against a real PostgreSQL
};

function say(line) {
  process.stderr.write(`[bootstrap] ${line}\n`);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    say(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
    process.exit(1);
  }
}

function isInstalled(pkg) {
  const proof = DEBIAN_PACKAGES[pkg];
  if (proof && existsSync(proof)) return true;
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebianPackages() {
  const missing = Object.keys(DEBIAN_PACKAGES).filter((p) => !isInstalled(p));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    say(`missing Debian packages: run  sudo apt-get install -y ${missing.join(' ')}`);
    if (purpose === 'test') process.exit(1);
    return;
  }
  say(`installing Debian packages: ${missing.join(' ')} (apt-get update && apt-get install)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const still = missing.filter((p) => !isInstalled(p));
  if (still.length) {
    say(`apt-get did not install: ${still.join(' ')}`);
    process.exit(1);
  }
}

function needsNpmCi() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return true;
  return statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs + 1000;
}

function ensureNodeModules() {
  if (!needsNpmCi()) return;
  say('installing node_modules with npm ci (Electron binary download skipped)');
  // No binary may be fetched from outside the npm registry here; the kiosk falls back to web-host.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) {
    say('npm ci failed (see above)');
    process.exit(r.status ?? 1);
  }
}

function checkNativeModules() {
  // npm warns that install scripts of these are not allowed; their prebuilt binaries ship inside
  // the packages and must still load.
  const require = createRequire(join(root, 'package.json'));
  for (const name of ['@serialport/bindings-cpp', 'node-hid']) {
    try {
      require(name);
    } catch (error) {
      say(
        `${name} native module does not load: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
      process.exit(1);
    }
  }
}

checkNode();
ensureDebianPackages();
ensureNodeModules();
checkNativeModules();
