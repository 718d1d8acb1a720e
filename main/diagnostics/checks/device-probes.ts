import type { Clock } from '../../../contracts/clock';
import type { DispenserDriver } from '../../../hardware/dispenser/driver';
import type { OximeterDriver } from '../../../hardware/oximeter/driver';
import type { PrinterDriver } from '../../../hardware/printer/driver';
import type { DeviceProbe } from './device-check';

/**
 * The harmless command per device protocol (issue 9 item 10), for the self-test:
 * - dispenser: 0x51 machine status (door, temperature; moves nothing, dispenser.md §2);
 * - printer: the DLE EOT real-time status queries (print nothing, printer.md §3);
 * - oximeter: no command exists (it only streams), so: valid frames counted over 1.5 s;
 * - BP cuff and scanner: none — a START inflates the cuff and a scanner only answers a scan —
 *   so the supervised link is their check.
 */

/** The oximeter streams 75 frames/s: 1.5 s with none is a dead module, not a slow one. */
export const OXIMETER_FRAME_WINDOW_MS = 1_500;

export interface ProbedDevices {
  readonly dispenser?: Pick<DispenserDriver, 'requestMachineStatus'> | null;
  readonly printer?: Pick<PrinterDriver, 'condition'> | null;
  readonly oximeter?: Pick<OximeterDriver, 'stats'> | null;
}

export function deviceProbesFor(
  devices: ProbedDevices,
  clock: Pick<Clock, 'setTimeout'>,
): (id: string) => DeviceProbe | undefined {
  return (id) => {
    if (id === 'dispenser' && devices.dispenser) return dispenserProbe(devices.dispenser);
    if (id === 'printer' && devices.printer) return printerProbe(devices.printer);
    if (id === 'oximeter' && devices.oximeter) return oximeterProbe(devices.oximeter, clock);
    return undefined;
  };
}

export function dispenserProbe(driver: Pick<DispenserDriver, 'requestMachineStatus'>): DeviceProbe {
  const describe = '0x51 machine status';
  return {
    describe,
    async run() {
      const reply = await driver.requestMachineStatus();
      if (!reply.ok)
        return { ok: false, detail: `${describe}: ${reply.error.code} (${reply.error.detail})` };
      const s = reply.value;
      const temperature =
        s.temperatureC === null ? 'no temperature sensor' : `${s.temperatureC} °C`;
      const setpoint = s.setpointC === null ? '' : ` (setpoint ${s.setpointC} °C)`;
      const detail = `board answered ${describe}: door ${s.door}, ${temperature}${setpoint}, temperature control ${s.temperatureControl}${s.machineId ? `, machine id ${s.machineId}` : ''}`;
      // A temperature controller fault spoils cold-chain stock: a failure, not a note.
      return { ok: s.temperatureControl === 'ok', detail };
    },
  };
}

export function printerProbe(driver: Pick<PrinterDriver, 'condition'>): DeviceProbe {
  const describe = 'DLE EOT status';
  return {
    describe,
    async run() {
      const c = await driver.condition();
      switch (c.kind) {
        case 'ready':
          return {
            ok: true,
            detail: `printer answered ${describe}: ready${c.paperNearEnd ? ', paper near its end' : ''}`,
          };
        case 'paperOut':
          return { ok: false, detail: `printer answered ${describe}: paper out` };
        case 'coverOpen':
          return { ok: false, detail: `printer answered ${describe}: cover open` };
        case 'error':
          return { ok: false, detail: `printer answered ${describe}: error (${c.error})` };
        case 'offline':
          return { ok: false, detail: `printer answered ${describe}: offline` };
        case 'unreachable':
          return { ok: false, detail: `no valid answer to ${describe}` };
        case 'lost':
          return { ok: false, detail: 'the printer port was lost' };
      }
    },
  };
}

export function oximeterProbe(
  driver: Pick<OximeterDriver, 'stats'>,
  clock: Pick<Clock, 'setTimeout'>,
): DeviceProbe {
  const describe = 'valid frames';
  return {
    describe,
    async run() {
      const before = driver.stats;
      await new Promise<void>((resolve) => clock.setTimeout(resolve, OXIMETER_FRAME_WINDOW_MS));
      const after = driver.stats;
      const frames = after.frames - before.frames;
      const bad = after.badChecksumFrames - before.badChecksumFrames;
      const window = `${OXIMETER_FRAME_WINDOW_MS / 1000} s`;
      return frames > 0
        ? { ok: true, detail: `${frames} valid frame(s) and ${bad} bad checksum(s) in ${window}` }
        : { ok: false, detail: `no valid frame in ${window} (${bad} bad checksum(s))` };
    },
  };
}
