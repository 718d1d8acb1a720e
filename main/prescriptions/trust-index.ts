import { createPublicKey, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../contracts/result';
import { jwkThumbprint } from '../keys/jwk-thumbprint';
import { refusal, type Refusal } from './reasons';
import { safeKidForDetail, type TrustedKeyMatch, type TrustList } from './trust';

/**
 * A trust list prepared for scanning: every key's RFC 7638 thumbprint recomputed and its KeyObject
 * made once, when the list is installed, so a scan's key lookup (§4 step 3) is one Map read rather
 * than a SHA-256 per trusted key. The answers are exactly those of `findTrustedKey`.
 */
export interface TrustIndex {
  readonly kind: 'trust-index';
  readonly list: TrustList;
  lookup(kid: string): Result<TrustedKeyMatch, Refusal>;
}

type Window = TrustedKeyMatch['windows'][number];

export function indexTrustList(list: TrustList): TrustIndex {
  const byKid = new Map<
    string,
    {
      iss: string;
      jwk: TrustList['issuers'][number]['keys'][number]['jwk'];
      issuers: Set<string>;
      windows: Window[];
    }
  >();
  for (const issuer of list.issuers) {
    for (const key of issuer.keys) {
      const kid = jwkThumbprint(key.jwk);
      const entry = byKid.get(kid) ?? {
        iss: issuer.iss,
        jwk: key.jwk,
        issuers: new Set(),
        windows: [],
      };
      entry.issuers.add(issuer.iss);
      entry.windows.push({
        notBefore: key.notBefore,
        ...(key.notAfter !== undefined && { notAfter: key.notAfter }),
      });
      byKid.set(kid, entry);
    }
  }
  const answers = new Map<string, Result<TrustedKeyMatch, Refusal>>();
  for (const [kid, entry] of byKid) {
    if (entry.issuers.size > 1) {
      // §5 "kid confusion": one key under two issuers cannot tell us whose `iss` to expect.
      answers.set(
        kid,
        err(
          refusal('unknown_kid', `thumbprint ${safeKidForDetail(kid)} is listed under two issuers`),
        ),
      );
      continue;
    }
    const publicKey = toKeyObject(entry.jwk);
    answers.set(
      kid,
      publicKey
        ? ok({ iss: entry.iss, kid, publicKey, windows: entry.windows })
        : err(refusal('unknown_kid', 'the trusted key is not a valid P-256 point')),
    );
  }
  return {
    kind: 'trust-index',
    list,
    lookup(kid) {
      return (
        answers.get(kid) ??
        err(refusal('unknown_kid', `no trusted key has thumbprint ${safeKidForDetail(kid)}`))
      );
    },
  };
}

export function isTrustIndex(value: TrustList | TrustIndex): value is TrustIndex {
  return 'kind' in value && value.kind === 'trust-index';
}

/**
 * Callers that still pass a bare TrustList (verify-scan.ts, older tests) get an index built once
 * per list object and reused, so they also pay the thumbprints only once.
 */
const indexed = new WeakMap<TrustList, TrustIndex>();

export function trustIndexOf(trust: TrustList | TrustIndex): TrustIndex {
  if (isTrustIndex(trust)) return trust;
  let index = indexed.get(trust);
  if (!index) {
    index = indexTrustList(trust);
    indexed.set(trust, index);
  }
  return index;
}

function toKeyObject(
  jwk: TrustList['issuers'][number]['keys'][number]['jwk'],
): KeyObject | undefined {
  try {
    return createPublicKey({ key: { ...jwk }, format: 'jwk' });
  } catch {
    return undefined;
  }
}
