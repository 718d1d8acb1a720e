import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { callControl } from '../../hardware/sim-host/control-server';
import { openPtyPair } from '../../hardware/transports/pty-pair';
import { createSerialTransport } from '../../hardware/transports/serial-transport';
import { prepareDemo } from '../../main/demo/prepare-demo';
import { stopChild } from '../../scripts/lib/child-process';
import { launchKiosk, launchSimHost } from '../../scripts/lib/launch';
import { LatencySamples } from './latency';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * How fast the kiosk answers the dispenser board's POLL (must be < 100 ms, dispenser.md §3),
 * measured at the board's end of a real PTY while the kiosk process is busy: the oximeter
 * streaming 75 frames/s into it, the screen bridge taking 200 touches/s and the verifier checking
 * a scanned prescription every second. Beside it, the floor: a
 * bare round trip over a socat PTY pair between two serialport ends in one process.
 */
export const name = 'dispenser-poll';

const MEASURE_MS = 40_000;
const FLOOR_ROUND_TRIPS = 2_000;
/** 200 touches/s: ten times a frantic patient, to keep the bridge and the session machine busy. */
const TOUCHES_PER_10_MS = 2;
/** A prescription scanned and verified every second: faster than any person can present one. */
const SCAN_EVERY_MS = 1_000;

async function rawPtyRoundTrip(progress: ReportProgress): Promise<LatencySamples> {
  const pair = await openPtyPair();
  const a = createSerialTransport({ path: pair.a, baudRate: 57600, lock: false });
  const b = createSerialTransport({ path: pair.b, baudRate: 57600, lock: false });
  await a.open();
  await b.open();
  b.onData((chunk) => void b.write(chunk));
  const samples = new LatencySamples();
  const frame = Uint8Array.from([0xfa, 0xfb, 0x41, 0x00, 0x40]);
  for (let i = 0; i < FLOOR_ROUND_TRIPS; i++) {
    let got = 0;
    await samples.time(
      () =>
        new Promise<void>((resolve) => {
          const off = a.onData((chunk) => {
            got += chunk.length;
            if (got >= frame.length) {
              off();
              resolve();
            }
          });
          void a.write(frame);
        }),
    );
  }
  await a.close();
  await b.close();
  await pair.close();
  progress(
    `raw PTY round trip: p50 ${samples.percentile(50).toFixed(3)} p99 ${samples.percentile(99).toFixed(3)} ms`,
  );
  return samples;
}

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  const floor = await rawPtyRoundTrip(progress);
  const root = mkdtempSync(join(tmpdir(), 'bench-poll-'));
  const demo = await prepareDemo({ dataDir: join(root, 'kiosk'), demoDir: join(root, 'demo') });
  const sim = await launchSimHost(join(root, 'run'));
  const kiosk = await launchKiosk({
    dataDir: join(root, 'kiosk'),
    hardwarePath: sim.hardwarePath,
    demoStock: true,
  });
  const control = {
    url: sim.controlUrl,
    token: (
      JSON.parse(readFileSync(join(root, 'run', 'sim-control.json'), 'utf8')) as { token: string }
    ).token,
  };
  try {
    const url = new URL(kiosk.url);
    const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.searchParams.get('token')}`, {
      origin: url.origin,
    });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await callControl(control, 'GET', '/dispenser/poll-replies'); // drop the warm-up
    const started = Date.now();
    let touches = 0;
    let scans = 0;
    const busy = setInterval(() => {
      for (let i = 0; i < TOUCHES_PER_10_MS; i++, touches++)
        ws.send(JSON.stringify({ type: 'event', event: { type: 'ACTIVITY' } }));
    }, 10);
    const scanning = setInterval(() => {
      scans++;
      void callControl(control, 'POST', '/scanner/scan', {
        text: demo.prescriptions.badSignature.qrText,
        aim: ']Q1',
      }).catch(() => undefined);
    }, SCAN_EVERY_MS);
    while (Date.now() - started < MEASURE_MS) {
      await new Promise((r) => setTimeout(r, 5_000));
      progress(
        `${Math.round((Date.now() - started) / 1000)} s of ${MEASURE_MS / 1000} s under load`,
      );
    }
    clearInterval(busy);
    clearInterval(scanning);
    ws.close();
    const { ms } = (await callControl(control, 'GET', '/dispenser/poll-replies')) as {
      ms: number[];
    };
    const samples = new LatencySamples();
    for (const v of ms) samples.add(v);
    progress(
      `${samples.count} POLL replies while ${touches} touches and ${scans} scans hit the kiosk: p50 ${samples.percentile(50).toFixed(3)} p99 ${samples.percentile(99).toFixed(3)} ms`,
    );
    report({
      id: 'pty.round_trip.p99_ms',
      value: floor.percentile(99),
      unit: 'ms',
      better: 'lower',
    });
    report({
      id: 'dispenser.poll_reply.p50_ms',
      value: samples.percentile(50),
      unit: 'ms',
      better: 'lower',
      floor: floor.percentile(50),
    });
    report({
      id: 'dispenser.poll_reply.p99_ms',
      value: samples.percentile(99),
      unit: 'ms',
      goal: 5,
      better: 'lower',
      floor: floor.percentile(99),
    });
    report({
      id: 'dispenser.poll_reply.max_ms',
      value: Math.max(...ms),
      unit: 'ms',
      goal: 100,
      better: 'lower',
    });
  } finally {
    await stopChild(kiosk.child);
    await stopChild(sim.child);
    rmSync(root, { recursive: true, force: true });
  }
}
