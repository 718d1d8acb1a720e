import { describe, expect, it } from 'vitest';
import {
  createActor,
  fromCallback,
  fromPromise,
  SimulatedClock,
  waitFor,
  type EventObject,
} from 'xstate';
import type { CuffPressureBatch, StopResult } from '../../hardware/bp-cuff/driver';
import {
  evaluateResult,
  outcomeToEvent,
  type BpMachineEvent,
  type CuffErrorReason,
} from '../../hardware/bp-cuff/status';
import type { PlethBatch } from '../../hardware/oximeter/driver';
import { conditionToEvent, type OximeterMachineEvent } from '../../hardware/oximeter/status';
import {
  bpCategory,
  checkLimits,
  measurementPlan,
  MAX_RETRIES_PER_MEASUREMENT,
  PLETH_WINDOW_SAMPLES,
  VITALS_DELAYS,
  vitalsMachine,
  vitalsSnapshotView,
  type AbortBpInput,
  type ConnectDeviceInput,
  type CuffStopResult,
  type DeviceLinkCheck,
  type MeasureInput,
  type VitalsBpEvent,
  type VitalsDevice,
  type VitalsEvent,
  type VitalsLimits,
  type VitalsOximeterEvent,
  type VitalsOutput,
} from '../../state-machines/vitals';

// ---------------------------------------------------------------------------------------------
// Harness: fake actors, a simulated clock, and the drivers' own pure mappers for device events
// ---------------------------------------------------------------------------------------------

interface Fakes {
  /** What connectDevice answers per device (default ready); 'never' hangs, 'reject' throws. */
  connect?: Partial<Record<VitalsDevice, DeviceLinkCheck | 'never' | 'reject'>>;
  /** What abortBp answers (default the driver's ok('stopped')); 'never' hangs. */
  abort?: CuffStopResult | 'never';
}

function start(limits: VitalsLimits, fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  const log: string[] = [];
  let sendBack: ((event: EventObject) => void) | null = null;
  const machine = vitalsMachine.provide({
    actors: {
      connectDevice: fromPromise(async ({ input }: { input: ConnectDeviceInput }) => {
        log.push(`connect ${input.device}`);
        const answer = fakes.connect?.[input.device] ?? { ready: true };
        if (answer === 'never') return new Promise<DeviceLinkCheck>(() => {});
        if (answer === 'reject') throw new Error('cannot lock port: busy');
        return answer;
      }),
      measureBp: fromCallback<EventObject, MeasureInput>(({ input, sendBack: send }) => {
        log.push(`measureBp ${input.attempt}`);
        sendBack = send;
        return () => {
          log.push('measureBp stopped');
          sendBack = null;
        };
      }),
      watchOximeter: fromCallback<EventObject, MeasureInput>(({ input, sendBack: send }) => {
        log.push(`watchOximeter ${input.attempt}`);
        sendBack = send;
        return () => {
          log.push('watchOximeter stopped');
          sendBack = null;
        };
      }),
      abortBp: fromPromise(async ({ input }: { input: AbortBpInput }) => {
        log.push(`abortBp ${input.reason}`);
        const answer = fakes.abort ?? { ok: true, value: 'stopped' };
        if (answer === 'never') return new Promise<CuffStopResult>(() => {});
        return answer;
      }),
    },
  });
  const actor = createActor(machine, { clock, input: limits });
  actor.start();
  /** A device event, as main forwards it from the running measure/watch actor. */
  const device = (event: VitalsBpEvent | VitalsOximeterEvent) => {
    if (!sendBack) throw new Error(`no measurement running to send ${event.type}`);
    sendBack(event);
  };
  const view = () => vitalsSnapshotView(actor.getSnapshot());
  const output = (): VitalsOutput => {
    const s = actor.getSnapshot();
    expect(s.status).toBe('done');
    return s.output!;
  };
  return { actor, clock, log, device, view, output };
}

type Harness = ReturnType<typeof start>;

const flush = () => new Promise((r) => setTimeout(r, 0));

async function startMeasuring(h: Harness): Promise<void> {
  await waitFor(h.actor, (s) => s.matches('instructions'));
  h.actor.send({ type: 'START_MEASURE' });
}

/** Back from a retry prompt to the instructions, then Start again. */
function retryAgain(h: Harness): void {
  expect(h.view().phase).toBe('retry');
  h.clock.increment(VITALS_DELAYS.RETRY_PROMPT_MS);
  expect(h.view().phase).toBe('instructions');
  h.actor.send({ type: 'START_MEASURE' });
}

/** The cuff's `R` sentence through the driver's own acceptance rules and event mapping. */
function cuffResult(sys: number, dia: number, map: number, pulse: number, status = 0) {
  const r = evaluateResult({
    type: 'R',
    seq: 1,
    unit: 'mmHg',
    systolic: sys,
    diastolic: dia,
    map,
    pulse,
    status,
  });
  if (!r.ok) throw new Error(r.error.detail);
  return outcomeToEvent({ kind: 'reading', reading: r.value });
}

/** The cuff's `E` sentence, mapped by the driver. */
function cuffError(code: string, reason: CuffErrorReason, text: string): BpMachineEvent {
  return outcomeToEvent({ kind: 'deviceError', seq: 1, code, reason, text });
}

/** A live batch exactly as `BpCuffDriver.onLive` gives it, wrapped as main does. */
function cuffLive(...pressures: number[]): VitalsBpEvent {
  const batch: CuffPressureBatch = {
    seq: 1,
    samples: pressures.map((pressure, i) => ({ pressure, phase: 'INF', atMs: i * 200 })),
  };
  return { type: 'BP.LIVE', batch };
}

const oxReading = (spo2: number, hr: number, lowPerfusion = false): OximeterMachineEvent => ({
  type: 'OXIMETER.READING',
  reading: { hr, spo2, lowPerfusion, packets: [] },
});

const BP_LIMITS = { bpSystolicMax: 140, bpDiastolicMax: 90 };
const SPO2_LIMITS = { spo2Min: 92 };

// ---------------------------------------------------------------------------------------------
// Blood pressure
// ---------------------------------------------------------------------------------------------

describe('vitals machine: blood pressure', () => {
  it('measures BP in range: connect → instructions → measuring with a live gauge → in_range', async () => {
    const h = start(BP_LIMITS);
    expect(h.view().phase).toBe('connecting');
    await startMeasuring(h);
    h.device({ type: 'BP.STARTED', seq: 1 });
    expect(h.view()).toMatchObject({
      phase: 'measuring',
      measurement: 'bp',
      cuffPhase: 'inflating',
    });
    h.device(cuffLive(40, 85, 120));
    expect(h.view().pressureMmHg).toBe(120);
    h.device(cuffResult(128, 82, 97, 72));

    expect(h.output()).toEqual({
      outcome: 'in_range',
      readings: {
        bp: {
          systolic: 128,
          diastolic: 82,
          map: 97,
          pulse: 72,
          irregularPulse: false,
          pulseRange: 'within',
        },
      },
      limits: BP_LIMITS,
      detail: 'blood pressure within limits',
      breaches: [],
      measurement: null,
    });
    expect(h.log).toEqual(['connect bpCuff', 'measureBp 1', 'measureBp stopped']);
    expect(h.view()).toMatchObject({ phase: 'done', outcome: 'in_range', bpCategory: 'stage1' });
  });

  it('ends out_of_range for 182/111 against max 140/90, naming both limits', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device(cuffResult(182, 111, 135, 88));

    const out = h.output();
    expect(out.outcome).toBe('out_of_range');
    expect(out.measurement).toBe('bp');
    expect(out.readings.bp).toMatchObject({ systolic: 182, diastolic: 111 });
    expect(out.breaches).toEqual([
      { limit: 'bpSystolicMax', value: 182, threshold: 140 },
      { limit: 'bpDiastolicMax', value: 111, threshold: 90 },
    ]);
    expect(out.detail).toBe(
      'systolic 182 mmHg > max 140 (bpSystolicMax); diastolic 111 mmHg > max 90 (bpDiastolicMax)',
    );
    expect(h.view()).toMatchObject({ bpCategory: 'crisis', breaches: out.breaches });
  });

  it('checks only the BP limits the prescription gives', async () => {
    const h = start({ bpDiastolicMax: 90 });
    await startMeasuring(h);
    h.device(cuffResult(165, 85, 110, 70)); // high systolic, but only diastolic is limited
    expect(h.output().outcome).toBe('in_range');
  });

  it('prompts a retry on movement and then takes the reading', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device(cuffResult(151, 94, 113, 118, 0x0009)); // movement + pulse above: retake advised

    expect(h.view()).toMatchObject({ phase: 'retry', retryCause: 'movement', attempt: 2 });
    expect(h.actor.getSnapshot().context.readings).toEqual({}); // an advised retake is not a reading
    h.clock.increment(VITALS_DELAYS.RETRY_PROMPT_MS - 1);
    expect(h.view().phase).toBe('retry');
    h.clock.increment(1);
    // The instructions still say what to fix.
    expect(h.view()).toMatchObject({ phase: 'instructions', retryCause: 'movement' });
    h.actor.send({ type: 'START_MEASURE' });
    expect(h.view().retryCause).toBeNull();
    h.device(cuffResult(128, 82, 97, 72));

    expect(h.output()).toMatchObject({ outcome: 'in_range', readings: { bp: { systolic: 128 } } });
    expect(h.log).toEqual([
      'connect bpCuff',
      'measureBp 1',
      'measureBp stopped',
      'measureBp 2',
      'measureBp stopped',
    ]);
  });

  it('gives up after three movements: could_not_measure, no fourth inflation', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device(cuffError('E03', 'motion', 'EXCESSIVE MOTION'));
    retryAgain(h);
    h.device(cuffError('E03', 'motion', 'EXCESSIVE MOTION'));
    retryAgain(h);
    h.device(cuffResult(151, 94, 113, 80, 0x0001)); // the third: a reading flagged for movement

    const out = h.output();
    expect(out).toMatchObject({ outcome: 'could_not_measure', measurement: 'bp', readings: {} });
    expect(out.detail).toBe(
      'blood pressure: 3 attempts, last: movement (cuff gave 151/94 with a retake advised)',
    );
    expect(h.log.filter((l) => l.match(/^measureBp \d/))).toHaveLength(
      MAX_RETRIES_PER_MEASUREMENT + 1,
    );
    expect(h.log).not.toContain('abortBp cancelled'); // the cuff deflates by itself after E / R
  });

  it.each([
    [
      'over-pressure E02',
      cuffError('E02', 'overPressure', 'OVERPRESSURE'),
      'bpCuff: overPressure: E02 OVERPRESSURE',
    ],
    ['cuff leak E01', cuffError('E01', 'leak', 'LEAK'), 'bpCuff: leak (cannot build pressure)'],
    ['internal E07', cuffError('E07', 'internal', 'FAULT'), 'bpCuff: internal: E07 FAULT'],
    [
      'no ACK to START',
      outcomeToEvent({
        kind: 'fault',
        seq: 1,
        fault: 'noAck',
        detail: 'no ACK to START 1 after 3 sends',
      }),
      'bpCuff: noAck: no ACK to START 1 after 3 sends',
    ],
    [
      'port lost mid-inflation',
      { type: 'BP.LOST', detail: 'EIO' } as const,
      'bpCuff: lost during the measurement (EIO)',
    ],
  ])('ends device_fault on %s, without a retry', async (_name, event, detail) => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device({ type: 'BP.STARTED', seq: 1 });
    h.device(cuffLive(250, 290));
    h.device(event);
    expect(h.output()).toMatchObject({ outcome: 'device_fault', detail, measurement: 'bp' });
    expect(h.log.filter((l) => l.match(/^measureBp \d/))).toEqual(['measureBp 1']);
  });

  it('ends device_unavailable when the cuff is absent, without inflating', async () => {
    const h = start(BP_LIMITS, { connect: { bpCuff: { ready: false, detail: 'not configured' } } });
    await waitFor(h.actor, (s) => s.status === 'done');
    expect(h.output()).toMatchObject({
      outcome: 'device_unavailable',
      detail: 'bpCuff: not configured',
      measurement: 'bp',
      readings: {},
    });
    expect(h.log).toEqual(['connect bpCuff']);
  });

  it('does not wait forever for a device link: device_unavailable after CONNECT_TIMEOUT', async () => {
    const h = start(BP_LIMITS, { connect: { bpCuff: 'never' } });
    await flush();
    h.clock.increment(VITALS_DELAYS.CONNECT_TIMEOUT_MS - 1);
    expect(h.view().phase).toBe('connecting');
    h.clock.increment(1);
    expect(h.output()).toMatchObject({ outcome: 'device_unavailable', measurement: 'bp' });
  });

  it('treats a failing connect, or a cuff driver with no open port, as unavailable', async () => {
    const h1 = start(BP_LIMITS, { connect: { bpCuff: 'reject' } });
    await waitFor(h1.actor, (s) => s.status === 'done');
    expect(h1.output()).toMatchObject({
      outcome: 'device_unavailable',
      detail: 'bpCuff: Error: cannot lock port: busy',
    });

    const h2 = start(BP_LIMITS);
    await startMeasuring(h2);
    h2.device(outcomeToEvent({ kind: 'fault', fault: 'notOpen', detail: 'no open port' }));
    expect(h2.output()).toMatchObject({
      outcome: 'device_unavailable',
      detail: 'bpCuff: no open port',
    });
  });

  it('aborts the cuff when the patient cancels during inflation', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device({ type: 'BP.STARTED', seq: 1 });
    h.device(cuffLive(60, 85));
    h.actor.send({ type: 'CANCEL' });
    expect(h.view().phase).toBe('stopping');
    h.actor.send({ type: 'CANCEL' }); // a second tap does not cut the abort short
    await waitFor(h.actor, (s) => s.status === 'done');

    expect(h.output()).toMatchObject({
      outcome: 'cancelled',
      detail: 'the patient cancelled during blood pressure',
    });
    expect(h.log).toEqual([
      'connect bpCuff',
      'measureBp 1',
      'measureBp stopped',
      'abortBp cancelled',
    ]);
  });

  it('still ends cancelled when the cuff does not confirm STOP, and says so', async () => {
    const h = start(BP_LIMITS, {
      abort: { ok: false, error: { detail: 'no ACK to STOP 1 after 3 sends' } },
    });
    await startMeasuring(h);
    h.actor.send({ type: 'CANCEL' });
    await waitFor(h.actor, (s) => s.status === 'done');
    expect(h.output().detail).toBe(
      'the patient cancelled during blood pressure; the cuff did not confirm STOP (no ACK to STOP 1 after 3 sends)',
    );

    const hung = start(BP_LIMITS, { abort: 'never' });
    await startMeasuring(hung);
    hung.actor.send({ type: 'CANCEL' });
    await flush();
    hung.clock.increment(VITALS_DELAYS.CUFF_ABORT_TIMEOUT_MS);
    expect(hung.output().outcome).toBe('cancelled');
  });

  it('stops the cuff and ends device_fault when the driver never reports (watchdog)', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device({ type: 'BP.STARTED', seq: 1 });
    h.clock.increment(VITALS_DELAYS.BP_MEASURE_WATCHDOG_MS - 1);
    expect(h.view().phase).toBe('measuring');
    h.clock.increment(1);
    await waitFor(h.actor, (s) => s.status === 'done');
    expect(h.output()).toMatchObject({
      outcome: 'device_fault',
      detail: `bpCuff: no result within ${VITALS_DELAYS.BP_MEASURE_WATCHDOG_MS} ms`,
    });
    expect(h.log.at(-1)).toBe('abortBp watchdog');
  });

  it('keeps only the last cuff pressure, however many samples arrive', async () => {
    const h = start(BP_LIMITS);
    await startMeasuring(h);
    h.device({ type: 'BP.STARTED', seq: 1 });
    h.device(cuffLive(10, 20, 30));
    const sizeEarly = JSON.stringify(h.actor.getSnapshot().context).length;
    for (let i = 0; i < 300; i++) h.device(cuffLive(100 + (i % 90), 101 + (i % 90)));
    h.device({
      type: 'BP.LIVE',
      batch: { samples: [{ pressure: 142, phase: 'DEF' }] },
    });
    const context = h.actor.getSnapshot().context;
    expect(context.live).toEqual({ pressure: 142, cuffPhase: 'DEF', pleth: [] });
    expect(JSON.stringify(context).length).toBeLessThanOrEqual(sizeEarly + 2);
    expect(h.view()).toMatchObject({ pressureMmHg: 142, cuffPhase: 'deflating' });
  });
});

// ---------------------------------------------------------------------------------------------
// SpO2
// ---------------------------------------------------------------------------------------------

describe('vitals machine: SpO2', () => {
  it('measures SpO2 in range', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.device(conditionToEvent({ kind: 'noValue' }));
    expect(h.view()).toMatchObject({ phase: 'measuring', measurement: 'spo2', hint: 'searching' });
    h.device(conditionToEvent({ kind: 'ok', hr: 72, spo2: 97, lowPerfusion: true }));
    expect(h.view().hint).toBe('lowPerfusion');
    h.device(oxReading(97, 72, true));

    expect(h.output()).toEqual({
      outcome: 'in_range',
      readings: { spo2: { spo2: 97, pulse: 72, lowPerfusion: true } },
      limits: SPO2_LIMITS,
      detail: 'SpO2 within limits',
      breaches: [],
      measurement: null,
    });
    expect(h.log).toEqual(['connect oximeter', 'watchOximeter 1', 'watchOximeter stopped']);
  });

  it('ends out_of_range when SpO2 is below the minimum', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.device(oxReading(88, 96));
    expect(h.output()).toMatchObject({
      outcome: 'out_of_range',
      readings: { spo2: { spo2: 88, pulse: 96 } },
      breaches: [{ limit: 'spo2Min', value: 88, threshold: 92 }],
      detail: 'SpO2 88 % < min 92 (spo2Min)',
      measurement: 'spo2',
    });
  });

  it('turns a finger out that lasts into a retry prompt, then measures', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.device(conditionToEvent({ kind: 'fingerOut' }));
    expect(h.view()).toMatchObject({ phase: 'measuring', hint: 'fingerOut' });
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS - 1);
    expect(h.view().phase).toBe('measuring');
    h.clock.increment(1);
    expect(h.view()).toMatchObject({ phase: 'retry', retryCause: 'fingerOut' });
    retryAgain(h);
    h.device(oxReading(96, 70));
    expect(h.output().outcome).toBe('in_range');
    expect(h.log.filter((l) => l.match(/^watchOximeter \d/))).toEqual([
      'watchOximeter 1',
      'watchOximeter 2',
    ]);
  });

  it('forgets a disturbance that clears within the grace period', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.device(conditionToEvent({ kind: 'motion', artifactFrames: 12 }));
    expect(h.view().hint).toBe('movement');
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS - 1);
    h.device(conditionToEvent({ kind: 'noValue' }));
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS);
    expect(h.view()).toMatchObject({ phase: 'measuring', hint: 'searching', attempt: 1 });
    h.device(oxReading(97, 72));
    expect(h.output().outcome).toBe('in_range');
  });

  it('prompts "weak signal" when no reading comes, and gives up after three tries', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.clock.increment(VITALS_DELAYS.SPO2_NO_READING_MS);
    expect(h.view()).toMatchObject({ phase: 'retry', retryCause: 'weakSignal' });
    retryAgain(h);
    h.device(conditionToEvent({ kind: 'outOfTrack' }));
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS);
    expect(h.view()).toMatchObject({ phase: 'retry', retryCause: 'artefact' });
    retryAgain(h);
    h.clock.increment(VITALS_DELAYS.SPO2_NO_READING_MS);
    expect(h.output()).toMatchObject({
      outcome: 'could_not_measure',
      detail: 'SpO2: 3 attempts, last: weakSignal',
    });
  });

  it.each([
    [
      'sensor off',
      conditionToEvent({ kind: 'sensorOff' }),
      'oximeter: sensor unplugged or inoperable',
    ],
    ['link down', { type: 'OXIMETER.LINK_DOWN' } as const, 'oximeter: no valid frame for 1 s'],
    [
      'port lost',
      { type: 'OXIMETER.LOST', detail: 'EIO' } as const,
      'oximeter: lost during the measurement (EIO)',
    ],
  ])('ends device_fault on %s', async (_name, event, detail) => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    h.device(event);
    expect(h.output()).toMatchObject({ outcome: 'device_fault', detail, measurement: 'spo2' });
  });

  it('keeps a bounded pleth window of the newest samples', async () => {
    const h = start(SPO2_LIMITS);
    await startMeasuring(h);
    const sent: number[] = [];
    for (let batch = 0; batch < 200; batch++) {
      const samples = Array.from({ length: 7 }, (_, i) => (batch * 7 + i) % 256);
      sent.push(...samples);
      h.device({ type: 'OXIMETER.LIVE', batch: { samples } });
    }
    const { pleth } = h.actor.getSnapshot().context.live;
    expect(pleth).toHaveLength(PLETH_WINDOW_SAMPLES);
    expect(pleth).toEqual(sent.slice(-PLETH_WINDOW_SAMPLES));
    const view = h.view();
    expect(view.pleth).toEqual(pleth);
    view.pleth.push(1); // the view is a copy
    expect(h.actor.getSnapshot().context.live.pleth).toHaveLength(PLETH_WINDOW_SAMPLES);
  });
});

// ---------------------------------------------------------------------------------------------
// The step as a whole
// ---------------------------------------------------------------------------------------------

describe('vitals machine: the step', () => {
  const BOTH = { ...BP_LIMITS, ...SPO2_LIMITS };

  it('measures SpO2 then BP in sequence when both are required', async () => {
    const h = start(BOTH);
    await startMeasuring(h);
    expect(h.view()).toMatchObject({ measurement: 'spo2', step: 1, steps: 2 });
    h.device(oxReading(97, 72));
    await startMeasuring(h);
    expect(h.view()).toMatchObject({
      phase: 'measuring',
      measurement: 'bp',
      step: 2,
      attempt: 1,
      pleth: [],
      readings: { spo2: { spo2: 97 } },
    });
    h.device(cuffResult(124, 78, 93, 70));

    expect(h.output()).toMatchObject({
      outcome: 'in_range',
      readings: { spo2: { spo2: 97, pulse: 72 }, bp: { systolic: 124, diastolic: 78 } },
      detail: 'SpO2 and blood pressure within limits',
    });
    expect(h.log).toEqual([
      'connect oximeter',
      'watchOximeter 1',
      'watchOximeter stopped',
      'connect bpCuff',
      'measureBp 1',
      'measureBp stopped',
    ]);
  });

  it('counts retries per measurement, not per step', async () => {
    const h = start(BOTH);
    await startMeasuring(h);
    h.device(conditionToEvent({ kind: 'fingerOut' }));
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS);
    retryAgain(h);
    h.device(conditionToEvent({ kind: 'fingerOut' }));
    h.clock.increment(VITALS_DELAYS.OXIMETER_DISTURBANCE_GRACE_MS);
    retryAgain(h);
    h.device(oxReading(97, 72)); // third SpO2 attempt succeeds
    await startMeasuring(h);
    expect(h.view()).toMatchObject({ measurement: 'bp', attempt: 1, retryCause: null });
    h.device(cuffError('E05', 'cuffLoose', 'CUFF LOOSE'));
    expect(h.view()).toMatchObject({ phase: 'retry', retryCause: 'cuffLoose' });
  });

  it('stops at the first measurement out of range: no cuff after a low SpO2', async () => {
    const h = start(BOTH);
    await startMeasuring(h);
    h.device(oxReading(85, 110));
    expect(h.output()).toMatchObject({ outcome: 'out_of_range', measurement: 'spo2' });
    expect(h.log).not.toContain('connect bpCuff');
  });

  it('times out when Start is never pressed, and a touch restarts the wait', async () => {
    const h = start(BP_LIMITS);
    await waitFor(h.actor, (s) => s.matches('instructions'));
    h.clock.increment(VITALS_DELAYS.START_TIMEOUT_MS - 1);
    h.actor.send({ type: 'ACTIVITY' });
    h.clock.increment(VITALS_DELAYS.START_TIMEOUT_MS - 1);
    expect(h.view().phase).toBe('instructions');
    h.clock.increment(1);
    expect(h.output()).toMatchObject({
      outcome: 'timed_out',
      measurement: 'bp',
      detail: `blood pressure: Start not pressed within ${VITALS_DELAYS.START_TIMEOUT_MS} ms`,
    });
    expect(h.log).toEqual(['connect bpCuff']);
  });

  it('cancels from the instructions without touching the cuff', async () => {
    const h = start(BOTH);
    await waitFor(h.actor, (s) => s.matches('instructions'));
    h.actor.send({ type: 'CANCEL' });
    expect(h.output()).toMatchObject({
      outcome: 'cancelled',
      detail: 'the patient cancelled during SpO2',
      measurement: 'spo2',
    });
    expect(h.log).toEqual(['connect oximeter']);
  });

  it('cancels while connecting and while measuring SpO2', async () => {
    const h1 = start(BP_LIMITS, { connect: { bpCuff: 'never' } });
    h1.actor.send({ type: 'CANCEL' });
    expect(h1.output().outcome).toBe('cancelled');

    const h2 = start(SPO2_LIMITS);
    await startMeasuring(h2);
    h2.actor.send({ type: 'CANCEL' });
    expect(h2.output().outcome).toBe('cancelled');
    expect(h2.log).toEqual(['connect oximeter', 'watchOximeter 1', 'watchOximeter stopped']);
  });

  it('is in range at once when the requirement has no limits', () => {
    const h = start({});
    expect(h.output()).toMatchObject({
      outcome: 'in_range',
      detail: 'no vitals limits: nothing to measure',
      measurement: null,
    });
    expect(h.log).toEqual([]);
  });

  it('gives the renderer plain JSON', async () => {
    const h = start(BOTH);
    await startMeasuring(h);
    h.device({ type: 'OXIMETER.LIVE', batch: { samples: [120, 130, 140] } });
    const view = h.view();
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view).toEqual({
      phase: 'measuring',
      measurement: 'spo2',
      step: 1,
      steps: 2,
      attempt: 1,
      maxAttempts: 3,
      retryCause: null,
      hint: null,
      pressureMmHg: null,
      cuffPhase: null,
      pleth: [120, 130, 140],
      readings: {},
      bpCategory: null,
      outcome: null,
      breaches: [],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Pure helpers and the driver contract
// ---------------------------------------------------------------------------------------------

describe('vitals helpers', () => {
  it.each([
    [85, 55, 'low'],
    [118, 76, 'normal'],
    [125, 78, 'elevated'],
    [128, 82, 'stage1'],
    [135, 70, 'stage1'],
    [140, 85, 'stage2'],
    [150, 55, 'stage2'],
    [180, 120, 'stage2'],
    [181, 100, 'crisis'],
    [170, 121, 'crisis'],
  ] as const)('bpCategory(%i, %i) = %s', (sys, dia, category) => {
    expect(bpCategory(sys, dia)).toBe(category);
  });

  it.each([
    [{}, []],
    [{ spo2Min: 90 }, ['spo2']],
    [{ bpSystolicMax: 140 }, ['bp']],
    [{ bpDiastolicMax: 90, spo2Min: 90 }, ['spo2', 'bp']],
  ] as const)('measurementPlan(%j) = %j', (limits, plan) => {
    expect(measurementPlan(limits)).toEqual(plan);
  });

  it('checkLimits: at the limit is in range; past it is a breach', () => {
    const limits = { bpSystolicMax: 140, bpDiastolicMax: 90, spo2Min: 92 };
    expect(
      checkLimits(limits, {
        bp: { systolic: 140, diastolic: 90 },
        spo2: { spo2: 92, pulse: 70, lowPerfusion: false },
      }),
    ).toEqual([]);
    expect(
      checkLimits(limits, {
        bp: { systolic: 141, diastolic: 91 },
        spo2: { spo2: 91, pulse: 70, lowPerfusion: false },
      }),
    ).toEqual([
      { limit: 'bpSystolicMax', value: 141, threshold: 140 },
      { limit: 'bpDiastolicMax', value: 91, threshold: 90 },
      { limit: 'spo2Min', value: 91, threshold: 92 },
    ]);
    expect(checkLimits(limits, {})).toEqual([]);
  });

  it("accepts the drivers' events and results unchanged (checked by tsc)", () => {
    // Each line fails to compile if a driver type drifts from what the machine handles.
    const forwardBp = (e: BpMachineEvent): VitalsEvent => e;
    const forwardOximeter = (e: OximeterMachineEvent): VitalsEvent => e;
    const wrapCuffLive = (batch: CuffPressureBatch): VitalsEvent => ({ type: 'BP.LIVE', batch });
    const wrapPleth = (batch: PlethBatch): VitalsEvent => ({ type: 'OXIMETER.LIVE', batch });
    const stopResult = (r: StopResult): CuffStopResult => r;
    expect(forwardBp({ type: 'BP.ABORTED' }).type).toBe('BP.ABORTED');
    expect(forwardOximeter({ type: 'OXIMETER.SEARCHING' }).type).toBe('OXIMETER.SEARCHING');
    expect(wrapCuffLive({ seq: 1, samples: [] }).type).toBe('BP.LIVE');
    expect(
      wrapPleth({ samples: [], sampleRateHz: 75, firstAtMs: 0, beats: [], perfusion: 'none' }).type,
    ).toBe('OXIMETER.LIVE');
    expect(stopResult({ ok: true, value: 'idle' }).ok).toBe(true);
  });
});
