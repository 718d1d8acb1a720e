import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNumeric } from '../../main/prescriptions/shc-numeric';
import { signPrescriptionToken } from '../../main/prescriptions/sign-token';
import { decidePrescription } from '../../main/prescriptions/decide-prescription';
import { emptyRefillList, indexRefillList } from '../../main/prescriptions/refill-list';
import { emptyRevocationList, indexRevocationList } from '../../main/prescriptions/revocation-list';
import { indexTrustList } from '../../main/prescriptions/trust-index';
import {
  verifyPrescriptionJws,
  verifyPrescriptionToken,
} from '../../main/prescriptions/verify-token';
import {
  ISS,
  KIOSK,
  NOW,
  NOW_S,
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

  describe('on the JWS itself', () => {
    const jws = signed.value;
    const lists = {
      trust: indexTrustList(trust),
      revocation: indexRevocationList(emptyRevocationList(1, NOW_S - 86_400, NOW_S + 86_400)),
      refill: indexRefillList(emptyRefillList(1, NOW_S - 86_400, NOW_S + 86_400)),
    };
    const verifyJws = (text: string) =>
      verifyPrescriptionJws({ jws: text, trust, now: NOW, kioskId: KIOSK, siteId: SITE });
    /** The full kiosk decision, when the changed JWS still has a `shc:/` form. */
    const decide = (text: string) => {
      const qr = encodeNumeric(text);
      if (!qr.ok) return undefined;
      return decidePrescription({
        qrText: qr.value,
        lists,
        ledger: { fills: {}, acknowledgedSeq: 0 },
        clockTrust: { trusted: true },
        now: NOW,
        kioskId: KIOSK,
        siteId: SITE,
        timeZone: 'UTC',
        offlineWindowDays: 7,
        lastSuccessfulSync: NOW - 3_600_000,
      });
    };
    const replaceAt = (at: number, char: string) =>
      `${jws.slice(0, at)}${char}${jws.slice(at + 1)}`;

    it('accepts the untouched JWS on both paths', () => {
      expect(verifyJws(jws).ok).toBe(true);
      expect(decide(jws)?.ok).toBe(true);
    });

    it('refuses any single-byte change (any byte value, any position)', () => {
      fc.assert(
        fc.property(
          fc.nat({ max: jws.length - 1 }),
          fc.integer({ min: 0, max: 255 }),
          (at, byte) => {
            fc.pre(jws.charCodeAt(at) !== byte);
            const changed = replaceAt(at, String.fromCharCode(byte));
            expect(verifyJws(changed).ok).toBe(false);
            expect(decide(changed)?.ok ?? false).toBe(false);
          },
        ),
        { numRuns: 3000 },
      );
    });

    it('refuses any single-bit flip of any character', () => {
      fc.assert(
        fc.property(fc.nat({ max: jws.length - 1 }), fc.nat({ max: 7 }), (at, bit) => {
          const changed = replaceAt(at, String.fromCharCode(jws.charCodeAt(at) ^ (1 << bit)));
          expect(verifyJws(changed).ok).toBe(false);
        }),
        { numRuns: 3000 },
      );
    });

    it('refuses, at every position, the neighbouring base64url character', () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      for (let at = 0; at < jws.length; at++) {
        const i = alphabet.indexOf(jws.charAt(at));
        if (i < 0) continue; // the two dots
        const changed = replaceAt(at, alphabet.charAt((i + 1) % alphabet.length));
        expect(verifyJws(changed).ok, `position ${at}`).toBe(false);
      }
    });
  });
});
