import type { UiEvent, UiSnapshot } from '../contracts/bridge';
import { DeviceStrip } from './components/DeviceStrip';
import { IdleCountdown } from './components/IdleCountdown';
import { SCREEN_COMPONENTS } from './screens';

/** What one snapshot looks like: its screen, the idle countdown and the device strip. */
export function KioskView({
  snapshot,
  send,
}: {
  snapshot: UiSnapshot;
  send: (event: UiEvent) => void;
}) {
  const Screen = SCREEN_COMPONENTS[snapshot.screen];
  return (
    <div className="kiosk">
      <IdleCountdown deadline={snapshot.idleDeadline} />
      <Screen snapshot={snapshot} send={send} />
      <DeviceStrip devices={snapshot.devices} />
    </div>
  );
}
