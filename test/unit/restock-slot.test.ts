import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  emptyInventory,
  InventoryStateSchema,
  parseRestockArgs,
  reduceInventory,
  RESTOCK_EXIT,
  restockSlot,
  runRestockCommand,
  scanFromArgument,
  type InventoryState,
  type RestockSlotRequest,
} from '../../main/inventory';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { openViewStore, type ViewStore } from '../../main/views';

const key = createEphemeralDeviceKey();
const AML = '09506000134352';
const GS = '\u001d';
let dir: string;
let journal: Journal;
let inventory: ViewStore<InventoryState>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'restock-'));
  const opened = await openJournal({ dir: path.join(dir, 'journal'), signer: key });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  journal = opened.value;
  inventory = await openViewStore<InventoryState>({
    file: path.join(dir, 'views', 'inventory.json'),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
  });
});
afterEach(async () => {
  await inventory.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

const text = (serial: string, expiry = '281231') => `01${AML}17${expiry}10LOT1${GS}21${serial}`;
const request = (slot: number, scanText: string): RestockSlotRequest => ({
  slot,
  scan: { aim: ']d2', text: scanText },
  inventory,
  slotMap: [
    { slot: 1, capacity: 2 },
    { slot: 2, capacity: 2 },
  ],
  assignedGtins: null,
  recalledLots: [],
  today: '2026-03-15',
  restockMarginDays: 90,
  requireSerial: true,
});
const types = async () => (await journal.readAll()).map((e) => e.type);

describe('restockSlot journals exactly one event per scan', () => {
  it('a good pack: one RESTOCK with that one pack, and the view has it', async () => {
    const outcome = await restockSlot(journal, request(1, text('S1')));
    expect(outcome).toMatchObject({ ok: true, value: { seq: 1, pack: { serial: 'S1' } } });
    const events = await journal.readAll();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'RESTOCK',
      data: { slot: 1, packs: [{ gtin: AML, lot: 'LOT1', expiry: '2028-12-31', serial: 'S1' }] },
    });
    expect(inventory.state.slots['1']).toHaveLength(1);
  });

  it('a refused scan: exactly one RESTOCK_REFUSED and no RESTOCK', async () => {
    const outcome = await restockSlot(journal, request(1, text('S1', '250101')));
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'expired', slot: 1, seq: 1 } });
    const events = await journal.readAll();
    expect(events.map((e) => e.type)).toEqual(['RESTOCK_REFUSED']);
    expect(events[0]!.data).toEqual({
      slot: 1,
      reason: 'expired',
      gtin: AML,
      lot: 'LOT1',
      detail: 'expired 2025-01-01 (today 2026-03-15)',
    });
    expect(inventory.state.slots).toEqual({});
  });

  it('refuses a serial already loaded into another slot', async () => {
    await restockSlot(journal, request(1, text('S1')));
    const again = await restockSlot(journal, request(2, text('S1')));
    expect(again).toMatchObject({ ok: false, error: { reason: 'duplicate_serial', slot: 2 } });
    expect(await types()).toEqual(['RESTOCK', 'RESTOCK_REFUSED']);
  });

  it('runs overlapping scans one at a time, so neither a serial nor the capacity is overrun', async () => {
    const outcomes = await Promise.all([
      restockSlot(journal, request(1, text('S1'))),
      restockSlot(journal, request(2, text('S1'))),
      restockSlot(journal, request(1, text('S2'))),
      restockSlot(journal, request(1, text('S3'))),
    ]);
    expect(outcomes.map((o) => (o.ok ? 'added' : o.error.reason))).toEqual([
      'added',
      'duplicate_serial',
      'added',
      'slot_full',
    ]);
    expect(inventory.state.slots['1']!.map((p) => p.serial)).toEqual(['S1', 'S2']);
  });

  it('a bad scan is journaled with its GS1 code and nothing of the scan itself', async () => {
    const outcome = await restockSlot(journal, request(1, `01${AML}17281231`));
    expect(outcome).toMatchObject({ ok: false, error: { reason: 'bad_scan' } });
    const [event] = await journal.readAll();
    expect(event).toMatchObject({ type: 'RESTOCK_REFUSED', data: { reason: 'bad_scan' } });
    expect(JSON.stringify(event!.data)).toMatch(/"detail":"missing_ai: /);
  });

  it('throws on a slot the journal schema cannot hold, before writing anything', async () => {
    expect(() => restockSlot(journal, request(0, text('S1')))).toThrow(RangeError);
    expect(await types()).toEqual([]);
  });
});

describe('restock command line', () => {
  it('reads <GS>, \\x1d and a real GS byte, and splits off the AIM', () => {
    const want = { aim: ']d2', text: `01${AML}1728123110LOT1${GS}21S1` };
    expect(scanFromArgument(`]d201${AML}1728123110LOT1<GS>21S1`)).toEqual(want);
    expect(scanFromArgument(`]d201${AML}1728123110LOT1\\x1d21S1`)).toEqual(want);
    expect(scanFromArgument(`]d201${AML}1728123110LOT1\\x1D21S1`)).toEqual(want);
    expect(scanFromArgument(`]d201${AML}1728123110LOT1${GS}21S1`)).toEqual(want);
    expect(scanFromArgument(`01${AML}`)).toEqual({ aim: null, text: `01${AML}` });
    expect(scanFromArgument(']1x')).toEqual({ aim: null, text: ']1x' });
  });

  it('sends each scan to the --slot before it', () => {
    const parsed = parseRestockArgs([
      '--hardware',
      'hw.json',
      '--slot',
      '2',
      'a',
      'b',
      '--slot',
      '5',
      'c',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        hardwarePath: path.resolve('hw.json'),
        recalledPath: null,
        loads: [
          { slot: 2, scans: ['a', 'b'] },
          { slot: 5, scans: ['c'] },
        ],
      },
    });
    expect(parseRestockArgs(['--help'])).toEqual({ ok: true, value: 'help' });
  });

  it.each([
    [['--slot', '1', 'a'], /--hardware/],
    [['--hardware', 'h', 'a'], /--slot N before/],
    [['--hardware', 'h', '--slot', '0', 'a'], /positive whole number/],
    [['--hardware', 'h', '--slot', '1.5', 'a'], /positive whole number/],
    [['--hardware', 'h', '--slot', '1'], /--slot 1 has no scans/],
    [['--hardware', 'h'], /nothing to restock/],
    [['--hardware', 'h', '--bogus'], /bogus/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseRestockArgs(argv);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  async function configs() {
    const hardwarePath = path.join(dir, 'hardware.json');
    const sitePath = path.join(dir, 'site.json');
    await writeFile(
      hardwarePath,
      JSON.stringify({
        dispenser: { path: '/dev/null', baudRate: 9600 },
        scanner: { kind: 'serial', path: '/dev/null', baudRate: 9600 },
        slots: [{ slot: 1, selection: 1 }],
      }),
    );
    await writeFile(sitePath, JSON.stringify({ kioskId: 'k', siteId: 's', requireSerial: false }));
    return { hardwarePath, sitePath };
  }

  it('exits 0 when every pack is added, 1 with a refusal, and hints at the AIM', async () => {
    const { hardwarePath, sitePath } = await configs();
    const dataDir = path.join(dir, 'stopped-kiosk');
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      error: (l: string) => out.push(`ERR ${l}`),
      now: () => Date.UTC(2026, 2, 15, 12),
    };
    const options = { dataDir, hardwarePath, sitePath, recalledPath: null };
    const good = `]d201${AML}1728123110LOT1`;
    expect(await runRestockCommand({ ...options, loads: [{ slot: 1, scans: [good] }] }, io)).toBe(
      RESTOCK_EXIT.ALL_ADDED,
    );
    expect(
      await runRestockCommand({ ...options, loads: [{ slot: 1, scans: [good.slice(3)] }] }, io),
    ).toBe(RESTOCK_EXIT.SOME_REFUSED);
    expect(out).toEqual([
      `slot 1: added ${AML} lot LOT1 expiry 2028-12-31 (journal seq 1)`,
      'slot 1: refused bad_scan: not_gs1 at 0: no AIM: GS1 data needs a GS1 symbology identifier (start the scan with its AIM, e.g. ]d2) (journal seq 2)',
    ]);
  });

  it('exits 3 on a config file it cannot use, before touching the journal', async () => {
    const { sitePath } = await configs();
    const errors: string[] = [];
    const code = await runRestockCommand(
      {
        dataDir: path.join(dir, 'x'),
        hardwarePath: path.join(dir, 'missing.json'),
        sitePath,
        recalledPath: null,
        loads: [{ slot: 1, scans: ['a'] }],
      },
      { out: () => undefined, error: (l) => errors.push(l) },
    );
    expect(code).toBe(RESTOCK_EXIT.CANNOT_RUN);
    expect(errors.join()).toMatch(/missing\.json: cannot read: ENOENT/);
  });

  it('exits 2 and says the kiosk is running when the journal is locked', async () => {
    // This test holds the journal open, as a running kiosk would.
    const { hardwarePath, sitePath } = await configs();
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runRestockCommand(
      {
        dataDir: dir,
        hardwarePath,
        sitePath,
        recalledPath: null,
        loads: [{ slot: 1, scans: ['x'] }],
      },
      { out: (l) => out.push(l), error: (l) => errors.push(l) },
    );
    expect(code).toBe(RESTOCK_EXIT.JOURNAL_IN_USE);
    expect(out).toEqual([]);
    expect(errors.join('\n')).toMatch(
      /kiosk is running \(pid \d+.*admin endpoint\) is not built yet: stop the kiosk/,
    );
    expect(await types()).toEqual([]);
  });
});
