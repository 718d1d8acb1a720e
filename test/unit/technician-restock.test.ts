import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import type { Pack } from '../../contracts/journal-events';
import type { RestockOrderPayload } from '../../contracts/restock-order';
import type { RestockToolEvent } from '../../contracts/technician/restock';
import type { HardwareConfig } from '../../main/config/hardware-config';
import { SiteConfig } from '../../main/config/site-config';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import type { ListStore } from '../../main/prescriptions/list-store';
import type { SignedDocumentStore } from '../../main/sync/signed-document-store';
import { createRestockTool } from '../../main/technician/tools/restock/restock-tool';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import { openViewStore, type ViewStore } from '../../main/views';
import type { TechnicianIdentity } from '../../state-machines/diagnostics';
import { GS1_DATAMATRIX_AIM, isoDaysFrom, packScan } from '../fixtures/gs1-pack-scan';

/**
 * The restock tool on a real journal and inventory view in a temp dir, driven with the events
 * and scans the panel sends: blind count first, every refusal of the restock decision, the
 * guided removal list, the restock order's progress.
 */

const key = createEphemeralDeviceKey();
const AML = '09506000134352';
const MET = '09506000134369';
const TODAY = '2026-03-15';
const who = {
  technicianId: 'T-1',
  badgeId: 'B-1',
  name: 'Tech One',
  roles: [],
} as unknown as TechnicianIdentity;

let dir: string;
let journal: Journal;
let inventory: ViewStore<InventoryState>;
let recalled: { gtin: string; lot: string }[];
let order: RestockOrderPayload | undefined;
let orderListeners: ((payload: RestockOrderPayload) => void)[];
let changes: number;

const good = (serial: string, lot = 'LOT1', gtin = AML): Pack => ({
  gtin,
  lot,
  expiry: isoDaysFrom(TODAY, 400),
  serial,
});

function makeTool(slot2Gtins?: string[]) {
  const clock = createManualClock(Date.parse(`${TODAY}T12:00:00Z`));
  const site = SiteConfig.parse({ kioskId: 'k', siteId: 's', requireSerial: true });
  const context = {
    journal,
    clock,
    logger: pino({ level: 'silent' }),
    dataDir: dir,
    hardware: {
      slots: [
        { slot: 1, selection: 11, capacity: 3 },
        { slot: 2, selection: 12, capacity: 3, ...(slot2Gtins && { gtins: slot2Gtins }) },
      ],
    } as unknown as HardwareConfig,
    site: () => site,
    inventory,
    lists: {
      current: (kind: string) =>
        kind === 'revocation' ? { payload: { lots: recalled } } : undefined,
    } as unknown as ListStore,
    restockOrder: {
      current: () => (order ? { jws: 'x', payload: order } : undefined),
      onInstalled: (listener: (payload: RestockOrderPayload) => void) => {
        orderListeners.push(listener);
        return () => undefined;
      },
    } as unknown as SignedDocumentStore<RestockOrderPayload>,
    changed: () => (changes += 1),
  } as unknown as TechnicianToolContext;
  const tool = createRestockTool(context);
  return {
    tool,
    send: (event: RestockToolEvent) => tool.handle(event, who),
    scan: (pack: Parameters<typeof packScan>[0] | string) =>
      tool.scan!(
        { aim: GS1_DATAMATRIX_AIM, text: typeof pack === 'string' ? pack : packScan(pack) },
        who,
      ),
    settled: () => vi.waitFor(() => expect(tool.view().busy).toBe(false)),
  };
}

const events = async () => (await journal.readAll()).map((e) => ({ type: e.type, data: e.data }));

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tech-restock-'));
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
  recalled = [];
  order = undefined;
  orderListeners = [];
  changes = 0;
  // Slot 1 holds two amlodipine packs; slot 2 is empty.
  await journal.append('RESTOCK', { slot: 1, packs: [good('S1'), good('S2')] });
});
afterEach(async () => {
  await inventory.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the blind count comes first', () => {
  it('refuses scans before a slot is chosen and before the count, journaling nothing', async () => {
    const { tool, send, scan } = makeTool();
    const before = (await events()).length;
    scan(good('N1'));
    expect(tool.view().notice).toBe('choose_slot');
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 1 });
    scan(good('N1'));
    expect(tool.view().notice).toBe('count_first');
    expect(tool.view().visit).toMatchObject({ slot: 1, step: 'count', count: null, entries: [] });
    expect(await events()).toHaveLength(before);
    expect(inventory.state.slots['1']).toHaveLength(2);
  });

  it('never shows the expected count before the technician answers', () => {
    const { tool, send } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 1 });
    const view = tool.view();
    expect(view.slots.find((s) => s.slot === 1)?.packs).toBeNull();
    expect(view.visit?.count).toBeNull();
    expect(JSON.stringify(view)).not.toMatch(/"expected"/);
  });

  it('journals SLOT_COUNTED with expected and counted, then shows both and takes scans', async () => {
    const { tool, send, scan, settled } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 1 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 5 });
    await settled();
    expect((await events()).at(-1)).toEqual({
      type: 'SLOT_COUNTED',
      data: { technicianId: 'T-1', slot: 1, expected: 2, counted: 5 },
    });
    expect(tool.view().visit).toMatchObject({ step: 'load', count: { expected: 2, counted: 5 } });
    expect(tool.view().slots.find((s) => s.slot === 1)?.packs).toBe(2);
    scan(good('N1'));
    await settled();
    expect((await events()).at(-1)).toMatchObject({
      type: 'RESTOCK',
      data: { slot: 1, packs: [good('N1')], technicianId: 'T-1' },
    });
    expect(tool.view().visit?.entries[0]).toMatchObject({ outcome: 'added', pack: good('N1') });
  });

  it('a matching count is journaled too', async () => {
    const { send, settled } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 2 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 0 });
    await settled();
    expect((await events()).at(-1)?.data).toEqual({
      technicianId: 'T-1',
      slot: 2,
      expected: 0,
      counted: 0,
    });
  });
});

describe('scans after the count: each refusal of the restock decision, in words', () => {
  it('refuses bad scans, expired, expiring soon, recalled, duplicate serials, wrong medicine and a full slot', async () => {
    recalled = [{ gtin: AML, lot: 'BAD1' }];
    const { tool, send, scan, settled } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 1 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 2 });
    await settled();
    send({ type: 'TECH_RESTOCK_MODE', mode: 'load' });
    const cases: [string, Parameters<typeof scan>[0]][] = [
      ['bad_scan', 'not a pack'],
      ['expired', { ...good('E1'), expiry: '2025-01-31' }],
      ['expiring_soon', { ...good('E2'), expiry: isoDaysFrom(TODAY, 30) }],
      ['recalled', good('R1', 'BAD1')],
      ['duplicate_serial', good('S1')],
      ['wrong_medicine', good('M1', 'MLOT', MET)],
    ];
    for (const [reason, pack] of cases) {
      scan(pack);
      await settled();
      expect(tool.view().visit?.entries[0]).toMatchObject({ outcome: 'refused', reason });
      expect((await events()).at(-1)).toMatchObject({
        type: 'RESTOCK_REFUSED',
        data: { slot: 1, reason, technicianId: 'T-1' },
      });
    }
    scan(good('N1'));
    await settled();
    scan(good('N2'));
    await settled();
    expect(tool.view().visit?.entries.slice(0, 2)).toMatchObject([
      { outcome: 'refused', reason: 'slot_full' },
      { outcome: 'added', pack: good('N1') },
    ]);
    expect(inventory.state.slots['1']).toHaveLength(3);
    // The bad scan's detail names a GS1 code, never the scan itself.
    const bad = (await events()).find((e) => e.type === 'RESTOCK_REFUSED');
    expect(JSON.stringify(bad)).not.toContain('not a pack');
  });

  it('takes only the GTIN the restock order assigns to an empty slot', async () => {
    order = {
      version: 1,
      issuedAt: 0,
      expiresAt: 0,
      order: {
        orderId: 'O-1',
        createdAt: 0,
        createdBy: 'P-1',
        note: '',
        lines: [{ slot: 2, gtin: MET, packs: 2, medication: 'Metformin 500 mg' }],
      },
    };
    const { tool, send, scan, settled } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 2 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 0 });
    await settled();
    scan(good('A9'));
    await settled();
    expect(tool.view().visit?.entries[0]).toMatchObject({ reason: 'wrong_medicine' });
  });

  it('takes only the medicine the hardware config names for an empty slot', async () => {
    const { tool, send, scan, settled } = makeTool([MET]);
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 2 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 0 });
    await settled();
    scan(good('A9'));
    await settled();
    expect(tool.view().visit?.entries[0]).toMatchObject({ reason: 'wrong_medicine' });
    expect((await events()).at(-1)).toMatchObject({
      type: 'RESTOCK_REFUSED',
      data: { slot: 2, reason: 'wrong_medicine' },
    });
  });
});

describe('guided removal', () => {
  it('lists recalled, expired and expiring packs, and takes out the ones scanned', async () => {
    await journal.append('RESTOCK', {
      slot: 2,
      packs: [
        { ...good('X1'), expiry: '2026-01-01' },
        { ...good('X2'), expiry: isoDaysFrom(TODAY, 20) },
        good('X3', 'BAD1'),
        good('X4'),
      ],
    });
    recalled = [{ gtin: AML, lot: 'BAD1' }];
    const { tool, send, scan, settled } = makeTool();
    expect(tool.view().removal.map((i) => [i.slot, i.pack.serial, i.reason])).toEqual([
      [2, 'X1', 'expired'],
      [2, 'X2', 'expiring_soon'],
      [2, 'X3', 'recalled'],
    ]);
    expect(tool.view().slots[1]?.toRemove).toEqual({ expired: 1, recalled: 1, expiring_soon: 1 });

    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 2 });
    scan(good('X3', 'BAD1'));
    expect(tool.view().notice).toBe('count_first');
    send({ type: 'TECH_RESTOCK_COUNT', counted: 4 });
    await settled();
    // A slot with packs to take out opens on removal.
    expect(tool.view().visit?.step).toBe('remove');

    scan(good('X3', 'BAD1'));
    await settled();
    expect((await events()).at(-1)).toEqual({
      type: 'PACK_REMOVED',
      data: { technicianId: 'T-1', slot: 2, pack: good('X3', 'BAD1'), reason: 'recalled' },
    });
    expect(inventory.state.slots['2']?.map((p) => p.serial)).toEqual(['X1', 'X2', 'X4']);
    expect(tool.view().removal).toHaveLength(2);

    const before = (await events()).length;
    scan(good('S1')); // in slot 1, not this one
    await settled();
    expect(tool.view().visit?.entries[0]).toMatchObject({
      outcome: 'not_removed',
      why: 'not_in_slot',
    });
    scan('garbage');
    await settled();
    expect(tool.view().visit?.entries[0]).toMatchObject({
      outcome: 'not_removed',
      why: 'bad_scan',
    });
    scan(good('X4')); // in the slot, but good
    await settled();
    expect(tool.view().visit?.entries[0]).toMatchObject({
      outcome: 'not_removed',
      why: 'not_on_list',
    });
    expect(tool.view().visit?.offList).toEqual(good('X4'));
    expect(await events()).toHaveLength(before);

    // The technician may still take it out, saying why.
    send({ type: 'TECH_RESTOCK_REMOVE_OFF_LIST', reason: 'damaged' });
    await settled();
    expect((await events()).at(-1)?.data).toMatchObject({ pack: good('X4'), reason: 'damaged' });
    expect(inventory.state.slots['2']?.map((p) => p.serial)).toEqual(['X1', 'X2']);
  });
});

describe('restock order progress', () => {
  it('counts packs of the line loaded since the order was installed, and refreshes on install', async () => {
    // Loaded before the order: not counted.
    await journal.append('RESTOCK', { slot: 2, packs: [good('P0', 'M', MET)] });
    await journal.append('LIST_INSTALLED', {
      kind: 'restock',
      version: 1,
      issuedAt: 0,
      expiresAt: 9,
    });
    order = {
      version: 1,
      issuedAt: 0,
      expiresAt: 9,
      order: {
        orderId: 'O-1',
        createdAt: 0,
        createdBy: 'P-1',
        note: 'bring metformin',
        lines: [{ slot: 2, gtin: MET, packs: 3, medication: 'Metformin 500 mg' }],
      },
    };
    await journal.append('RESTOCK', { slot: 2, packs: [good('P1', 'M', MET)] });
    const { tool, send, scan, settled } = makeTool();
    tool.view();
    await vi.waitFor(() => expect(tool.view().order?.lines[0]?.loaded).toBe(1));
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 2 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 2 });
    await settled();
    scan(good('P2', 'M', MET));
    await settled();
    expect(tool.view().order?.lines[0]).toMatchObject({ ordered: 3, loaded: 2, missing: 1 });

    // A new order starts from zero; its install asks for a new snapshot.
    order = { ...order, version: 2 };
    await journal.append('LIST_INSTALLED', {
      kind: 'restock',
      version: 2,
      issuedAt: 0,
      expiresAt: 9,
    });
    const changesBefore = changes;
    for (const listener of orderListeners) listener(order);
    expect(changes).toBeGreaterThan(changesBefore);
    expect(tool.view().order?.lines[0]).toMatchObject({ loaded: 0, missing: 3 });
  });
});

describe('leaving', () => {
  it('reset forgets the visit and hides the counted packs again', async () => {
    const { tool, send, settled } = makeTool();
    send({ type: 'TECH_RESTOCK_CHOOSE_SLOT', slot: 1 });
    send({ type: 'TECH_RESTOCK_COUNT', counted: 2 });
    await settled();
    expect(tool.view().slots[0]?.packs).toBe(2);
    tool.reset!();
    expect(tool.view().visit).toBeNull();
    expect(tool.view().slots[0]?.packs).toBeNull();
  });
});
