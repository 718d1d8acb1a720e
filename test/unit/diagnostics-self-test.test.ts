import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../main/devices/supervised-device';
import type { DeviceProbe } from '../../main/diagnostics/checks/device-check';
import { kioskViewsToCheck } from '../../main/diagnostics/kiosk-views';
import {
  runSelfTest,
  type SelfTestDeps,
  type SelfTestProgress,
} from '../../main/diagnostics/self-test';
import {
  renderSelfTestHtml,
  SelfTestReport,
  writeSelfTestReport,
} from '../../main/diagnostics/self-test-report';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
} from '../../main/inventory/inventory-state';
import { openJournal, type Journal } from '../../main/journal';
import { segmentPath } from '../../main/journal/segment-files';
import { createEphemeralDeviceKey } from '../../main/keys';
import { emptySyncLedger, reduceSyncLedger, type SyncLedger } from '../../main/sync/sync-ledger';
import { openViewStore, type ViewStore } from '../../main/views';

const NOW = Date.UTC(2026, 2, 10, 12);
const DAY = 86_400_000;
const key = createEphemeralDeviceKey();
const verifyCheckpoint = key.verifyCheckpoint.bind(key);

/** Timers at 1/1000 speed: a 10 s probe timeout takes 10 ms. */
const fastClock = {
  now: () => NOW,
  setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms / 1000),
  clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
};

const status = (id: string, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  id,
  link: 'ready',
  port: `/dev/pts/${id.length}`,
  reconnects: 0,
  lastError: null,
  ...over,
});
const answering = (detail: string, ok = true): DeviceProbe => ({
  describe: 'probe',
  run: async () => ({ ok, detail }),
});

let dir: string;
let journal: Journal;
let inventory: ViewStore<ReturnType<typeof emptyInventory>>;
let sync: ViewStore<SyncLedger>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'self-test-'));
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    verifyCheckpoint,
    segmentMaxBytes: 1_500,
    clock: fastClock,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  journal = opened.value;
  inventory = await openViewStore({
    file: path.join(dir, 'views', 'inventory.json'),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
  });
  sync = await openViewStore({
    file: path.join(dir, 'views', 'sync.json'),
    journal,
    initial: emptySyncLedger,
    reduce: reduceSyncLedger,
  });
  for (let slot = 1; slot <= 6; slot++) {
    await journal.append('RESTOCK', {
      slot,
      packs: [
        { gtin: '09506000134352', lot: `L${slot}`, expiry: '2027-06-30', serial: `S${slot}` },
      ],
    });
  }
  await journal.append('SYNC_COMPLETED', { at: NOW - DAY, source: 'hub', hubOffsetMs: 1_200 });
  await journal.append('FILLS_ACKNOWLEDGED', { upToSeq: 5, source: 'hub' });
  await inventory.flush();
  await sync.flush();
});

afterEach(async () => {
  await inventory.close();
  await sync.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

function deps(over: Partial<SelfTestDeps> = {}): SelfTestDeps {
  const facts = {
    version: 3,
    issuedAt: (NOW - 2 * DAY) / 1000,
    expiresAt: (NOW + 28 * DAY) / 1000,
  };
  return {
    kiosk: { kioskId: 'kiosk-7', kioskName: 'Test Post' },
    clock: fastClock,
    devices: {
      statusList: () => [status('dispenser'), status('scanner'), status('printer')],
      probe: (id) =>
        id === 'dispenser'
          ? answering('board answered 0x51 machine status: door closed, 5 °C')
          : id === 'printer'
            ? answering('printer answered DLE EOT status: ready')
            : undefined,
    },
    journal: {
      dir: journal.dir,
      get lastSeq() {
        return journal.lastSeq;
      },
      events: (from) => journal.events(from),
      verifyCheckpoint,
    },
    views: kioskViewsToCheck(dir),
    dataDir: dir,
    measureDisk: async () => ({ freeBytes: 9e9, totalBytes: 3e10 }),
    lists: () => ({ trust: facts, revocation: facts }),
    sync: () => sync.state,
    lastSeenTime: () => NOW - 60_000,
    offlineWindowDays: 7,
    ...over,
  };
}

const byId = (report: SelfTestReport) => Object.fromEntries(report.items.map((i) => [i.id, i]));

describe('self-test', () => {
  it('passes a healthy kiosk, item by item in a fixed order, with progress', async () => {
    const progress: SelfTestProgress[] = [];
    const report = await runSelfTest(deps(), (p) => progress.push(p));
    expect(SelfTestReport.parse(report)).toEqual(report);
    expect(report.items.filter((i) => !i.passed)).toEqual([]);
    expect(report).toMatchObject({ passed: true, mode: 'live', kioskId: 'kiosk-7' });
    expect(report.items.map((i) => i.id)).toEqual([
      'device:dispenser',
      'device:scanner',
      'device:printer',
      'journal',
      'views',
      'disk',
      'clock',
      'list:trust',
      'list:revocation',
      'sync',
    ]);
    expect(progress.map((p) => `${p.completed}/${p.total} ${p.item.id}`)).toEqual(
      report.items.map((i, n) => `${n + 1}/10 ${i.id}`),
    );
    const items = byId(report);
    expect(items['device:dispenser']?.reason).toMatch(
      /link ready on .*0x51 machine status: door closed/,
    );
    expect(items['device:scanner']?.reason).toMatch(/no harmless command/);
    // 8 events and the CHECKPOINT that closed the first 1.5 kB segment.
    expect(journal.lastSeq).toBe(9);
    expect(items.journal?.reason).toMatch(
      /^9 events in 2 segment\(s\): chain and checkpoint signatures verified up to seq 9/,
    );
    expect(items.views?.reason).toMatch(/inventory: matches the journal at seq 9; sync: matches/);
    expect(items.clock?.reason).toMatch(/within 1200 ms of the hub/);
    expect(items.sync?.reason).toMatch(/^4 event\(s\) not yet acknowledged/);
  });

  it('names each failure with its reason and keeps checking the rest', async () => {
    const hung: DeviceProbe = { describe: '0x51 machine status', run: () => new Promise(() => {}) };
    const report = await runSelfTest(
      deps({
        devices: {
          statusList: () => [
            status('dispenser'),
            status('scanner', { link: 'lost', lastError: 'device unplugged', reconnects: 4 }),
            status('printer'),
            status('oximeter'),
          ],
          probe: (id) =>
            id === 'dispenser'
              ? hung
              : id === 'printer'
                ? answering('printer answered DLE EOT status: paper out', false)
                : undefined,
        },
        measureDisk: async () => ({ freeBytes: 100e6, totalBytes: 3e10 }),
        lastSeenTime: () => NOW + 60 * 60_000,
        lists: () => ({ revocation: { version: 1, issuedAt: 0, expiresAt: (NOW - DAY) / 1000 } }),
        maxSyncBacklog: 2,
      }),
    );
    expect(report.passed).toBe(false);
    const items = byId(report);
    expect(items['device:dispenser']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/no answer within 10 s/),
    });
    expect(items['device:scanner']).toMatchObject({
      passed: false,
      reason: 'link lost on /dev/pts/7: device unplugged (4 reconnect(s))',
    });
    expect(items['device:printer']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/paper out/),
    });
    expect(items['device:oximeter']?.passed).toBe(true);
    expect(items.disk).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^only 100 MB free/),
    });
    expect(items.clock).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/moved back 60 min/),
    });
    expect(items['list:trust']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/no trust list is installed/),
    });
    expect(items['list:revocation']).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/expired/),
    });
    expect(items.sync).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/more than 2/),
    });
    expect(items.journal?.passed).toBe(true);
    expect(items.views?.passed).toBe(true);
  });

  it('fails the clock when the hub measured it more than 5 minutes off, or no sync ever happened', async () => {
    await journal.append('SYNC_COMPLETED', {
      at: NOW - 1000,
      source: 'hub',
      hubOffsetMs: -7 * 60_000,
    });
    expect(byId(await runSelfTest(deps())).clock).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/7\.0 min ahead of the hub/),
    });
    const never = await runSelfTest(deps({ sync: () => emptySyncLedger() }));
    expect(byId(never).clock).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/no successful sync yet/),
    });
  });

  it('fails the views when a stored view differs from a rebuild of the journal', async () => {
    await inventory.close();
    const file = path.join(dir, 'views', 'inventory.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as {
      state: { slots: Record<string, { lot: string }[]> };
    };
    const pack = stored.state.slots['3']?.[0];
    if (pack) pack.lot = 'FORGED';
    await writeFile(file, JSON.stringify(stored));
    inventory = await openViewStore({
      file: path.join(dir, 'views', 'other.json'),
      journal,
      initial: emptyInventory,
      reduce: reduceInventory,
    });
    const report = await runSelfTest(deps());
    expect(byId(report).views).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/^inventory: differs from a rebuild from the journal at seq 9/),
    });
  });

  it('fails the journal when a byte of a closed segment changed, naming where', async () => {
    // A copy is tampered with; the kiosk's own journal stays open and intact.
    const copy = path.join(dir, 'tampered');
    await cp(journal.dir, copy, { recursive: true });
    await rm(path.join(copy, 'journal.lock'), { force: true });
    const first = segmentPath(copy, 1);
    const bytes = await readFile(first);
    bytes[40] = bytes[40] === 0x31 ? 0x32 : 0x31;
    await writeFile(first, bytes);
    const report = await runSelfTest(deps({ journal: { ...deps().journal, dir: copy } }));
    expect(byId(report).journal).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/chain is broken at segment-000001\.jsonl line 1/),
    });
  });

  it('turns a check that throws into a failed item, and runs offline with no devices', async () => {
    const report = await runSelfTest(
      deps({
        devices: undefined,
        measureDisk: async () => {
          throw new Error('statfs ENOSYS');
        },
      }),
    );
    expect(report.mode).toBe('offline');
    expect(report.items.some((i) => i.id.startsWith('device:'))).toBe(false);
    expect(byId(report).disk).toMatchObject({
      passed: false,
      reason: 'the check itself failed: statfs ENOSYS',
    });
  });

  it('saves the report as JSON and one self-contained HTML page that says PASS/FAIL in words', async () => {
    const report = await runSelfTest(
      deps({
        devices: {
          statusList: () => [status('scanner', { link: 'lost', lastError: '<b>gone</b>' })],
          probe: () => undefined,
        },
      }),
    );
    const written = await writeSelfTestReport(report, path.join(dir, 'out'));
    expect(SelfTestReport.parse(JSON.parse(await readFile(written.jsonPath, 'utf8')))).toEqual(
      report,
    );
    const html = await readFile(written.htmlPath, 'utf8');
    expect(html).toBe(renderSelfTestHtml(report));
    expect(html).toMatch(/FAILED: 1 of 8 checks failed \(device:scanner\)/);
    expect(html).toContain('✘ FAIL');
    expect(html).toContain('✔ PASS');
    expect(html).toContain('&lt;b&gt;gone&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<link|src=|href=|@import|url\(/i);
  });
});
