import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNumeric } from '../../main/prescriptions/shc-numeric';
import { signPrescriptionToken } from '../../main/prescriptions/sign-token';
import { verifyPrescriptionToken } from '../../main/prescriptions/verify-token';
import {
  ISS,
  KIOSK,
  NOW,
  SITE,
  baseClaims,
  makeIssuer,
  trustFor,
} from '../fixtures/prescriptions/token-forge';

describe('tamper resistance', () => {
  const issuer = makeIssuer();
  const trust = trustFor([{ iss: ISS, issuer }]);
  const signed = signPrescriptionToken({ payload: baseClaims(), privateKey: issuer.privateKey });
  if (!signed.ok) throw new Error(signed.error.code);
  const encoded = encodeNumeric(signed.value);
  if (!encoded.ok) throw new Error('encode');
  const qrText = encoded.value;
  const verify = (text: string) =>
    verifyPrescriptionToken({ qrText: text, trust, now: NOW, kioskId: KIOSK, siteId: SITE });

  it('accepts the untouched token', () => {
    expect(verify(qrText).ok).toBe(true);
  });

  it('refuses any single-character change to the shc:/ text', () => {
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz:/-_ .=+ABCDEFXYZ';
    fc.assert(
      fc.property(fc.nat({ max: qrText.length - 1 }), fc.constantFrom(...alphabet), (at, char) => {
        fc.pre(qrText[at] !== char);
        const changed = `${qrText.slice(0, at)}${char}${qrText.slice(at + 1)}`;
        expect(verify(changed).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses every change of one digit to another, at every position of the signature', () => {
    // The signature's last characters are where a lax base64url decoder lets edits through.
    const sigStart = qrText.length - 86 * 2;
    for (let at = sigStart; at < qrText.length; at++) {
      for (const digit of '0123456789') {
        if (qrText[at] === digit) continue;
        const changed = `${qrText.slice(0, at)}${digit}${qrText.slice(at + 1)}`;
        expect(verify(changed).ok, `position ${at} → ${digit}`).toBe(false);
      }
    }
  });
});
