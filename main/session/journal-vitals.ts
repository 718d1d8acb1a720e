import type { VitalsOutput } from '../../state-machines/vitals';
import type { Journal } from '../journal';

/**
 * One VITALS_MEASURED per reading of a vitals step, with whether the step ended in range and, if
 * not, why (the broken limit, or why no reading could be taken) — for the pharmacist's review.
 */
export async function journalVitals(
  journal: Journal,
  jti: string,
  output: VitalsOutput,
): Promise<void> {
  const inRange = output.outcome === 'in_range';
  const { bp, spo2 } = output.readings;
  if (bp)
    await journal.append('VITALS_MEASURED', {
      jti,
      kind: 'bp',
      systolic: Math.round(bp.systolic),
      diastolic: Math.round(bp.diastolic),
      ...(bp.pulse !== undefined && { pulse: Math.round(bp.pulse) }),
      inRange: inRange || !output.breaches.some((b) => b.limit.startsWith('bp')),
      detail: output.detail,
    });
  if (spo2)
    await journal.append('VITALS_MEASURED', {
      jti,
      kind: 'spo2',
      spo2: Math.round(spo2.spo2),
      pulse: Math.round(spo2.pulse),
      inRange: inRange || !output.breaches.some((b) => b.limit === 'spo2Min'),
      detail: output.detail,
    });
  // No reading at all (device missing, patient could not keep still): still the pharmacist's to see.
  if (!bp && !spo2)
    await journal.append('VITALS_MEASURED', {
      jti,
      kind: output.measurement ?? 'bp',
      inRange: false,
      detail: `${output.outcome}: ${output.detail}`,
    });
}
