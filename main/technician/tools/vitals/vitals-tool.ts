import {
  VitalsToolEvents,
  type VitalsDeviceLink,
  type VitalsProblem,
  type VitalsToolDevice,
  type VitalsToolEvent,
  type VitalsToolView,
} from '../../../../contracts/technician/vitals';
import { conditionToEvent } from '../../../../hardware/oximeter/status';
import type { TechnicianIdentity } from '../../../../state-machines/diagnostics';
import type { TechnicianTool, TechnicianToolContext } from '../technician-tool';
import {
  cuffTestOutcome,
  oximeterStep,
  vitalsTestDetail,
  type OximeterStep,
} from './vitals-test-outcome';

/** The wave's window: 3 s at 75 Hz, as the patient's screen keeps it. */
const PLETH_SAMPLES = 225;
/**
 * An oximeter test with no reading after this long ends as `timeout` (the last disturbance, if
 * any, is kept as the reason). The patient flow waits longer with prompts; a technician who is
 * testing has their own finger in the clip and wants a verdict.
 */
export const OXIMETER_TEST_TIMEOUT_MS = 60_000;

const READY_LINKS: ReadonlySet<VitalsDeviceLink> = new Set(['ready', 'degraded']);

type Phase = VitalsToolView['phase'];

/**
 * The panel's vitals tool (issue 9): a test measurement on the oximeter or the cuff through the
 * same drivers and events the patient's vitals step uses, with the live wave or pressure, the
 * result, and why a measurement failed in words. Each finished test is a TECH_ACTION
 * `vitals_test` naming the technician, the device and the outcome; never VITALS_MEASURED, which
 * is a patient's reading.
 */
export function createVitalsTool(
  context: TechnicianToolContext,
): TechnicianTool<VitalsToolView, VitalsToolEvent> {
  const { devices, clock } = context;
  let device: VitalsToolDevice | null = null;
  let phase: Phase = 'idle';
  let pleth: number[] = [];
  let pressureMmHg: number | null = null;
  let cuffPhase: VitalsToolView['cuffPhase'] = null;
  let signal: VitalsToolView['signal'] = null;
  let problem: VitalsProblem | null = null;
  let oximeter: VitalsToolView['oximeter'] = null;
  let bpCuff: VitalsToolView['bpCuff'] = null;
  /** Ends the running measurement's subscriptions (and deflates the cuff); null when none runs. */
  let cleanup: (() => void) | null = null;
  /** Bumped per measurement, so a late outcome of a stopped one changes nothing. */
  let generation = 0;

  const configured = (id: VitalsToolDevice): boolean =>
    id === 'oximeter'
      ? context.hardware.oximeter !== undefined
      : context.hardware.bpCuff !== undefined;

  function linkOf(id: VitalsToolDevice): VitalsDeviceLink {
    if (!configured(id)) return 'not_configured';
    const link = devices.statusList().find((s) => s.id === id)?.link;
    return link === 'ready' || link === 'degraded' ? link : 'lost';
  }

  function clearMeasurement(next: VitalsToolDevice): void {
    device = next;
    pleth = [];
    pressureMmHg = null;
    cuffPhase = null;
    signal = null;
    problem = null;
    oximeter = null;
    bpCuff = null;
  }

  function endSubscriptions(): void {
    const end = cleanup;
    cleanup = null;
    generation++;
    end?.();
  }

  /** The measurement ended: the view shows how, and the journal says so. */
  function finish(
    who: TechnicianIdentity,
    id: VitalsToolDevice,
    ended: 'done' | 'failed',
    why: VitalsProblem | null,
  ): void {
    endSubscriptions();
    phase = ended;
    problem = why;
    context.changed();
    void context.journal.append('TECH_ACTION', {
      technicianId: who.technicianId,
      action: 'vitals_test',
      detail: vitalsTestDetail(id, ended, why),
    });
  }

  function measureOximeter(who: TechnicianIdentity): void {
    const driver = devices.oximeter;
    if (!driver || !READY_LINKS.has(linkOf('oximeter')) || driver.link === 'down') {
      finish(who, 'oximeter', 'failed', 'not_ready');
      return;
    }
    const mine = generation;
    phase = 'measuring';
    driver.restartRun();
    const apply = (step: OximeterStep): void => {
      if (mine !== generation) return;
      switch (step.kind) {
        case 'reading':
          oximeter = step.result;
          signal = step.result.lowPerfusion ? 'low_perfusion' : 'ok';
          finish(who, 'oximeter', 'done', null);
          return;
        case 'signal':
          signal = step.signal;
          problem = null;
          break;
        case 'disturbed':
          signal = null;
          problem = step.problem;
          break;
        case 'ended':
          finish(who, 'oximeter', 'failed', step.problem);
          return;
        case 'none':
          return;
      }
      context.changed();
    };
    const offLive = driver.onLive((batch) => {
      if (mine !== generation) return;
      pleth = [...pleth, ...batch.samples].slice(-PLETH_SAMPLES);
      context.changed();
    });
    const offEvents = driver.onMachineEvent((event) => apply(oximeterStep(event)));
    const timer = clock.setTimeout(() => {
      if (mine === generation) finish(who, 'oximeter', 'failed', problem ?? 'timeout');
    }, OXIMETER_TEST_TIMEOUT_MS);
    cleanup = () => {
      offLive();
      offEvents();
      clock.clearTimeout(timer);
    };
    // The driver reports changes only: say where things stand now.
    if (driver.condition) apply(oximeterStep(conditionToEvent(driver.condition)));
  }

  function measureCuff(who: TechnicianIdentity): void {
    const driver = devices.bpCuff;
    if (!driver || !READY_LINKS.has(linkOf('bpCuff'))) {
      finish(who, 'bpCuff', 'failed', 'not_ready');
      return;
    }
    const mine = generation;
    phase = 'measuring';
    cuffPhase = 'inflating';
    const offLive = driver.onLive((batch) => {
      const last = batch.samples.at(-1);
      if (mine !== generation || !last) return;
      pressureMmHg = last.pressure;
      cuffPhase = last.phase === 'INF' ? 'inflating' : 'deflating';
      context.changed();
    });
    cleanup = () => {
      offLive();
      // A no-op when the session is over; deflates a cuff still inflating when stopped.
      void driver.abort();
    };
    void driver.measure().then((outcome) => {
      if (mine !== generation) return;
      const ended = cuffTestOutcome(outcome);
      bpCuff = ended.result;
      pressureMmHg = null;
      cuffPhase = null;
      finish(who, 'bpCuff', ended.phase, ended.problem);
    });
  }

  return {
    eventTypes: VitalsToolEvents.map((e) => e.shape.type.value),
    view: () => ({
      links: { oximeter: linkOf('oximeter'), bpCuff: linkOf('bpCuff') },
      device,
      phase,
      pleth,
      pressureMmHg,
      cuffPhase,
      signal,
      problem,
      oximeter,
      bpCuff,
    }),
    handle(event, who) {
      switch (event.type) {
        case 'TECH_VITALS_MEASURE':
          if (phase === 'measuring' && device) finish(who, device, 'failed', 'stopped');
          clearMeasurement(event.device);
          if (event.device === 'oximeter') measureOximeter(who);
          else measureCuff(who);
          context.changed();
          return;
        case 'TECH_VITALS_STOP':
          if (phase === 'measuring' && device) finish(who, device, 'failed', 'stopped');
          return;
      }
    },
    reset() {
      endSubscriptions();
      device = null;
      phase = 'idle';
      clearMeasurement('oximeter');
      device = null;
    },
    stop() {
      endSubscriptions();
    },
  };
}
