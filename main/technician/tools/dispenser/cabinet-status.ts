import type { CabinetStatusView } from '../../../../contracts/technician/dispenser';
import type { TrafficEvent } from '../../../../hardware/dispenser/driver';
import { summarizeMachineStatus, type MachineStatus } from '../../../../hardware/dispenser/status';

/**
 * Door and temperature from a machine status (0x52) the board sent on the wire: whoever asked
 * for it (the cabinet monitor every 30 s, or the technician's "Read now"), the tool reads the
 * same answer instead of polling the board a second time.
 */
export function cabinetStatusFromTraffic(event: TrafficEvent): CabinetStatusView | null {
  if (event.dir !== 'rx' || event.frame?.kind !== 'MACHINE_STATUS') return null;
  return cabinetStatusOf(summarizeMachineStatus(event.frame), event.at);
}

export function cabinetStatusOf(status: MachineStatus, at: number): CabinetStatusView {
  return {
    door: status.door,
    temperatureC: status.temperatureC,
    setpointC: status.setpointC,
    temperatureControl: status.temperatureControl,
    at: Math.round(at),
  };
}

/** One sentence for the journal (TECH_ACTION detail). */
export function describeCabinetStatus(status: CabinetStatusView): string {
  const celsius = (v: number | null) => (v === null ? 'no sensor' : `${v} °C`);
  return (
    `door ${status.door}, temperature ${celsius(status.temperatureC)}` +
    ` (setpoint ${celsius(status.setpointC)}), controller ${status.temperatureControl}`
  );
}
