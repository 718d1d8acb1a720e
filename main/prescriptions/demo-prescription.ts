import type { KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../contracts/result';
import { buildPrescriptionPayload } from './build-payload';
import type { ReasonCode } from './reasons';
import { SHC_PREFIX, encodeNumeric } from './shc-numeric';
import { kidOfKey, signPrescriptionToken } from './sign-token';

/**
 * The demo prescriptions the kiosk's first start prints (DESIGN §8 "Demo"), so a newcomer can scan
 * something with no hub: one that is accepted, and one whose signature was tampered with.
 * Everything here is fictitious test data; the demo patient's birth date and PIN are published on
 * purpose so the identity step can be tried.
 */

export const DEMO_ISSUER_URL = 'https://demo.opendispense.org';

/**
 * Fictitious patient for the demo; do not reuse these values for anything real. No initials: the
 * demo token has to fit one version-22 QR (1,195 characters) with room for longer kiosk ids.
 */
export const DEMO_PATIENT = { birthDate: '1960-05-14', pin: '246810' } as const;

export const DEMO_MEDICATION = {
  display: 'Amlodipine 5 mg tablets',
  /** The GTIN of the demo stock (scanner.md §5 example 1). */
  gtin: '09506000134352',
  dose: 'Take one tablet each morning',
  packsPerFill: 2,
  fills: 2,
  expectedSupplyDays: 28,
} as const;

/** The demo's vitals prescription: blood pressure under these limits or nothing is given. */
// One limit only: the token must stay within one QR (1,195 characters).
export const DEMO_VITALS_LIMITS = { bpSystolicMax: 160 } as const;

export type DemoPrescriptionName = 'valid' | 'bad-signature' | 'with-vitals';

export interface DemoPrescription {
  readonly name: DemoPrescriptionName;
  /** One line for the operator: what scanning it should do. */
  readonly description: string;
  /** `accepted`, or the reason code the kiosk must answer with. */
  readonly expected: 'accepted' | ReasonCode;
  readonly jti: string;
  readonly jws: string;
  /** `shc:/` + digits: what the QR holds and what `npm run sim -- scan` takes. */
  readonly qrText: string;
}

export interface DemoPrescriptionInput {
  readonly issuerKey: KeyObject;
  /** Default: the thumbprint of `issuerKey`. */
  readonly kid?: string;
  /** Default DEMO_ISSUER_URL; must be the `iss` the kiosk's trust list has for the key. */
  readonly issuer?: string;
  readonly kioskId: string;
  readonly siteId: string;
  /** Epoch ms; default Date.now(). */
  readonly now?: number;
  /** How long the demo prescriptions stay valid. Default 180 days. */
  readonly validDays?: number;
}

const DAY_MS = 86_400_000;
const isoDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/**
 * One character of the signature's R half replaced by its neighbour in the base64url alphabet.
 * Position 10 is inside R but below its top 32 bits, so R stays in range, the string stays
 * canonical, and the token still decodes: only the signature check can refuse it.
 */
export function tamperSignature(jws: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const at = jws.lastIndexOf('.') + 1 + 10;
  const current = alphabet.indexOf(jws.charAt(at));
  const replacement = alphabet.charAt((current + 1) % alphabet.length);
  return `${jws.slice(0, at)}${replacement}${jws.slice(at + 1)}`;
}

export function makeDemoPrescriptions(
  input: DemoPrescriptionInput,
): Result<DemoPrescription[], string> {
  const now = input.now ?? Date.now();
  const kid = input.kid ?? kidOfKey(input.issuerKey);
  // Start a day early so a kiosk in any time zone is already inside the validity dates.
  const validity = {
    start: isoDate(now - DAY_MS),
    end: isoDate(now + (input.validDays ?? 180) * DAY_MS),
  };

  const issue = (
    vitals?: typeof DEMO_VITALS_LIMITS,
  ): Result<{ jti: string; jws: string }, string> => {
    const payload = buildPrescriptionPayload(
      {
        issuer: input.issuer ?? DEMO_ISSUER_URL,
        // A minute back so a kiosk clock slightly behind this machine's accepts it at once.
        notBefore: Math.floor(now / 1000) - 60,
        patient: DEMO_PATIENT,
        medication: {
          display: DEMO_MEDICATION.display,
          gtin: DEMO_MEDICATION.gtin,
        },
        ...(vitals && { vitals }),
        dose: DEMO_MEDICATION.dose,
        packsPerFill: DEMO_MEDICATION.packsPerFill,
        fills: DEMO_MEDICATION.fills,
        expectedSupplyDays: DEMO_MEDICATION.expectedSupplyDays,
        validity,
        // The vitals one is not bound to a kiosk: its limits take the room of the binding in
        // the one QR a token must fit.
        ...(!vitals && { binding: { kioskIds: [input.kioskId], siteIds: [input.siteId] } }),
        prescriber: { display: 'Demo Pharmacist' },
      },
      now,
    );
    if (!payload.ok) return err(`demo payload: ${payload.error.issues.join('; ')}`);
    const jws = signPrescriptionToken({ payload: payload.value, privateKey: input.issuerKey, kid });
    if (!jws.ok) {
      const e = jws.error;
      return err(
        e.code === 'too_large'
          ? `demo token is ${e.length} characters (max ${e.max} for one QR): use shorter kiosk and site ids`
          : `demo token: ${e.detail}`,
      );
    }
    return ok({ jti: payload.value.jti, jws: jws.value });
  };

  const valid = issue();
  if (!valid.ok) return valid;
  const tampered = issue();
  if (!tampered.ok) return tampered;
  const badJws = tamperSignature(tampered.value.jws);
  const withVitals = issue(DEMO_VITALS_LIMITS);
  if (!withVitals.ok) return withVitals;

  const out: DemoPrescription[] = [];
  for (const [name, description, expected, jti, jws] of [
    [
      'valid',
      `${DEMO_MEDICATION.display}, ${DEMO_MEDICATION.packsPerFill} packs per fill, ${DEMO_MEDICATION.fills} fills: accepted`,
      'accepted',
      valid.value.jti,
      valid.value.jws,
    ],
    [
      'bad-signature',
      'the same prescription with one signature character changed: refused (bad_signature)',
      'bad_signature',
      tampered.value.jti,
      badJws,
    ],
    [
      'with-vitals',
      `${DEMO_MEDICATION.display} needing a systolic blood pressure up to ${DEMO_VITALS_LIMITS.bpSystolicMax}: measured with the cuff, then accepted or referred`,
      'accepted',
      withVitals.value.jti,
      withVitals.value.jws,
    ],
  ] as const) {
    const qrText = encodeNumeric(jws, SHC_PREFIX);
    if (!qrText.ok) return err(`demo ${name}: cannot encode as shc:/`);
    out.push({ name, description, expected, jti, jws, qrText: qrText.value });
  }
  return ok(out);
}
