import type { FastifyRequest } from 'fastify';
import { MAX_CLOCK_SKEW_MS } from '../../contracts/hub-api';
import type { EcPublicJwk } from '../../main/keys/jwk-thumbprint';
import { publicKeyFromJwk } from '../../main/keys/es256';
import {
  parseSignedRequest,
  verifyRequestSignature,
  type ReceivedRequest,
} from '../../main/sync/http-message-signature';
import type { Queryable } from '../db/hub-database';
import { refusal } from './hub-errors';

/**
 * Authenticates a kiosk request (DESIGN §7): RFC 9421 signature by the device key the kiosk
 * enrolled with, over method, path, body digest and date. Checks, in order: headers and digest,
 * the date window, that the key id is the kiosk in the path, that the kiosk exists, the signature,
 * and that the kiosk is not flagged or revoked. Replay is checked later, inside the transaction
 * that acts on the request, so a replayed request and its original cannot both pass.
 */

export interface AuthenticatedKiosk {
  kioskId: string;
  siteId: string;
  nonce: string;
  /** Hub clock − kiosk clock, from the `date` header. */
  clockOffsetMs: number;
}

export async function authenticateKioskRequest(
  request: FastifyRequest<{ Params: { kioskId: string } }>,
  db: Queryable,
  now: number,
): Promise<AuthenticatedKiosk> {
  const received: ReceivedRequest = {
    method: request.method,
    path: pathOf(request.url),
    body: bodyBytes(request.body),
    headers: request.headers,
  };
  const parsed = parseSignedRequest(received, new Date(now), MAX_CLOCK_SKEW_MS);
  if (!parsed.ok) throw refusal(parsed.error.code, parsed.error.message);
  const { keyId, nonce, date } = parsed.value;
  const kioskId = request.params.kioskId;
  if (keyId !== kioskId) {
    throw refusal('bad_signature', 'the signature keyid is not the kiosk named in the path');
  }
  const { rows } = await db.query<{
    site_id: string;
    device_public_jwk: EcPublicJwk;
    status: string;
  }>('SELECT site_id, device_public_jwk, status FROM kiosks WHERE kiosk_id = $1', [kioskId]);
  const kiosk = rows[0];
  if (kiosk === undefined)
    throw refusal('unknown_kiosk', `no enrolled kiosk "${kioskId.slice(0, 64)}"`);
  if (!verifyRequestSignature(received, publicKeyFromJwk(kiosk.device_public_jwk))) {
    throw refusal('bad_signature', "the signature does not verify with the kiosk's device key");
  }
  assertKioskActive(kiosk.status);
  return { kioskId, siteId: kiosk.site_id, nonce, clockOffsetMs: now - date.getTime() };
}

export function assertKioskActive(status: string): void {
  if (status === 'active') return;
  throw refusal(
    'revoked_kiosk',
    status === 'flagged'
      ? 'this kiosk is flagged (its journal forked) and refused until a pharmacist clears it'
      : 'this kiosk was revoked by a pharmacist',
  );
}

/**
 * Records the nonce inside the caller's transaction. The primary key makes a concurrent replay
 * wait for the original's transaction and then fail here.
 */
export async function consumeNonce(
  tx: Queryable,
  kiosk: AuthenticatedKiosk,
  now: number,
): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO request_nonces (kiosk_id, nonce, seen_at) VALUES ($1, $2, $3::timestamptz)
     ON CONFLICT DO NOTHING`,
    [kiosk.kioskId, kiosk.nonce, new Date(now).toISOString()],
  );
  if (inserted.affectedRows === 0) {
    throw refusal('replayed', 'this request nonce was already used: a replayed request');
  }
}

/** The path as sent on the wire (still percent-encoded), without the query: RFC 9421 `@path`. */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function bodyBytes(body: unknown): Uint8Array {
  return body instanceof Uint8Array ? body : new Uint8Array(0);
}
