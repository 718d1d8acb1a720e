import { fromCallback, fromPromise, type EventObject } from 'xstate';
import type { BpCuffDriver } from '../../hardware/bp-cuff/driver';
import type { OximeterDriver } from '../../hardware/oximeter/driver';
import { conditionToEvent } from '../../hardware/oximeter/status';
import {
  vitalsMachine,
  type AbortBpInput,
  type ConnectDeviceInput,
  type CuffStopResult,
  type DeviceLinkCheck,
  type MeasureInput,
  type VitalsDevice,
} from '../../state-machines/vitals';
import type { DeviceLink } from '../../contracts/bridge';

/**
 * The vitals step's effects (state-machines/vitals.ts) on the kiosk's drivers: the driver's
 * machine events are forwarded unchanged and its live batches wrapped as BP.LIVE /
 * OXIMETER.LIVE. Drivers are looked up at each use because a driver exists only once its device
 * was first opened, and a device that is not configured or not ready is reported, never awaited
 * beyond the machine's own connect timeout.
 */
export interface VitalsDevices {
  bpCuff(): BpCuffDriver | null;
  oximeter(): OximeterDriver | null;
  link(device: VitalsDevice): DeviceLink | undefined;
  /** Called whenever a device link changes; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

const READY_LINKS: ReadonlySet<DeviceLink> = new Set(['ready', 'degraded']);

function linkCheck(devices: VitalsDevices, device: VitalsDevice): DeviceLinkCheck | null {
  const driver = device === 'bpCuff' ? devices.bpCuff() : devices.oximeter();
  const link = devices.link(device);
  if (link === undefined) return { ready: false, detail: `${device} is not configured` };
  return driver && READY_LINKS.has(link) ? { ready: true } : null;
}

export function provideVitalsEffects(devices: VitalsDevices) {
  return vitalsMachine.provide({
    actors: {
      connectDevice: fromPromise<DeviceLinkCheck, ConnectDeviceInput>(
        ({ input, signal }) =>
          new Promise((resolve) => {
            const now = linkCheck(devices, input.device);
            if (now) return resolve(now);
            // Wait for the supervisor to reopen it; the machine's CONNECT_TIMEOUT bounds this.
            const stop = devices.onChange(() => {
              const check = linkCheck(devices, input.device);
              if (check) {
                stop();
                resolve(check);
              }
            });
            signal.addEventListener('abort', stop);
          }),
      ),
      measureBp: fromCallback<EventObject, MeasureInput>(({ sendBack }) => {
        const driver = devices.bpCuff();
        if (!driver) {
          sendBack({ type: 'BP.FAULT', cause: 'notOpen', detail: 'no cuff driver' });
          return () => {};
        }
        const offEvents = driver.onMachineEvent((event) => sendBack(event));
        const offLive = driver.onLive((batch) => sendBack({ type: 'BP.LIVE', batch }));
        void driver.measure();
        return () => {
          offEvents();
          offLive();
          // A no-op when idle; deflates a cuff left inflating by a parent that stopped the step.
          void driver.abort();
        };
      }),
      watchOximeter: fromCallback<EventObject, MeasureInput>(({ sendBack }) => {
        const driver = devices.oximeter();
        if (!driver) {
          sendBack({ type: 'OXIMETER.LOST', detail: 'no oximeter driver' });
          return () => {};
        }
        driver.restartRun();
        const offEvents = driver.onMachineEvent((event) => sendBack(event));
        const offLive = driver.onLive((batch) => sendBack({ type: 'OXIMETER.LIVE', batch }));
        // The driver reports changes only: say where things stand now.
        if (driver.link !== 'up') sendBack({ type: 'OXIMETER.LINK_DOWN' });
        if (driver.condition) sendBack(conditionToEvent(driver.condition));
        return () => {
          offEvents();
          offLive();
        };
      }),
      abortBp: fromPromise<CuffStopResult, AbortBpInput>(async () => {
        const driver = devices.bpCuff();
        if (!driver) return { ok: true };
        const stopped = await driver.abort();
        return stopped.ok ? { ok: true } : { ok: false, error: { detail: stopped.error.detail } };
      }),
    },
  });
}
