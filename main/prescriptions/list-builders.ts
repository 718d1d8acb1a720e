import { err, ok, type Result } from '../../contracts/result';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import type { RefillAuthorization, RefillList } from './refill-list';
import type { RecalledLot, RevocationList } from './revocation-list';
import type { TrustedIssuerKey, TrustList } from './trust';

/**
 * Building the next version of a signed list from the previous one (operator tools, the demo,
 * later the hub). Pure: no keys, no files. Entries are only ever added here (a revocation is not
 * withdrawn by a tool flag), and versions only go up, because a kiosk refuses anything else.
 */

/** Seconds. */
export interface ListValidity {
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/**
 * The version for a new list: `explicit` when given (it must be above the previous), else
 * max(previous + 1, issuedAt). Epoch seconds as the default keeps versions increasing even when
 * lists are made from scratch on different machines (the demo re-signs at every start).
 */
export function nextListVersion(
  previous: number | undefined,
  issuedAt: number,
  explicit?: number,
): Result<number, string> {
  if (explicit !== undefined) {
    if (!Number.isSafeInteger(explicit) || explicit < 0) {
      return err('the version must be a non-negative integer');
    }
    if (previous !== undefined && explicit <= previous) {
      return err(
        `version ${explicit} is not above the previous list's version ${previous}; kiosks would refuse it`,
      );
    }
    return ok(explicit);
  }
  return ok(Math.max((previous ?? -1) + 1, issuedAt));
}

const union = <T>(a: readonly T[], b: readonly T[], key: (t: T) => string = String): T[] => {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of [...a, ...b]) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
};

export interface RevocationAdditions {
  readonly jtis?: readonly string[];
  readonly rids?: readonly string[];
  readonly kids?: readonly string[];
  readonly lots?: readonly RecalledLot[];
  readonly badges?: readonly string[];
}

export function nextRevocationList(
  previous: RevocationList | undefined,
  add: RevocationAdditions,
  version: number,
  validity: ListValidity,
): RevocationList {
  return {
    version,
    issuedAt: validity.issuedAt,
    expiresAt: validity.expiresAt,
    jtis: union(previous?.jtis ?? [], add.jtis ?? []),
    rids: union(previous?.rids ?? [], add.rids ?? []),
    kids: union(previous?.kids ?? [], add.kids ?? []),
    lots: union(previous?.lots ?? [], add.lots ?? [], (l) => `${l.gtin}\u0000${l.lot}`),
    badges: union(previous?.badges ?? [], add.badges ?? []),
  };
}

/**
 * Carries the previous authorizations and remote fills forward, dropping authorizations that
 * expired before `issuedAt` (they can never be used again), and adds the new ones.
 */
export function nextRefillList(
  previous: RefillList | undefined,
  add: readonly RefillAuthorization[],
  version: number,
  validity: ListValidity,
): RefillList {
  const live = (previous?.refills ?? []).filter((r) => r.notAfter >= validity.issuedAt);
  return {
    version,
    issuedAt: validity.issuedAt,
    expiresAt: validity.expiresAt,
    refills: [...live, ...add],
    fills: [...(previous?.fills ?? [])],
  };
}

export interface TrustAddition {
  readonly iss: string;
  readonly jwk: EcPublicJwk;
  /** Seconds: the earliest `nbf` this key may sign. */
  readonly notBefore: number;
  readonly notAfter?: number;
}

/**
 * Keeps the previous issuers' keys with their windows (so tokens signed long ago stay valid),
 * adds new keys (a key already listed under the same issuer keeps its window), and drops keys
 * whose thumbprint is in `removeKids` (a retired key; a compromised one also goes on the
 * revocation list). An issuer left without keys is dropped.
 */
export function nextTrustList(
  previous: TrustList | undefined,
  change: {
    readonly add: readonly TrustAddition[];
    readonly removeKids?: readonly string[];
    readonly badgeIssuers?: readonly EcPublicJwk[];
  },
  version: number,
  validity: ListValidity,
): TrustList {
  const remove = new Set(change.removeKids ?? []);
  const byIss = new Map<string, TrustedIssuerKey[]>();
  for (const issuer of previous?.issuers ?? []) {
    byIss.set(
      issuer.iss,
      issuer.keys.filter((k) => !remove.has(jwkThumbprint(k.jwk))),
    );
  }
  for (const a of change.add) {
    const keys = byIss.get(a.iss) ?? [];
    const kid = jwkThumbprint(a.jwk);
    if (!remove.has(kid) && !keys.some((k) => jwkThumbprint(k.jwk) === kid)) {
      keys.push({
        jwk: { kty: 'EC', crv: 'P-256', x: a.jwk.x, y: a.jwk.y },
        notBefore: a.notBefore,
        ...(a.notAfter !== undefined && { notAfter: a.notAfter }),
      });
    }
    byIss.set(a.iss, keys);
  }
  const badges = union(
    (previous?.badgeIssuers ?? []).map((b) => b.jwk),
    change.badgeIssuers ?? [],
    jwkThumbprint,
  ).filter((jwk) => !remove.has(jwkThumbprint(jwk)));
  return {
    version,
    issuedAt: validity.issuedAt,
    expiresAt: validity.expiresAt,
    issuers: [...byIss].filter(([, keys]) => keys.length > 0).map(([iss, keys]) => ({ iss, keys })),
    badgeIssuers: badges.map((jwk) => ({ jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } })),
  };
}
