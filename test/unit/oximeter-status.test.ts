import { describe, expect, test } from 'vitest';
import {
  advanceRun,
  classifyPacket,
  conditionToEvent,
  linkToEvent,
  linkToSupervisor,
  median,
  type GoodPacket,
  type OximeterCondition,
  type OximeterMachineEvent,
  type PacketSummary,
} from '../../hardware/oximeter/status';

// vitals.md §C "Oximeter": packet → condition → machine event, and the run-of-5 rule.

const GOOD: PacketSummary = {
  sensorDisconnected: false,
  sensorAlarm: false,
  outOfTrack: false,
  artifactFrames: 0,
  lowPerfusion: false,
  hr: 72,
  spo2: 97,
};

const CLASSIFY: Array<[string, Partial<PacketSummary>, OximeterCondition]> = [
  ['clean packet', {}, { kind: 'ok', hr: 72, spo2: 97, lowPerfusion: false }],
  [
    'RPRF: still good, with a warning',
    { lowPerfusion: true },
    { kind: 'ok', hr: 72, spo2: 97, lowPerfusion: true },
  ],
  [
    '6 of 25 ARTF frames: still good (< 25 %)',
    { artifactFrames: 6 },
    { kind: 'ok', hr: 72, spo2: 97, lowPerfusion: false },
  ],
  ['7 of 25 ARTF frames: motion', { artifactFrames: 7 }, { kind: 'motion', artifactFrames: 7 }],
  [
    'ARTF heavy with OOT: motion wins',
    { artifactFrames: 15, outOfTrack: true },
    { kind: 'motion', artifactFrames: 15 },
  ],
  ['OOT alone', { outOfTrack: true }, { kind: 'outOfTrack' }],
  ['SNSD', { sensorDisconnected: true, hr: 511, spo2: 127 }, { kind: 'sensorOff' }],
  ['SNSD beats SNSA', { sensorDisconnected: true, sensorAlarm: true }, { kind: 'sensorOff' }],
  [
    'SNSA with missing values (finger out)',
    { sensorAlarm: true, hr: 511, spo2: 127 },
    { kind: 'fingerOut' },
  ],
  ['SNSA beats motion', { sensorAlarm: true, artifactFrames: 20 }, { kind: 'fingerOut' }],
  ['HR missing, no alarm', { hr: 511 }, { kind: 'noValue' }],
  ['SpO2 missing, no alarm', { spo2: 127 }, { kind: 'noValue' }],
  ['HR 250: out of range', { hr: 250 }, { kind: 'outOfRange', hr: 250, spo2: 97 }],
  ['HR 29: out of range', { hr: 29 }, { kind: 'outOfRange', hr: 29, spo2: 97 }],
  ['HR 30 and 220 are in range', { hr: 30 }, { kind: 'ok', hr: 30, spo2: 97, lowPerfusion: false }],
  ['HR 220', { hr: 220 }, { kind: 'ok', hr: 220, spo2: 97, lowPerfusion: false }],
  ['HR 221', { hr: 221 }, { kind: 'outOfRange', hr: 221, spo2: 97 }],
  ['SpO2 49: out of range', { spo2: 49 }, { kind: 'outOfRange', hr: 72, spo2: 49 }],
  ['SpO2 50 is in range', { spo2: 50 }, { kind: 'ok', hr: 72, spo2: 50, lowPerfusion: false }],
  [
    'SpO2 82 (clinically low) is a valid packet',
    { spo2: 82 },
    { kind: 'ok', hr: 72, spo2: 82, lowPerfusion: false },
  ],
  ['SpO2 101: out of range', { spo2: 101 }, { kind: 'outOfRange', hr: 72, spo2: 101 }],
];

describe('classifyPacket', () => {
  test.each(CLASSIFY)('%s', (_name, summary, condition) => {
    expect(classifyPacket({ ...GOOD, ...summary })).toEqual(condition);
  });
});

const EVENTS: Array<[OximeterCondition, OximeterMachineEvent]> = [
  [
    { kind: 'ok', hr: 72, spo2: 97, lowPerfusion: true },
    { type: 'OXIMETER.SIGNAL_OK', lowPerfusion: true },
  ],
  [{ kind: 'noValue' }, { type: 'OXIMETER.SEARCHING' }],
  [{ kind: 'fingerOut' }, { type: 'OXIMETER.FINGER_OUT' }],
  [{ kind: 'sensorOff' }, { type: 'OXIMETER.SENSOR_OFF' }],
  [
    { kind: 'motion', artifactFrames: 9 },
    { type: 'OXIMETER.MOTION', cause: 'artifact' },
  ],
  [{ kind: 'outOfTrack' }, { type: 'OXIMETER.MOTION', cause: 'outOfTrack' }],
  [
    { kind: 'outOfRange', hr: 250, spo2: 97 },
    { type: 'OXIMETER.IMPLAUSIBLE', hr: 250, spo2: 97 },
  ],
];

describe('conditionToEvent', () => {
  test.each(EVENTS)('%o → %o', (condition, event) => {
    expect(conditionToEvent(condition)).toEqual(event);
  });
});

describe('link states', () => {
  test.each([
    ['up', 'ready', { type: 'OXIMETER.LINK_UP' }],
    ['degraded', 'degraded', { type: 'OXIMETER.LINK_DEGRADED' }],
    ['down', 'lost', { type: 'OXIMETER.LINK_DOWN' }],
  ] as const)('%s → supervisor %s', (state, supervisor, event) => {
    expect(linkToSupervisor(state)).toBe(supervisor);
    expect(linkToEvent(state)).toEqual(event);
  });
  test('a lost port is lost', () => expect(linkToSupervisor('lost')).toBe('lost'));
});

describe('advanceRun: 5 consecutive good packets → the median', () => {
  const ok = (hr: number, spo2: number, lowPerfusion = false): OximeterCondition => ({
    kind: 'ok',
    hr,
    spo2,
    lowPerfusion,
  });

  test('median of an odd list', () => {
    expect(median([5, 1, 4, 2, 3])).toBe(3);
    expect(median([72, 72, 200, 71, 73])).toBe(72);
  });

  test('5 good packets give the median HR and SpO2, and the run starts again', () => {
    let run: GoodPacket[] = [];
    const inputs = [ok(70, 96), ok(90, 99), ok(72, 97), ok(71, 95), ok(75, 98)];
    for (const [i, input] of inputs.entries()) {
      const step = advanceRun(run, input);
      run = step.run;
      if (i < 4) expect(step.reading).toBeUndefined();
      else {
        expect(step.reading).toMatchObject({ hr: 72, spo2: 97, lowPerfusion: false });
        expect(step.reading?.packets).toHaveLength(5);
        expect(run).toEqual([]);
      }
    }
  });

  test('RPRF in any packet of the run adds the low-perfusion warning', () => {
    let run: GoodPacket[] = [];
    let reading;
    for (const input of [ok(72, 97), ok(72, 97, true), ok(72, 97), ok(72, 97), ok(72, 97)]) {
      const step = advanceRun(run, input);
      run = step.run;
      reading = step.reading;
    }
    expect(reading?.lowPerfusion).toBe(true);
  });

  test.each<[string, Parameters<typeof advanceRun>[1]]>([
    ['a bad packet', { kind: 'motion', artifactFrames: 10 }],
    ['missed_data', { kind: 'missedData' }],
    ['a restart', { kind: 'restart' }],
  ])('%s restarts the run; it does not slide', (_name, bad) => {
    let run: GoodPacket[] = [];
    for (let i = 0; i < 4; i++) run = advanceRun(run, ok(72, 97)).run;
    run = advanceRun(run, bad).run;
    expect(run).toEqual([]);
    for (let i = 0; i < 4; i++) {
      const step = advanceRun(run, ok(72, 97));
      expect(step.reading).toBeUndefined();
      run = step.run;
    }
    expect(advanceRun(run, ok(72, 97)).reading).toBeDefined();
  });
});
