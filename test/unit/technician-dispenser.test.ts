import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import type {
  DispenseOutcome,
  JournalEvent,
  JournalEventDataOf,
  Pack,
} from '../../contracts/journal-events';
import { ok, err } from '../../contracts/result';
import type { Frame } from '../../hardware/dispenser/codec';
import type {
  CommandError,
  DispenseOptions,
  DispenseReport,
  DispenseRequest,
  TrafficEvent,
} from '../../hardware/dispenser/driver';
import type { MachineStatus, SelectionConfig } from '../../hardware/dispenser/status';
import { closeOpenIntentsAsUncertain } from '../../main/dispensing/close-open-intents';
import {
  emptyInventory,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory/inventory-state';
import { createDispenserTool } from '../../main/technician/tools/dispenser/dispenser-tool';
import {
  combineDropSensor,
  DropSensorWatch,
} from '../../main/technician/tools/dispenser/drop-sensor-watch';
import { rotateSlot, type RotateSlotDeps } from '../../main/technician/tools/dispenser/rotate-slot';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import type { ViewStore } from '../../main/views';
import type { AppendableEventType, Journal } from '../../main/journal';

/**
 * The technician's dispenser tool (issue 9 item 5) against a fake journal (in memory, feeding the
 * real inventory reducer) and a fake dispenser driver, both writing to one log so the order of
 * journal writes and drives can be asserted: the STOCK_ADJUSTMENT_INTENT is durable before the
 * drive, and the STOCK_ADJUSTMENT before the board is acknowledged.
 */

const AML = '09506000134352';
const pack = (serial: string, lot = 'AML-A1'): Pack => ({
  gtin: AML,
  lot,
  expiry: '2027-06-30',
  serial,
});

function fakeJournal(log: string[], firstSeq = 100) {
  const inventory = { state: emptyInventory() as InventoryState };
  const events: JournalEvent[] = [];
  let seq = firstSeq;
  const journal = {
    events,
    inventory,
    async append<T extends AppendableEventType>(
      type: T,
      data: JournalEventDataOf<T>,
    ): Promise<JournalEvent<T>> {
      seq += 1;
      const event = {
        seq,
        id: crypto.randomUUID(),
        ts: new Date(0).toISOString(),
        type,
        data: JSON.parse(JSON.stringify(data)) as typeof data,
        prev: '0'.repeat(64),
        hash: '0'.repeat(64),
      } as unknown as JournalEvent;
      log.push(`journal:${type}`);
      events.push(event);
      inventory.state = reduceInventory(inventory.state, event);
      return event as JournalEvent<T>;
    },
    ofType<T extends AppendableEventType>(type: T): JournalEvent<T>[] {
      return events.filter((e) => e.type === type) as JournalEvent<T>[];
    },
  };
  return journal;
}

function fakeDriver(log: string[]) {
  const outcomes: { outcome: DispenseOutcome; statusCode?: number; sent?: boolean }[] = [];
  const requests: DispenseRequest[] = [];
  const traffic = new Set<(event: TrafficEvent) => void>();
  const driver = {
    link: 'up' as 'up' | 'degraded' | 'down',
    busy: false,
    requests,
    /** The outcome of the next drive (SUCCESS when none is queued). */
    next(outcome: DispenseOutcome, statusCode?: number, sent = true) {
      outcomes.push({ outcome, ...(statusCode !== undefined ? { statusCode } : {}), sent });
    },
    async dispense(req: DispenseRequest, options: DispenseOptions): Promise<DispenseReport> {
      log.push(`drive:${req.selection}`);
      requests.push(req);
      const next = outcomes.shift() ?? { outcome: 'SUCCESS', statusCode: 0x02, sent: true };
      const report: DispenseReport = {
        outcome: next.outcome,
        ...(next.statusCode !== undefined ? { statusCode: next.statusCode } : {}),
        detail: `fake board: ${next.outcome}`,
        sent: next.sent ?? true,
      };
      await options.persistResult(report);
      log.push('drive:acked');
      return report;
    },
    onTraffic(listener: (event: TrafficEvent) => void) {
      traffic.add(listener);
      return () => traffic.delete(listener);
    },
    emit(event: TrafficEvent) {
      for (const listener of traffic) listener(event);
    },
  };
  return driver;
}

const HARDWARE = {
  dispenser: { elevator: false },
  slots: [
    { slot: 1, selection: 11, capacity: 10 },
    { slot: 2, selection: 12, capacity: 10 },
    { slot: 3, selection: 13, capacity: 10 },
  ],
};

const TECH = { badgeId: 'B-1', technicianId: 'T-DEMO', name: 'Demo', roles: ['technician'] };

/** A journal and driver with slot 1 holding three packs and slot 3 empty. */
async function cabinet() {
  const log: string[] = [];
  const journal = fakeJournal(log);
  await journal.append('RESTOCK', { slot: 1, packs: [pack('S1'), pack('S2'), pack('S3')] });
  const driver = fakeDriver(log);
  log.length = 0;
  const deps: RotateSlotDeps = {
    journal,
    driver,
    inventory: journal.inventory,
    hardware: HARDWARE,
  };
  return { log, journal, driver, deps };
}

async function rotateAndWait(deps: RotateSlotDeps, slot: number) {
  const started = await rotateSlot(deps, { technicianId: 'T-DEMO', slot });
  if (!started.ok) throw new Error(`refused: ${started.error}`);
  return { ...started.value, report: await started.value.done };
}

const count = (state: InventoryState, slot: number) => state.slots[String(slot)]?.length ?? 0;

describe('rotate a slot: a stock adjustment, two-phase like a dispense', () => {
  it('writes the intent before the drive and the adjustment before the board is acknowledged', async () => {
    const { log, journal, driver, deps } = await cabinet();
    const { intentSeq, expected, report } = await rotateAndWait(deps, 1);
    expect(log).toEqual([
      'journal:STOCK_ADJUSTMENT_INTENT',
      'drive:11',
      'journal:STOCK_ADJUSTMENT',
      'drive:acked',
    ]);
    const [intent] = journal.ofType('STOCK_ADJUSTMENT_INTENT');
    expect(intent?.seq).toBe(intentSeq);
    expect(intent?.data).toEqual({
      technicianId: 'T-DEMO',
      slot: 1,
      pack: pack('S1'),
      reason: expect.any(String),
    });
    // Driven exactly as a dispense drives: the intent's seq is the dispenseId, the sensor is asked.
    expect(driver.requests).toEqual([
      { dispenseId: intentSeq, selection: 11, dropSensor: true, elevator: false },
    ]);
    expect(expected).toEqual(pack('S1'));
    expect(report.packs).toEqual([pack('S1')]);
    expect(journal.ofType('STOCK_ADJUSTMENT').map((e) => e.data)).toEqual([
      {
        technicianId: 'T-DEMO',
        intentSeq,
        slot: 1,
        outcome: 'SUCCESS',
        packs: [pack('S1')],
        reason: intent?.data.reason,
        statusCode: 0x02,
        detail: 'fake board: SUCCESS',
      },
    ]);
    expect(journal.events.map((e) => e.type)).not.toContain('DISPENSE_INTENT');
    expect(journal.events.map((e) => e.type)).not.toContain('DISPENSE_RESULT');
    // The pack left the stock once: not a fill, nothing left open.
    expect(journal.inventory.state.slots['1']).toEqual([pack('S2'), pack('S3')]);
    expect(journal.inventory.state.openAdjustments).toEqual({});
    expect(journal.inventory.state.fills).toEqual({});
  });

  it.each<[DispenseOutcome, number | undefined, boolean]>([
    ['FAIL_JAM', 0x03, false],
    ['FAIL_NO_MOTOR', 0x06, false],
    ['FAIL_SENSOR_BLOCKED', 0x08, false],
    ['FAIL_NO_DROP', 0x05, false],
    ['UNCERTAIN', undefined, true],
    ['FAIL_MOTOR_OVERRUN', 0x04, true],
  ])('%s: the pack counts as gone only if it may have left', async (outcome, code, gone) => {
    const { journal, driver, deps } = await cabinet();
    driver.next(outcome, code);
    const { report } = await rotateAndWait(deps, 1);
    expect(report.outcome).toBe(outcome);
    const adjustment = journal.ofType('STOCK_ADJUSTMENT')[0]?.data;
    expect(adjustment?.outcome).toBe(outcome);
    expect(adjustment?.packs).toEqual(gone ? [pack('S1')] : []);
    // A pack that did not leave is back at the front of its slot, where the next drive takes it.
    expect(journal.inventory.state.slots['1']).toEqual(
      gone ? [pack('S2'), pack('S3')] : [pack('S1'), pack('S2'), pack('S3')],
    );
    // An UNCERTAIN adjustment is not a dispense: no fill, and not in the dispense review list.
    expect(journal.inventory.state.uncertain).toEqual([]);
  });

  it('rotates a slot the kiosk thinks empty: no pack expected, none removed', async () => {
    const { log, journal, driver, deps } = await cabinet();
    driver.next('FAIL_NO_DROP', 0x05);
    const { expected, report } = await rotateAndWait(deps, 3);
    expect(log.slice(0, 2)).toEqual(['journal:STOCK_ADJUSTMENT_INTENT', 'drive:13']);
    expect(expected).toBeNull();
    expect(journal.ofType('STOCK_ADJUSTMENT_INTENT')[0]?.data.pack).toBeNull();
    expect(report.packs).toEqual([]);
    expect(journal.ofType('STOCK_ADJUSTMENT')[0]?.data.packs).toEqual([]);
    expect(count(journal.inventory.state, 1)).toBe(3);
    expect(count(journal.inventory.state, 3)).toBe(0);
  });

  it('a drive the driver refuses without sending still closes the adjustment, pack back in place', async () => {
    const { journal, driver, deps } = await cabinet();
    driver.next('FAIL_ABORTED', undefined, false);
    await rotateAndWait(deps, 1);
    expect(journal.ofType('STOCK_ADJUSTMENT')[0]?.data).toMatchObject({
      outcome: 'FAIL_ABORTED',
      packs: [],
    });
    expect(count(journal.inventory.state, 1)).toBe(3);
  });

  it('refuses with nothing written and nothing driven: unknown slot, link down, busy', async () => {
    const { log, driver, deps } = await cabinet();
    expect(await rotateSlot(deps, { technicianId: 'T-DEMO', slot: 9 })).toEqual(
      err('unknown_slot'),
    );
    driver.link = 'down';
    expect(await rotateSlot(deps, { technicianId: 'T-DEMO', slot: 1 })).toEqual(err('link_down'));
    driver.link = 'up';
    driver.busy = true;
    expect(await rotateSlot(deps, { technicianId: 'T-DEMO', slot: 1 })).toEqual(err('busy'));
    expect(log).toEqual([]);
  });

  it('an adjustment intent without its result is closed as UNCERTAIN at boot, pack counted as gone', async () => {
    const log: string[] = [];
    const journal = fakeJournal(log);
    await journal.append('RESTOCK', {
      slot: 2,
      packs: [pack('B1', 'AML-B2'), pack('B2', 'AML-B2')],
    });
    // The kiosk died after the intent was durable and before the board answered.
    const intent = await journal.append('STOCK_ADJUSTMENT_INTENT', {
      technicianId: 'T-DEMO',
      slot: 2,
      pack: pack('B1', 'AML-B2'),
      reason: 'technician motor test (rotate slot)',
    });
    const closed = await closeOpenIntentsAsUncertain(
      journal as unknown as Journal,
      journal.inventory as unknown as ViewStore<InventoryState>,
    );
    expect(closed).toEqual([intent.seq]);
    expect(journal.ofType('STOCK_ADJUSTMENT').map((e) => e.data)).toEqual([
      {
        technicianId: 'T-DEMO',
        intentSeq: intent.seq,
        slot: 2,
        outcome: 'UNCERTAIN',
        packs: [pack('B1', 'AML-B2')],
        reason: 'technician motor test (rotate slot)',
        detail: expect.stringContaining('restarted'),
      },
    ]);
    expect(journal.ofType('DISPENSE_RESULT')).toEqual([]);
    expect(journal.inventory.state.slots['2']).toEqual([pack('B2', 'AML-B2')]);
    expect(journal.inventory.state.openAdjustments).toEqual({});
    // Closed once: a second boot finds nothing open.
    expect(
      await closeOpenIntentsAsUncertain(
        journal as unknown as Journal,
        journal.inventory as unknown as ViewStore<InventoryState>,
      ),
    ).toEqual([]);
  });
});

const tx = (frame: Frame): TrafficEvent => ({ dir: 'tx', bytes: new Uint8Array(), at: 0, frame });
const rx = (frame: Frame): TrafficEvent => ({ dir: 'rx', bytes: new Uint8Array(), at: 0, frame });
const drive = (selection: number, dropSensor = true): Frame => ({
  kind: 'DRIVE_ONCE',
  packNo: 1,
  dispenseId: 7,
  dropSensor,
  elevator: false,
  selection,
});
const status = (selection: number, code: number): Frame => ({
  kind: 'DRIVE_ONCE_STATUS',
  packNo: 2,
  dispenseId: 7,
  status: code,
  selection,
});

describe('drop-sensor check from what the board said on its drives', () => {
  const slotOf = (selection: number) =>
    HARDWARE.slots.find((s) => s.selection === selection)?.slot ?? null;

  it('is unknown before any drive, then follows the last status that involved the sensor', () => {
    const watch = new DropSensorWatch(slotOf);
    expect(watch.check()).toEqual({
      state: 'unknown',
      reason: 'no_drive_yet',
      slot: null,
      statusCode: null,
    });
    watch.observe(tx(drive(12)));
    watch.observe(rx(status(12, 0x01))); // in progress: says nothing about the sensor
    watch.observe(rx(status(12, 0x02)));
    expect(watch.check()).toEqual({ state: 'ok', reason: 'saw_drop', slot: 2, statusCode: 0x02 });
    watch.observe(tx(drive(11)));
    watch.observe(rx(status(11, 0x08)));
    expect(watch.check()).toMatchObject({
      state: 'blocked',
      reason: 'blocked_before_drive',
      slot: 1,
    });
    watch.observe(tx(drive(11)));
    watch.observe(rx(status(11, 0x03))); // a jam: the sensor was not reached, the verdict stands
    expect(watch.check().state).toBe('blocked');
    watch.observe(tx(drive(13)));
    watch.observe(rx(status(13, 0x05)));
    expect(watch.check()).toMatchObject({ state: 'ok', reason: 'saw_no_drop', slot: 3 });
  });

  it('says disabled when the last drive did not ask the board for its sensor', () => {
    const watch = new DropSensorWatch(slotOf);
    watch.observe(tx(drive(11, false)));
    watch.observe(rx(status(11, 0x02)));
    expect(watch.check()).toMatchObject({ state: 'disabled', reason: 'drive_without_sensor' });
  });
});

describe('the board setting (0x70/0x71 type 0x42) combined with the last drive', () => {
  const saw = (reason: 'no_drive_yet' | 'saw_drop' | 'blocked_before_drive') =>
    ({
      no_drive_yet: { state: 'unknown', reason, slot: null, statusCode: null },
      saw_drop: { state: 'ok', reason, slot: 2, statusCode: 0x02 },
      blocked_before_drive: { state: 'blocked', reason, slot: 2, statusCode: 0x08 },
    })[reason] as Parameters<typeof combineDropSensor>[0];
  const answered = (dropSensor: SelectionConfig['dropSensor']) => ({
    slot: 2,
    answer: ok({ selection: 12, ...BOARD_ON, dropSensor }),
  });
  const failed = (code: CommandError['code']) => ({
    slot: 2,
    answer: err({ code, detail: 'x' }),
  });

  it.each([
    ['saw_drop', answered('disabled'), 'disabled', 'board_disabled', 'disabled', null],
    ['blocked_before_drive', answered('disabled'), 'disabled', 'board_disabled', 'disabled', null],
    ['saw_drop', answered('enabled'), 'ok', 'saw_drop', 'enabled', null],
    [
      'blocked_before_drive',
      answered('enabled'),
      'blocked',
      'blocked_before_drive',
      'enabled',
      null,
    ],
    ['no_drive_yet', answered('enabled'), 'unknown', 'board_enabled_no_drive', 'enabled', null],
    ['no_drive_yet', answered('unknown'), 'unknown', 'no_drive_yet', 'unknown', null],
    ['saw_drop', failed('BUSY'), 'ok', 'saw_drop', null, 'busy'],
    ['saw_drop', failed('TIMEOUT'), 'ok', 'saw_drop', null, 'no_answer'],
    ['no_drive_yet', failed('LINK_DOWN'), 'unknown', 'no_drive_yet', null, 'link_down'],
    ['saw_drop', null, 'ok', 'saw_drop', null, 'no_slot'],
  ] as const)(
    'drive %s + board %j → %s (%s)',
    (drive, board, state, reason, sensor, boardError) => {
      const view = combineDropSensor(saw(drive), board);
      expect(view).toMatchObject({ state, reason, boardError });
      expect(view.board?.sensor ?? null).toBe(sensor);
    },
  );
});

const BOARD_ON: SelectionConfig = {
  dropSensor: 'enabled',
  afterJam: 'stop',
  inventory: 3,
  capacity: 10,
};

/** The tool as main builds it, on the fakes. */
async function makeTool(
  options: {
    machine?: MachineStatus | null;
    /** The board's 0x42 answer, or the driver's error code. */
    board?: SelectionConfig | CommandError['code'];
  } = {},
) {
  const setup = await cabinet();
  const clock = createManualClock();
  const machine = options.machine === undefined ? MACHINE : options.machine;
  const board = options.board ?? BOARD_ON;
  const configAsked: number[] = [];
  const driver = Object.assign(setup.driver, {
    configAsked,
    requestMachineStatus: async () =>
      machine ? ok(machine) : err({ code: 'TIMEOUT' as const, detail: 'no answer' }),
    requestSelectionConfig: async (selection: number) => {
      configAsked.push(selection);
      return typeof board === 'string'
        ? err({ code: board, detail: `fake board: ${board}` })
        : ok({ selection, ...board });
    },
  });
  const changed = vi.fn();
  const context = {
    journal: setup.journal,
    clock,
    logger: { error: vi.fn() },
    hardware: HARDWARE,
    site: () => ({ temperatureBandC: { min: 15, max: 25 } }),
    devices: { dispenser: driver },
    inventory: setup.journal.inventory,
    changed,
  } as unknown as TechnicianToolContext;
  return { ...setup, driver, tool: createDispenserTool(context), changed };
}

const MACHINE: MachineStatus = {
  door: 'open',
  temperatureC: 21.5,
  setpointC: 20,
  humidityPct: 40,
  temperatureControl: 'ok',
  machineId: 'SIM',
};

describe('the dispenser tool', () => {
  it('shows each slot of the hardware config with the stock the kiosk thinks is in it', async () => {
    const { tool } = await makeTool();
    expect(tool.view().slots).toEqual([
      { slot: 1, selection: 11, capacity: 10, count: 3, next: pack('S1') },
      { slot: 2, selection: 12, capacity: 10, count: 0, next: null },
      { slot: 3, selection: 13, capacity: 10, count: 0, next: null },
    ]);
    expect(tool.eventTypes).toEqual([
      'TECH_DISPENSER_ROTATE',
      'TECH_DISPENSER_DROP_SENSOR_CHECK',
      'TECH_DISPENSER_READ_CABINET',
    ]);
  });

  it('rotates on TECH_DISPENSER_ROTATE and shows the outcome; the stock drops by one', async () => {
    const { tool, journal } = await makeTool();
    tool.handle({ type: 'TECH_DISPENSER_ROTATE', slot: 1 }, TECH);
    await vi.waitFor(() => expect(tool.view().rotation?.state).toBe('done'));
    expect(tool.view().rotation).toMatchObject({
      slot: 1,
      outcome: 'SUCCESS',
      statusCode: 0x02,
      packsRemoved: 1,
      expected: pack('S1'),
    });
    expect(tool.view().slots[0]?.count).toBe(2);
    expect(journal.ofType('STOCK_ADJUSTMENT')[0]?.data.technicianId).toBe('T-DEMO');
  });

  it('a refused rotate is shown and journaled as a technician action', async () => {
    const { tool, journal, driver } = await makeTool();
    driver.link = 'down';
    tool.handle({ type: 'TECH_DISPENSER_ROTATE', slot: 1 }, TECH);
    await vi.waitFor(() => expect(journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(tool.view().rotation).toMatchObject({ state: 'refused', refusal: 'link_down' });
    expect(journal.ofType('TECH_ACTION')[0]?.data).toMatchObject({
      technicianId: 'T-DEMO',
      action: 'dispenser_rotate',
    });
    expect(journal.ofType('STOCK_ADJUSTMENT_INTENT')).toEqual([]);
  });

  it("the drop-sensor check asks the board about the last drive's slot, reads the traffic and journals TECH_ACTION", async () => {
    const { tool, journal, driver } = await makeTool();
    driver.emit(tx(drive(11)));
    driver.emit(rx(status(11, 0x08)));
    tool.handle({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' }, TECH);
    expect(tool.view().dropSensorCheck).toBe('checking');
    await vi.waitFor(() => expect(journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(driver.configAsked).toEqual([11]);
    expect(tool.view()).toMatchObject({
      dropSensorCheck: 'idle',
      dropSensor: {
        state: 'blocked',
        slot: 1,
        board: { slot: 1, sensor: 'enabled', afterJam: 'stop' },
        boardError: null,
      },
    });
    expect(journal.ofType('TECH_ACTION')[0]?.data).toEqual({
      technicianId: 'T-DEMO',
      action: 'drop_sensor_check',
      detail: expect.stringMatching(/^blocked: .*slot 1.*0x08.*board \(slot 1\): sensor enabled/),
    });
  });

  it('a sensor switched off on the board is disabled, whatever the last drive saw', async () => {
    const { tool, journal, driver } = await makeTool({
      board: { ...BOARD_ON, dropSensor: 'disabled', afterJam: 'keep' },
    });
    driver.emit(tx(drive(12)));
    driver.emit(rx(status(12, 0x02)));
    tool.handle({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' }, TECH);
    await vi.waitFor(() => expect(journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(driver.configAsked).toEqual([12]);
    expect(tool.view().dropSensor).toMatchObject({
      state: 'disabled',
      reason: 'board_disabled',
      slot: 2,
      board: { sensor: 'disabled', afterJam: 'keep' },
    });
    expect(journal.ofType('TECH_ACTION')[0]?.data.detail).toMatch(
      /^disabled: the board says its drop sensor is switched off.*after a jam keeps selling/,
    );
  });

  it('before any drive it asks about the first slot; a board busy driving leaves the drive verdict', async () => {
    const fresh = await makeTool();
    fresh.tool.handle({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' }, TECH);
    await vi.waitFor(() => expect(fresh.journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(fresh.driver.configAsked).toEqual([11]);
    expect(fresh.tool.view().dropSensor).toMatchObject({
      state: 'unknown',
      reason: 'board_enabled_no_drive',
    });

    const busy = await makeTool({ board: 'BUSY' });
    busy.driver.emit(tx(drive(13)));
    busy.driver.emit(rx(status(13, 0x05)));
    busy.tool.handle({ type: 'TECH_DISPENSER_DROP_SENSOR_CHECK' }, TECH);
    await vi.waitFor(() => expect(busy.journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(busy.tool.view().dropSensor).toMatchObject({
      state: 'ok',
      reason: 'saw_no_drop',
      board: null,
      boardError: 'busy',
    });
    expect(busy.journal.ofType('TECH_ACTION')[0]?.data.detail).toContain('board not read (busy)');
  });

  it('takes door and temperature from any machine status on the wire, without asking itself', async () => {
    const { tool, driver, changed, journal } = await makeTool();
    expect(tool.view().cabinet).toBeNull();
    driver.emit({
      ...rx({
        kind: 'MACHINE_STATUS',
        packNo: 3,
        bill: 0,
        coin: 0,
        card: 0,
        tempControl: 1,
        door: 1,
        temperature: 95,
        setpoint: 50,
      }),
      at: 1234,
    });
    expect(tool.view().cabinet).toEqual({
      door: 'open',
      temperatureC: 9.5,
      setpointC: 5,
      temperatureControl: 'fault',
      at: 1234,
    });
    expect(changed).toHaveBeenCalled();
    expect(journal.ofType('TECH_ACTION')).toEqual([]);
  });

  it('Read now asks the board once and journals what it said; a silent board is shown as failed', async () => {
    const { tool, journal } = await makeTool();
    tool.handle({ type: 'TECH_DISPENSER_READ_CABINET' }, TECH);
    await vi.waitFor(() => expect(journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(tool.view()).toMatchObject({
      cabinetRead: 'idle',
      cabinet: { door: 'open', temperatureC: 21.5, setpointC: 20, temperatureControl: 'ok' },
    });
    expect(journal.ofType('TECH_ACTION')[0]?.data).toEqual({
      technicianId: 'T-DEMO',
      action: 'cabinet_read',
      detail: 'door open, temperature 21.5 °C (setpoint 20 °C), controller ok',
    });

    const silent = await makeTool({ machine: null });
    silent.tool.handle({ type: 'TECH_DISPENSER_READ_CABINET' }, TECH);
    await vi.waitFor(() => expect(silent.journal.ofType('TECH_ACTION')).toHaveLength(1));
    expect(silent.tool.view().cabinetRead).toBe('failed');
    expect(silent.journal.ofType('TECH_ACTION')[0]?.data.detail).toContain('TIMEOUT');
  });
});
