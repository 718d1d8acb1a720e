import { describe, expect, test } from 'vitest';
import type { CuffSentence } from '../../hardware/bp-cuff/codec';
import {
  cuffToSupervisor,
  evaluateResult,
  interpretErrorCode,
  interpretStatus,
  outcomeToEvent,
  type BpMachineEvent,
  type BpOutcome,
  type BpReading,
  type CuffStatusFlags,
} from '../../hardware/bp-cuff/status';

// vitals.md §B.1 status bits, §B.2 error codes and host rules, §C acceptance: tables.

const NONE: CuffStatusFlags = {
  bodyMovement: false,
  cuffLoose: false,
  irregularPulse: false,
  pulseRange: 'within',
  improperPosition: false,
  retakeAdvised: false,
};

describe('interpretStatus (0x2A35 bits)', () => {
  test.each<[number, Partial<CuffStatusFlags>]>([
    [0x0000, {}],
    [0x0001, { bodyMovement: true, retakeAdvised: true }],
    [0x0002, { cuffLoose: true, retakeAdvised: true }],
    [0x0004, { irregularPulse: true }],
    [0x0008, { pulseRange: 'above' }],
    [0x0010, { pulseRange: 'below' }],
    [0x0018, { pulseRange: 'reserved' }],
    [0x0020, { improperPosition: true, retakeAdvised: true }],
    [0x0009, { bodyMovement: true, pulseRange: 'above', retakeAdvised: true }],
    [0xffc0, {}],
    [
      0xffff,
      {
        bodyMovement: true,
        cuffLoose: true,
        irregularPulse: true,
        pulseRange: 'reserved',
        improperPosition: true,
        retakeAdvised: true,
      },
    ],
  ])('status %i → %o', (status, flags) => {
    expect(interpretStatus(status)).toEqual({ ...NONE, ...flags });
  });
});

describe('interpretErrorCode', () => {
  test.each([
    ['E01', 'leak'],
    ['E02', 'overPressure'],
    ['E03', 'motion'],
    ['E04', 'timeout'],
    ['E05', 'cuffLoose'],
    ['E06', 'weakSignal'],
    ['E07', 'internal'],
    ['E99', 'unknown'],
  ])('%s → %s', (code, reason) => {
    expect(interpretErrorCode(code)).toBe(reason);
  });
});

type R = Extract<CuffSentence, { type: 'R' }>;
const R_OK: R = {
  type: 'R',
  seq: 1,
  unit: 'mmHg',
  systolic: 128,
  diastolic: 82,
  map: 97,
  pulse: 72,
  status: 0,
};

describe('evaluateResult (vitals.md §B.2 host rules, §C)', () => {
  test.each<[string, Partial<R>, 'ok' | 'implausible' | 'unit']>([
    ['the example', {}, 'ok'],
    ['sys 60 / dia 30 / map 45 (edges)', { systolic: 60, diastolic: 30, map: 45 }, 'ok'],
    ['sys 260 / dia 160 / map 200 (edges)', { systolic: 260, diastolic: 160, map: 200 }, 'ok'],
    ['pulse 30 and 220 (edges)', { pulse: 30 }, 'ok'],
    ['pulse 220', { pulse: 220 }, 'ok'],
    ['sys 59', { systolic: 59, diastolic: 40, map: 50 }, 'implausible'],
    ['sys 261', { systolic: 261 }, 'implausible'],
    ['dia 29', { diastolic: 29, map: 60 }, 'implausible'],
    ['dia 161', { systolic: 200, diastolic: 161, map: 175 }, 'implausible'],
    ['dia == sys', { systolic: 120, diastolic: 120, map: 120 }, 'implausible'],
    ['dia > sys', { systolic: 120, diastolic: 130, map: 125 }, 'implausible'],
    ['map == sys', { map: 128 }, 'implausible'],
    ['map == dia', { map: 82 }, 'implausible'],
    ['map outside sys/dia', { map: 140 }, 'implausible'],
    ['pulse 29', { pulse: 29 }, 'implausible'],
    ['pulse 221', { pulse: 221 }, 'implausible'],
    ['unit kPa', { unit: 'kPa', systolic: 17, diastolic: 11, map: 13 }, 'unit'],
    ['unit mmhg (wrong case)', { unit: 'mmhg' }, 'unit'],
    ['status bits do not reject', { status: 0x003f }, 'ok'],
  ])('%s → %s', (_name, fields, verdict) => {
    const result = evaluateResult({ ...R_OK, ...fields });
    if (verdict === 'ok') expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, error: { reason: verdict } });
  });
});

const reading = (status: number): BpReading => ({
  seq: 1,
  systolic: 128,
  diastolic: 82,
  map: 97,
  pulse: 72,
  status,
  flags: interpretStatus(status),
});

describe('outcomeToEvent', () => {
  test.each<[string, BpOutcome, Partial<BpMachineEvent>]>([
    ['clean reading', { kind: 'reading', reading: reading(0) }, { type: 'BP.READING' }],
    [
      'irregular pulse: kept, no retake',
      { kind: 'reading', reading: reading(0x0004) },
      { type: 'BP.READING' },
    ],
    [
      'pulse above range: kept, no retake',
      { kind: 'reading', reading: reading(0x0008) },
      { type: 'BP.READING' },
    ],
    [
      'movement bit',
      { kind: 'reading', reading: reading(0x0001) },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'cuff loose bit',
      { kind: 'reading', reading: reading(0x0002) },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'position bit',
      { kind: 'reading', reading: reading(0x0020) },
      { type: 'BP.RETRY', cause: 'position' },
    ],
    [
      'implausible',
      { kind: 'rejected', seq: 1, rejection: { reason: 'implausible', detail: 'x' } },
      { type: 'BP.RETRY', cause: 'implausible' },
    ],
    [
      'other unit',
      { kind: 'rejected', seq: 1, rejection: { reason: 'unit', unit: 'kPa', detail: 'x' } },
      { type: 'BP.FAULT', cause: 'unit' },
    ],
    [
      'E01 leak',
      { kind: 'deviceError', seq: 1, code: 'E01', reason: 'leak', text: 'LEAK' },
      { type: 'BP.RETRY', cause: 'leak' },
    ],
    [
      'E02 over-pressure',
      { kind: 'deviceError', seq: 1, code: 'E02', reason: 'overPressure', text: 'OVERPRESSURE' },
      { type: 'BP.FAULT', cause: 'overPressure', detail: 'E02 OVERPRESSURE' },
    ],
    [
      'E03 motion',
      { kind: 'deviceError', seq: 1, code: 'E03', reason: 'motion', text: 'MOTION' },
      { type: 'BP.RETRY', cause: 'movement' },
    ],
    [
      'E04 timeout',
      { kind: 'deviceError', seq: 1, code: 'E04', reason: 'timeout', text: 'TIMEOUT' },
      { type: 'BP.RETRY', cause: 'timeout' },
    ],
    [
      'E05 cuff loose',
      { kind: 'deviceError', seq: 1, code: 'E05', reason: 'cuffLoose', text: 'LOOSE' },
      { type: 'BP.RETRY', cause: 'cuffLoose' },
    ],
    [
      'E06 weak signal',
      { kind: 'deviceError', seq: 1, code: 'E06', reason: 'weakSignal', text: 'NO PULSE' },
      { type: 'BP.RETRY', cause: 'weakSignal' },
    ],
    [
      'E07 internal',
      { kind: 'deviceError', seq: 1, code: 'E07', reason: 'internal', text: 'ABORTED' },
      { type: 'BP.FAULT', cause: 'internal' },
    ],
    [
      'E99 unknown',
      { kind: 'deviceError', seq: 1, code: 'E99', reason: 'unknown', text: 'X' },
      { type: 'BP.FAULT', cause: 'unknownError' },
    ],
    [
      'no ACK',
      { kind: 'fault', seq: 1, fault: 'noAck', detail: 'x' },
      { type: 'BP.FAULT', cause: 'noAck' },
    ],
    [
      'no progress',
      { kind: 'fault', seq: 1, fault: 'noProgress', detail: 'x' },
      { type: 'BP.FAULT', cause: 'noProgress' },
    ],
    [
      'lost',
      { kind: 'fault', seq: 1, fault: 'lost', detail: 'x' },
      { type: 'BP.FAULT', cause: 'lost' },
    ],
    ['aborted', { kind: 'aborted', seq: 1 }, { type: 'BP.ABORTED' }],
  ])('%s', (_name, outcome, event) => {
    expect(outcomeToEvent(outcome)).toMatchObject(event);
  });

  test('a retake-advised reading keeps the reading for the record', () => {
    expect(outcomeToEvent({ kind: 'reading', reading: reading(0x0001) })).toMatchObject({
      reading: { systolic: 128 },
    });
  });

  test('supervisor mapping', () => {
    expect(cuffToSupervisor('open')).toBe('ready');
    expect(cuffToSupervisor('lost')).toBe('lost');
  });
});
