import type { VitalsProblem, VitalsToolView } from '../../../../contracts/technician/vitals';
import {
  outcomeToEvent,
  type BpFaultCause,
  type BpOutcome,
  type BpReading,
  type BpRetryCause,
} from '../../../../hardware/bp-cuff/status';
import type { OximeterMachineEvent } from '../../../../hardware/oximeter/status';

/**
 * Pure mappings from the vitals drivers' events to the vitals tool's view: the same machine
 * events the patient’s vitals step gets (each device’s status.ts), read for a technician who is
 * testing the device. Every way a measurement can end has a problem word the panel translates.
 */

/** What one oximeter event does to a test measurement. */
export type OximeterStep =
  | { kind: 'reading'; result: NonNullable<VitalsToolView['oximeter']> }
  | { kind: 'signal'; signal: 'ok' | 'low_perfusion' }
  /** Something disturbs the measurement now; it goes on (the run restarts). */
  | { kind: 'disturbed'; problem: VitalsProblem }
  /** The measurement cannot go on. */
  | { kind: 'ended'; problem: VitalsProblem }
  | { kind: 'none' };

export function oximeterStep(event: OximeterMachineEvent): OximeterStep {
  switch (event.type) {
    case 'OXIMETER.READING':
      return {
        kind: 'reading',
        result: {
          spo2: event.reading.spo2,
          pulse: event.reading.hr,
          lowPerfusion: event.reading.lowPerfusion,
        },
      };
    case 'OXIMETER.SIGNAL_OK':
      return { kind: 'signal', signal: event.lowPerfusion ? 'low_perfusion' : 'ok' };
    case 'OXIMETER.SEARCHING':
      return { kind: 'disturbed', problem: 'searching' };
    case 'OXIMETER.FINGER_OUT':
      return { kind: 'disturbed', problem: 'finger_out' };
    case 'OXIMETER.SENSOR_OFF':
      return { kind: 'disturbed', problem: 'sensor_off' };
    case 'OXIMETER.MOTION':
      return { kind: 'disturbed', problem: 'motion' };
    case 'OXIMETER.IMPLAUSIBLE':
      return { kind: 'disturbed', problem: 'implausible' };
    case 'OXIMETER.LINK_DOWN':
    case 'OXIMETER.LOST':
      return { kind: 'ended', problem: 'lost' };
    case 'OXIMETER.LINK_UP':
    case 'OXIMETER.LINK_DEGRADED':
      return { kind: 'none' };
  }
}

const RETRY_PROBLEM: Record<BpRetryCause, VitalsProblem> = {
  movement: 'movement',
  cuffLoose: 'cuff_loose',
  position: 'position',
  leak: 'leak',
  weakSignal: 'weak_signal',
  timeout: 'timeout',
  implausible: 'implausible',
};

const FAULT_PROBLEM: Record<BpFaultCause, VitalsProblem> = {
  overPressure: 'over_pressure',
  internal: 'internal',
  unknownError: 'device_error',
  unit: 'unit',
  noAck: 'no_ack',
  noProgress: 'no_progress',
  lost: 'lost',
  notOpen: 'not_ready',
  busy: 'busy',
};

/** How a cuff session ended, for the view: a reading may come with a retake advised. */
export interface CuffTestOutcome {
  phase: 'done' | 'failed';
  result: NonNullable<VitalsToolView['bpCuff']> | null;
  problem: VitalsProblem | null;
}

function cuffResult(reading: BpReading): NonNullable<VitalsToolView['bpCuff']> {
  return {
    systolic: reading.systolic,
    diastolic: reading.diastolic,
    map: reading.map,
    pulse: reading.pulse,
    irregularPulse: reading.flags.irregularPulse,
  };
}

export function cuffTestOutcome(outcome: BpOutcome): CuffTestOutcome {
  const event = outcomeToEvent(outcome);
  switch (event.type) {
    case 'BP.READING':
      return { phase: 'done', result: cuffResult(event.reading), problem: null };
    case 'BP.RETRY':
      return event.reading
        ? { phase: 'done', result: cuffResult(event.reading), problem: RETRY_PROBLEM[event.cause] }
        : { phase: 'failed', result: null, problem: RETRY_PROBLEM[event.cause] };
    case 'BP.FAULT':
      return { phase: 'failed', result: null, problem: FAULT_PROBLEM[event.cause] };
    case 'BP.LOST':
      return { phase: 'failed', result: null, problem: 'lost' };
    case 'BP.ABORTED':
    case 'BP.STARTED':
      return { phase: 'failed', result: null, problem: 'stopped' };
  }
}

/** The TECH_ACTION detail: the device and how it went, never the values (they are a person's). */
export function vitalsTestDetail(
  device: 'oximeter' | 'bpCuff',
  phase: 'done' | 'failed',
  problem: VitalsProblem | null,
): string {
  if (phase === 'done') return problem ? `${device}: reading, ${problem}` : `${device}: reading`;
  return `${device}: failed, ${problem ?? 'unknown'}`;
}
