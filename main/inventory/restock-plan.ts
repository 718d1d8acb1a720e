import {
  JournalEventData,
  type JournalEventDataOf,
  type Pack,
} from '../../contracts/journal-events';
import { err, ok, type Result } from '../../contracts/result';
import { isExpired, parseGs1, requirePackFields, type Gs1Error } from '../../hardware/gs1';
import { addDays, lastsBeyond } from './expiry-rule';
import type { InventoryState } from './inventory-state';
import { isRecalled, type RecalledLot } from './pack-eligibility';

/**
 * Whether one scanned pack may go into one slot (DESIGN §1 technician restock, §5 expiry rule):
 * pure, so the same decision serves the CLI, the kiosk's admin endpoint and the tests.
 */

export type RestockRefusalReason = JournalEventDataOf<'RESTOCK_REFUSED'>['reason'];
export const RESTOCK_REFUSAL_REASONS: readonly RestockRefusalReason[] =
  JournalEventData.RESTOCK_REFUSED.shape.reason.options;

/** RESTOCK_REFUSED without its slot: what the technician is told and what is journaled. */
export interface RestockRefusal {
  reason: RestockRefusalReason;
  /** One sentence; names AIs, dates and codes, never a whole scan. */
  detail: string;
  gtin?: string;
  lot?: string;
}

/** A scan as every scanner codec delivers it: the AIM, and the data after it. */
export interface RestockScan {
  readonly aim: string | null;
  readonly text: string;
}

export interface SlotCapacity {
  readonly slot: number;
  readonly capacity: number;
}

export interface PlanRestockInput {
  readonly slot: number;
  readonly scan: RestockScan;
  /** The live inventory view (journal-derived). */
  readonly inventory: InventoryState;
  /** The hardware config's slot map: only these slots exist, each with its capacity. */
  readonly slotMap: readonly SlotCapacity[];
  /**
   * GTINs the config assigns to this slot, or null when it assigns none. A slot that holds packs
   * takes only their GTIN either way; an empty unassigned slot takes any GTIN.
   */
  readonly assignedGtins: readonly string[] | null;
  /** From the installed revocation list (prescription-token.md §4a `lots`). */
  readonly recalledLots: readonly RecalledLot[];
  /** Kiosk-local date (YYYY-MM-DD). */
  readonly today: string;
  /** Site config: refuse packs that expire within this many days. */
  readonly restockMarginDays: number;
  /** Site config: false where the market has no pack serialisation (AI 21 optional). */
  readonly requireSerial: boolean;
}

const refuse = (refusal: RestockRefusal) => err(refusal);

function badScan(error: Gs1Error, known: { gtin?: string; lot?: string } = {}) {
  // The GS1 code leads the detail so it can be matched; GS1 details never quote field values.
  const where = error.offset === null ? '' : ` at ${error.offset}`;
  return refuse({ reason: 'bad_scan', detail: `${error.code}${where}: ${error.detail}`, ...known });
}

/**
 * The pack to load, or the first reason to refuse it. Checks run in a fixed order so one scan
 * always gets the same answer: the slot, the scan, then what is wrong with the pack itself
 * (recalled, expired, expiring soon, a serial already in the cabinet) before whether it fits this
 * slot — a technician told "set this pack aside" must not try it in another slot.
 */
export function planRestock(input: PlanRestockInput): Result<Pack, RestockRefusal> {
  const { slot, inventory, today } = input;
  const slotEntry = input.slotMap.find((s) => s.slot === slot);
  if (!slotEntry) {
    const known = input.slotMap.map((s) => s.slot).join(', ');
    return refuse({
      reason: 'unknown_slot',
      detail: `slot ${slot} is not in the hardware config's slot map (slots: ${known || 'none'})`,
    });
  }

  const parsed = parseGs1(input.scan.aim, input.scan.text, today);
  if (!parsed.ok) return badScan(parsed.error);
  const fields = requirePackFields(parsed.value, { requireSerial: input.requireSerial });
  if (!fields.ok) {
    const { gtin, lot } = parsed.value;
    return badScan(fields.error, {
      ...(gtin === undefined ? {} : { gtin }),
      ...(lot === undefined ? {} : { lot }),
    });
  }
  const { gtin, lot, expiry, serial } = fields.value;
  const pack: Pack = { gtin, lot, expiry, ...(serial === undefined ? {} : { serial }) };
  const about = { gtin, lot };

  if (isRecalled(pack, input.recalledLots)) {
    return refuse({ reason: 'recalled', detail: `lot ${lot} of ${gtin} is recalled`, ...about });
  }
  if (isExpired(expiry, today)) {
    return refuse({ reason: 'expired', detail: `expired ${expiry} (today ${today})`, ...about });
  }
  if (!lastsBeyond(expiry, today, input.restockMarginDays)) {
    return refuse({
      reason: 'expiring_soon',
      detail: `expires ${expiry}; the site's ${input.restockMarginDays}-day restock margin needs an expiry after ${addDays(today, input.restockMarginDays)}`,
      ...about,
    });
  }
  if (serial !== undefined) {
    const where = whereSerialIs(inventory, gtin, serial);
    if (where !== null) {
      return refuse({
        reason: 'duplicate_serial',
        detail: `serial ${serial} of ${gtin} is already ${where}`,
        ...about,
      });
    }
  }

  const inSlot = inventory.slots[String(slot)] ?? [];
  const held = [...new Set(inSlot.map((p) => p.gtin))];
  if (held.length > 0 && (held.length > 1 || held[0] !== gtin)) {
    return refuse({
      reason: 'wrong_medicine',
      detail: `slot ${slot} holds ${held.join(', ')}; load ${gtin} into its own slot`,
      ...about,
    });
  }
  if (held.length === 0 && input.assignedGtins !== null && !input.assignedGtins.includes(gtin)) {
    return refuse({
      reason: 'wrong_medicine',
      detail: `slot ${slot} is assigned ${input.assignedGtins.join(', ') || 'no GTIN'}, not ${gtin}`,
      ...about,
    });
  }

  // A pack in an open intent may still be in the spiral (the board never answered), so it
  // keeps its place until the intent is closed.
  const occupied =
    inSlot.length + Object.values(inventory.openIntents).filter((i) => i.slot === slot).length;
  if (occupied >= slotEntry.capacity) {
    return refuse({
      reason: 'slot_full',
      detail: `slot ${slot} holds ${occupied} of ${slotEntry.capacity} packs`,
      ...about,
    });
  }
  return ok(pack);
}

/**
 * Where a pack with this GTIN and serial already is, or null. A GTIN + serial names one physical
 * pack (GS1 SGTIN), so a second one is a double scan or a copied code, never a new pack.
 */
function whereSerialIs(state: InventoryState, gtin: string, serial: string): string | null {
  const same = (p: Pack) => p.gtin === gtin && p.serial === serial;
  for (const [slot, packs] of Object.entries(state.slots)) {
    if (packs.some(same)) return `in slot ${slot}`;
  }
  for (const [seq, intent] of Object.entries(state.openIntents)) {
    if (same(intent.pack)) return `in slot ${intent.slot} (open dispense ${seq})`;
  }
  return null;
}
