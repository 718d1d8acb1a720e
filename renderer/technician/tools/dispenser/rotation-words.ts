import type { DispenseOutcome } from '../../../../contracts/journal-events';
import type { RotateRefusal, RotationView } from '../../../../contracts/technician/dispenser';
import type { OutcomeShape } from './OutcomeIcon';

/** The shape shown beside a rotate's result. */
export function rotationShape(rotation: RotationView): OutcomeShape {
  if (rotation.state === 'running') return 'busy';
  if (rotation.state === 'refused') return 'fail';
  return outcomeShape(rotation.outcome);
}

export function outcomeShape(outcome: DispenseOutcome | null): OutcomeShape {
  if (outcome === 'SUCCESS') return 'ok';
  if (outcome === 'UNCERTAIN' || outcome === 'FAIL_MOTOR_OVERRUN' || outcome === null)
    return 'warn';
  return 'fail';
}

export type RotationKey =
  'rotate.running' | `refusal.${RotateRefusal}` | `outcome.${DispenseOutcome}`;

/** The i18n key (under technician.tools.dispenser) of a rotate's result in words. */
export function rotationKey(rotation: RotationView): RotationKey {
  if (rotation.state === 'running') return 'rotate.running';
  if (rotation.state === 'refused') return `refusal.${rotation.refusal ?? 'busy'}`;
  return `outcome.${rotation.outcome ?? 'UNCERTAIN'}`;
}
