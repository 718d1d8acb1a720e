import type { UiSnapshot } from '../../contracts/bridge';
import type { DoneOutcome } from './done-outcome';

/**
 * What the done screen (and its prompt) says about the printed label. A label that failed is
 * mentioned only when some medicine came out: "your medicine is in the tray" must never be said
 * when the tray is empty. Which problem stopped the printer (paper, cover, printer gone) is the
 * technician's business; the patient hears the same thing for each.
 */
export type LabelNotice = 'printed' | 'printing' | 'failed' | null;

export function labelNotice(label: UiSnapshot['label'], outcome: DoneOutcome): LabelNotice {
  if (!label || outcome === 'nothing') return null;
  return label.state;
}
