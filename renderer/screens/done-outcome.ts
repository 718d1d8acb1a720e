import type { UiSnapshot } from '../../contracts/bridge';

/**
 * How a dispense ended, as the done screen and its spoken prompt describe it. One function for
 * both, so what the patient hears never contradicts what the screen says. `given` and
 * `requested` come from main, never counted here.
 */
export type DoneOutcome = 'complete' | 'partial' | 'nothing';

export function doneOutcome(dispense: UiSnapshot['dispense']): DoneOutcome {
  if (dispense === undefined || dispense.given >= dispense.requested) return 'complete';
  // Packs whose drop the board never confirmed may be in the tray: that is not "nothing".
  const uncertain = dispense.packs.filter((p) => p.state === 'uncertain').length;
  return dispense.given === 0 && uncertain === 0 ? 'nothing' : 'partial';
}
