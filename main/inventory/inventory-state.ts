import type { DispenseOutcome, JournalEvent, Pack } from '../../contracts/journal-events';

/**
 * Stock and fills derived from the journal (DESIGN §5): which packs sit in which slot, which
 * intents are still open, and how often each prescription was filled. Pure, so the same reducer
 * rebuilds the view from scratch and keeps it current.
 */
export interface InventoryState {
  slots: Record<string, Pack[]>;
  /** DISPENSE_INTENTs without a DISPENSE_RESULT, by intent seq. At boot these become UNCERTAIN. */
  openIntents: Record<
    string,
    { slot: number; pack: Pack; jti?: string; purpose: 'patient' | 'service' }
  >;
  /** Per prescription token: fills counted as dispensed (SUCCESS and UNCERTAIN). */
  fills: Record<string, { count: number; lastAt: string; lastSeq: number }>;
  /** Intents whose outcome is UNCERTAIN, for the pharmacist's review. */
  uncertain: number[];
}

export const emptyInventory = (): InventoryState => ({
  slots: {},
  openIntents: {},
  fills: {},
  uncertain: [],
});

/** Outcomes after which the pack may have left the slot. A motor overrun may even have dropped two. */
export function packMayHaveLeft(outcome: DispenseOutcome): boolean {
  return outcome === 'SUCCESS' || outcome === 'UNCERTAIN' || outcome === 'FAIL_MOTOR_OVERRUN';
}

const samePack = (a: Pack, b: Pack) =>
  a.gtin === b.gtin && a.lot === b.lot && a.expiry === b.expiry && a.serial === b.serial;

export function reduceInventory(state: InventoryState, event: JournalEvent): InventoryState {
  switch (event.type) {
    case 'RESTOCK': {
      const key = String(event.data.slot);
      return {
        ...state,
        slots: { ...state.slots, [key]: [...(state.slots[key] ?? []), ...event.data.packs] },
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
    case 'DISPENSE_RESULT': {
      const key = String(event.data.intentSeq);
      const intent = state.openIntents[key];
      if (!intent) return state;
      const { [key]: _closed, ...openIntents } = state.openIntents;
      const next: InventoryState = { ...state, openIntents };
      if (!packMayHaveLeft(event.data.outcome)) {
        // The board said the pack did not move: it is back on offer in its slot.
        const slotKey = String(intent.slot);
        next.slots = { ...state.slots, [slotKey]: [...(state.slots[slotKey] ?? []), intent.pack] };
        return next;
      }
      if (event.data.outcome === 'UNCERTAIN')
        next.uncertain = [...state.uncertain, event.data.intentSeq];
      if (intent.jti && intent.purpose === 'patient') {
        const prev = state.fills[intent.jti];
        next.fills = {
          ...state.fills,
          [intent.jti]: { count: (prev?.count ?? 0) + 1, lastAt: event.ts, lastSeq: event.seq },
        };
      }
      return next;
    }
    default:
      return state;
  }
}

/** Days since epoch for an ISO date, so expiry comparisons need no time zone. */
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);

export interface PickRequest {
  gtins: string[];
  /** Kiosk-local date (YYYY-MM-DD). */
  today: string;
  /** A pack must still be good after this many days (the prescription's supply duration). */
  supplyDays: number;
  excludeSlots: number[];
  /** Take from this slot when it holds an eligible pack (retrying a slot after a jam). */
  preferSlot: number | null;
}

/** First expiry, first out among eligible packs (DESIGN §5 expiry rule). */
export function pickPack(
  state: InventoryState,
  request: PickRequest,
): { slot: number; pack: Pack } | null {
  const lastGoodDay = dayNumber(request.today) + request.supplyDays;
  const candidates = Object.entries(state.slots)
    .map(([slot, packs]) => ({ slot: Number(slot), packs }))
    .filter(({ slot }) => !request.excludeSlots.includes(slot))
    .flatMap(({ slot, packs }) => packs.map((pack) => ({ slot, pack })))
    .filter(({ pack }) => request.gtins.includes(pack.gtin) && dayNumber(pack.expiry) > lastGoodDay)
    .sort((a, b) => a.pack.expiry.localeCompare(b.pack.expiry) || a.slot - b.slot);
  if (request.preferSlot !== null) {
    const preferred = candidates.find((c) => c.slot === request.preferSlot);
    if (preferred) return preferred;
  }
  return candidates[0] ?? null;
}
