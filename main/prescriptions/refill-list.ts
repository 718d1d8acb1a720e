import { z } from 'zod';

/**
 * The refill list of prescription-token.md §4a: refill authorizations (extra fills a pharmacist
 * granted for a token) and fills made at other kiosks of tokens bound to this site. With the
 * kiosk's own journal they make the fill ledger of §4 step 9.
 *
 * Project choice beyond §4a's sketch: the payload also carries `issuedAt` and `expiresAt` like the
 * other lists, so one staleness rule covers every list and LIST_INSTALLED has the same shape for
 * each. Times are NumericDate seconds; unknown members are refused.
 */

const NumericDate = z.number().int().nonnegative();
const Jti = z.string().min(1).max(128);

export const RefillAuthorization = z.strictObject({
  jti: Jti,
  extraFills: z.number().int().positive(),
  /** The authorization may be used up to and including this second. */
  notAfter: NumericDate,
});

export const RemoteFill = z.strictObject({
  jti: Jti,
  count: z.number().int().positive(),
  lastAt: NumericDate,
});

export const RefillList = z
  .strictObject({
    version: z.number().int().nonnegative(),
    issuedAt: NumericDate,
    expiresAt: NumericDate,
    refills: z.array(RefillAuthorization),
    fills: z.array(RemoteFill),
  })
  .refine((l) => l.expiresAt >= l.issuedAt, 'expiresAt before issuedAt');

export type RefillAuthorization = z.infer<typeof RefillAuthorization>;
export type RemoteFill = z.infer<typeof RemoteFill>;
export type RefillList = z.infer<typeof RefillList>;

/** Fills of one token at other kiosks, summed over the entries the hub sent. */
export interface RemoteFillSummary {
  readonly count: number;
  /** Epoch ms of the latest of those fills. */
  readonly lastAtMs: number;
}

/** A refill list prepared for scanning: per-token Maps built once per install. */
export interface RefillIndex {
  readonly kind: 'refill-index';
  readonly list: RefillList;
  /** Σ extraFills of the authorizations for `jti` still valid at `nowMs`. */
  extraFills(jti: string, nowMs: number): number;
  remoteFills(jti: string): RemoteFillSummary | undefined;
}

export function indexRefillList(list: RefillList): RefillIndex {
  const refills = new Map<string, RefillAuthorization[]>();
  for (const r of list.refills) {
    const forJti = refills.get(r.jti);
    if (forJti) forJti.push(r);
    else refills.set(r.jti, [r]);
  }
  const fills = new Map<string, RemoteFillSummary>();
  for (const f of list.fills) {
    const prev = fills.get(f.jti);
    fills.set(f.jti, {
      count: (prev?.count ?? 0) + f.count,
      lastAtMs: Math.max(prev?.lastAtMs ?? 0, f.lastAt * 1000),
    });
  }
  return {
    kind: 'refill-index',
    list,
    extraFills(jti, nowMs) {
      let sum = 0;
      for (const r of refills.get(jti) ?? [])
        if (nowMs <= r.notAfter * 1000 + 999) sum += r.extraFills;
      return sum;
    },
    remoteFills: (jti) => fills.get(jti),
  };
}

export function emptyRefillList(version: number, issuedAt: number, expiresAt: number): RefillList {
  return { version, issuedAt, expiresAt, refills: [], fills: [] };
}
