import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callControl } from '../../hardware/sim-host/control-server';
import { createTrustList } from '../../main/prescriptions/trust';
import { verifyBadge } from '../../main/technician/badge';
import { ROSTER_FILE } from '../../main/technician/roster-store';
import { matchesTechnicianPin } from '../../main/technician/roster';
import { startDiagKioskRig, waitForLinks, type DiagKioskRig } from './support/diag-kiosk-rig';

/**
 * `npm run diag` and `npm run tech` as a technician runs them over SSH: real child processes
 * against a kiosk whose diagnostics and admin endpoint are wired as main/app.ts will wire them,
 * with every device a simulator on a PTY. A fault injected through the simulator control API
 * makes the self-test exit non-zero naming the failed item.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  script: 'diag' | 'tech',
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdin?: string,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

let rig: DiagKioskRig;
const simToken = async () =>
  (
    JSON.parse(await readFile(path.join(rig.sim.runDir, 'sim-control.json'), 'utf8')) as {
      token: string;
    }
  ).token;
const sim = async (p: string, body: unknown) =>
  callControl({ url: rig.sim.controlUrl, token: await simToken() }, 'POST', p, body);

beforeAll(async () => {
  rig = await startDiagKioskRig();
  await waitForLinks(rig.devices, (s) => s.length >= 5 && s.every((d) => d.link === 'ready'));
}, 60_000);

afterAll(async () => {
  await rig?.stop();
});

describe('npm run diag against the running kiosk', () => {
  it('says how to use it', async () => {
    const help = await run('diag', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/self-test/);
    expect(help.stdout).toMatch(/bundle --out DIR/);
    const bad = await run('diag', ['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('self-test exits 0 on healthy simulators, with every item passed', async () => {
    const result = await run('diag', ['self-test', '--data-dir', rig.dataDir]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/PASSED: all \d+ checks/);
    for (const id of [
      'device:dispenser',
      'device:scanner',
      'device:printer',
      'device:oximeter',
      'device:bpCuff',
      'journal',
      'views',
      'disk',
      'clock',
      'list:trust',
      'list:revocation',
      'sync',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`PASS  ${id}\\s`));
    }
    expect(result.stdout).toMatch(/board answered 0x51 machine status/);
    expect(result.stdout).toMatch(/printer answered DLE EOT status: ready/);
    expect(result.stdout).toMatch(/valid frame\(s\)/);
    expect(result.code).toBe(0);
    const journal = await rig.journal.readAll();
    expect(journal.filter((e) => e.type === 'SELF_TEST').at(-1)?.data).toEqual({
      passed: true,
      failed: [],
      items: 12,
      mode: 'live',
    });
    // Saved on the kiosk as HTML + JSON.
    const saved = result.stdout.match(/report: (.*self-test\.html)/)?.[1] ?? '';
    expect((await readFile(saved, 'utf8')).startsWith('<!doctype html>')).toBe(true);
  });

  it('exits non-zero naming the failed item after the scanner is unplugged', async () => {
    await sim('/device/unplug', { device: 'scanner' });
    await waitForLinks(rig.devices, (s) => s.find((d) => d.id === 'scanner')?.link !== 'ready');
    const result = await run('diag', ['self-test', '--data-dir', rig.dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL {2}device:scanner\s+Barcode scanner: link (lost|opening|closed)/,
    );
    expect(result.stdout.trim().split('\n').at(-1)).toBe('FAILED: device:scanner');
    await sim('/device/replug', { device: 'scanner' });
    await waitForLinks(rig.devices, (s) => s.every((d) => d.link === 'ready'));
  });

  it('refuses to run while a patient is being served, and says so', async () => {
    rig.busyReason = 'a patient is being served';
    const result = await run('diag', ['self-test', '--data-dir', rig.dataDir]);
    rig.busyReason = null;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a patient is being served: try again when the kiosk is idle/);
  });

  it('writes a bundle to a chosen directory and reports the kiosk status', async () => {
    const usb = path.join(rig.root, 'usb');
    const missing = await run('diag', ['bundle', '--data-dir', rig.dataDir, '--out', usb]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    await mkdir(usb);
    const result = await run('diag', ['bundle', '--data-dir', rig.dataDir, '--out', usb]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [file] = await readdir(usb);
    expect(file).toMatch(/^opendispense-diagnostics-demo-kiosk-\d{8}T\d{6}Z\.tar\.gz$/);
    expect(result.stdout).toContain(path.join(usb, file ?? ''));
    expect((await stat(path.join(usb, file ?? ''))).size).toBeGreaterThan(1000);
    const status = await run('diag', ['status', '--data-dir', rig.dataDir, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ kioskId: 'demo-kiosk', technicianId: null });
  });
});

describe('npm run tech: badge and roster for a site without a hub', () => {
  it('makes a badge the kiosk accepts and a roster it installs, PINs never on the command line', async () => {
    const keys = path.join(rig.root, 'tech-keys');
    const out = path.join(rig.root, 'badges');
    expect((await run('tech', ['keys', '--dir', keys])).code).toBe(0);
    const badge = await run('tech', [
      'badge',
      '--issuer-key',
      keys,
      '--id',
      'T-1',
      '--name',
      'Ada Field',
      '--days',
      '30',
      '--out',
      out,
    ]);
    expect(badge.stderr).toBe('');
    expect(badge.code).toBe(0);
    const qrText = (await readFile(path.join(out, 'T-1.odb.txt'), 'utf8')).trim();
    expect((await stat(path.join(out, 'T-1.badge.png'))).mode & 0o777).toBe(0o600);

    const rosterFile = path.join(rig.root, 'roster.jws');
    const rootDir = path.join(rig.root, 'demo', 'root');
    const noPin = await run('tech', [
      'roster',
      '--root-key',
      rootDir,
      '--tech',
      'T-1:Ada Field',
      '--out',
      rosterFile,
    ]);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/TECH_PIN_T_1/);
    const made = await run(
      'tech',
      [
        'roster',
        '--root-key',
        rootDir,
        '--tech',
        'T-1:Ada Field',
        '--tech',
        'T-2:Bo Stock:technician,stock',
        '--pins-stdin',
        '--out',
        rosterFile,
      ],
      { TECH_PIN_T_1: '135792' },
      'T-2:864200\n',
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).not.toMatch(/135792|864200/);

    const installed = await run('tech', ['install', rosterFile, '--data-dir', rig.dataDir]);
    expect(installed.stderr).toBe('');
    expect(installed.stdout).toMatch(
      /installed roster version \d+ \(2 technician\(s\)\) on the running kiosk/,
    );
    const again = await run('tech', ['install', rosterFile, '--data-dir', rig.dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already installed/);
    const events = await rig.journal.readAll();
    expect(events.filter((e) => e.type === 'LIST_INSTALLED').at(-1)?.data).toMatchObject({
      kind: 'roster',
    });

    // The CLI's badge verifies against a trust list naming the CLI's badge issuer key.
    const jwk = JSON.parse(
      await readFile(path.join(keys, 'badge-issuer-key.public.jwk'), 'utf8'),
    ) as { x: string; y: string };
    const now = Math.floor(Date.now() / 1000);
    const trust = createTrustList({
      version: 1,
      issuedAt: now,
      expiresAt: now + 86_400,
      issuers: [],
      badgeIssuers: [{ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }],
    });
    const { verifyRoster } = await import('../../main/technician/roster');
    const { loadRootPublicKey } = await import('../../main/prescriptions/root-key');
    const rootKey = await loadRootPublicKey(path.join(rig.dataDir, 'root-key.public.jwk'));
    if (!rootKey.ok) throw new Error(rootKey.error);
    const roster = verifyRoster(await readFile(rosterFile, 'utf8'), rootKey.value.jwk);
    if (!roster.ok) throw new Error(roster.error.detail);
    const verified = verifyBadge(
      { trust, revocation: undefined, roster: roster.value, now: Date.now() },
      qrText,
    );
    expect(verified.ok).toBe(true);
    expect(verified.ok && matchesTechnicianPin(verified.value.pinCheck, 'T-1', '135792')).toBe(
      true,
    );
    expect(roster.value.technicians.find((t) => t.id === 'T-2')?.roles).toEqual([
      'technician',
      'stock',
    ]);
  });
});

describe('with no kiosk running', () => {
  it('diag says so and exits 2; --offline runs the checks that need no device', async () => {
    await rig.stopAdmin();
    const none = await run('diag', ['self-test', '--data-dir', rig.dataDir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no kiosk is running/);
    expect(none.stderr).toMatch(/--offline/);

    // The kiosk still holds the journal: --offline refuses rather than fork it.
    const held = await run('diag', ['self-test', '--offline', '--data-dir', rig.dataDir]);
    expect(held.code).toBe(2);
    expect(held.stderr).toMatch(/holds the journal: run without --offline/);

    await rig.closeKiosk();
    const offline = await run('diag', ['self-test', '--offline', '--data-dir', rig.dataDir]);
    expect(offline.stderr).toBe('');
    expect(offline.stdout).toMatch(/, offline, /);
    expect(offline.stdout).not.toMatch(/device:/);
    expect(offline.stdout).toMatch(/PASSED: all 7 checks/);
    expect(offline.code).toBe(0);

    // tech install with no kiosk: the roster waits in incoming/ for the next start.
    const rosterFile = path.join(rig.root, 'roster.jws');
    const queued = await run('tech', ['install', rosterFile, '--data-dir', rig.dataDir]);
    expect(queued.code).toBe(0);
    expect(await readdir(path.join(rig.dataDir, 'incoming'))).toContain(ROSTER_FILE);
  });
});
