import type { UiEvent, UiSnapshot } from '../../contracts/bridge';
import type { RunningKiosk } from './running-kiosk';

/**
 * A two-screen stand-in for the kiosk (attract → scan on START, back on CANCEL) used only by the
 * Electron e2e test, so it exercises the shell (window, preload, IPC sender checks, renderer)
 * without simulators. Selected by OPENDISPENSE_SHELL_STUB_KIOSK=1, which a packaged build ignores.
 * Every event it receives is also reported to `onEvent`.
 */
export function stubKiosk(onEvent: (event: UiEvent) => void = () => {}): RunningKiosk {
  const listeners = new Set<(snapshot: UiSnapshot) => void>();
  let snapshot: UiSnapshot = {
    version: 0,
    screen: 'attract',
    kioskName: 'OpenDispense test kiosk',
    language: 'en',
    devices: [{ id: 'stub', kind: 'scanner', link: 'ready' }],
  };
  const show = (screen: UiSnapshot['screen']) => {
    snapshot = { ...snapshot, version: snapshot.version + 1, screen };
    for (const listener of listeners) listener(snapshot);
  };
  return {
    bridge: {
      subscribe(onSnapshot) {
        listeners.add(onSnapshot);
        onSnapshot(snapshot);
        return () => {
          listeners.delete(onSnapshot);
        };
      },
      send(event) {
        onEvent(event);
        if (event.type === 'START' && snapshot.screen === 'attract') show('scan');
        if (event.type === 'CANCEL' && snapshot.screen !== 'attract') show('attract');
      },
    },
    stop: async () => {
      listeners.clear();
    },
  };
}
