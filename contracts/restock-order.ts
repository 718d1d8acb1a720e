import { z } from 'zod';

/**
 * A restock order (`opendispense-restock+jws`, prescription-token.md §4a), published by a
 * pharmacist in the hub console for one kiosk: which packs the technician should bring and load
 * into which slot. The kiosk's restock tool shows it with what is still missing. `order` null
 * withdraws the previous order.
 */
export const RestockOrderLine = z.strictObject({
  slot: z.number().int().positive(),
  gtin: z.string().regex(/^\d{14}$/, 'expected a 14-digit GTIN'),
  /** Packs to load into the slot. */
  packs: z.number().int().positive().max(1000),
  /** What the technician reads (e.g. "Amlodipine 5 mg, 28 tablets"). */
  medication: z.string().min(1).max(200),
});
export type RestockOrderLine = z.infer<typeof RestockOrderLine>;

export const RestockOrder = z.strictObject({
  orderId: z.string().min(1).max(64),
  /** Epoch ms on the hub's clock. */
  createdAt: z.number().int().nonnegative(),
  /** The pharmacist's id (not their name: the kiosk shows it as the contact on the order). */
  createdBy: z.string().min(1).max(64),
  note: z.string().max(500),
  lines: z.array(RestockOrderLine).min(1).max(500),
});
export type RestockOrder = z.infer<typeof RestockOrder>;

export const RestockOrderPayload = z.strictObject({
  version: z.number().int().nonnegative(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  order: RestockOrder.nullable(),
});
export type RestockOrderPayload = z.infer<typeof RestockOrderPayload>;
