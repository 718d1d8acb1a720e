import type { DeviceLink, Screen, UiSnapshot } from '../../contracts/bridge';
import { packsGiven } from '../../state-machines/kiosk-session';
import type { SnapshotFrom } from 'xstate';
import type { kioskSessionMachine } from '../../state-machines/kiosk-session';

type SessionSnapshot = SnapshotFrom<typeof kioskSessionMachine>;

export interface DeviceView {
  id: string;
  kind: string;
  link: DeviceLink;
}

/** The serializable view of the session that the renderer draws (DESIGN §2). */
export function sessionToSnapshot(
  session: SessionSnapshot,
  extra: { version: number; kioskName: string; devices: DeviceView[]; outOfService: boolean },
): UiSnapshot {
  const top = typeof session.value === 'string' ? session.value : Object.keys(session.value)[0]!;
  // Machine states that are not screens of their own show the screen the patient is waiting on.
  const stateScreen: Record<string, Screen> = { checkingPatient: 'verifying' };
  const screen: Screen = extra.outOfService
    ? 'out_of_service'
    : (stateScreen[top] ?? (top as Screen));
  const { order, refusal, packs, results, identify } = session.context;
  return {
    version: extra.version,
    screen,
    kioskName: extra.kioskName,
    language: session.context.language,
    devices: extra.devices,
    ...(order
      ? { order: { medication: order.medication, dose: order.dose, packs: order.packs } }
      : {}),
    ...(refusal ? { refusal } : {}),
    ...(identify && screen === 'identify' ? { identify } : {}),
    ...(order && packs.length
      ? { dispense: { packs, given: packsGiven(results), requested: order.packs } }
      : {}),
  };
}
