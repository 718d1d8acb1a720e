import { z } from 'zod';

/**
 * Cold-chain slot releases (`opendispense-release+jws`, prescription-token.md §4a), published by
 * a pharmacist in the hub console for one kiosk. After a temperature excursion the kiosk blocks
 * the slots holding cold-chain medicines (SLOT_BLOCKED, naming the excursion's seq); a release
 * naming that slot and an excursion seq at or after the block's lifts it. Releases accumulate:
 * each version carries every release still relevant.
 */
export const SlotRelease = z.strictObject({
  slot: z.number().int().positive(),
  /** The seq of the kiosk's COLD_CHAIN_EXCURSION event the pharmacist reviewed. */
  excursionSeq: z.number().int().positive(),
  /** The pharmacist's id. */
  releasedBy: z.string().min(1).max(64),
  /** Epoch ms on the hub's clock. */
  releasedAt: z.number().int().nonnegative(),
  note: z.string().max(500),
});
export type SlotRelease = z.infer<typeof SlotRelease>;

export const SlotReleasePayload = z.strictObject({
  version: z.number().int().nonnegative(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  releases: z.array(SlotRelease).max(10_000),
});
export type SlotReleasePayload = z.infer<typeof SlotReleasePayload>;
