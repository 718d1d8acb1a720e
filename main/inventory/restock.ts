import type { Pack } from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import type { Journal } from '../journal';
import type { InventoryState } from './inventory-state';
import { planRestock, type PlanRestockInput, type RestockRefusal } from './restock-plan';

export {
  planRestock,
  RESTOCK_REFUSAL_REASONS,
  type PlanRestockInput,
  type RestockRefusal,
  type RestockRefusalReason,
  type RestockScan,
  type SlotCapacity,
} from './restock-plan';

/**
 * One scanned pack into one slot, journaled (DESIGN §5: the journal is the system of record):
 * exactly one event per scan — RESTOCK with that one pack, or RESTOCK_REFUSED with the reason —
 * so nothing is half-written and every refusal is on record for the pharmacist.
 */

export type RestockJournal = Pick<Journal, 'append'>;

export interface RestockSlotRequest extends Omit<PlanRestockInput, 'inventory'> {
  /** The technician logged in to the panel, journaled with the outcome; the CLI has none. */
  readonly technicianId?: string;
  /**
   * The live inventory view (a ViewStore): read when this scan's turn comes, and current with
   * the journal once each append resolves, so the next scan sees this one's pack.
   */
  readonly inventory: { readonly state: InventoryState };
}

export type RestockOutcome = Result<
  { pack: Pack; seq: number },
  RestockRefusal & { slot: number; seq: number }
>;

/**
 * Scans of one journal run one at a time. Each plan reads the view, and the view holds a
 * restock only once its append is durable: two overlapping scans would both plan against the
 * same stock and could load one serial twice or overfill a slot.
 */
const queues = new WeakMap<RestockJournal, Promise<unknown>>();

/**
 * Plans and journals one scan. Resolves with the journaled outcome; rejects only when the journal
 * cannot be written (JournalFatalError), in which case nothing was recorded and nothing loaded.
 */
export function restockSlot(
  journal: RestockJournal,
  request: RestockSlotRequest,
): Promise<RestockOutcome> {
  // The slot goes into the journal either way; the schema takes positive integers only, and a
  // caller that passes anything else has skipped its own input validation.
  if (!Number.isSafeInteger(request.slot) || request.slot <= 0) {
    throw new RangeError(`slot must be a positive integer, got ${request.slot}`);
  }
  const previous = queues.get(journal) ?? Promise.resolve();
  const run = previous.then(() => restockNow(journal, request));
  queues.set(
    journal,
    run.catch(() => undefined),
  );
  return run;
}

async function restockNow(
  journal: RestockJournal,
  request: RestockSlotRequest,
): Promise<RestockOutcome> {
  const plan = planRestock({ ...request, inventory: request.inventory.state });
  const { slot } = request;
  const who = request.technicianId === undefined ? {} : { technicianId: request.technicianId };
  if (plan.ok) {
    const event = await journal.append('RESTOCK', { slot, packs: [plan.value], ...who });
    return ok({ pack: plan.value, seq: event.seq });
  }
  const event = await journal.append('RESTOCK_REFUSED', { slot, ...plan.error, ...who });
  return err({ ...plan.error, slot, seq: event.seq });
}
