import type { VitalsView } from '../../contracts/bridge';
import type { TextKey } from '../i18n/text-key';

/**
 * How a finished vitals step is told to the patient, on the vitals screen, on the refusal that
 * follows it and in the spoken prompts. One function for all three, so what is heard never
 * contradicts what is shown.
 *
 * - `in_range`: every reading within the prescription's limits; the patient goes on.
 * - `bp_high` / `spo2_low`: a reading broke a limit; the medicine cannot be given today.
 * - `not_measured`: no usable reading (the patient could not be measured, or the device could
 *   not measure); the medicine needs one, so it cannot be given either.
 * - `cancelled`: the patient stopped the check.
 */
export type VitalsVerdict = 'in_range' | 'bp_high' | 'spo2_low' | 'not_measured' | 'cancelled';

/** The verdict of a finished step; null while it is still running (or without one). */
export function vitalsVerdict(view: VitalsView | undefined): VitalsVerdict | null {
  if (!view || view.phase !== 'done' || view.outcome === null) return null;
  switch (view.outcome) {
    case 'in_range':
      return 'in_range';
    case 'out_of_range':
      // The step stops at the first measurement out of range, so the breaches are one kind;
      // blood pressure is named first should a future step report both.
      if (view.breaches.some((b) => b.limit === 'bpSystolicMax' || b.limit === 'bpDiastolicMax'))
        return 'bp_high';
      if (view.breaches.some((b) => b.limit === 'spo2Min')) return 'spo2_low';
      // Out of range with no breach listed: say what can be said without naming a reading.
      return view.measurement === 'spo2' ? 'spo2_low' : 'bp_high';
    case 'cancelled':
      return 'cancelled';
    case 'could_not_measure':
    case 'device_unavailable':
    case 'device_fault':
    case 'timed_out':
      return 'not_measured';
  }
}

/** The words for a verdict that stops the medicine (or the check). */
export const VERDICT_TEXT = {
  bp_high: 'vitals.verdict.bpHigh',
  spo2_low: 'vitals.verdict.spo2Low',
  not_measured: 'vitals.verdict.notMeasured',
  cancelled: 'vitals.verdict.cancelled',
} as const satisfies Record<Exclude<VitalsVerdict, 'in_range'>, TextKey>;
