import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { TrafficToolView } from '../../contracts/technician/traffic';
import { ScannerDriver, ScannerSimulator } from '../../hardware/scanner';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import {
  DeviceTrafficRing,
  dispenserEntry,
  recordTraffic,
  scannerEntry,
} from '../../main/diagnostics/device-traffic-ring';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import { createTrafficTool } from '../../main/technician/tools/traffic/traffic-tool';
import { baseClaims, forgeJws, makeIssuer, toQr } from '../fixtures/prescriptions/token-forge';

/**
 * The live traffic view (issue 9 item 4): one device's frames from the ring, hex beside decoded,
 * only while the tab watches; Pause freezes what is shown while the ring records; Clear forgets;
 * scanner traffic shows no more than the redacted form (symbology, length, first 8 characters).
 */

const WHO = { technicianId: 'T-DEMO', name: 'Demo', roles: [] } as never;
const POLL = new Uint8Array([0xfa, 0xfb, 0x41, 0x00, 0x40]);

function setup() {
  const ring = new DeviceTrafficRing();
  const journal: { type: string; data: Record<string, unknown> }[] = [];
  let changed = 0;
  const context = {
    traffic: ring,
    hardware: { printer: { path: '/dev/null' }, oximeter: null, bpCuff: { path: '/dev/null' } },
    devices: {
      statusList: () => [
        { id: 'dispenser', link: 'ready', port: 'x', reconnects: 3, lastError: null },
      ],
    },
    logger: pino({ level: 'silent' }),
    journal: {
      append: (type: string, data: Record<string, unknown>) => {
        journal.push({ type, data });
        return Promise.resolve();
      },
    },
    changed: () => {
      changed += 1;
    },
  } as unknown as TechnicianToolContext;
  const tool = createTrafficTool(context);
  let at = 1_000;
  const poll = () =>
    ring.record(
      dispenserEntry({ dir: 'rx', bytes: POLL, at: at++, frame: { kind: 'POLL' } as never }),
    );
  const view = () => TrafficToolView.parse(tool.view());
  return { ring, tool, journal, poll, view, changes: () => changed };
}

describe('traffic view', () => {
  it('lists the devices the kiosk has, and carries frames only while the tab watches', () => {
    const { tool, poll, view, changes } = setup();
    poll();
    expect(view()).toMatchObject({
      devices: ['dispenser', 'scanner', 'printer', 'bpCuff'],
      device: 'dispenser',
      watching: false,
      frames: [],
      counters: null,
    });
    // Nobody is looking: a POLL asks for no snapshot.
    expect(changes()).toBe(0);
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'dispenser' }, WHO);
    poll();
    expect(changes()).toBe(2);
    expect(view().frames).toEqual([
      { id: 0, at: 1000, dir: 'rx', hex: 'fa fb 41 00 40', summary: 'POLL', error: null },
      { id: 1, at: 1001, dir: 'rx', hex: 'fa fb 41 00 40', summary: 'POLL', error: null },
    ]);
    expect(view().counters).toEqual({ good: 2, bad: 0, sent: 0, timeouts: 0, reconnects: 3 });
    // Another device's traffic does not republish the dispenser's view.
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'bpCuff' }, WHO);
    const before = changes();
    poll();
    expect(changes()).toBe(before);
    expect(view().frames).toEqual([]);
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: null }, WHO);
    expect(view()).toMatchObject({ watching: false, device: 'bpCuff', frames: [] });
  });

  it('shows bad frames, resends as timeouts, and at most 200 frames with the newest last', () => {
    const { ring, tool, poll, view } = setup();
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'dispenser' }, WHO);
    for (let i = 0; i < 250; i++) poll();
    ring.record(
      dispenserEntry({
        dir: 'rx',
        bytes: new Uint8Array([0xfa, 0x01]),
        at: 5_000,
        error: { code: 'TRUNCATED', detail: '' } as never,
      }),
    );
    ring.record(
      dispenserEntry({
        dir: 'tx',
        bytes: new Uint8Array(100).fill(0xab),
        at: 5_001,
        frame: { kind: 'VEND' } as never,
        note: 'resend 2/5',
      }),
    );
    const frames = view().frames;
    expect(frames).toHaveLength(200);
    expect(frames.at(-2)).toMatchObject({ summary: 'undecodable: TRUNCATED', error: 'TRUNCATED' });
    expect(frames.at(-1)?.summary).toBe('VEND (resend 2/5)');
    // 100 bytes: the first 64 in hex, then how many more.
    expect(frames.at(-1)?.hex).toBe(`${'ab '.repeat(63)}ab …(+36 bytes)`);
    expect(view().counters).toMatchObject({ good: 250, bad: 1, sent: 1, timeouts: 1 });
  });

  it('Pause freezes what is shown while the ring records; Clear forgets, counters stay; per device', () => {
    const { ring, tool, poll, view, journal } = setup();
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'dispenser' }, WHO);
    poll();
    poll();
    tool.handle({ type: 'TECH_TRAFFIC_PAUSE', paused: true }, WHO);
    poll();
    poll();
    expect(view()).toMatchObject({ paused: true, counters: { good: 4 } });
    expect(view().frames.map((f) => f.id)).toEqual([0, 1]);
    expect(ring.recent('dispenser')).toHaveLength(4);

    // The pause belongs to the dispenser: the scanner's view is live.
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'scanner' }, WHO);
    expect(view().paused).toBe(false);
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'dispenser' }, WHO);
    expect(view().paused).toBe(true);

    tool.handle({ type: 'TECH_TRAFFIC_CLEAR' }, WHO);
    poll();
    expect(view()).toMatchObject({ paused: true, frames: [], counters: { good: 5 } });
    tool.handle({ type: 'TECH_TRAFFIC_PAUSE', paused: false }, WHO);
    expect(view().frames.map((f) => f.summary)).toEqual(['POLL']);
    expect(view().frames[0]?.id).toBeGreaterThan(1);
    expect(journal).toEqual([
      {
        type: 'TECH_ACTION',
        data: {
          technicianId: 'T-DEMO',
          action: 'traffic_clear',
          detail: 'cleared the dispenser traffic ring',
        },
      },
    ]);
    tool.reset?.();
    expect(view()).toMatchObject({ watching: false, paused: false, device: 'dispenser' });
  });

  it('shows a scanned prescription only redacted, in the hex and the decoded column', async () => {
    const claims = baseClaims();
    const qr = toQr(forgeJws(makeIssuer(), claims));
    const clock = createManualClock(Date.UTC(2026, 2, 10));
    const [kioskEnd, scannerEnd] = createMemoryTransportPair({ name: 'scanner' });
    const driver = new ScannerDriver({ transport: kioskEnd, clock });
    const simulator = new ScannerSimulator({ transport: scannerEnd, clock });
    await scannerEnd.open();
    await driver.open();
    const { ring, tool, view } = setup();
    recordTraffic(ring, (l) => driver.onTraffic(l), scannerEntry);
    tool.handle({ type: 'TECH_TRAFFIC_WATCH', device: 'scanner' }, WHO);
    await simulator.scan(qr);
    for (let i = 0; i < 5; i++) await Promise.resolve();

    const frames = view().frames;
    const scan = frames.find((f) => f.summary.startsWith('scan '));
    expect(scan?.summary).toBe(`scan ]Q1 QR Code, ${qr.length} chars, "${qr.slice(0, 8)}…"`);
    // ]Q1 and the first 8 characters, nothing more.
    expect(scan?.hex).toBe(
      `${Buffer.from(`]Q1${qr.slice(0, 8)}`)
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 ')} …`,
    );
    expect(frames.some((f) => f.summary.endsWith('byte(s)') && f.hex === null)).toBe(true);

    const shown = JSON.stringify(view());
    const ninth = Buffer.from(qr.slice(0, 12))
      .toString('hex')
      .replace(/(..)(?!$)/g, '$1 ');
    expect(qr.length).toBeGreaterThan(200);
    for (const needle of [qr.slice(0, 12), qr.slice(100, 140), claims.jti, ninth])
      expect(shown).not.toContain(needle);
    await driver.close();
  });
});
