import { appendFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { extract } from 'tar';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiEvent, UiSnapshot } from '../../contracts/bridge';
import { ServerMessage, WEB_BRIDGE_PATH } from '../../contracts/web-bridge';
import { callControl } from '../../hardware/sim-host/control-server';
import { prepareDemo, type DemoFiles } from '../../main/demo/prepare-demo';
import { birthDateVariants, findLeaks, type Needle } from '../../main/diagnostics/leak-search';
import { DEMO_PATIENT } from '../../main/prescriptions/demo-prescription';
import { decodeNumeric } from '../../main/prescriptions/shc-numeric';
import { stopChild } from '../../scripts/lib/child-process';
import {
  launchKiosk,
  launchSimHost,
  type KioskProcess,
  type SimHostProcess,
} from '../../scripts/lib/launch';

/**
 * Issue 9 acceptance: a full patient session through the real kiosk process (scan on the simulated
 * scanner, a wrong PIN, the right birth date and PIN, counselling, two packs dropped, the label
 * printed — driven over the same WebSocket bridge the screen uses), then a diagnostics export by
 * `npm run diag`, then a search of every file in the bundle, of the kiosk's log and of the saved
 * self-test reports for the patient's PIN, date of birth in several spellings, patient reference
 * (the token's check value), the prescription's `shc:/` text and JWS, and its `jti`: none found.
 * The search itself is shown to work by finding them where they legitimately are (the journal).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let root: string;
let dataDir: string;
let demo: DemoFiles;
let sim: SimHostProcess;
let kiosk: KioskProcess | null = null;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'diag-bundle-'));
  dataDir = path.join(root, 'kiosk');
  demo = await prepareDemo({ dataDir, demoDir: path.join(root, 'demo') });
  sim = await launchSimHost(path.join(root, 'run'), ['--time-scale', '0.5']);
  kiosk = await launchKiosk(
    { dataDir, hardwarePath: sim.hardwarePath, demoStock: true },
    // As `npm start` does: the kiosk's structured log kept in DATA_DIR/kiosk.log.
    {
      env: { KIOSK_TEST_CLOCK: '1' },
      onStderr: (t) => appendFileSync(path.join(dataDir, 'kiosk.log'), t),
    },
  );
}, 90_000);

afterAll(async () => {
  if (kiosk) await stopChild(kiosk.child);
  if (sim) await stopChild(sim.child);
  rmSync(root, { recursive: true, force: true });
});

/** The screen's side of the bridge: latest snapshot in, events out. */
async function connectBridge(url: string) {
  const page = new URL(url);
  const socket = new WebSocket(
    `ws://${page.host}${WEB_BRIDGE_PATH}?token=${page.searchParams.get('token')}`,
    {
      origin: page.origin,
    },
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let latest: UiSnapshot | null = null;
  const waiters = new Set<() => void>();
  socket.on('message', (raw: Buffer) => {
    const message = ServerMessage.parse(JSON.parse(raw.toString()));
    if (message.type === 'snapshot') latest = message.snapshot;
    for (const w of waiters) w();
  });
  return {
    send: (event: UiEvent) => socket.send(JSON.stringify({ type: 'event', event })),
    async waitFor(predicate: (s: UiSnapshot) => boolean, timeoutMs = 30_000): Promise<UiSnapshot> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = latest;
        if (s && predicate(s)) return s;
        if (Date.now() > deadline)
          throw new Error(`screen never matched; last: ${JSON.stringify(s)}`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            resolve();
          };
          waiters.add(done);
          setTimeout(done, 200);
        });
      }
    },
    close: () => socket.close(),
  };
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/diag.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The patient reference of the token: the check value in Patient.identifier (prescription-token.md §3). */
function patientCheckValueOf(qrText: string): string {
  const jws = decodeNumeric(qrText);
  if (!jws.ok) throw new Error('demo token does not decode');
  const payload = JSON.parse(
    inflateRawSync(Buffer.from(jws.value.split('.')[1] ?? '', 'base64url')).toString(),
  ) as unknown;
  const found = JSON.stringify(payload).match(
    /"system":"urn:opendispense:patient-check","value":"([^"]+)"/,
  );
  if (!found?.[1]) throw new Error('no patient check value in the demo token');
  return found[1];
}

describe('a full patient session, then a diagnostics export: no patient data leaves', () => {
  it('exports a bundle that holds none of the patient secrets, nor does the log', async () => {
    const rx = demo.prescriptions.valid;
    const bridge = await connectBridge(kiosk?.url ?? '');
    await bridge.waitFor((s) => s.screen === 'attract');
    const token = JSON.parse(await readFile(path.join(sim.runDir, 'sim-control.json'), 'utf8')) as {
      token: string;
    };
    await callControl({ url: sim.controlUrl, token: token.token }, 'POST', '/scanner/scan', {
      text: rx.qrText,
      aim: ']Q1',
    });
    await bridge.waitFor((s) => s.screen === 'identify');
    bridge.send({ type: 'PATIENT_CHECK', birthDate: DEMO_PATIENT.birthDate, pin: '111111' });
    await bridge.waitFor((s) => s.identify?.lastWrong === true);
    bridge.send({
      type: 'PATIENT_CHECK',
      birthDate: DEMO_PATIENT.birthDate,
      pin: DEMO_PATIENT.pin,
    });
    await bridge.waitFor((s) => s.screen === 'confirm');
    bridge.send({ type: 'CONFIRM' });
    await bridge.waitFor((s) => s.screen === 'done', 90_000);
    bridge.send({ type: 'FINISH' });
    await bridge.waitFor((s) => s.screen === 'attract');
    bridge.close();
    if (kiosk) await stopChild(kiosk.child);
    kiosk = null;

    const journalText = (
      await Promise.all(
        (await readdir(path.join(dataDir, 'journal')))
          .filter((f) => f.endsWith('.jsonl'))
          .map((f) => readFile(path.join(dataDir, 'journal', f), 'utf8')),
      )
    ).join('');
    for (const type of [
      'RX_ACCEPTED',
      'PATIENT_CHECK_FAILED',
      'DISPENSE_RESULT',
      'LABEL_PRINTED',
    ]) {
      expect(journalText).toContain(`"type":"${type}"`);
    }

    const usb = path.join(root, 'usb');
    await mkdir(usb);
    const exported = await run([
      'bundle',
      '--offline',
      '--data-dir',
      dataDir,
      '--hardware',
      sim.hardwarePath,
      '--out',
      usb,
    ]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const [bundle] = await readdir(usb);
    const unpacked = path.join(root, 'unpacked');
    await mkdir(unpacked);
    await extract({ file: path.join(usb, bundle ?? ''), cwd: unpacked });
    const [top] = await readdir(unpacked);
    const files = await readdir(path.join(unpacked, top ?? ''), { recursive: true });
    expect(files).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'logs/kiosk.log',
        'config/hardware.json',
        'journal/segments.json',
        'self-test/self-test.html',
      ]),
    );

    const jws = decodeNumeric(rx.qrText);
    if (!jws.ok) throw new Error('demo token');
    const needles: Needle[] = [
      { label: 'the PIN', text: DEMO_PATIENT.pin, standaloneDigits: true },
      ...birthDateVariants(DEMO_PATIENT.birthDate).map((text) => ({
        label: `the birth date as ${text}`,
        text,
      })),
      { label: 'the shc:/ text', text: rx.qrText },
      { label: 'the shc:/ text (first 40 characters)', text: rx.qrText.slice(0, 40) },
      { label: 'the token JWS (first 40 characters)', text: jws.value.slice(0, 40) },
      { label: 'the jti', text: rx.jti },
      { label: 'the patient reference (check value)', text: patientCheckValueOf(rx.qrText) },
    ];
    // The search finds what is really there: the journal holds the token id (it must, for fills).
    expect((await findLeaks(path.join(dataDir, 'journal'), needles)).map((l) => l.label)).toContain(
      'the jti',
    );

    expect(await findLeaks(path.join(unpacked, top ?? ''), needles)).toEqual([]);
    const log = await readFile(path.join(dataDir, 'kiosk.log'), 'utf8');
    expect(log.length).toBeGreaterThan(100);
    expect(
      await findLeaks(dataDir, needles).then((l) => l.filter((x) => x.file === 'kiosk.log')),
    ).toEqual([]);
    expect(await findLeaks(path.join(dataDir, 'diagnostics'), needles)).toEqual([]);
  }, 180_000);
});
