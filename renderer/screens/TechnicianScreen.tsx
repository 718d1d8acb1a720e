import { PinStep } from '../technician/PinStep';
import { ServiceBanner } from '../technician/ServiceBanner';
import { TechActivity } from '../technician/TechActivity';
import { TechnicianPanel } from '../technician/TechnicianPanel';
import {
  AwaitingBadgeStep,
  CheckingStep,
  LockedOutStep,
  LockedStep,
  RefusedStep,
} from '../technician/TechNoticeSteps';
import type { ScreenProps } from './screen-props';
import '../technician/technician.css';

/** The step of `snapshot.technician` main is in; a snapshot without the view reads as locked. */
function TechnicianStep({ snapshot, send }: ScreenProps) {
  const view = snapshot.technician;
  switch (view?.step) {
    case 'awaiting_badge':
      return <AwaitingBadgeStep send={send} />;
    case 'checking_badge':
    case 'checking_pin':
      return <CheckingStep step={view.step} />;
    case 'pin':
      // A new key after each wrong PIN: the next try starts empty.
      return <PinStep key={`pin-${view.attemptsLeft ?? ''}`} view={view} send={send} />;
    case 'locked_out':
      return <LockedOutStep view={view} send={send} />;
    case 'refused':
      return <RefusedStep view={view} send={send} />;
    case 'panel':
      return <TechnicianPanel view={view} devices={snapshot.devices} send={send} />;
    default:
      return <LockedStep />;
  }
}

/**
 * The technician's diagnostics mode (issue 9), one step at a time: waiting for the service
 * badge, checking it, the PIN, a locked badge, a refused badge, and the panel. Main decides every
 * step; this only draws it and sends the TECH_* events back, plus TECH_ACTIVITY on every touch
 * so main's idle logout measures the technician's real idleness. Above every step, the band
 * that tells patients the kiosk is out of service, back soon. No Help button here
 * (offers-help.ts): there is no patient to call back.
 */
export function TechnicianScreen({ snapshot, send }: ScreenProps) {
  return (
    <TechActivity onActivity={() => send({ type: 'TECH_ACTIVITY' })}>
      <ServiceBanner />
      <TechnicianStep snapshot={snapshot} send={send} />
    </TechActivity>
  );
}
