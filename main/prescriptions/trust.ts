import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import { refusal, type Refusal } from './reasons';
import { describeStrictJsonError, parseStrictJsonBytes } from './strict-json';

/**
 * The trusted prescription issuers: the payload of the trust list of prescription-token.md §4a.
 * The signed envelope around it (root key, version roll-back check) comes with sync; until then
 * the kiosk is configured with this payload directly. All times are NumericDate (epoch seconds),
 * like the JWT claims they are compared with.
 */

const B64URL_32_BYTES = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** A P-256 public key. Extra JWK members (kid, use, alg) are tolerated; a private `d` is not. */
export const EcPublicJwkSchema = z
  .looseObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().regex(B64URL_32_BYTES, 'x must be 32 bytes of base64url'),
    y: z.string().regex(B64URL_32_BYTES, 'y must be 32 bytes of base64url'),
  })
  .refine((jwk) => !('d' in jwk), 'a trust list must not hold a private key ("d")')
  .transform((jwk): EcPublicJwk => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }));

const NumericDate = z.number().int().nonnegative();

export const TrustedIssuerKey = z
  .object({
    jwk: EcPublicJwkSchema,
    notBefore: NumericDate,
    notAfter: NumericDate.optional(),
  })
  .refine(
    (k) => k.notAfter === undefined || k.notAfter >= k.notBefore,
    'notAfter before notBefore',
  );

export const TrustList = z
  .object({
    version: z.number().int().nonnegative(),
    issuedAt: NumericDate,
    expiresAt: NumericDate,
    issuers: z.array(
      z.object({
        iss: z.url().refine((s) => !s.endsWith('/'), 'issuer URL must not end with "/"'),
        keys: z.array(TrustedIssuerKey).min(1),
      }),
    ),
    /** Keys allowed to sign technician service badges; prescriber keys may not. */
    badgeIssuers: z.array(z.object({ jwk: EcPublicJwkSchema })),
  })
  .refine((t) => t.expiresAt >= t.issuedAt, 'expiresAt before issuedAt');

export type TrustedIssuerKey = z.infer<typeof TrustedIssuerKey>;
export type TrustList = z.infer<typeof TrustList>;

/** Validates a trust list payload, including that every key is a real P-256 point. */
export function parseTrustList(input: unknown): Result<TrustList, string> {
  const parsed = TrustList.safeParse(input);
  if (!parsed.success) return err(z.prettifyError(parsed.error));
  for (const issuer of parsed.data.issuers) {
    for (const key of issuer.keys) {
      if (!toKeyObject(key.jwk)) return err(`a key of ${issuer.iss} is not a valid P-256 point`);
    }
  }
  return ok(parsed.data);
}

/** Reads a trust list payload file (strict JSON, as it will arrive from the hub). */
export function loadTrustList(path: string): Result<TrustList, string> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return err(`cannot read: ${(error as Error).message}`);
  }
  const json = parseStrictJsonBytes(bytes);
  if (!json.ok) return err(describeStrictJsonError(json.error));
  return parseTrustList(json.value);
}

export interface TrustListIssuerInput {
  readonly iss: string;
  readonly jwk: EcPublicJwk;
  /** NumericDate; default: `issuedAt`. */
  readonly notBefore?: number;
  readonly notAfter?: number;
}

/** Builds a trust list payload (demo first start, tests, later the hub). Times in epoch seconds. */
export function createTrustList(input: {
  readonly version: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly issuers: readonly TrustListIssuerInput[];
  readonly badgeIssuers?: readonly EcPublicJwk[];
}): TrustList {
  const byIss = new Map<string, TrustedIssuerKey[]>();
  for (const i of input.issuers) {
    const keys = byIss.get(i.iss) ?? [];
    keys.push({
      jwk: { kty: 'EC', crv: 'P-256', x: i.jwk.x, y: i.jwk.y },
      notBefore: i.notBefore ?? input.issuedAt,
      ...(i.notAfter !== undefined && { notAfter: i.notAfter }),
    });
    byIss.set(i.iss, keys);
  }
  return {
    version: input.version,
    issuedAt: input.issuedAt,
    expiresAt: input.expiresAt,
    issuers: [...byIss].map(([iss, keys]) => ({ iss, keys })),
    badgeIssuers: (input.badgeIssuers ?? []).map((jwk) => ({
      jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y },
    })),
  };
}

/** Past `expiresAt` the list may be missing a revoked issuer: verification is unavailable. */
export function isTrustListExpired(trust: TrustList, nowMs: number): boolean {
  return nowMs > trust.expiresAt * 1000;
}

export interface TrustedKeyMatch {
  readonly iss: string;
  readonly kid: string;
  readonly publicKey: KeyObject;
  /** Every validity window listed for this key under its issuer. */
  readonly windows: readonly { readonly notBefore: number; readonly notAfter?: number }[];
}

function toKeyObject(jwk: EcPublicJwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: { ...jwk }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Shown in details: a kid is a public thumbprint, but cap it and keep it to base64url. */
export function safeKidForDetail(kid: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(kid) ? kid : '(not a thumbprint)';
}

/**
 * Finds the key for `kid` by RECOMPUTING each trusted key's RFC 7638 thumbprint: a `kid` member in
 * the trust list's JWK is never believed. A kid matching no key, or keys of two different issuers,
 * is `unknown_kid` (prescription-token.md §4 step 3, §5 "kid confusion").
 */
export function findTrustedKey(trust: TrustList, kid: string): Result<TrustedKeyMatch, Refusal> {
  const matches: { iss: string; key: TrustedIssuerKey }[] = [];
  for (const issuer of trust.issuers) {
    for (const key of issuer.keys) {
      if (jwkThumbprint(key.jwk) === kid) matches.push({ iss: issuer.iss, key });
    }
  }
  const first = matches[0];
  if (!first) {
    return err(refusal('unknown_kid', `no trusted key has thumbprint ${safeKidForDetail(kid)}`));
  }
  if (matches.some((m) => m.iss !== first.iss)) {
    return err(
      refusal('unknown_kid', `thumbprint ${safeKidForDetail(kid)} is listed under two issuers`),
    );
  }
  const publicKey = toKeyObject(first.key.jwk);
  if (!publicKey) return err(refusal('unknown_kid', 'the trusted key is not a valid P-256 point'));
  return ok({
    iss: first.iss,
    kid,
    publicKey,
    windows: matches.map((m) => ({
      notBefore: m.key.notBefore,
      ...(m.key.notAfter !== undefined && { notAfter: m.key.notAfter }),
    })),
  });
}

/** The key may sign tokens whose `nbf` lies in one of its windows (both ends inclusive). */
export function isKeyValidAt(match: TrustedKeyMatch, nbf: number): boolean {
  return match.windows.some(
    (w) => w.notBefore <= nbf && (w.notAfter === undefined || nbf <= w.notAfter),
  );
}
