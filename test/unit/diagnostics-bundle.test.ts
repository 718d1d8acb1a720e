import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extract } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceTrafficRing, dispenserEntry } from '../../main/diagnostics/device-traffic-ring';
import {
  exportDiagnosticsBundle,
  type BundleDeps,
} from '../../main/diagnostics/diagnostics-bundle';
import { findLeaks, listFiles } from '../../main/diagnostics/leak-search';
import type { SelfTestReport } from '../../main/diagnostics/self-test-report';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';

const NOW = Date.UTC(2026, 2, 10, 12, 30, 5);
const key = createEphemeralDeviceKey();
const JTI = 'rx-token-NOT-A-UUID-0042';
const report: SelfTestReport = {
  kind: 'opendispense-self-test',
  version: 1,
  kioskId: 'kiosk/7',
  kioskName: 'Test Post',
  mode: 'live',
  startedAt: new Date(NOW).toISOString(),
  finishedAt: new Date(NOW).toISOString(),
  passed: true,
  items: [
    { id: 'disk', title: 'Free disk space', passed: true, reason: '9 GB free', durationMs: 1 },
  ],
};

let dir: string;
let journal: Journal;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bundle-'));
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    segmentMaxBytes: 600,
  });
  if (!opened.ok) throw new Error('journal');
  journal = opened.value;
  await journal.append('RX_ACCEPTED', { jti: JTI, medication: 'Amlodipine', packs: 1 });
  await journal.append('DISPENSE_INTENT', {
    purpose: 'patient',
    jti: JTI,
    slot: 1,
    gtin: '09506000134352',
    lot: 'L1',
    expiry: '2027-06-30',
    qty: 1,
  });
  await journal.append('DISPENSE_RESULT', { intentSeq: 2, outcome: 'SUCCESS', detail: 'dropped' });
  await mkdir(path.join(dir, 'usb'));
});

afterEach(async () => {
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

function deps(over: Partial<BundleDeps> = {}): BundleDeps {
  const traffic = new DeviceTrafficRing();
  traffic.record(
    dispenserEntry({
      dir: 'rx',
      bytes: new Uint8Array([0xfa, 0xfb, 0x41]),
      at: NOW,
      frame: { kind: 'POLL' },
    }),
  );
  return {
    kiosk: { kioskId: 'kiosk/7', kioskName: 'Test Post', appVersion: '0.1.0' },
    clock: { now: () => NOW },
    report,
    devices: [
      { id: 'dispenser', link: 'ready', port: '/dev/pts/3', reconnects: 0, lastError: null },
    ],
    traffic,
    logFiles: [path.join(dir, 'kiosk.log'), path.join(dir, 'absent.log')],
    config: { site: { kioskId: 'kiosk/7', hubToken: 'secret-value' } },
    journal,
    listSummaries: () => [
      { kind: 'trust', version: 3, issuedAt: 1, expiresAt: 2, sha256: 'c'.repeat(64) },
    ],
    ...over,
  };
}

async function unpack(file: string): Promise<string> {
  const out = path.join(dir, 'unpacked');
  await mkdir(out, { recursive: true });
  await extract({ file, cwd: out });
  const [top] = await readdir(out);
  return path.join(out, top ?? '');
}

describe('diagnostics bundle', () => {
  it('writes a .tar.gz with report, devices, redacted log and config, segment hashes and a manifest', async () => {
    await writeFile(
      path.join(dir, 'kiosk.log'),
      `${JSON.stringify({ level: 30, msg: 'rx accepted', jti: JTI })}\n${JSON.stringify({ level: 30, msg: 'device link' })}\n`,
    );
    const exported = await exportDiagnosticsBundle(deps(), path.join(dir, 'usb'));
    if (!exported.ok) throw new Error(exported.error);
    const { file, sha256, bytes } = exported.value;
    expect(path.basename(file)).toBe('opendispense-diagnostics-kiosk_7-20260310T123005Z.tar.gz');
    expect(bytes).toBe((await stat(file)).size);
    expect(sha256).toBe(
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
    expect(await readdir(path.join(dir, 'usb'))).toEqual([path.basename(file)]);

    const top = await unpack(file);
    const files = (await listFiles(top)).map((f) => path.relative(top, f));
    expect(files).toEqual([
      'config/site.json',
      'devices/status.json',
      'devices/traffic-dispenser.json',
      'journal/event-counts.json',
      'journal/segments.json',
      'lists.json',
      'logs/index.json',
      'logs/kiosk.log',
      'manifest.json',
      'self-test/self-test.html',
      'self-test/self-test.json',
    ]);
    const manifest = JSON.parse(await readFile(path.join(top, 'manifest.json'), 'utf8')) as {
      files: { path: string; bytes: number; sha256: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toEqual(files.filter((f) => f !== 'manifest.json'));
    for (const entry of manifest.files) {
      const content = await readFile(path.join(top, entry.path));
      expect(createHash('sha256').update(content).digest('hex')).toBe(entry.sha256);
    }
    expect(JSON.parse(await readFile(path.join(top, 'config/site.json'), 'utf8'))).toEqual({
      kioskId: 'kiosk/7',
      hubToken: '[redacted]',
    });
    const segments = JSON.parse(
      await readFile(path.join(top, 'journal/segments.json'), 'utf8'),
    ) as {
      segments: { file: string; sha256: string }[];
      verification: { ok: boolean; lastSeq: number };
    };
    expect(segments.segments.length).toBeGreaterThan(1);
    expect(segments.segments[0]?.sha256).toBe(
      createHash('sha256')
        .update(await readFile(path.join(journal.dir, 'segment-000001.jsonl')))
        .digest('hex'),
    );
    expect(segments.verification).toMatchObject({ ok: true, lastSeq: journal.lastSeq });
    expect(
      JSON.parse(await readFile(path.join(top, 'journal/event-counts.json'), 'utf8')),
    ).toMatchObject({
      RX_ACCEPTED: 1,
      DISPENSE_INTENT: 1,
      DISPENSE_RESULT: 1,
    });
    expect(await readFile(path.join(top, 'logs/kiosk.log'), 'utf8')).toContain(
      '"jti":"[redacted]"',
    );
    expect(await findLeaks(top, [{ label: 'jti', text: JTI }])).toEqual([]);
  });

  it('refuses to write a bundle that would carry a token id of the journal, naming the file', async () => {
    const exported = await exportDiagnosticsBundle(
      deps({ config: { site: { note: `left over ${JTI}` } } }),
      path.join(dir, 'usb'),
    );
    expect(exported).toEqual({
      ok: false,
      error:
        'refused to write the bundle: patient data or a token would leave the kiosk in config/site.json (a prescription token id (jti))',
    });
    expect(await readdir(path.join(dir, 'usb'))).toEqual([]);
  });

  it('never creates the target directory (a mistyped USB mount point)', async () => {
    const exported = await exportDiagnosticsBundle(deps(), path.join(dir, 'media', 'usb0'));
    expect(exported).toMatchObject({ ok: false, error: expect.stringMatching(/does not exist/) });
  });
});
