import { z } from 'zod';
import { Pack, type DispenseOutcome, type JournalEvent } from '../../contracts/journal-events';

/**
 * Stock and fills derived from the journal (DESIGN §5): which packs sit in which slot, which
 * intents are still open, and how often each prescription was filled. Pure, so the same reducer
 * rebuilds the view from scratch and keeps it current.
 *
 * A slot is a queue, front first: spiral and belt boards (dispenser.md) push out the pack at the
 * front, so the software cannot choose a pack inside a slot. RESTOCK loads at the back, a drive
 * takes the front, and a pack that did not leave is still at the front.
 */
export const InventoryStateSchema = z.strictObject({
  /** Packs per slot (key: slot number), index 0 = the next pack a drive pushes out. */
  slots: z.record(z.string(), z.array(Pack)),
  /**
   * The GTIN last loaded into each slot. It stays when the slot runs empty, so the kiosk can tell
   * "out of stock" from "not stocked here" (prescription-token.md §4 step 13).
   */
  slotGtins: z.record(z.string(), z.string()),
  /** DISPENSE_INTENTs without a DISPENSE_RESULT, by intent seq. At boot these become UNCERTAIN. */
  openIntents: z.record(
    z.string(),
    z.strictObject({
      slot: z.number().int().positive(),
      pack: Pack,
      jti: z.string().optional(),
      purpose: z.enum(['patient', 'service']),
    }),
  ),
  /**
   * Per prescription token: fills made. A fill is one accepted scan (RX_ACCEPTED) from which at
   * least one pack left the cabinet (SUCCESS or UNCERTAIN) — not one per pack: a fill of two packs
   * is one fill of the prescription's allowance.
   */
  fills: z.record(
    z.string(),
    z.strictObject({
      count: z.number().int().nonnegative(),
      lastAt: z.string(),
      lastSeq: z.number().int().positive(),
      /** The RX_ACCEPTED seq the last counted fill belongs to. */
      acceptedSeq: z.number().int().nonnegative(),
    }),
  ),
  /** The latest RX_ACCEPTED seq per token: the session a dispensed pack belongs to. */
  accepted: z.record(z.string(), z.number().int().positive()),
  /** Intents whose outcome is UNCERTAIN, for the pharmacist's review. */
  uncertain: z.array(z.number().int().positive()),
  /**
   * STOCK_ADJUSTMENT_INTENTs (a technician's rotate test) without their STOCK_ADJUSTMENT, by
   * intent seq; their pack is already out of the slot. At boot these become UNCERTAIN.
   */
  openAdjustments: z.record(
    z.string(),
    z.strictObject({
      slot: z.number().int().positive(),
      pack: Pack.nullable(),
      technicianId: z.string(),
      reason: z.string(),
    }),
  ),
});
export type InventoryState = z.infer<typeof InventoryStateSchema>;

export const emptyInventory = (): InventoryState => ({
  slots: {},
  slotGtins: {},
  openIntents: {},
  fills: {},
  accepted: {},
  uncertain: [],
  openAdjustments: {},
});

/** Outcomes after which the pack may have left the slot. A motor overrun may even have dropped two. */
export function packMayHaveLeft(outcome: DispenseOutcome): boolean {
  return outcome === 'SUCCESS' || outcome === 'UNCERTAIN' || outcome === 'FAIL_MOTOR_OVERRUN';
}

const samePack = (a: Pack, b: Pack) =>
  a.gtin === b.gtin && a.lot === b.lot && a.expiry === b.expiry && a.serial === b.serial;

/** The slot without the first pack equal to `pack` (unchanged when it is not there). */
function withoutPack(packs: Pack[], pack: Pack): Pack[] {
  const at = packs.findIndex((p) => samePack(p, pack));
  return at < 0 ? packs : [...packs.slice(0, at), ...packs.slice(at + 1)];
}

/** The event types reduceInventory reads: whoever replays stock (the hub) selects these. */
export const INVENTORY_EVENT_TYPES = [
  'RESTOCK',
  'DISPENSE_INTENT',
  'DISPENSE_RESULT',
  'RX_ACCEPTED',
  'PACK_REMOVED',
  'STOCK_ADJUSTMENT_INTENT',
  'STOCK_ADJUSTMENT',
] as const satisfies readonly JournalEvent['type'][];

export function reduceInventory(state: InventoryState, event: JournalEvent): InventoryState {
  switch (event.type) {
    case 'RESTOCK': {
      const key = String(event.data.slot);
      const last = event.data.packs[event.data.packs.length - 1];
      return {
        ...state,
        slots: { ...state.slots, [key]: [...(state.slots[key] ?? []), ...event.data.packs] },
        // A view file from before this field existed has none; spreading undefined is harmless.
        slotGtins: last ? { ...state.slotGtins, [key]: last.gtin } : state.slotGtins,
      };
    }
    case 'DISPENSE_INTENT': {
      const { slot, gtin, lot, expiry, serial, jti, purpose } = event.data;
      const pack: Pack = { gtin, lot, expiry, ...(serial ? { serial } : {}) };
      const key = String(slot);
      const packs = [...(state.slots[key] ?? [])];
      const at = packs.findIndex((p) => samePack(p, pack));
      if (at >= 0) packs.splice(at, 1);
      return {
        ...state,
        slots: { ...state.slots, [key]: packs },
        openIntents: {
          ...state.openIntents,
          [String(event.seq)]: { slot, pack, purpose, ...(jti ? { jti } : {}) },
        },
      };
    }
    case 'PACK_REMOVED': {
      // The technician took this pack out (restock tool): the first pack that matches it goes.
      const key = String(event.data.slot);
      const packs = [...(state.slots[key] ?? [])];
      const at = packs.findIndex((p) => samePack(p, event.data.pack));
      if (at < 0) return state;
      packs.splice(at, 1);
      return { ...state, slots: { ...state.slots, [key]: packs } };
    }
    case 'RX_ACCEPTED':
      return { ...state, accepted: { ...state.accepted, [event.data.jti]: event.seq } };
    case 'DISPENSE_RESULT': {
      const key = String(event.data.intentSeq);
      const intent = state.openIntents[key];
      if (!intent) return state;
      const { [key]: _closed, ...openIntents } = state.openIntents;
      const next: InventoryState = { ...state, openIntents };
      if (!packMayHaveLeft(event.data.outcome)) {
        // The board said the pack did not move: it is still at the front of its slot.
        const slotKey = String(intent.slot);
        next.slots = { ...state.slots, [slotKey]: [intent.pack, ...(state.slots[slotKey] ?? [])] };
        return next;
      }
      if (event.data.outcome === 'UNCERTAIN')
        next.uncertain = [...state.uncertain, event.data.intentSeq];
      if (intent.jti && intent.purpose === 'patient') {
        const prev = state.fills[intent.jti];
        const acceptedSeq = state.accepted[intent.jti] ?? 0;
        const sameFill = prev !== undefined && prev.acceptedSeq === acceptedSeq;
        next.fills = {
          ...state.fills,
          [intent.jti]: {
            count: (prev?.count ?? 0) + (sameFill ? 0 : 1),
            lastAt: event.ts,
            lastSeq: event.seq,
            acceptedSeq,
          },
        };
      }
      return next;
    }
    // ---- stock adjustments (a technician's rotate test): like a dispense, but no fill ----
    case 'STOCK_ADJUSTMENT_INTENT': {
      const { slot, pack, technicianId, reason } = event.data;
      const key = String(slot);
      return {
        ...state,
        slots: pack
          ? { ...state.slots, [key]: withoutPack(state.slots[key] ?? [], pack) }
          : state.slots,
        openAdjustments: {
          ...state.openAdjustments,
          [String(event.seq)]: { slot, pack, technicianId, reason },
        },
      };
    }
    case 'STOCK_ADJUSTMENT': {
      const key = String(event.data.intentSeq);
      const intent = state.openAdjustments[key];
      if (!intent) return state;
      const { [key]: _closed, ...openAdjustments } = state.openAdjustments;
      const slotKey = String(intent.slot);
      // The expected pack left the slot with the intent: if the result does not name it as gone,
      // it is still at the front. Any other pack the result names as gone leaves the slot now.
      const gone = [...event.data.packs];
      const expectedAt = intent.pack ? gone.findIndex((p) => samePack(p, intent.pack!)) : -1;
      if (expectedAt >= 0) gone.splice(expectedAt, 1);
      if (!intent.pack && gone.length === 0) return { ...state, openAdjustments };
      let packs = state.slots[slotKey] ?? [];
      if (intent.pack && expectedAt < 0) packs = [intent.pack, ...packs];
      for (const pack of gone) packs = withoutPack(packs, pack);
      return { ...state, openAdjustments, slots: { ...state.slots, [slotKey]: packs } };
    }
    default:
      return state;
  }
}

// pickPack moved to its own file; re-exported so existing imports keep working.
export { pickPack, type PickRequest, type PickedPack } from './pick-pack';
