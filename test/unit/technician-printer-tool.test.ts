import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createManualClock, type ManualClock } from '../../contracts/clock';
import type { JournalEvent, JournalEventDataOf } from '../../contracts/journal-events';
import type { PrinterToolView } from '../../contracts/technician/printer';
import { PrinterDriver } from '../../hardware/printer/driver';
import { PrinterSimulator } from '../../hardware/printer/simulator';
import { createMemoryTransportPair } from '../../hardware/transports/memory-transport';
import type { HardwareConfig } from '../../main/config/hardware-config';
import type { SiteConfig } from '../../main/config/site-config';
import type { KioskDevices } from '../../main/devices/kiosk-devices';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { createPrinterTool } from '../../main/technician/tools/printer/printer-tool';
import type {
  TechnicianTool,
  TechnicianToolContext,
} from '../../main/technician/tools/technician-tool';
import type { PrinterToolEvent } from '../../contracts/technician/printer';

/**
 * The printer tool against the printer simulator over a memory pair and a real journal: a queued
 * label that cannot be reprinted (paper out) stays queued with its reason; once paper is back,
 * Reprint all prints each label as it was and journals LABEL_PRINTED {reprint: true}, which takes
 * it out of the queue; the test page prints. Every job names the technician in a TECH_ACTION.
 */

const key = createEphemeralDeviceKey();
const WHO = { badgeId: 'B-1', technicianId: 'T-DEMO', name: 'Demo', roles: [] };
const SITE = {
  kioskId: 'K-001',
  kioskName: 'Kijiji health post',
  timeZone: 'UTC',
  pharmacistPhone: '+254 700 000 000',
} as SiteConfig;
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** A real millisecond: journal appends wait on the disk, not on the manual clock. */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

let dir: string;
let journal: Journal;
let clock: ManualClock;
let sim: PrinterSimulator;
let driver: PrinterDriver;
let tool: TechnicianTool<PrinterToolView, PrinterToolEvent>;

const failed = (labelId: string, medication: string): JournalEventDataOf<'LABEL_FAILED'> => ({
  labelId,
  jti: `jti-${labelId}`,
  reason: 'REFUSED PAPER_OUT: the printer cannot print: paper out',
  label: {
    medication,
    dose: 'Take one tablet every morning.',
    quantity: 2,
    lots: [{ lot: 'AML-A1', expiry: '2027-03-31' }],
    language: 'en',
    date: '2026-01-01',
  },
});

async function events(): Promise<JournalEvent[]> {
  const all: JournalEvent[] = [];
  for await (const e of journal.events(1)) all.push(e);
  return all;
}

/** Lets the job run, moving the manual clock in 10 ms steps while the printer tool is busy. */
async function untilIdle(): Promise<PrinterToolView> {
  await settle();
  for (let step = 0; step < 5_000 && tool.view().job !== 'idle'; step++) {
    await tick();
    clock.advance(10);
  }
  expect(tool.view().job).toBe('idle');
  return tool.view();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'printer-tool-'));
  const opened = await openJournal({
    dir: path.join(dir, 'journal'),
    signer: key,
    verifyCheckpoint: key.verifyCheckpoint,
  });
  if (!opened.ok) throw new Error('journal did not open');
  journal = opened.value;
  clock = createManualClock();
  const [host, device] = createMemoryTransportPair({ name: 'printer-tool-test' });
  await host.open();
  await device.open();
  sim = new PrinterSimulator({ transport: device, clock });
  driver = new PrinterDriver({ transport: host, clock });
  await journal.append('LABEL_FAILED', failed('L-10', 'Amlodipine 5 mg tablets'));
  await journal.append('LABEL_FAILED', failed('L-20', 'Metformin 500 mg tablets'));
  const context = {
    journal,
    clock,
    logger: pino({ level: 'silent' }),
    dataDir: dir,
    hardware: { printer: { paperWidthMm: 58 } } as HardwareConfig,
    site: () => SITE,
    devices: { printer: driver } as unknown as KioskDevices,
    changed: () => {},
  } as unknown as TechnicianToolContext;
  tool = createPrinterTool(context);
  // The queue's view store opens from disk (and the journal) in the background: wait for it by
  // time, not by a count of event-loop turns, which a busy machine can outlast.
  await vi.waitFor(() => expect(tool.view().queue.ready).toBe(true), { timeout: 15_000 });
});
afterEach(async () => {
  await tool.stop?.();
  await driver.close();
  await journal.close();
  await rm(dir, { recursive: true, force: true });
});

describe('printer tool', () => {
  it('shows the queue from the journal: when, medicine and packs; never the jti', () => {
    const view = tool.view();
    expect(view.queue.labels).toEqual([
      expect.objectContaining({
        labelId: 'L-10',
        medication: 'Amlodipine 5 mg tablets',
        quantity: 2,
        problem: 'paper_out',
        reprintFailed: false,
      }),
      expect.objectContaining({ labelId: 'L-20', medication: 'Metformin 500 mg tablets' }),
    ]);
    expect(JSON.stringify(view)).not.toContain('jti-');
    expect(JSON.stringify(view)).not.toContain('AML-A1');
  });

  it('reads the status in words', async () => {
    sim.inject({ kind: 'coverOpen' });
    tool.handle({ type: 'TECH_PRINTER_CHECK' }, WHO);
    expect(tool.view().job).toBe('checking');
    const view = await untilIdle();
    expect(view.status).toMatchObject({ reach: 'answering', cover: 'open', online: false });
  });

  it('a reprint that fails stays queued with its reason; after the fault, Reprint all empties the queue', async () => {
    sim.inject({ kind: 'paperOut' });
    tool.handle({ type: 'TECH_PRINTER_REPRINT', labelId: 'L-10' }, WHO);
    let view = await untilIdle();
    expect(view.queue.labels.map((l) => [l.labelId, l.problem, l.reprintFailed])).toEqual([
      ['L-10', 'paper_out', true],
      ['L-20', 'paper_out', false],
    ]);
    expect(view.status.paper).toBe('out');
    expect(sim.pages()).toEqual([]);
    let journaled = await events();
    expect(journaled.filter((e) => e.type === 'LABEL_PRINTED')).toEqual([]);
    expect(journaled.filter((e) => e.type === 'TECH_ACTION').map((e) => e.data)).toEqual([
      {
        technicianId: 'T-DEMO',
        action: 'label_reprint',
        detail: expect.stringMatching(/^L-10 failed: REFUSED PAPER_OUT/),
      },
    ]);

    sim.clear();
    tool.handle({ type: 'TECH_PRINTER_REPRINT', labelId: null }, WHO);
    view = await untilIdle();
    expect(view.queue.labels).toEqual([]);
    expect(view.reprinted).toBe(2);
    journaled = await events();
    expect(journaled.filter((e) => e.type === 'LABEL_PRINTED').map((e) => e.data)).toEqual([
      { labelId: 'L-10', jti: 'jti-L-10', reprint: true },
      { labelId: 'L-20', jti: 'jti-L-20', reprint: true },
    ]);
    // Each label as the patient's would have been: the medicine, the packs, lot, refill QR.
    const pages = sim.pages();
    expect(pages).toHaveLength(2);
    const first = pages[0]!.text.map((l) => l.trim());
    expect(first).toContain('Kijiji health post');
    expect(first).toContain('Amlodipine 5 mg tablets');
    expect(first).toContain('Quantity: 2 packs');
    expect(first.some((l) => /Lot: AML-A1 {2}Expires: 2027-03/.test(l))).toBe(true);
    expect(pages[0]!.qrCodes.map((q) => q.data)).toEqual(['RF:K-001:10']);
    expect(pages[1]!.qrCodes.map((q) => q.data)).toEqual(['RF:K-001:20']);
  });

  it('prints a test page and journals it under the technician', async () => {
    tool.handle({ type: 'TECH_PRINTER_TEST_PAGE' }, WHO);
    // A second request while the page prints is not a second page.
    tool.handle({ type: 'TECH_PRINTER_TEST_PAGE' }, WHO);
    const view = await untilIdle();
    expect(view.testPage).toMatchObject({ outcome: 'printed', problem: null });
    expect(sim.pages()).toHaveLength(1);
    expect(sim.pages()[0]!.text.map((l) => l.trim())).toContain('PRINTER TEST PAGE');
    const actions = (await events()).filter((e) => e.type === 'TECH_ACTION');
    expect(actions.map((e) => e.data)).toEqual([
      { technicianId: 'T-DEMO', action: 'printer_test_page', detail: 'printed' },
    ]);
  });

  it('a test page with the cover open fails and says why', async () => {
    sim.inject({ kind: 'coverOpen' });
    tool.handle({ type: 'TECH_PRINTER_TEST_PAGE' }, WHO);
    const view = await untilIdle();
    expect(view.testPage).toMatchObject({ outcome: 'failed', problem: 'cover_open' });
    const actions = (await events()).filter((e) => e.type === 'TECH_ACTION');
    expect(actions.map((e) => e.data.detail)).toEqual(['failed: REFUSED COVER_OPEN']);
  });
});
