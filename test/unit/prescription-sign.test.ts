import { generateKeyPairSync } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildPrescriptionPayload,
  type PrescriptionDraft,
} from '../../main/prescriptions/build-payload';
import { computePatientCheck, matchesPatientCheck } from '../../main/prescriptions/patient-check';
import { MAX_ISSUED_JWS_CHARS, signPrescriptionToken } from '../../main/prescriptions/sign-token';
import type { TokenClaims } from '../../main/prescriptions/token-payload';
import { encodeNumeric } from '../../main/prescriptions/shc-numeric';
import { verifyPrescriptionToken } from '../../main/prescriptions/verify-token';
import {
  ISS,
  KIOSK,
  NOW,
  SITE,
  baseClaims,
  makeIssuer,
  trustFor,
  type TestIssuer,
} from '../fixtures/prescriptions/token-forge';

let issuer: TestIssuer;
let claims: TokenClaims;

beforeAll(() => {
  issuer = makeIssuer();
  claims = baseClaims();
});

const parts = (jws: string) => jws.split('.').map((p) => Buffer.from(p, 'base64url'));

describe('signPrescriptionToken', () => {
  it('makes a compact ES256 JWS with the 3-member header and a raw-DEFLATE payload', () => {
    const jws = signPrescriptionToken({ payload: claims, privateKey: issuer.privateKey });
    if (!jws.ok) throw new Error(jws.error.code);
    const [header, payload, signature] = parts(jws.value);
    expect(JSON.parse(String(header))).toEqual({ alg: 'ES256', zip: 'DEF', kid: issuer.kid });
    expect(JSON.parse(String(inflateRawSync(payload!)))).toEqual(claims);
    expect(signature).toHaveLength(64);
    expect(jws.value).not.toContain('=');
  });

  it('round-trips through shc:/ and the verifier', () => {
    const jws = signPrescriptionToken({ payload: claims, privateKey: issuer.privateKey });
    if (!jws.ok) throw new Error(jws.error.code);
    const qr = encodeNumeric(jws.value);
    if (!qr.ok) throw new Error('encode');
    const result = verifyPrescriptionToken({
      qrText: qr.value,
      trust: trustFor([{ iss: ISS, issuer }]),
      now: NOW,
      kioskId: KIOSK,
      siteId: SITE,
    });
    expect(result.ok && result.value.jti).toBe(claims.jti);
  });

  it('accepts the private key as a JWK', () => {
    const jwk = issuer.privateKey.export({ format: 'jwk' });
    const jws = signPrescriptionToken({ payload: claims, privateKey: jwk });
    expect(jws.ok && JSON.parse(String(parts(jws.value)[0])).kid).toBe(issuer.kid);
  });

  it('refuses a JWS over 1,195 characters', () => {
    const big = JSON.parse(JSON.stringify(claims)) as TokenClaims;
    const entry = big.vc.credentialSubject.fhirBundle.entry[1]!.resource as Record<string, unknown>;
    // Random text does not compress, so the JWS grows past one V22-L QR.
    entry.note = [
      { text: Buffer.from(crypto.getRandomValues(new Uint8Array(300))).toString('base64') },
    ];
    const jws = signPrescriptionToken({ payload: big, privateKey: issuer.privateKey });
    expect(jws.ok).toBe(false);
    if (!jws.ok && jws.error.code === 'too_large') {
      expect(jws.error.max).toBe(MAX_ISSUED_JWS_CHARS);
      expect(jws.error.length).toBeGreaterThan(MAX_ISSUED_JWS_CHARS);
    } else {
      throw new Error('expected too_large');
    }
  });

  it('refuses a non-P-256 or public key, and a payload the verifier would call malformed', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(signPrescriptionToken({ payload: claims, privateKey: rsa })).toMatchObject({
      ok: false,
      error: { code: 'bad_key' },
    });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(signPrescriptionToken({ payload: claims, privateKey: p384 }).ok).toBe(false);
    expect(
      signPrescriptionToken({
        payload: claims,
        privateKey: { kty: 'EC', crv: 'P-256', x: issuer.jwk.x, y: issuer.jwk.y },
      }).ok,
    ).toBe(false);
    const noJti = { ...claims, jti: 'not-a-uuid' };
    expect(signPrescriptionToken({ payload: noJti, privateKey: issuer.privateKey })).toMatchObject({
      ok: false,
      error: { code: 'bad_payload' },
    });
  });
});

describe('buildPrescriptionPayload', () => {
  const draft: PrescriptionDraft = {
    issuer: ISS,
    patient: { initials: 'MK', birthDate: '1980-02-29', pin: '001234' },
    medication: {
      display: 'Metformin 500 mg tablets',
      gtin: '09506000134352',
      codings: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '861007' }],
    },
    dose: 'One tablet twice a day with food',
    packsPerFill: 1,
    fills: 3,
    expectedSupplyDays: 30,
    dispenseIntervalDays: 25,
    validity: { start: '2026-03-01', end: '2026-12-31' },
    binding: { siteIds: [SITE] },
    vitals: { bpSystolicMax: 170 },
    prescriber: { display: 'Dr. Test', identifier: { system: 'urn:npi', value: '42' } },
  };

  it('builds claims the verifier turns back into the same prescription', () => {
    const built = buildPrescriptionPayload(draft, NOW);
    if (!built.ok) throw new Error(built.error.issues.join());
    // This draft fills every optional field, which takes it past one V22-L QR; the verifier
    // accepts up to 2,045 characters, and the mapping is what this test is about.
    const jws = signPrescriptionToken({
      payload: built.value,
      privateKey: issuer.privateKey,
      maxLength: 2045,
    });
    if (!jws.ok) throw new Error(jws.error.code);
    const qr = encodeNumeric(jws.value);
    const result = verifyPrescriptionToken({
      qrText: qr.ok ? qr.value : '',
      trust: trustFor([{ iss: ISS, issuer }]),
      now: NOW,
      kioskId: 'any',
      siteId: SITE,
    });
    if (!result.ok) throw new Error(`${result.error.reason} ${result.error.detail}`);
    expect(result.value).toMatchObject({
      iss: ISS,
      nbf: Math.floor(NOW / 1000),
      patient: { initials: 'MK', birthDate: '1980-02-29' },
      medication: {
        display: 'Metformin 500 mg tablets',
        gtins: ['09506000134352'],
        codings: [
          { system: 'http://www.gs1.org/gtin', code: '09506000134352' },
          { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '861007' },
        ],
      },
      packsPerFill: 1,
      fillsAllowed: 3,
      expectedSupplyDays: 30,
      dispenseIntervalDays: 25,
      kioskBinding: { kioskIds: [], siteIds: [SITE] },
      vitals: { bpSystolicMax: 170 },
      prescriber: { display: 'Dr. Test', identifier: { system: 'urn:npi', value: '42' } },
    });
    expect(result.value.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(matchesPatientCheck(result.value.patient.check ?? '', '1980-02-29', '001234')).toBe(
      true,
    );
    expect(matchesPatientCheck(result.value.patient.check ?? '', '1980-02-29', '001235')).toBe(
      false,
    );
  });

  it('never writes the PIN into the token', () => {
    const built = buildPrescriptionPayload(
      { ...draft, patient: { ...draft.patient, pin: '987123' } },
      NOW,
    );
    expect(built.ok && JSON.stringify(built.value)).not.toContain('987123');
  });

  it('gives a fresh jti each time', () => {
    const a = buildPrescriptionPayload(draft, NOW);
    const b = buildPrescriptionPayload(draft, NOW);
    expect(a.ok && b.ok && a.value.jti !== b.value.jti).toBe(true);
  });

  it.each([
    ['a 4-digit PIN', { patient: { birthDate: '1980-02-29', pin: '1234' } }, 'patient.pin'],
    [
      'an impossible birth date',
      { patient: { birthDate: '1981-02-29', pin: '123456' } },
      'patient.birthDate',
    ],
    ['a bad GTIN', { medication: { display: 'x', gtin: '09506000134353' } }, 'medication.gtin'],
    ['no medication code', { medication: { display: 'x' } }, 'medication'],
    ['zero fills', { fills: 0 }, 'fills'],
    ['an issuer with a trailing /', { issuer: `${ISS}/` }, 'issuer'],
    ['an empty binding', { binding: {} }, 'binding'],
  ])('reports %s by field, without the value', (_name, change, field) => {
    const built = buildPrescriptionPayload({ ...draft, ...change } as PrescriptionDraft, NOW);
    expect(built.ok).toBe(false);
    if (!built.ok) {
      expect(built.error.issues.join('\n')).toContain(field);
      expect(built.error.issues.join('\n')).not.toMatch(/1234|1981/);
    }
  });
});

describe('patient check value', () => {
  it('matches the §3 format and a fixed vector', () => {
    const salt = new Uint8Array(16).fill(7);
    const value = computePatientCheck('1960-05-14', '246810', salt);
    expect(value).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(value.split('$')[4]).toBe(Buffer.from(salt).toString('base64url'));
    expect(computePatientCheck('1960-05-14', '246810', salt)).toBe(value);
    expect(matchesPatientCheck(value, '1960-05-14', '246810')).toBe(true);
    expect(matchesPatientCheck(value, '1960-05-15', '246810')).toBe(false);
    expect(matchesPatientCheck('scrypt$14$8$1$x$y', '1960-05-14', '246810')).toBe(false);
  });
});
