import { describe, expect, it } from 'vitest';
import { indexTrustList, isTrustIndex, trustIndexOf } from '../../main/prescriptions/trust-index';
import { createTrustList, findTrustedKey } from '../../main/prescriptions/trust';
import { makeIssuer } from '../fixtures/prescriptions/token-forge';

const a = makeIssuer();
const b = makeIssuer();
const c = makeIssuer();
const list = createTrustList({
  version: 3,
  issuedAt: 1000,
  expiresAt: 2000,
  issuers: [
    { iss: 'https://a.example.org', jwk: a.jwk, notBefore: 100, notAfter: 500 },
    { iss: 'https://a.example.org', jwk: a.jwk, notBefore: 800 },
    { iss: 'https://b.example.org', jwk: b.jwk },
    { iss: 'https://b.example.org', jwk: c.jwk },
    { iss: 'https://c.example.org', jwk: c.jwk },
  ],
});

describe('trust index', () => {
  it('gives exactly the answers of findTrustedKey, for known, shared and unknown kids', () => {
    const index = indexTrustList(list);
    for (const kid of [a.kid, b.kid, c.kid, makeIssuer().kid, '', '../etc']) {
      const fromIndex = index.lookup(kid);
      const fromList = findTrustedKey(list, kid);
      expect(fromIndex.ok).toBe(fromList.ok);
      if (fromIndex.ok && fromList.ok) {
        expect({ ...fromIndex.value, publicKey: undefined }).toEqual({
          ...fromList.value,
          publicKey: undefined,
        });
        expect(fromIndex.value.publicKey.equals(fromList.value.publicKey)).toBe(true);
      } else if (!fromIndex.ok && !fromList.ok) {
        expect(fromIndex.error).toEqual(fromList.error);
      }
    }
    expect(index.lookup(c.kid)).toMatchObject({ ok: false, error: { reason: 'unknown_kid' } });
  });

  it('is built once per list object for callers that pass a bare TrustList', () => {
    const first = trustIndexOf(list);
    expect(trustIndexOf(list)).toBe(first);
    expect(trustIndexOf(first)).toBe(first);
    expect(isTrustIndex(first)).toBe(true);
    expect(isTrustIndex(list)).toBe(false);
    expect(trustIndexOf({ ...list })).not.toBe(first);
  });
});
