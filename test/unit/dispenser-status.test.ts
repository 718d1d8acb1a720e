import { describe, expect, test } from 'vitest';
import {
  interpretDispenseStatus,
  interpretLiftStatus,
  interpretSelectionStatus,
  summarizeMachineStatus,
} from '../../hardware/dispenser/status';

describe('dispensing status → outcome (dispenser.md §5b)', () => {
  test.each([
    [0x01, 'pending'],
    [0x02, 'SUCCESS'],
    [0x03, 'FAIL_JAM'],
    [0x04, 'FAIL_MOTOR_OVERRUN'],
    [0x05, 'FAIL_NO_DROP'],
    [0x06, 'FAIL_NO_MOTOR'],
    [0x07, 'FAIL_LIFT'],
    [0x08, 'FAIL_SENSOR_BLOCKED'],
    [0x10, 'pending'],
    [0x11, 'pending'],
    [0x12, 'FAIL_LIFT'],
    [0x13, 'FAIL_LIFT'],
    [0xff, 'FAIL_ABORTED'],
    [0x00, 'FAIL_UNKNOWN_STATUS'],
    [0x09, 'FAIL_UNKNOWN_STATUS'],
    [0x42, 'FAIL_UNKNOWN_STATUS'],
  ])('status 0x%s → %s', (code, expected) => {
    const meaning = interpretDispenseStatus(code);
    expect(meaning.kind === 'pending' ? 'pending' : meaning.outcome).toBe(expected);
    expect(meaning.description.length).toBeGreaterThan(0);
  });
});

describe('selection status (dispenser.md §5a)', () => {
  test.each([
    [0x01, 'ready'],
    [0x02, 'outOfStock'],
    [0x03, 'doesNotExist'],
    [0x04, 'paused'],
    [0x05, 'productInElevator'],
    [0x06, 'deliveryDoorUnlocked'],
    [0x07, 'elevatorError'],
    [0x08, 'elevatorSelfCheckFault'],
    [0x17, 'mainMotorFault'],
    [0x18, 'translationMotorFault'],
    [0x0c, 'other'],
  ])('0x%s → %s', (code, expected) => {
    expect(interpretSelectionStatus(code)).toBe(expected);
  });
});

describe('lift status (0x54)', () => {
  test.each([
    [0, 'normal'],
    [1, 'productInElevator'],
    [2, 'deliveryDoorNotClosed'],
    [3, 'elevatorError'],
    [4, 'elevatorSelfCheckError'],
    [9, 'other'],
  ])('%s → %s', (code, expected) => {
    expect(interpretLiftStatus(code)).toBe(expected);
  });
});

describe('machine status summary (0x52 project layout)', () => {
  const base = {
    kind: 'MACHINE_STATUS' as const,
    packNo: 1,
    bill: 0,
    coin: 0,
    card: 0,
    tempControl: 0,
    door: 0,
  };

  test('temperature in 0.1 °C, door and machine id', () => {
    expect(
      summarizeMachineStatus({
        ...base,
        door: 1,
        tempControl: 1,
        temperature: -15,
        setpoint: 50,
        humidity: 455,
        machineId: Uint8Array.from('VMC-7\0\0\0\0\0', (c) => c.charCodeAt(0)),
      }),
    ).toEqual({
      door: 'open',
      temperatureC: -1.5,
      setpointC: 5,
      humidityPct: 45.5,
      temperatureControl: 'fault',
      machineId: 'VMC-7',
    });
  });

  test('a missing sensor (0x7FFF, decoded as null) and a short frame give nulls', () => {
    expect(summarizeMachineStatus({ ...base, temperature: null, setpoint: null })).toMatchObject({
      door: 'closed',
      temperatureC: null,
      setpointC: null,
      humidityPct: null,
      machineId: '',
    });
  });

  test('any non-zero door byte reads as open', () => {
    expect(summarizeMachineStatus({ ...base, door: 2 }).door).toBe('open');
  });
});
