import { describe, expect, it } from 'vitest';
import { inspectToken, maskPatientFields, MASKED } from '../../main/prescriptions/inspect-token';
import { signPrescriptionToken } from '../../main/prescriptions/sign-token';
import { encodeNumeric } from '../../main/prescriptions/shc-numeric';
import { baseClaims, forgeJws, makeIssuer, toQr } from '../fixtures/prescriptions/token-forge';

const issuer = makeIssuer();
const claims = baseClaims();
const signed = signPrescriptionToken({ payload: claims, privateKey: issuer.privateKey });
if (!signed.ok) throw new Error(signed.error.code);
const jws = signed.value;
const qr = encodeNumeric(jws);
if (!qr.ok) throw new Error('encode');

describe('inspectToken (no trust)', () => {
  it('decodes the shc:/ form: sizes, QR version, header, payload with the patient masked', () => {
    const seen = inspectToken(qr.value);
    expect(seen).toMatchObject({
      form: 'shc',
      qrTextChars: qr.value.length,
      jwsChars: jws.length,
      withinIssuerLimit: true,
      signatureBytes: 64,
      header: { alg: 'ES256', zip: 'DEF', kid: issuer.kid },
      problems: [],
    });
    expect(seen.qrVersion).toBeGreaterThan(10);
    expect(seen.qrVersion).toBeLessThanOrEqual(22);
    const text = JSON.stringify(seen);
    expect(text).toContain(claims.jti);
    expect(text).not.toContain('1971-08-30');
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain('"JD"');
    expect(text).toContain(MASKED);
  });

  it('decodes a bare JWS the same way', () => {
    expect(inspectToken(`  ${jws}\n`)).toMatchObject({
      form: 'jws',
      jwsChars: jws.length,
      problems: [],
    });
  });

  it('says where decoding stopped', () => {
    expect(inspectToken('shc:/123').problems).toEqual(['shc:/ text: an odd number of digits (3)']);
    expect(inspectToken('a.b').problems).toEqual(['JWS has 2 parts, not 3']);
    const zlib = forgeJws(issuer, claims, { payloadBytes: Buffer.from('not deflate') });
    expect(inspectToken(toQr(zlib)).problems).toEqual(['payload: DEFLATE corrupt']);
    const der = forgeJws(issuer, claims, { dsaEncoding: 'der' });
    expect(inspectToken(der).signatureBytes).toBeGreaterThan(64);
  });

  it('masks every Patient resource, wherever it is', () => {
    expect(
      maskPatientFields({
        a: [{ resourceType: 'Patient', birthDate: '2000-01-01', name: [{ text: 'X' }] }],
        resourceType: 'Organization',
        name: 'kept',
      }),
    ).toEqual({
      a: [{ resourceType: 'Patient', birthDate: MASKED, name: MASKED }],
      resourceType: 'Organization',
      name: 'kept',
    });
  });
});
