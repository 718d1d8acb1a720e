import { z } from 'zod';

/**
 * A pharmacist's lock of one kiosk (issue 7): the `lock` download (prescription-token.md §4a
 * envelope, typ `opendispense-lock+jws`, signed by the root key). Each lock or unlock is the next
 * version; the newest installed one says whether the kiosk may serve patients. The hub signs it
 * (hub/pharmacy/kiosk-lock.ts), the kiosk's list store verifies and installs it.
 */
export const KioskLock = z.strictObject({
  version: z.number().int().nonnegative(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
  /** True: the kiosk shows out of service and dispenses nothing until a newer version says false. */
  locked: z.boolean(),
  /** The pharmacist's words, for the technician screen. */
  reason: z.string().max(500),
});
export type KioskLock = z.infer<typeof KioskLock>;
