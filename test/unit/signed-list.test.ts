import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { emptyRefillList, type RefillList } from '../../main/prescriptions/refill-list';
import { emptyRevocationList, type RevocationList } from '../../main/prescriptions/revocation-list';
import {
  SIGNED_LIST_TYP,
  signSignedList,
  verifySignedList,
  type SignedListKind,
  type SignedListPayload,
} from '../../main/prescriptions/signed-list';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import { createTrustList } from '../../main/prescriptions/trust';
import { b64, makeIssuer } from '../fixtures/prescriptions/token-forge';

const root = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const rootJwk = publicJwkOf(root);
const otherRoot = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const issuer = makeIssuer();

const trust = createTrustList({
  version: 4,
  issuedAt: 1_000,
  expiresAt: 9_000,
  issuers: [{ iss: 'https://rx.example.org', jwk: issuer.jwk, notBefore: 500 }],
});
const revocation: RevocationList = {
  ...emptyRevocationList(7, 1_000, 9_000),
  jtis: ['3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c'],
  lots: [{ gtin: '09506000134352', lot: 'L1' }],
};
const refill: RefillList = {
  ...emptyRefillList(2, 1_000, 9_000),
  refills: [{ jti: '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c', extraFills: 1, notAfter: 5_000 }],
  fills: [{ jti: '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c', count: 1, lastAt: 2_000 }],
};

function signed<K extends SignedListKind>(kind: K, payload: SignedListPayload<K>): string {
  const jws = signSignedList(kind, payload, root);
  if (!jws.ok) throw new Error(jws.error.detail);
  return jws.value;
}

/** A list JWS with any header and payload text, correctly signed by `key` (the root by default). */
function forgeList(
  header: string,
  payload: string,
  key = root,
  dsaEncoding: 'ieee-p1363' | 'der' = 'ieee-p1363',
) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), { key, dsaEncoding }))}`;
}
const rootKid = jwkThumbprint(rootJwk);
const header = (typ: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ alg: 'ES256', kid: rootKid, typ, ...extra });

describe('signed lists', () => {
  it('round-trips each kind with the §4a header', () => {
    const headerOf = (jws: string): unknown =>
      JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString());
    const trustJws = signed('trust', trust);
    const revocationJws = signed('revocation', revocation);
    const refillJws = signed('refill', refill);
    for (const [kind, jws] of [
      ['trust', trustJws],
      ['revocation', revocationJws],
      ['refill', refillJws],
    ] as const) {
      expect(headerOf(jws)).toEqual({ alg: 'ES256', kid: rootKid, typ: SIGNED_LIST_TYP[kind] });
    }
    expect(verifySignedList('trust', trustJws, rootJwk)).toEqual({ ok: true, value: trust });
    expect(verifySignedList('revocation', revocationJws, rootJwk)).toEqual({
      ok: true,
      value: revocation,
    });
    expect(verifySignedList('refill', refillJws, rootJwk)).toEqual({ ok: true, value: refill });
  });

  it('refuses a list of another kind (typ must match)', () => {
    const jws = signed('revocation', revocation);
    expect(verifySignedList('trust', jws, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'wrong_type' },
    });
    expect(verifySignedList('refill', jws, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'wrong_type' },
    });
  });

  it('refuses a list signed by another root key', () => {
    const jws = signSignedList('trust', trust, otherRoot);
    if (!jws.ok) throw new Error(jws.error.detail);
    expect(verifySignedList('trust', jws.value, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'unknown_kid' },
    });
    // Even when the forger writes our root's kid into the header, the signature decides.
    const forged = forgeList(header(SIGNED_LIST_TYP.trust), JSON.stringify(trust), otherRoot);
    expect(verifySignedList('trust', forged, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'bad_signature' },
    });
  });

  it('refuses a payload swapped after signing', () => {
    const [h, , s] = signed('revocation', revocation).split('.');
    const emptied = b64(JSON.stringify({ ...revocation, jtis: [] }));
    expect(verifySignedList('revocation', `${h}.${emptied}.${s}`, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'bad_signature' },
    });
  });

  it.each([
    ['alg none', JSON.stringify({ alg: 'none', kid: 'x', typ: SIGNED_LIST_TYP.trust }), 'bad_alg'],
    ['HS256', JSON.stringify({ alg: 'HS256', kid: 'x', typ: SIGNED_LIST_TYP.trust }), 'bad_alg'],
    ['an extra member', header(SIGNED_LIST_TYP.trust, { zip: 'DEF' }), 'bad_alg'],
    ['a jku member', header(SIGNED_LIST_TYP.trust, { jku: 'https://evil.example.org' }), 'bad_alg'],
    ['no typ', JSON.stringify({ alg: 'ES256', kid: rootKid }), 'wrong_type'],
    [
      'a duplicated member',
      `{"alg":"ES256","alg":"ES256","kid":"${rootKid}","typ":"${SIGNED_LIST_TYP.trust}"}`,
      'bad_alg',
    ],
  ])('refuses a header with %s', (_name, h, code) => {
    expect(verifySignedList('trust', forgeList(h, JSON.stringify(trust)), rootJwk)).toMatchObject({
      ok: false,
      error: { code },
    });
  });

  it('refuses strict-JSON violations in a correctly signed payload', () => {
    const text = JSON.stringify(revocation);
    for (const payload of [
      text.replace('"version":7', '"version":7,"version":99'),
      text.replace('{', '{"__proto__":{},'),
      text.replace('"version":7', '"version":9007199254740993'),
    ]) {
      expect(
        verifySignedList(
          'revocation',
          forgeList(header(SIGNED_LIST_TYP.revocation), payload),
          rootJwk,
        ),
      ).toMatchObject({
        ok: false,
        error: { code: 'malformed' },
      });
    }
  });

  it('refuses a signed payload that breaks the schema (an unknown member, a bad GTIN)', () => {
    for (const payload of [
      { ...revocation, issuers: [] },
      { ...revocation, lots: [{ gtin: '09506000134353', lot: 'L1' }] },
      { ...revocation, expiresAt: 10 },
    ]) {
      expect(
        verifySignedList(
          'revocation',
          forgeList(header(SIGNED_LIST_TYP.revocation), JSON.stringify(payload)),
          rootJwk,
        ),
      ).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });

  it('refuses padding, a DER signature and a non-canonical last character', () => {
    const jws = signed('refill', refill);
    const [h = '', p = '', s = ''] = jws.split('.');
    expect(verifySignedList('refill', `${h}.${p}.${s}==`, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'malformed' },
    });
    const der = forgeList(header(SIGNED_LIST_TYP.refill), JSON.stringify(refill), root, 'der');
    expect(verifySignedList('refill', der, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'bad_signature' },
    });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet[alphabet.indexOf(s.at(-1) ?? 'A') | 1];
    expect(verifySignedList('refill', `${h}.${p}.${s.slice(0, -1)}${last}`, rootJwk)).toMatchObject(
      {
        ok: false,
        error: { code: 'malformed' },
      },
    );
  });

  it('the signer refuses a payload the kiosks would refuse, and a non-P-256 key', () => {
    expect(signSignedList('revocation', { ...revocation, jtis: [''] }, root)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    const ed = generateKeyPairSync('ed25519').privateKey;
    expect(signSignedList('refill', refill, ed)).toMatchObject({
      ok: false,
      error: { code: 'bad_alg' },
    });
  });

  it('refuses any single-character change to a signed list', () => {
    const jws = signed('revocation', revocation);
    const chars = 'AQgw09-_.=+/ aZ';
    fc.assert(
      fc.property(fc.nat({ max: jws.length - 1 }), fc.constantFrom(...chars), (at, char) => {
        fc.pre(jws[at] !== char);
        const changed = `${jws.slice(0, at)}${char}${jws.slice(at + 1)}`;
        expect(verifySignedList('revocation', changed, rootJwk).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
