import { createHmac } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prescription } from '../../main/prescriptions/prescription';
import type { Refusal } from '../../main/prescriptions/reasons';
import type { TokenClaims } from '../../main/prescriptions/token-payload';
import { createTrustList, type TrustList } from '../../main/prescriptions/trust';
import {
  verifyPrescriptionToken,
  type VerifyTokenInput,
} from '../../main/prescriptions/verify-token';
import {
  ISS,
  KIOSK,
  NOW,
  NOW_S,
  SITE,
  b64,
  baseClaims,
  editable,
  forgeJws,
  makeIssuer,
  rawDeflate,
  toQr,
  trustFor,
  zlibDeflate,
  type TestIssuer,
} from '../fixtures/prescriptions/token-forge';

let issuer: TestIssuer;
let trust: TrustList;
let claims: TokenClaims;

beforeAll(() => {
  issuer = makeIssuer();
  trust = trustFor([{ iss: ISS, issuer }]);
  claims = baseClaims();
});

function verify(qrText: string, overrides: Partial<VerifyTokenInput> = {}) {
  return verifyPrescriptionToken({
    qrText,
    trust,
    now: NOW,
    kioskId: KIOSK,
    siteId: SITE,
    timeZone: 'UTC',
    ...overrides,
  });
}

function refused(qrText: string, overrides: Partial<VerifyTokenInput> = {}): Refusal {
  const result = verify(qrText, overrides);
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const valid = (): string => toQr(forgeJws(issuer, claims));
const withClaims = (edit: (c: ReturnType<typeof editable>) => void): string => {
  const c = editable(claims);
  edit(c);
  return toQr(forgeJws(issuer, c));
};
const mr = (c: ReturnType<typeof editable>): Record<string, unknown> =>
  c.vc.credentialSubject.fhirBundle.entry[1]?.resource as Record<string, unknown>;
const withHeader = (header: string): string => toQr(forgeJws(issuer, claims, { header }));

describe('verifyPrescriptionToken: accepts', () => {
  it('a valid token and returns the typed prescription', () => {
    const result = verify(valid());
    if (!result.ok) throw new Error(`${result.error.reason}: ${result.error.detail}`);
    const rx: Prescription = result.value;
    expect(rx).toMatchObject({
      jti: claims.jti,
      iss: ISS,
      kid: issuer.kid,
      nbf: NOW_S - 3600,
      patient: { initials: 'JD', birthDate: '1971-08-30' },
      medication: {
        display: 'Amlodipine 5 mg tablets',
        codings: [{ system: 'http://www.gs1.org/gtin', code: '09506000134352' }],
        gtins: ['09506000134352'],
      },
      dose: 'Take one tablet each morning',
      packsPerFill: 2,
      fillsAllowed: 2,
      expectedSupplyDays: 30,
      dispenseIntervalDays: 24,
      validity: { start: '2026-03-01', end: '2026-06-30' },
      kioskBinding: { kioskIds: [KIOSK], siteIds: [SITE] },
      prescriber: { display: 'Dr. Test' },
    });
    expect(rx.patient.check).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(rx.vitals).toBeUndefined();
  });

  it('a binding that names only this site, or no binding at all', () => {
    expect(verify(valid(), { kioskId: 'other-kiosk' }).ok).toBe(true);
    const unbound = toQr(forgeJws(issuer, baseClaims({ binding: false })));
    expect(verify(unbound, { kioskId: 'x', siteId: 'y' }).ok).toBe(true);
  });

  it('nbf up to 5 minutes ahead of the kiosk clock', () => {
    const qr = withClaims((c) => (c.nbf = NOW_S + 300));
    expect(verify(qr).ok).toBe(true);
  });

  it('an explicit dispenseInterval and the vitals extension', () => {
    const qr = withClaims((c) => {
      const m = mr(c);
      (m.dispenseRequest as Record<string, unknown>).dispenseInterval = { value: 2, code: 'wk' };
      m.extension = [
        {
          url: 'urn:opendispense:vitals',
          extension: [
            { url: 'bpSystolicMax', valueInteger: 160 },
            { url: 'spo2Min', valueInteger: 92 },
          ],
        },
      ];
    });
    const result = verify(qr);
    expect(result.ok && result.value.dispenseIntervalDays).toBe(14);
    expect(result.ok && result.value.vitals).toEqual({ bpSystolicMax: 160, spo2Min: 92 });
  });
});

describe('verifyPrescriptionToken: one reason code per refusal', () => {
  it.each([
    ['odd digit count', (qr: string) => qr.slice(0, -1)],
    ['digit pair 78', (qr: string) => `shc:/78${qr.slice(7)}`],
    ['a non-digit', (qr: string) => `${qr.slice(0, 20)}a${qr.slice(21)}`],
    ['a chunked shc:/1/2/ text', (qr: string) => `shc:/1/2/${qr.slice(5)}`],
    ['a wrong prefix', (qr: string) => `SHC:/${qr.slice(5)}`],
  ])('malformed: %s', (_name, mutate) => {
    expect(refused(mutate(valid())).reason).toBe('malformed');
  });

  it('too_large: QR text over 4,095 characters', () => {
    expect(refused(`shc:/${'56'.repeat(2046)}`).reason).toBe('too_large');
  });

  it('too_large: a header over 256 bytes', () => {
    const header = JSON.stringify({
      alg: 'ES256',
      zip: 'DEF',
      kid: issuer.kid,
      x: 'a'.repeat(200),
    });
    expect(refused(withHeader(header)).reason).toBe('too_large');
  });

  it('malformed: JWS with 2 or 4 parts', () => {
    const jws = forgeJws(issuer, claims);
    expect(refused(toQr(jws.split('.').slice(0, 2).join('.'))).reason).toBe('malformed');
    expect(refused(toQr(`${jws}.${jws.split('.')[2]}`)).reason).toBe('malformed');
  });

  it('malformed: padded base64url', () => {
    const qr = toQr(forgeJws(issuer, claims, { mapParts: ([h, p, s]) => [h, p, `${s}==`] }));
    expect(refused(qr)).toEqual({
      reason: 'malformed',
      detail: expect.stringContaining('padding'),
    });
  });

  it('malformed: a standard-base64 "/" character (a "+" cannot even be written as shc:/ digits)', () => {
    const qr = toQr(
      forgeJws(issuer, claims, { mapParts: ([h, p, s]) => [h, p, `/${s.slice(1)}`] }),
    );
    expect(refused(qr)).toEqual({
      reason: 'malformed',
      detail: expect.stringContaining('alphabet'),
    });
  });

  it('malformed: a non-canonical last base64url character', () => {
    // 64 bytes → 86 chars, 4 spare bits in the last one: "A"→"B" sets a spare bit only.
    const qr = toQr(
      forgeJws(issuer, claims, {
        mapParts: ([h, p, s]) => {
          const last = s.at(-1) ?? 'A';
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
          const bumped = alphabet[alphabet.indexOf(last) + 1] ?? 'B';
          return [h, p, `${s.slice(0, -1)}${bumped}`];
        },
      }),
    );
    expect(refused(qr)).toEqual({
      reason: 'malformed',
      detail: expect.stringContaining('non-canonical'),
    });
  });

  it('bad_alg: alg none with an empty signature', () => {
    const header = b64(JSON.stringify({ alg: 'none', zip: 'DEF', kid: issuer.kid }));
    const payload = b64(rawDeflate(JSON.stringify(claims)));
    expect(refused(toQr(`${header}.${payload}.`)).reason).toBe('bad_alg');
  });

  it('bad_alg: HS256 keyed with the public key (algorithm confusion)', () => {
    const header = b64(JSON.stringify({ alg: 'HS256', zip: 'DEF', kid: issuer.kid }));
    const payload = b64(rawDeflate(JSON.stringify(claims)));
    const mac = createHmac('sha256', JSON.stringify(issuer.jwk))
      .update(`${header}.${payload}`)
      .digest();
    expect(refused(toQr(`${header}.${payload}.${b64(mac)}`)).reason).toBe('bad_alg');
  });

  it.each([
    ['an extra member', { alg: 'ES256', zip: 'DEF', kid: 'K', typ: 'JWT' }],
    ['jku', { alg: 'ES256', zip: 'DEF', kid: 'K', jku: 'https://evil.example/keys' }],
    ['crit', { alg: 'ES256', zip: 'DEF', kid: 'K', crit: ['b64'] }],
    ['no zip', { alg: 'ES256', kid: 'K' }],
    ['zip other than DEF', { alg: 'ES256', zip: 'GZIP', kid: 'K' }],
    ['no kid', { alg: 'ES256', zip: 'DEF' }],
    ['a numeric kid', { alg: 'ES256', zip: 'DEF', kid: 7 }],
    ['RS256', { alg: 'RS256', zip: 'DEF', kid: 'K' }],
    ['es256 in lower case', { alg: 'es256', zip: 'DEF', kid: 'K' }],
  ])('bad_alg: header with %s', (_name, header) => {
    const text = JSON.stringify(header).replace('"K"', JSON.stringify(issuer.kid));
    expect(refused(withHeader(text)).reason).toBe('bad_alg');
  });

  it('bad_alg: a duplicated header member', () => {
    const text = `{"alg":"ES256","zip":"DEF","kid":"${issuer.kid}","alg":"ES256"}`;
    expect(refused(withHeader(text)).reason).toBe('bad_alg');
  });

  it('malformed: a header that is not a JSON object', () => {
    expect(refused(withHeader('["ES256"]')).reason).toBe('malformed');
    expect(refused(withHeader('{"alg":')).reason).toBe('malformed');
  });

  it('unknown_kid: a key the trust list does not have', () => {
    const stranger = makeIssuer();
    expect(refused(toQr(forgeJws(stranger, claims))).reason).toBe('unknown_kid');
  });

  it('unknown_kid: a kid that only matches the JWK `kid` member, not the thumbprint', () => {
    const t = editable(claims);
    const qr = toQr(
      forgeJws(issuer, t, {
        header: JSON.stringify({ alg: 'ES256', zip: 'DEF', kid: 'my-key-1' }),
      }),
    );
    expect(refused(qr).reason).toBe('unknown_kid');
  });

  it('unknown_kid: the same key listed under two issuers', () => {
    const shared = trustFor([
      { iss: ISS, issuer },
      { iss: 'https://other.example.org', issuer },
    ]);
    expect(refused(valid(), { trust: shared }).reason).toBe('unknown_kid');
  });

  it('bad_signature: signed by another key', () => {
    const qr = toQr(forgeJws(issuer, claims, { signWith: makeIssuer().privateKey }));
    expect(refused(qr).reason).toBe('bad_signature');
  });

  it('bad_signature: a DER signature', () => {
    const qr = toQr(forgeJws(issuer, claims, { dsaEncoding: 'der' }));
    expect(refused(qr)).toEqual({
      reason: 'bad_signature',
      detail: expect.stringContaining('DER'),
    });
  });

  it('bad_signature: R equal to the group order', () => {
    const n = Buffer.from(
      'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
      'hex',
    );
    const qr = toQr(
      forgeJws(issuer, claims, {
        mapParts: ([h, p, s]) => [
          h,
          p,
          b64(Buffer.concat([n, Buffer.from(s, 'base64url').subarray(32)])),
        ],
      }),
    );
    expect(refused(qr)).toEqual({
      reason: 'bad_signature',
      detail: expect.stringContaining('range'),
    });
  });

  it('bad_signature: the payload changed after signing', () => {
    const jws = forgeJws(issuer, claims).split('.');
    const other = b64(rawDeflate(JSON.stringify({ ...claims, jti: crypto.randomUUID() })));
    expect(refused(toQr(`${jws[0]}.${other}.${jws[2]}`)).reason).toBe('bad_signature');
  });

  it('malformed: a zlib-wrapped payload', () => {
    const qr = toQr(
      forgeJws(issuer, claims, { payloadBytes: zlibDeflate(JSON.stringify(claims)) }),
    );
    expect(refused(qr)).toEqual({ reason: 'malformed', detail: 'payload is not raw DEFLATE' });
  });

  it('malformed: bytes after the DEFLATE end block', () => {
    const bytes = Buffer.concat([rawDeflate(JSON.stringify(claims)), Buffer.from([0, 1, 2])]);
    const qr = toQr(forgeJws(issuer, claims, { payloadBytes: bytes }));
    expect(refused(qr)).toEqual({
      reason: 'malformed',
      detail: expect.stringContaining('after the DEFLATE end block'),
    });
  });

  it('too_large: a deflate bomb past 64 KiB', () => {
    const bomb = deflateRawSync(Buffer.alloc(1 << 20), { level: 9 });
    const qr = toQr(forgeJws(issuer, claims, { payloadBytes: bomb }));
    expect(qr.length).toBeLessThanOrEqual(4095);
    expect(refused(qr).reason).toBe('too_large');
  });

  it('too_large: a payload that inflates more than 100:1 while under 64 KiB', () => {
    const bomb = deflateRawSync(Buffer.alloc(60_000, 0x20), { level: 9 });
    expect(bomb.length * 100).toBeLessThan(60_000);
    expect(refused(toQr(forgeJws(issuer, claims, { payloadBytes: bomb }))).reason).toBe(
      'too_large',
    );
  });

  it('too_large: a 10 MB bomb does not even fit the size caps', () => {
    const bomb = deflateRawSync(Buffer.alloc(10 << 20), { level: 9 });
    expect(refused(toQr(forgeJws(issuer, claims, { payloadBytes: bomb }))).reason).toBe(
      'too_large',
    );
  });

  it.each([
    [
      'a duplicate key',
      (json: string) => json.replace('{"iss":', '{"iss":"https://x.example","iss":'),
    ],
    [
      'a __proto__ key',
      (json: string) => json.replace('{"iss":', '{"__proto__":{"admin":true},"iss":'),
    ],
    ['a constructor key', (json: string) => json.replace('{"iss":', '{"constructor":1,"iss":')],
    ['an unsafe integer', (json: string) => json.replace(/"nbf":\d+/, '"nbf":9007199254740993')],
    [
      'nesting deeper than 32',
      (json: string) => json.replace('{"iss":', `{"x":${'['.repeat(40)}${']'.repeat(40)},"iss":`),
    ],
    ['trailing text', (json: string) => `${json} x`],
  ])('malformed: payload JSON with %s', (_name, mutate) => {
    const bytes = rawDeflate(mutate(JSON.stringify(claims)));
    expect(refused(toQr(forgeJws(issuer, claims, { payloadBytes: bytes }))).reason).toBe(
      'malformed',
    );
  });

  it('malformed: invalid UTF-8 in the payload', () => {
    const json = Buffer.from(JSON.stringify(claims), 'utf8');
    const at = json.indexOf('Take');
    json[at] = 0xc3; // a lead byte followed by ASCII
    const qr = toQr(forgeJws(issuer, claims, { payloadBytes: deflateRawSync(json) }));
    expect(refused(qr).reason).toBe('malformed');
  });

  it.each([
    ['no jti', (c: ReturnType<typeof editable>) => delete (c as Partial<TokenClaims>).jti],
    ['a health-card type missing', (c: ReturnType<typeof editable>) => (c.vc.type = ['x'])],
    ['an issuer with a trailing /', (c: ReturnType<typeof editable>) => (c.iss = `${ISS}/`)],
    [
      'a MedicationRequest that is not active',
      (c: ReturnType<typeof editable>) => (mr(c).status = 'stopped'),
    ],
    [
      'quantity not in packs',
      (c: ReturnType<typeof editable>) => {
        (mr(c).dispenseRequest as Record<string, unknown>).quantity = { value: 30, unit: 'tablet' };
      },
    ],
    ['no dosage text', (c: ReturnType<typeof editable>) => (mr(c).dosageInstruction = [])],
    [
      'a bad GTIN check digit',
      (c: ReturnType<typeof editable>) => {
        (mr(c).medicationCodeableConcept as { coding: { code: string }[] }).coding[0]!.code =
          '09506000134353';
      },
    ],
    [
      'an unresolvable subject',
      (c: ReturnType<typeof editable>) => (mr(c).subject = { reference: 'resource:9' }),
    ],
    [
      'an unresolvable performer',
      (c: ReturnType<typeof editable>) => {
        (mr(c).dispenseRequest as Record<string, unknown>).performer = { reference: '#nope' };
      },
    ],
    [
      'no MedicationRequest',
      (c: ReturnType<typeof editable>) => c.vc.credentialSubject.fhirBundle.entry.pop(),
    ],
    [
      'a modifierExtension',
      (c: ReturnType<typeof editable>) => (mr(c).modifierExtension = [{ url: 'x' }]),
    ],
    [
      'an unknown vitals limit',
      (c: ReturnType<typeof editable>) => {
        mr(c).extension = [
          { url: 'urn:opendispense:vitals', extension: [{ url: 'hr', valueInteger: 1 }] },
        ];
      },
    ],
    [
      'a validity end before its start',
      (c: ReturnType<typeof editable>) => {
        (mr(c).dispenseRequest as { validityPeriod: object }).validityPeriod = {
          start: '2026-03-02',
          end: '2026-03-01',
        };
      },
    ],
    [
      'a month-only validity date',
      (c: ReturnType<typeof editable>) => {
        (mr(c).dispenseRequest as { validityPeriod: object }).validityPeriod = {
          start: '2026-03',
          end: '2026-06-30',
        };
      },
    ],
  ])('malformed: claims with %s', (_name, edit) => {
    expect(refused(withClaims(edit)).reason).toBe('malformed');
  });

  it('wrong_issuer: iss is not the issuer that owns the kid', () => {
    expect(refused(withClaims((c) => (c.iss = 'https://evil.example.org'))).reason).toBe(
      'wrong_issuer',
    );
  });

  it('key_not_valid: the key was not yet, or no longer, valid at nbf', () => {
    const later = trustFor([{ iss: ISS, issuer, notBefore: NOW_S }]);
    expect(refused(valid(), { trust: later }).reason).toBe('key_not_valid');
    const retired = trustFor([
      { iss: ISS, issuer, notBefore: NOW_S - 86_400 * 400, notAfter: NOW_S - 86_400 },
    ]);
    expect(refused(valid(), { trust: retired }).reason).toBe('key_not_valid');
  });

  it('not_yet_valid: nbf beyond the 5-minute skew', () => {
    expect(refused(withClaims((c) => (c.nbf = NOW_S + 301))).reason).toBe('not_yet_valid');
  });

  it('expired: exp has passed (and exp itself is already too late)', () => {
    expect(refused(withClaims((c) => (c.exp = NOW_S - 1))).reason).toBe('expired');
    expect(refused(withClaims((c) => (c.exp = NOW_S))).reason).toBe('expired');
    expect(verify(withClaims((c) => (c.exp = NOW_S + 1))).ok).toBe(true);
  });

  it('validity dates cover whole days in the kiosk time zone', () => {
    const qr = withClaims((c) => {
      (mr(c).dispenseRequest as { validityPeriod: object }).validityPeriod = {
        start: '2026-03-11',
        end: '2026-03-11',
      };
    });
    const auckland = { timeZone: 'Pacific/Auckland' }; // UTC+13 in March
    expect(verify(qr, { ...auckland, now: Date.UTC(2026, 2, 10, 10, 59, 59) }).ok).toBe(false);
    expect(verify(qr, { ...auckland, now: Date.UTC(2026, 2, 10, 11, 0, 0) }).ok).toBe(true);
    expect(verify(qr, { ...auckland, now: Date.UTC(2026, 2, 11, 10, 59, 59) }).ok).toBe(true);
    expect(refused(qr, { ...auckland, now: Date.UTC(2026, 2, 11, 11, 0, 0) }).reason).toBe(
      'expired',
    );
    expect(refused(qr, { timeZone: 'UTC', now: Date.UTC(2026, 2, 10, 23, 59, 59) }).reason).toBe(
      'not_yet_valid',
    );
  });

  it('validity dateTimes are instants', () => {
    const qr = withClaims((c) => {
      (mr(c).dispenseRequest as { validityPeriod: object }).validityPeriod = {
        start: '2026-03-10T11:00:00Z',
        end: '2026-03-10T13:00:00+01:00',
      };
    });
    expect(verify(qr, { now: Date.UTC(2026, 2, 10, 12, 0, 0) }).ok).toBe(true);
    expect(refused(qr, { now: Date.UTC(2026, 2, 10, 12, 0, 1) }).reason).toBe('expired');
    expect(refused(qr, { now: Date.UTC(2026, 2, 10, 10, 59, 59) }).reason).toBe('not_yet_valid');
  });

  it('wrong_kiosk: bound to another kiosk and site', () => {
    expect(refused(valid(), { kioskId: 'kiosk-8', siteId: 'site-4' }).reason).toBe('wrong_kiosk');
    // Compared exactly: no case folding, no trimming.
    expect(refused(valid(), { kioskId: KIOSK.toUpperCase(), siteId: ` ${SITE}` }).reason).toBe(
      'wrong_kiosk',
    );
  });

  it('trust_list_stale: the trust list has expired', () => {
    const stale: TrustList = createTrustList({
      version: 1,
      issuedAt: NOW_S - 40 * 86_400,
      expiresAt: NOW_S - 1,
      issuers: [{ iss: ISS, jwk: issuer.jwk, notBefore: NOW_S - 400 * 86_400 }],
    });
    expect(refused(valid(), { trust: stale }).reason).toBe('trust_list_stale');
  });

  it('clock_untrusted: the caller says the clock cannot be trusted', () => {
    expect(refused(valid(), { clock: { trusted: false, detail: 'clock moved back 2 h' } })).toEqual(
      {
        reason: 'clock_untrusted',
        detail: 'clock moved back 2 h',
      },
    );
  });
});

describe('verifyPrescriptionToken: order of the steps', () => {
  it('the first failing step decides', () => {
    // alg none + wrong issuer + expired + wrong kiosk → bad_alg (step 2).
    const c = editable(claims);
    c.iss = 'https://evil.example.org';
    c.exp = NOW_S - 10;
    const none = forgeJws(issuer, c, {
      header: JSON.stringify({ alg: 'none', zip: 'DEF', kid: issuer.kid }),
    });
    expect(refused(toQr(none), { kioskId: 'x', siteId: 'y' }).reason).toBe('bad_alg');
    // wrong issuer + expired + wrong kiosk → wrong_issuer (step 6).
    expect(refused(toQr(forgeJws(issuer, c)), { kioskId: 'x', siteId: 'y' }).reason).toBe(
      'wrong_issuer',
    );
    // expired + wrong kiosk → expired (step 7).
    const expired = withClaims((e) => (e.exp = NOW_S - 10));
    expect(refused(expired, { kioskId: 'x', siteId: 'y' }).reason).toBe('expired');
  });

  it('runs the state checks (steps 8–10) after the time checks and before the binding', () => {
    const seen: string[] = [];
    const revoke = (rx: Prescription) => {
      seen.push(rx.jti);
      return { reason: 'revoked' as const, detail: 'jti on the revocation list' };
    };
    const pass = () => undefined;
    expect(
      refused(valid(), { kioskId: 'x', siteId: 'y', stateChecks: [pass, revoke] }).reason,
    ).toBe('revoked');
    expect(seen).toEqual([claims.jti]);
    const expired = withClaims((e) => (e.exp = NOW_S - 10));
    expect(refused(expired, { stateChecks: [revoke] }).reason).toBe('expired');
    expect(seen).toHaveLength(1);
    expect(verify(valid(), { stateChecks: [pass] }).ok).toBe(true);
  });

  it('never puts token text, the jti or the birth date in a detail', () => {
    const qrs = [
      valid().slice(0, -1),
      withClaims((c) => (c.iss = 'https://evil.example.org')),
      withClaims((c) => (c.exp = NOW_S - 1)),
      withHeader(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid: issuer.kid, typ: 'x' })),
      toQr(forgeJws(issuer, claims, { signWith: makeIssuer().privateKey })),
      toQr(
        forgeJws(issuer, claims, {
          payloadBytes: rawDeflate(JSON.stringify(claims).replace('{', '{"a":1,"a":2,')),
        }),
      ),
    ];
    for (const qr of qrs) {
      const { detail } = refused(qr, { kioskId: 'x', siteId: 'y' });
      expect(detail).not.toContain(claims.jti);
      expect(detail).not.toContain('1971');
      expect(detail).not.toContain(qr.slice(5, 25));
      expect(detail).not.toContain(forgeJws(issuer, claims).slice(0, 20));
    }
  });

  it('throws on an unknown time zone (a configuration bug, not a token problem)', () => {
    expect(() => verify(valid(), { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
