import type { DeviceLink, Screen, UiSnapshot } from '../../contracts/bridge';
import {
  packsGiven,
  screenOfState,
  type kioskSessionMachine,
} from '../../state-machines/kiosk-session';
import { vitalsSnapshotView, type VitalsSnapshotLike } from '../../state-machines/vitals';
import type { SnapshotFrom } from 'xstate';

type SessionSnapshot = SnapshotFrom<typeof kioskSessionMachine>;

export interface DeviceView {
  id: string;
  kind: string;
  link: DeviceLink;
}

export interface SnapshotExtras {
  version: number;
  kioskName: string;
  devices: DeviceView[];
  outOfService: boolean;
  /** Minutes within which the pharmacist calls back after a help request (site config). */
  helpCallbackMinutes: number;
}

// Machine states that are not screens of their own show the screen the patient is waiting on.
const STATE_SCREEN: Readonly<Record<string, Screen>> = { checkingPatient: 'verifying' };

/** The serializable view of the session that the renderer draws (DESIGN §2). */
export function sessionToSnapshot(session: SessionSnapshot, extra: SnapshotExtras): UiSnapshot {
  const top = screenOfState(session.value);
  const screen: Screen = extra.outOfService
    ? 'out_of_service'
    : (STATE_SCREEN[top] ?? (top as Screen));
  const { order, refusal, packs, results, identify, help, refill, label, codeEntry } =
    session.context;
  // While the vitals step runs its own machine, the live view (pressure, pleth) comes from it.
  const child = session.children.vitals as { getSnapshot(): VitalsSnapshotLike } | undefined;
  const vitals = child ? vitalsSnapshotView(child.getSnapshot()) : session.context.vitals;
  return {
    version: extra.version,
    screen,
    kioskName: extra.kioskName,
    language: session.context.language,
    devices: extra.devices,
    ...(order && {
      order: {
        medication: order.medication,
        dose: order.dose,
        packs: order.packs,
        codes: order.codes,
      },
    }),
    ...(refusal && { refusal }),
    ...(identify && screen === 'identify' && { identify }),
    ...(order && packs.length
      ? { dispense: { packs, given: packsGiven(results), requested: order.packs } }
      : {}),
    ...(vitals && (screen === 'vitals' || screen === 'refused') && { vitals }),
    ...(help && { help: { requested: help.open, callWithinMinutes: extra.helpCallbackMinutes } }),
    ...(refill && { refill: refill.requested ? 'requested' : 'available' }),
    ...(label && {
      label:
        label === 'printing'
          ? { state: 'printing' as const }
          : label.ok
            ? { state: 'printed' as const }
            : { state: 'failed' as const, problem: label.problem },
    }),
    ...(codeEntry && screen === 'enter_code' && { codeEntry: { state: codeEntry } }),
  };
}
