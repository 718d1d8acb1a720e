import { useEffect } from 'react';
import { forwardInput } from './input-forwarding';
import { KioskView } from './KioskView';
import type { RendererBridge } from './renderer-bridge';
import { ConnectingScreen } from './screens/ConnectingScreen';
import { useKiosk } from './use-kiosk';

/**
 * The whole UI: a pure view of the latest snapshot. It decides nothing; every touch goes to main
 * as a UiEvent and the next snapshot says what to show.
 */
export function App({ bridge }: { bridge: RendererBridge }) {
  const { snapshot, connection } = useKiosk(bridge);
  useEffect(() => forwardInput(window, (event) => bridge.send(event)), [bridge]);
  if (connection !== 'connected' || !snapshot) {
    return (
      <div className="kiosk">
        <ConnectingScreen />
      </div>
    );
  }
  return <KioskView snapshot={snapshot} send={(event) => bridge.send(event)} />;
}
