import { mkdtemp, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import type { JournalEvent } from '../../contracts/journal-events';
import { ok } from '../../contracts/result';
import type { SlotRelease, SlotReleasePayload } from '../../contracts/slot-release';
import { CabinetMonitor, type CabinetReading } from '../../main/cabinet/cabinet-monitor';
import { COLD_CHAIN_VIEW_FILE, openColdChain, type ColdChain } from '../../main/cabinet/cold-chain';
import { SiteConfig } from '../../main/config/site-config';
import { stockRules } from '../../main/dispensing/stock-rules';
import { ineligibility } from '../../main/inventory/pack-eligibility';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory/inventory-state';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { openViewStore, type ViewStore } from '../../main/views';
import type { HardwareConfig } from '../../main/config/hardware-config';

/**
 * The cold chain (issue 9 item 7) on a real journal: one excursion per excursion across readings
 * and restarts, blocks only for slots holding cold-chain GTINs, and releases that lift only the
 * blocks they name for an excursion at or after the block's.
 */

const key = createEphemeralDeviceKey();
const AML = '09506000134352';
const MET = '09506000134369';
const site = SiteConfig.parse({ kioskId: 'k', siteId: 's', coldChainGtins: [AML] });
let dir: string;
let clock: ManualClock;

/** A signed-document store stand-in: what matters here is current() and onInstalled. */
function releaseStore(initial?: SlotReleasePayload) {
  let current = initial;
  const listeners = new Set<(p: SlotReleasePayload) => void>();
  return {
    current: () => (current ? { jws: 'x', payload: current } : undefined),
    onInstalled(listener: (p: SlotReleasePayload) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    install(payload: SlotReleasePayload) {
      current = payload;
      for (const l of listeners) l(payload);
    },
  };
}
type ReleaseStore = ReturnType<typeof releaseStore>;

const payload = (version: number, releases: Partial<SlotRelease>[]): SlotReleasePayload => ({
  version,
  issuedAt: 1,
  expiresAt: 2,
  releases: releases.map((r) => ({
    slot: 1,
    excursionSeq: 1,
    releasedBy: 'PH-1',
    releasedAt: 1,
    note: '',
    ...r,
  })),
});

interface Rig {
  journal: Journal;
  inventory: ViewStore<InventoryState>;
  coldChain: ColdChain;
  releases: ReleaseStore;
  close(): Promise<void>;
}

async function open(releases: ReleaseStore = releaseStore()): Promise<Rig> {
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    verifyCheckpoint: key.verifyCheckpoint,
    clock,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  const journal = opened.value;
  const inventory = await openViewStore<InventoryState>({
    file: path.join(dir, 'views', 'inventory.json'),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
  });
  const coldChain = await openColdChain({
    journal,
    dataDir: dir,
    clock,
    site: () => site,
    inventory,
    releases,
  });
  await coldChain.settled();
  return {
    journal,
    inventory,
    coldChain,
    releases,
    async close() {
      await coldChain.close();
      await inventory.close();
      await journal.close();
    },
  };
}

const reading = (temperatureC: number | null): CabinetReading => ({
  temperatureC,
  setpointC: 20,
  door: 'closed',
  temperatureControl: 'ok',
});

async function read(rig: Rig, temperatureC: number | null, afterMs = 60_000): Promise<void> {
  clock.advance(afterMs);
  await rig.journal.append('CABINET_READING', reading(temperatureC));
  await rig.coldChain.settled();
}

async function events(journal: Journal, type?: string): Promise<JournalEvent[]> {
  const all: JournalEvent[] = [];
  for await (const e of journal.events(1)) if (!type || e.type === type) all.push(e);
  return all;
}

const pack = (gtin: string, serial: string) => ({ gtin, lot: 'L1', expiry: '2030-01-01', serial });

async function stock(rig: Rig): Promise<void> {
  await rig.journal.append('RESTOCK', { slot: 1, packs: [pack(AML, 'A1')] });
  await rig.journal.append('RESTOCK', { slot: 2, packs: [pack(MET, 'M1'), pack(AML, 'A2')] });
  await rig.journal.append('RESTOCK', { slot: 3, packs: [pack(MET, 'M2')] });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cold-chain-'));
  clock = createManualClock();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cold-chain excursions', () => {
  it('journals one excursion per excursion, follows its peak, and its recovery', async () => {
    const rig = await open();
    await read(rig, 21);
    await read(rig, 27);
    await read(rig, 29.5);
    await read(rig, null); // no sensor: neither ends nor continues it
    await read(rig, 28);
    expect(await events(rig.journal, 'COLD_CHAIN_EXCURSION')).toHaveLength(1);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    expect(excursion!.data).toEqual({ temperatureC: 27, minC: 15, maxC: 25 });
    await read(rig, 22);
    const recovered = await events(rig.journal, 'COLD_CHAIN_RECOVERED');
    expect(recovered.map((e) => e.data)).toEqual([
      { excursionSeq: excursion!.seq, peakC: 29.5, durationMs: 4 * 60_000 },
    ]);
    await read(rig, 23);
    await read(rig, 12); // too cold is an excursion too
    const all = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    expect(all.map((e) => (e.data as { temperatureC: number }).temperatureC)).toEqual([27, 12]);
    await rig.close();
  });

  it('a missing sensor is not an excursion', async () => {
    const rig = await open();
    await read(rig, null);
    await read(rig, null);
    expect(await events(rig.journal, 'COLD_CHAIN_EXCURSION')).toHaveLength(0);
    expect(rig.coldChain.state.excursions).toEqual([]);
    await rig.close();
  });

  it.each([
    ['from its view file', false],
    ['rebuilt from the journal', true],
  ])('an excursion under way survives a restart (%s)', async (_how, dropViewFile) => {
    let rig = await open();
    await read(rig, 30);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    await rig.close();
    if (dropViewFile) await unlink(path.join(dir, 'views', COLD_CHAIN_VIEW_FILE));

    rig = await open();
    await read(rig, 31);
    expect(await events(rig.journal, 'COLD_CHAIN_EXCURSION')).toHaveLength(1);
    await read(rig, 20);
    const recovered = await events(rig.journal, 'COLD_CHAIN_RECOVERED');
    expect(recovered.map((e) => e.data)).toEqual([
      { excursionSeq: excursion!.seq, peakC: 31, durationMs: 2 * 60_000 },
    ]);
    await rig.close();
  });

  it('the monitor journals a crossing at once instead of at the next 5-minute record', async () => {
    const rig = await open();
    let temperatureC = 21;
    const monitor = new CabinetMonitor({
      driver: {
        link: 'up',
        requestMachineStatus: async () =>
          ok({
            door: 'closed' as const,
            temperatureC,
            setpointC: 20,
            humidityPct: 40,
            temperatureControl: 'ok' as const,
            machineId: 'SIM',
          }),
      },
      clock,
      record: async (r) => {
        await rig.journal.append('CABINET_READING', r);
      },
      mustRecord: (r) => rig.coldChain.mustRecord(r),
      onReading: (r) => rig.coldChain.noteReading(r),
    });
    await monitor.poll();
    temperatureC = 26;
    clock.advance(30_000);
    await monitor.poll();
    await rig.coldChain.settled();
    expect(await events(rig.journal, 'COLD_CHAIN_EXCURSION')).toHaveLength(1);
    temperatureC = 25.5; // not a new peak, still outside: waits for the 5-minute record
    clock.advance(30_000);
    await monitor.poll();
    expect(await events(rig.journal, 'CABINET_READING')).toHaveLength(2);
    expect(rig.coldChain.latest()?.reading.temperatureC).toBe(25.5);
    temperatureC = 24;
    clock.advance(30_000);
    await monitor.poll();
    await rig.coldChain.settled();
    expect(await events(rig.journal, 'COLD_CHAIN_RECOVERED')).toHaveLength(1);
    await rig.close();
  });
});

describe('cold-chain blocks and releases', () => {
  it('blocks only the slots holding a cold-chain GTIN, and dispensing skips them', async () => {
    const rig = await open();
    await stock(rig);
    await read(rig, 30);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    const blocked = await events(rig.journal, 'SLOT_BLOCKED');
    expect(blocked.map((e) => e.data)).toEqual([
      { slot: 1, excursionSeq: excursion!.seq, gtins: [AML] },
      { slot: 2, excursionSeq: excursion!.seq, gtins: [AML] },
    ]);
    expect(rig.coldChain.blockedSlots()).toEqual([1, 2]);
    // More readings out of band block nothing more.
    await read(rig, 32);
    expect(await events(rig.journal, 'SLOT_BLOCKED')).toHaveLength(2);
    // The stock rules dispensing uses refuse the blocked slot and keep the other.
    const rules = stockRules(
      {
        // Only the slot map matters to the stock rules.
        hardware: { slots: [1, 2, 3].map((slot) => ({ slot })) } as unknown as HardwareConfig,
        clock,
        timeZone: 'UTC',
        recalledLots: () => [],
        blockedSlots: () => rig.coldChain.blockedSlots(),
      },
      [AML, MET],
      30,
    );
    expect(ineligibility(1, pack(AML, 'A1'), rules)).toBe('blocked_slot');
    expect(ineligibility(3, pack(MET, 'M2'), rules)).toBeNull();
    await rig.close();
  });

  it('a cold-chain pack loaded during an excursion blocks its slot; after recovery it does not', async () => {
    const rig = await open();
    await rig.journal.append('RESTOCK', { slot: 3, packs: [pack(MET, 'M2')] });
    await read(rig, 30);
    expect(await events(rig.journal, 'SLOT_BLOCKED')).toEqual([]);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    await rig.journal.append('RESTOCK', { slot: 3, packs: [pack(MET, 'M3')] });
    await rig.journal.append('RESTOCK', { slot: 4, packs: [pack(AML, 'A4')] });
    await rig.journal.append('RESTOCK', { slot: 4, packs: [pack(AML, 'A5')] });
    await rig.coldChain.settled();
    expect((await events(rig.journal, 'SLOT_BLOCKED')).map((e) => e.data)).toEqual([
      { slot: 4, excursionSeq: excursion!.seq, gtins: [AML] },
    ]);
    await read(rig, 20);
    await rig.journal.append('RESTOCK', { slot: 5, packs: [pack(AML, 'A6')] });
    await rig.coldChain.settled();
    expect(await events(rig.journal, 'SLOT_BLOCKED')).toHaveLength(1);
    expect(rig.coldChain.blockedSlots()).toEqual([4]);
    await rig.close();
  });

  it('a release lifts only the blocks it names, once, for the excursion that made them', async () => {
    const releases = releaseStore();
    const rig = await open(releases);
    await stock(rig);
    await read(rig, 30);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    const seq = excursion!.seq;
    releases.install(
      payload(3, [
        { slot: 1, excursionSeq: seq, releasedBy: 'PH-7' },
        { slot: 2, excursionSeq: seq - 1 }, // not an excursion of this kiosk, and older
        { slot: 3, excursionSeq: seq }, // never blocked
      ]),
    );
    await rig.coldChain.settled();
    expect((await events(rig.journal, 'SLOT_RELEASED')).map((e) => e.data)).toEqual([
      { slot: 1, excursionSeq: seq, releasedBy: 'PH-7', releaseVersion: 3 },
    ]);
    expect(rig.coldChain.blockedSlots()).toEqual([2]);
    // The same download again (or at the next start) journals nothing more.
    releases.install(payload(3, [{ slot: 1, excursionSeq: seq }]));
    await rig.coldChain.settled();
    expect(await events(rig.journal, 'SLOT_RELEASED')).toHaveLength(1);
    // A seq that was never an excursion here (a forged or mistyped one) lifts nothing.
    releases.install(payload(4, [{ slot: 2, excursionSeq: seq + 1000 }]));
    await rig.coldChain.settled();
    expect(rig.coldChain.blockedSlots()).toEqual([2]);
    await rig.close();
  });

  it('a release for an older excursion does not lift a block made by a newer one', async () => {
    const releases = releaseStore();
    const rig = await open(releases);
    await stock(rig);
    await read(rig, 30);
    await read(rig, 20);
    await read(rig, 31);
    const [first, second] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    expect(rig.coldChain.state.blocks['1']?.excursionSeq).toBe(second!.seq);
    releases.install(payload(1, [{ slot: 1, excursionSeq: first!.seq }]));
    await rig.coldChain.settled();
    expect(await events(rig.journal, 'SLOT_RELEASED')).toHaveLength(0);
    expect(rig.coldChain.blockedSlots()).toEqual([1, 2]);
    releases.install(payload(2, [{ slot: 1, excursionSeq: second!.seq }]));
    await rig.coldChain.settled();
    expect(rig.coldChain.blockedSlots()).toEqual([2]);
    await rig.close();
  });

  it('applies a release installed before the start, and blocks survive a restart', async () => {
    let rig = await open();
    await stock(rig);
    await read(rig, 30);
    const [excursion] = await events(rig.journal, 'COLD_CHAIN_EXCURSION');
    await rig.close();

    rig = await open();
    expect(rig.coldChain.blockedSlots()).toEqual([1, 2]);
    await rig.close();

    const installed = payload(5, [
      { slot: 1, excursionSeq: excursion!.seq },
      { slot: 2, excursionSeq: excursion!.seq },
    ]);
    rig = await open(releaseStore(installed));
    expect(rig.coldChain.blockedSlots()).toEqual([]);
    expect(await events(rig.journal, 'SLOT_RELEASED')).toHaveLength(2);
    await rig.close();
    // And once more: the journal says they are released, nothing is journaled again.
    rig = await open(releaseStore(installed));
    expect(await events(rig.journal, 'SLOT_RELEASED')).toHaveLength(2);
    await rig.close();
  });
});
