import { z } from 'zod';
import { JournalEventData, Pack } from '../journal-events';

/**
 * The technician panel's restock tool (issue 9): what main shows (`RestockToolView`, part of the
 * snapshot's technician view) and what the renderer may ask (`RestockToolEvents`, each a `TECH_`
 * UiEvent). No patient data, no PIN, no token text, never a whole scan.
 */

const gtin = z.string().regex(/^\d{14}$/);

/** Why a pack must come out of the cabinet (PACK_REMOVED `reason`). */
export const PACK_REMOVAL_REASONS = [
  'expired',
  'recalled',
  'expiring_soon',
  'damaged',
  'other',
] as const;
export const PackRemovalReason = z.enum(PACK_REMOVAL_REASONS);
export type PackRemovalReason = z.infer<typeof PackRemovalReason>;

/** The reasons the guided list finds by itself; `damaged` / `other` are the technician's call. */
export const ListedRemovalReason = z.enum(['expired', 'recalled', 'expiring_soon']);

/** The reasons a scanned pack is refused: RESTOCK_REFUSED's, each in words on the panel. */
export const RestockRefusalReasonView = JournalEventData.RESTOCK_REFUSED.shape.reason;

/** One slot button: what the slot holds. */
export const RestockSlotView = z.strictObject({
  slot: z.number().int().positive(),
  capacity: z.number().int().positive(),
  /** The GTIN it holds (or last held); null for a slot never loaded. */
  gtin: gtin.nullable(),
  /** The restock order's name for that GTIN, when it has one. */
  medication: z.string().nullable(),
  /**
   * Packs the journal says are in the slot — null until the technician counted this slot in this
   * login, so the count stays blind.
   */
  packs: z.number().int().nonnegative().nullable(),
  /** Packs the guided removal list names in this slot, by reason. */
  toRemove: z.strictObject({
    expired: z.number().int().nonnegative(),
    recalled: z.number().int().nonnegative(),
    expiring_soon: z.number().int().nonnegative(),
  }),
});
export type RestockSlotView = z.infer<typeof RestockSlotView>;

/** One pack of the guided removal list. */
export const RemovalItemView = z.strictObject({
  slot: z.number().int().positive(),
  pack: Pack,
  reason: ListedRemovalReason,
});
export type RemovalItemView = z.infer<typeof RemovalItemView>;

/** One scan of this visit, newest first in the view. */
export const RestockEntryView = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('added'), pack: Pack, seq: z.number().int().positive() }),
  z.strictObject({
    outcome: z.literal('refused'),
    reason: RestockRefusalReasonView,
    /** Technical English from the restock decision (AIs, dates, codes; never a whole scan). */
    detail: z.string(),
    gtin: z.string().optional(),
    lot: z.string().optional(),
    seq: z.number().int().positive(),
  }),
  z.strictObject({
    outcome: z.literal('removed'),
    pack: Pack,
    reason: PackRemovalReason,
    seq: z.number().int().positive(),
  }),
  /** A removal scan that was not taken (nothing journaled). */
  z.strictObject({
    outcome: z.literal('not_removed'),
    why: z.enum(['bad_scan', 'not_in_slot', 'not_on_list']),
    gtin: z.string().optional(),
    lot: z.string().optional(),
  }),
]);
export type RestockEntryView = z.infer<typeof RestockEntryView>;

export const RestockVisitView = z.strictObject({
  slot: z.number().int().positive(),
  /** count: the blind count comes first; load: scans add packs; remove: scans take packs out. */
  step: z.enum(['count', 'load', 'remove']),
  /** Set once SLOT_COUNTED is journaled — never before, so the count is blind. */
  count: z
    .strictObject({
      expected: z.number().int().nonnegative(),
      counted: z.number().int().nonnegative(),
    })
    .nullable(),
  entries: z.array(RestockEntryView).max(100),
  /**
   * A pack scanned for removal that the list does not name, held so the technician can still
   * take it out as damaged (or for another reason) with one press.
   */
  offList: Pack.nullable(),
});
export type RestockVisitView = z.infer<typeof RestockVisitView>;

export const RestockOrderLineView = z.strictObject({
  slot: z.number().int().positive(),
  gtin,
  medication: z.string(),
  ordered: z.number().int().positive(),
  /** Packs of this GTIN loaded into this slot since the order was installed. */
  loaded: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
});

export const RestockToolView = z.strictObject({
  slots: z.array(RestockSlotView),
  removal: z.array(RemovalItemView),
  visit: RestockVisitView.nullable(),
  order: z
    .strictObject({
      orderId: z.string(),
      createdBy: z.string(),
      createdAt: z.number().int().nonnegative(),
      note: z.string(),
      lines: z.array(RestockOrderLineView),
    })
    .nullable(),
  /** A scan that could not be used yet: no slot chosen, or the slot not counted. */
  notice: z.enum(['choose_slot', 'count_first']).nullable(),
  /** A scan or a count is being journaled. */
  busy: z.boolean(),
});
export type RestockToolView = z.infer<typeof RestockToolView>;

export const RestockChooseSlotEvent = z.strictObject({
  type: z.literal('TECH_RESTOCK_CHOOSE_SLOT'),
  slot: z.number().int().positive(),
});
/** The blind count of the chosen slot. */
export const RestockCountEvent = z.strictObject({
  type: z.literal('TECH_RESTOCK_COUNT'),
  counted: z.number().int().min(0).max(999),
});
export const RestockModeEvent = z.strictObject({
  type: z.literal('TECH_RESTOCK_MODE'),
  mode: z.enum(['load', 'remove']),
});
/** Takes out the pack the list did not name (`offList`), as damaged or for another reason. */
export const RestockRemoveOffListEvent = z.strictObject({
  type: z.literal('TECH_RESTOCK_REMOVE_OFF_LIST'),
  reason: z.enum(['damaged', 'other']),
});
/** The visit ends; back to the slots. */
export const RestockDoneEvent = z.strictObject({ type: z.literal('TECH_RESTOCK_DONE') });

export const RestockToolEvents = [
  RestockChooseSlotEvent,
  RestockCountEvent,
  RestockModeEvent,
  RestockRemoveOffListEvent,
  RestockDoneEvent,
] as const;
export type RestockToolEvent = z.infer<(typeof RestockToolEvents)[number]>;
