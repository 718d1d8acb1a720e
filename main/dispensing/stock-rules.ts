import type { Clock } from '../../contracts/clock';
import type { HardwareConfig } from '../config/hardware-config';
import type { EligibilityRules, RecalledLot } from '../inventory/pack-eligibility';
import { localDate } from '../time/local-date';

/**
 * The one set of stock rules (prescription-token.md §4 step 13, DESIGN §5) that both the
 * verifier's "can this be filled here?" and the dispense machine's pick use, so the patient is
 * never told yes and then given nothing for a reason the verifier could have seen.
 */
export interface StockRulesDeps {
  hardware: HardwareConfig;
  clock: Clock;
  timeZone: string;
  /** Recalled lots from the installed revocation list. */
  recalledLots: () => readonly RecalledLot[];
  /** Slots held back (cold-chain excursion, technician hold). */
  blockedSlots: () => readonly number[];
}

export function stockRules(
  deps: StockRulesDeps,
  gtins: readonly string[],
  supplyDays: number,
): EligibilityRules {
  return {
    gtins,
    supplyDays,
    today: localDate(deps.clock.now(), deps.timeZone),
    recalledLots: deps.recalledLots(),
    blockedSlots: deps.blockedSlots(),
    mappedSlots: deps.hardware.slots.map((s) => s.slot),
  };
}
