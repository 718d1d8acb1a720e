import { randomInt } from 'node:crypto';
import { buildPrescriptionPayload } from '../../main/prescriptions/build-payload';
import { renderTokenQr } from '../../main/prescriptions/qr';
import { encodeNumeric, SHC_PREFIX } from '../../main/prescriptions/shc-numeric';
import { signPrescriptionToken } from '../../main/prescriptions/sign-token';
import { refusal } from '../server/hub-errors';
import type { z } from 'zod';
import type { IssuedPrescription, IssuePrescriptionRequest } from './console-api';
import { recordAudit } from './hub-audit';
import { createShortCode } from './short-codes';
import type { Actor, PharmacyDeps } from './pharmacy-deps';

/**
 * Issue and sign a prescription in the console (issue 7): the same payload builder, signer and QR
 * renderer as `rx sign` and the demo (main/prescriptions), with the hub's issuer key, so a kiosk
 * verifies it exactly as any other token. The hub keeps what it needs to judge fills later (id,
 * medicine, allowance, binding) and never the patient's birth date or PIN. The token itself is kept
 * only behind its short code (short-codes.ts), which a patient types when the QR will not scan.
 */

const DAY_MS = 86_400_000;
const isoDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

type IssueRequest = z.output<typeof IssuePrescriptionRequest>;

export async function issuePrescription(
  deps: PharmacyDeps,
  actor: Actor,
  request: IssueRequest,
): Promise<IssuedPrescription> {
  const now = deps.clock.now();
  await assertBindingExists(deps, request.siteIds, request.kioskIds);

  const generatedPin =
    request.patient.pin === undefined
      ? String(randomInt(0, 1_000_000)).padStart(6, '0')
      : undefined;
  const payload = buildPrescriptionPayload(
    {
      issuer: deps.issuer.iss,
      // A minute back so a kiosk clock slightly behind the hub's accepts it at once.
      notBefore: Math.floor(now / 1000) - 60,
      patient: {
        ...(request.patient.initials && { initials: request.patient.initials }),
        birthDate: request.patient.birthDate,
        pin: request.patient.pin ?? (generatedPin as string),
      },
      medication: { display: request.medication.display, gtin: request.medication.gtin },
      dose: request.dose,
      packsPerFill: request.packsPerFill,
      fills: request.fills,
      expectedSupplyDays: request.expectedSupplyDays,
      // From yesterday, so a kiosk in any time zone is already inside the dates.
      validity: { start: isoDate(now - DAY_MS), end: isoDate(now + request.validDays * DAY_MS) },
      binding: {
        ...(request.siteIds.length > 0 && { siteIds: request.siteIds }),
        ...(request.kioskIds.length > 0 && { kioskIds: request.kioskIds }),
      },
      ...(request.vitals && { vitals: request.vitals }),
      prescriber: { display: actor.displayName },
    },
    now,
  );
  if (!payload.ok) throw refusal('bad_request', payload.error.issues.join('; '));

  const jws = signPrescriptionToken({
    payload: payload.value,
    privateKey: deps.issuer.key.privateKey,
    kid: deps.issuer.key.kid,
  });
  if (!jws.ok) {
    const e = jws.error;
    throw e.code === 'too_large'
      ? refusal(
          'bad_request',
          `the prescription is ${e.length} characters signed, more than one QR code holds (${e.max}): shorten the medicine name or the dose, or name fewer sites`,
        )
      : refusal('bad_request', `the prescription could not be signed: ${e.detail}`);
  }
  const qrText = encodeNumeric(jws.value, SHC_PREFIX);
  if (!qrText.ok) throw new Error('a signed JWS did not encode as shc:/ digits');
  // 4 px per module: a version-22 code is 452 px with its quiet zone, sharp on screen and on paper.
  const qr = await renderTokenQr(qrText.value, { scale: 4 });
  if (!qr.ok) throw refusal('bad_request', `the QR code could not be drawn: ${qr.error.detail}`);

  const jti = payload.value.jti;
  const shortCode = await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO issued_prescriptions
         (jti, issued_by, issued_at, medication, gtin, fills_allowed, valid_until, site_ids, kiosk_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        jti,
        actor.username,
        new Date(now),
        request.medication.display,
        request.medication.gtin,
        request.fills,
        isoDate(now + request.validDays * DAY_MS),
        JSON.stringify(request.siteIds),
        JSON.stringify(request.kioskIds),
      ],
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'prescription_issued',
      detail: {
        jti,
        medication: request.medication.display,
        gtin: request.medication.gtin,
        fills: request.fills,
        siteIds: request.siteIds,
        kioskIds: request.kioskIds,
      },
      at: now,
    });
    return createShortCode(tx, { jti, token: qrText.value, at: now });
  });

  return {
    jti,
    shortCode,
    qrText: qrText.value,
    qrPng: `data:image/png;base64,${qr.value.png.toString('base64')}`,
    qrVersion: qr.value.version,
    jwsLength: jws.value.length,
    ...(generatedPin !== undefined && { pin: generatedPin }),
  };
}

/** A binding to a site or kiosk the hub does not know would make a token no kiosk accepts. */
async function assertBindingExists(
  deps: PharmacyDeps,
  siteIds: readonly string[],
  kioskIds: readonly string[],
): Promise<void> {
  for (const siteId of siteIds) {
    const found = await deps.db.query('SELECT 1 FROM sites WHERE site_id = $1', [siteId]);
    if (found.rows.length === 0) throw refusal('not_found', `no site "${siteId}"`);
  }
  for (const kioskId of kioskIds) {
    const found = await deps.db.query('SELECT 1 FROM kiosks WHERE kiosk_id = $1', [kioskId]);
    if (found.rows.length === 0) throw refusal('not_found', `no kiosk "${kioskId}"`);
  }
}
