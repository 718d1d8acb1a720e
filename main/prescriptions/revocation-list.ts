import { z } from 'zod';
import { isValidGtin14 } from './gtin';

/**
 * The revocation list of prescription-token.md §4a: prescriptions (by `jti` or `vc.rid`), issuer
 * keys (by thumbprint), recalled lots and revoked technician badges. Unknown members are refused:
 * a newer hub adding a kind of revocation an older kiosk would silently ignore must not install.
 * Times are NumericDate seconds.
 */

const NumericDate = z.number().int().nonnegative();
const Id = z.string().min(1).max(128);

export const RecalledLot = z.strictObject({
  gtin: z.string().refine(isValidGtin14, 'GTIN must be 14 digits with a valid check digit'),
  /** GS1 AI (10): up to 20 characters. */
  lot: z.string().min(1).max(20),
});

export const RevocationList = z
  .strictObject({
    version: z.number().int().nonnegative(),
    issuedAt: NumericDate,
    expiresAt: NumericDate,
    jtis: z.array(Id),
    rids: z.array(Id),
    kids: z.array(Id),
    lots: z.array(RecalledLot),
    badges: z.array(Id),
  })
  .refine((l) => l.expiresAt >= l.issuedAt, 'expiresAt before issuedAt');

export type RecalledLot = z.infer<typeof RecalledLot>;
export type RevocationList = z.infer<typeof RevocationList>;

/** A revocation list prepared for scanning: Sets built once per install, O(1) per question. */
export interface RevocationIndex {
  readonly kind: 'revocation-index';
  readonly list: RevocationList;
  hasJti(jti: string): boolean;
  hasRid(rid: string): boolean;
  hasKid(kid: string): boolean;
  /** For inventory: a recalled lot is never picked or restocked. */
  isLotRecalled(gtin: string, lot: string): boolean;
  isBadgeRevoked(badgeId: string): boolean;
}

/** GTINs are digits only, so a NUL cannot occur in one and the pair key is unambiguous. */
const lotKey = (gtin: string, lot: string): string => `${gtin}\u0000${lot}`;

export function indexRevocationList(list: RevocationList): RevocationIndex {
  const jtis = new Set(list.jtis);
  const rids = new Set(list.rids);
  const kids = new Set(list.kids);
  const lots = new Set(list.lots.map((l) => lotKey(l.gtin, l.lot)));
  const badges = new Set(list.badges);
  return {
    kind: 'revocation-index',
    list,
    hasJti: (jti) => jtis.has(jti),
    hasRid: (rid) => rids.has(rid),
    hasKid: (kid) => kids.has(kid),
    isLotRecalled: (gtin, lot) => lots.has(lotKey(gtin, lot)),
    isBadgeRevoked: (badgeId) => badges.has(badgeId),
  };
}

/** An empty list to start from (`rx revoke` without --from, tests). */
export function emptyRevocationList(
  version: number,
  issuedAt: number,
  expiresAt: number,
): RevocationList {
  return { version, issuedAt, expiresAt, jtis: [], rids: [], kids: [], lots: [], badges: [] };
}
