import pino from 'pino';
import { describe, expect, it, test } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import type { BpOutcome, BpReading } from '../../hardware/bp-cuff/status';
import { interpretStatus } from '../../hardware/bp-cuff/status';
import type { OximeterMachineEvent } from '../../hardware/oximeter/status';
import type { HardwareConfig } from '../../main/config/hardware-config';
import type { KioskDevices } from '../../main/devices/kiosk-devices';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import {
  OXIMETER_TEST_TIMEOUT_MS,
  createVitalsTool,
} from '../../main/technician/tools/vitals/vitals-tool';
import {
  cuffTestOutcome,
  oximeterStep,
  vitalsTestDetail,
} from '../../main/technician/tools/vitals/vitals-test-outcome';

/**
 * The vitals tool (issue 9): a test measurement through the drivers' own events, the live wave
 * and dial, the result or why there is none in one word, and a TECH_ACTION `vitals_test` per
 * measurement (never VITALS_MEASURED, and never the values).
 */

const WHO = { badgeId: 'B-1', technicianId: 'T-DEMO', name: 'Demo', roles: [] };

const reading = (status = 0): BpReading => ({
  seq: 1,
  systolic: 121,
  diastolic: 79,
  map: 93,
  pulse: 66,
  status,
  flags: interpretStatus(status),
});

describe('cuff outcome → the tool', () => {
  test.each<[string, BpOutcome, ReturnType<typeof cuffTestOutcome>]>([
    [
      'a reading',
      { kind: 'reading', reading: reading() },
      {
        phase: 'done',
        result: { systolic: 121, diastolic: 79, map: 93, pulse: 66, irregularPulse: false },
        problem: null,
      },
    ],
    [
      'a reading with the cuff loose (retake advised)',
      { kind: 'reading', reading: reading(0b10) },
      {
        phase: 'done',
        result: expect.objectContaining({ systolic: 121 }) as never,
        problem: 'cuff_loose',
      },
    ],
    [
      'E05 cuff loose',
      { kind: 'deviceError', seq: 1, code: 'E05', reason: 'cuffLoose', text: 'CUFF LOOSE' },
      { phase: 'failed', result: null, problem: 'cuff_loose' },
    ],
    [
      'E03 motion',
      { kind: 'deviceError', seq: 1, code: 'E03', reason: 'motion', text: 'MOTION' },
      { phase: 'failed', result: null, problem: 'movement' },
    ],
    [
      'E02 over-pressure',
      { kind: 'deviceError', seq: 1, code: 'E02', reason: 'overPressure', text: 'OVERPRESSURE' },
      { phase: 'failed', result: null, problem: 'over_pressure' },
    ],
    [
      'no ACK',
      { kind: 'fault', seq: 1, fault: 'noAck', detail: 'no ACK' },
      { phase: 'failed', result: null, problem: 'no_ack' },
    ],
    [
      'lost',
      { kind: 'fault', fault: 'lost', detail: 'gone' },
      { phase: 'failed', result: null, problem: 'lost' },
    ],
    ['stopped', { kind: 'aborted', seq: 1 }, { phase: 'failed', result: null, problem: 'stopped' }],
  ])('%s', (_name, outcome, expected) => {
    expect(cuffTestOutcome(outcome)).toEqual(expected);
  });
});

describe('oximeter events → the tool', () => {
  test.each<[OximeterMachineEvent, ReturnType<typeof oximeterStep>]>([
    [{ type: 'OXIMETER.FINGER_OUT' }, { kind: 'disturbed', problem: 'finger_out' }],
    [{ type: 'OXIMETER.SENSOR_OFF' }, { kind: 'disturbed', problem: 'sensor_off' }],
    [
      { type: 'OXIMETER.MOTION', cause: 'artifact' },
      { kind: 'disturbed', problem: 'motion' },
    ],
    [{ type: 'OXIMETER.SEARCHING' }, { kind: 'disturbed', problem: 'searching' }],
    [
      { type: 'OXIMETER.SIGNAL_OK', lowPerfusion: true },
      { kind: 'signal', signal: 'low_perfusion' },
    ],
    [{ type: 'OXIMETER.LINK_DOWN' }, { kind: 'ended', problem: 'lost' }],
    [
      { type: 'OXIMETER.LOST', detail: 'EIO' },
      { kind: 'ended', problem: 'lost' },
    ],
  ])('%o', (event, step) => {
    expect(oximeterStep(event)).toEqual(step);
  });

  it('a reading carries SpO2 and the pulse', () => {
    expect(
      oximeterStep({
        type: 'OXIMETER.READING',
        reading: { spo2: 97, hr: 72, lowPerfusion: false, packets: [] },
      }),
    ).toEqual({ kind: 'reading', result: { spo2: 97, pulse: 72, lowPerfusion: false } });
  });

  it('the journal detail names the device and the outcome, never a value', () => {
    expect(vitalsTestDetail('oximeter', 'done', null)).toBe('oximeter: reading');
    expect(vitalsTestDetail('bpCuff', 'done', 'cuff_loose')).toBe('bpCuff: reading, cuff_loose');
    expect(vitalsTestDetail('bpCuff', 'failed', 'lost')).toBe('bpCuff: failed, lost');
  });
});

/** Drivers that only emit what the test tells them to, with the drivers' listener shapes. */
function fakeDevices() {
  const oxListeners = {
    live: new Set<(b: unknown) => void>(),
    events: new Set<(e: unknown) => void>(),
  };
  const cuffLive = new Set<(b: unknown) => void>();
  let resolveMeasure: (outcome: BpOutcome) => void = () => {};
  let aborted = 0;
  const add = <T>(set: Set<T>, l: T) => {
    set.add(l);
    return () => set.delete(l);
  };
  const oximeter = {
    link: 'up',
    condition: undefined,
    restartRun: () => {},
    onLive: (l: (b: unknown) => void) => add(oxListeners.live, l),
    onMachineEvent: (l: (e: unknown) => void) => add(oxListeners.events, l),
  };
  const bpCuff = {
    onLive: (l: (b: unknown) => void) => add(cuffLive, l),
    measure: () => new Promise<BpOutcome>((resolve) => (resolveMeasure = resolve)),
    abort: async () => {
      aborted++;
      resolveMeasure({ kind: 'aborted', seq: 1 });
      return { ok: true, value: 'stopped' };
    },
  };
  const devices = {
    oximeter,
    bpCuff,
    statusList: () => [
      { id: 'oximeter', link: 'ready' },
      { id: 'bpCuff', link: 'ready' },
    ],
  } as unknown as KioskDevices;
  return {
    devices,
    oxEvent: (e: OximeterMachineEvent) => oxListeners.events.forEach((l) => l(e)),
    oxLive: (samples: number[]) =>
      oxListeners.live.forEach((l) =>
        l({ samples, sampleRateHz: 75, firstAtMs: 0, beats: [], perfusion: 'green' }),
      ),
    cuffLive: (pressure: number, phase: 'INF' | 'DEF') =>
      cuffLive.forEach((l) => l({ seq: 1, samples: [{ pressure, phase, atMs: 0 }] })),
    finishCuff: (outcome: BpOutcome) => resolveMeasure(outcome),
    aborted: () => aborted,
    listeners: () => oxListeners.live.size + oxListeners.events.size + cuffLive.size,
  };
}

function toolWith(fake: ReturnType<typeof fakeDevices>) {
  const appended: { type: string; data: unknown }[] = [];
  const clock = createManualClock();
  const context = {
    journal: {
      append: async (type: string, data: unknown) => {
        appended.push({ type, data });
      },
    },
    clock,
    logger: pino({ level: 'silent' }),
    hardware: { oximeter: {}, bpCuff: {} } as HardwareConfig,
    devices: fake.devices,
    changed: () => {},
  } as unknown as TechnicianToolContext;
  return { tool: createVitalsTool(context), appended, clock };
}

describe('vitals tool', () => {
  it('oximeter: the live wave and what disturbs it, then the reading; journaled as a test', () => {
    const fake = fakeDevices();
    const { tool, appended } = toolWith(fake);
    tool.handle({ type: 'TECH_VITALS_MEASURE', device: 'oximeter' }, WHO);
    expect(tool.view()).toMatchObject({ device: 'oximeter', phase: 'measuring' });
    fake.oxEvent({ type: 'OXIMETER.FINGER_OUT' });
    expect(tool.view().problem).toBe('finger_out');
    fake.oxLive([10, 200, 90]);
    fake.oxEvent({ type: 'OXIMETER.SIGNAL_OK', lowPerfusion: false });
    expect(tool.view()).toMatchObject({ problem: null, signal: 'ok', pleth: [10, 200, 90] });
    fake.oxEvent({
      type: 'OXIMETER.READING',
      reading: { spo2: 97, hr: 72, lowPerfusion: false, packets: [] },
    });
    expect(tool.view()).toMatchObject({
      phase: 'done',
      oximeter: { spo2: 97, pulse: 72 },
      problem: null,
    });
    expect(appended).toEqual([
      {
        type: 'TECH_ACTION',
        data: { technicianId: 'T-DEMO', action: 'vitals_test', detail: 'oximeter: reading' },
      },
    ]);
    expect(fake.listeners()).toBe(0);
  });

  it('oximeter: no reading within the time ends with the last disturbance as the reason', () => {
    const fake = fakeDevices();
    const { tool, appended, clock } = toolWith(fake);
    tool.handle({ type: 'TECH_VITALS_MEASURE', device: 'oximeter' }, WHO);
    fake.oxEvent({ type: 'OXIMETER.FINGER_OUT' });
    clock.advance(OXIMETER_TEST_TIMEOUT_MS);
    expect(tool.view()).toMatchObject({ phase: 'failed', problem: 'finger_out', oximeter: null });
    expect(appended.map((a) => (a.data as { detail: string }).detail)).toEqual([
      'oximeter: failed, finger_out',
    ]);
  });

  it('cuff: the dial follows the pressure, then the result; a loose cuff is said in words', async () => {
    const fake = fakeDevices();
    const { tool, appended } = toolWith(fake);
    tool.handle({ type: 'TECH_VITALS_MEASURE', device: 'bpCuff' }, WHO);
    fake.cuffLive(142, 'INF');
    expect(tool.view()).toMatchObject({ pressureMmHg: 142, cuffPhase: 'inflating' });
    fake.finishCuff({ kind: 'deviceError', seq: 1, code: 'E05', reason: 'cuffLoose', text: '' });
    await Promise.resolve();
    expect(tool.view()).toMatchObject({ phase: 'failed', problem: 'cuff_loose', bpCuff: null });

    tool.handle({ type: 'TECH_VITALS_MEASURE', device: 'bpCuff' }, WHO);
    fake.finishCuff({ kind: 'reading', reading: reading() });
    await Promise.resolve();
    expect(tool.view()).toMatchObject({
      phase: 'done',
      bpCuff: { systolic: 121, diastolic: 79, pulse: 66 },
    });
    expect(appended.map((a) => [a.type, (a.data as { detail: string }).detail])).toEqual([
      ['TECH_ACTION', 'bpCuff: failed, cuff_loose'],
      ['TECH_ACTION', 'bpCuff: reading'],
    ]);
    expect(appended.some((a) => a.type === 'VITALS_MEASURED')).toBe(false);
  });

  it('Stop deflates the cuff and says it was stopped', async () => {
    const fake = fakeDevices();
    const { tool } = toolWith(fake);
    tool.handle({ type: 'TECH_VITALS_MEASURE', device: 'bpCuff' }, WHO);
    tool.handle({ type: 'TECH_VITALS_STOP' }, WHO);
    await Promise.resolve();
    expect(fake.aborted()).toBe(1);
    expect(tool.view()).toMatchObject({ phase: 'failed', problem: 'stopped' });
  });
});
