import type { UiSnapshot } from '../../contracts/bridge';
import type { RunningKiosk } from './running-kiosk';

/**
 * Stands in for the kiosk when it could not start (broken journal chain, bad config, a device
 * path that does not exist…). The window still opens and tells the patient "out of service"
 * instead of the shell crash-looping or showing a blank screen; the cause is in the log.
 */
export function outOfServiceKiosk(kioskName = ''): RunningKiosk {
  const snapshot: UiSnapshot = {
    version: 0,
    screen: 'out_of_service',
    kioskName,
    language: 'en',
    devices: [],
  };
  return {
    bridge: {
      subscribe(onSnapshot) {
        onSnapshot(snapshot);
        return () => {};
      },
      // Nothing to act on: every event is ignored.
      send() {},
    },
    stop: async () => {},
  };
}
