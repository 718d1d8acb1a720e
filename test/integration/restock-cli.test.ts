import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal, type Journal } from '../../main/journal';
import { loadOrCreateDeviceKey } from '../../main/keys';

/**
 * `npm run restock` as a technician runs it: a real child process on a fresh data directory,
 * which creates the device key and the journal, loads packs and refuses one; then the same
 * command while another process (this test, standing in for the kiosk) holds the journal.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AML = '09506000134352';
const MET = '09506000134369';
const GS = '\u001d';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runRestock(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/restock.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** YYMMDD `years` from now: the packs stay valid whenever the test runs. */
function gs1Date(years: number, month: number, day: number): string {
  const yy = (new Date().getUTCFullYear() + years) % 100;
  return [yy, month, day].map((n) => String(n).padStart(2, '0')).join('');
}

let dir: string;
let dataDir: string;
let common: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'restock-cli-'));
  dataDir = path.join(dir, 'data');
  const hardware = path.join(dir, 'hardware.json');
  const site = path.join(dir, 'site.json');
  const recalled = path.join(dir, 'recalled.json');
  await writeFile(
    hardware,
    JSON.stringify({
      dispenser: { path: '/dev/null', baudRate: 9600 },
      scanner: { kind: 'serial', path: '/dev/null', baudRate: 9600 },
      slots: [
        { slot: 1, selection: 11, capacity: 4 },
        { slot: 2, selection: 12, capacity: 4 },
      ],
    }),
  );
  await writeFile(site, JSON.stringify({ kioskId: 'k1', siteId: 's1', requireSerial: true }));
  await writeFile(recalled, JSON.stringify({ version: 3, lots: [{ gtin: MET, lot: 'BAD' }] }));
  common = ['--data-dir', dataDir, '--hardware', hardware, '--site', site, '--recalled', recalled];
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openKioskJournal(): Promise<Journal> {
  const key = await loadOrCreateDeviceKey(path.join(dataDir, 'keys'));
  if (!key.ok) throw new Error(JSON.stringify(key.error));
  const opened = await openJournal({
    dir: path.join(dataDir, 'journal'),
    signer: key.value,
    verifyCheckpoint: key.value.verifyCheckpoint,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.value;
}

describe('npm run restock', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runRestock(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run restock -- --hardware FILE/);
  });

  it('restocks 3 packs, refuses a recalled one, and journals exactly that', async () => {
    const exp = gs1Date(3, 6, 0); // DD=00: the last day of June
    const run = await runRestock([
      ...common,
      '--slot',
      '1',
      `]d201${AML}17${exp}10LOT-A<GS>21A0001`,
      `]d201${AML}17${exp}10LOT-A${GS}21A0002`,
      '--slot',
      '2',
      `]d201${MET}17${exp}10BAD<GS>21M0001`,
      `]d201${MET}17${exp}10GOOD\\x1d21M0002`,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const year = 2000 + Number(exp.slice(0, 2));
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual([
      `slot 1: added ${AML} lot LOT-A expiry ${year}-06-30 serial A0001 (journal seq 1)`,
      `slot 1: added ${AML} lot LOT-A expiry ${year}-06-30 serial A0002 (journal seq 2)`,
      `slot 2: refused recalled: lot BAD of ${MET} is recalled (journal seq 3)`,
      `slot 2: added ${MET} lot GOOD expiry ${year}-06-30 serial M0002 (journal seq 4)`,
    ]);

    const journal = await openKioskJournal();
    try {
      const events = await journal.readAll();
      expect(events.map((e) => [e.type, (e.data as { slot: number }).slot])).toEqual([
        ['RESTOCK', 1],
        ['RESTOCK', 1],
        ['RESTOCK_REFUSED', 2],
        ['RESTOCK', 2],
      ]);
      expect(events[2]!.data).toEqual({
        slot: 2,
        reason: 'recalled',
        gtin: MET,
        lot: 'BAD',
        detail: `lot BAD of ${MET} is recalled`,
      });
      expect(events.filter((e) => e.type === 'RESTOCK').map((e) => e.data)).toEqual([
        { slot: 1, packs: [{ gtin: AML, lot: 'LOT-A', expiry: `${year}-06-30`, serial: 'A0001' }] },
        { slot: 1, packs: [{ gtin: AML, lot: 'LOT-A', expiry: `${year}-06-30`, serial: 'A0002' }] },
        { slot: 2, packs: [{ gtin: MET, lot: 'GOOD', expiry: `${year}-06-30`, serial: 'M0002' }] },
      ]);
    } finally {
      await journal.close();
    }
    // The kiosk's inventory view was kept current beside the journal.
    const view = JSON.parse(await readFile(path.join(dataDir, 'views', 'inventory.json'), 'utf8'));
    expect(view.lastSeq).toBe(4);
    expect(Object.keys(view.state.slots)).toEqual(['1', '2']);
  });

  it('a second run sees the stock the first one loaded (duplicate serial), and exits 1', async () => {
    const run = await runRestock([
      ...common,
      '--slot',
      '2',
      `]d201${AML}17${gs1Date(3, 6, 0)}10LOT-A<GS>21A0001`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^slot 2: refused duplicate_serial: serial A0001 .* already in slot 1/,
    );
  });

  it('while the kiosk holds the journal it says so, exits 2 and writes nothing', async () => {
    const journal = await openKioskJournal();
    try {
      const before = journal.lastSeq;
      const run = await runRestock([
        ...common,
        '--slot',
        '1',
        `]d201${AML}17${gs1Date(3, 6, 0)}10LOT-A<GS>21A0009`,
      ]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`The kiosk is running (pid ${process.pid} holds the journal`);
      expect(run.stderr).toContain('admin endpoint) is not built yet: stop the kiosk');
      expect(journal.lastSeq).toBe(before);
      expect((await journal.readAll()).length).toBe(before);
    } finally {
      await journal.close();
    }
  });

  it('bad arguments: exit 3 and nothing done', async () => {
    const run = await runRestock([...common, '--slot', 'x', 'scan']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/--slot must be a positive whole number/);
  });
});
