import { createPrivateKey, createPublicKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256 } from '../keys/es256';
import { jwkThumbprint } from '../keys/jwk-thumbprint';
import { encodeBase64Url } from './base64url-strict';
import { TokenClaims } from './token-payload';

/**
 * Issuer side of prescription-token.md §1: claims → JSON → raw DEFLATE → compact JWS (ES256, raw
 * R‖S). Refuses a JWS over 1,195 characters, the most one version-22 QR at ECC L holds (§2), so
 * every issued prescription prints as a single scannable code.
 */

export const MAX_ISSUED_JWS_CHARS = 1195;

export type SignTokenError =
  | { readonly code: 'bad_key'; readonly detail: string }
  | { readonly code: 'bad_payload'; readonly detail: string }
  | { readonly code: 'too_large'; readonly length: number; readonly max: number };

export interface SignTokenInput {
  readonly payload: TokenClaims;
  /** The issuer's P-256 private key, as a KeyObject or a private JWK. */
  readonly privateKey: KeyObject | JsonWebKey;
  /** Default: the RFC 7638 thumbprint of the key's public half, which is what verifiers look up. */
  readonly kid?: string;
  /** Default MAX_ISSUED_JWS_CHARS (1195). */
  readonly maxLength?: number;
}

function toPrivateKey(key: KeyObject | JsonWebKey): Result<KeyObject, string> {
  let keyObject: KeyObject;
  try {
    keyObject = key instanceof KeyObject ? key : createPrivateKey({ key, format: 'jwk' });
  } catch (error) {
    return err(`not a readable private key: ${(error as Error).message}`);
  }
  if (
    keyObject.type !== 'private' ||
    keyObject.asymmetricKeyType !== 'ec' ||
    keyObject.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
  ) {
    return err('expected an EC P-256 private key');
  }
  return ok(keyObject);
}

/** The kid a verifier will compute for this key's public half. */
export function kidOfKey(key: KeyObject): string {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return jwkThumbprint({ kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) });
}

export function signPrescriptionToken(input: SignTokenInput): Result<string, SignTokenError> {
  const key = toPrivateKey(input.privateKey);
  if (!key.ok) return err({ code: 'bad_key', detail: key.error });
  // The signer checks its own output against the verifier's schema: a token the kiosk would call
  // malformed must never be printed for a patient.
  const claims = TokenClaims.safeParse(input.payload);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    return err({
      code: 'bad_payload',
      detail: `${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    });
  }
  const kid = input.kid ?? kidOfKey(key.value);
  const header = encodeBase64Url(
    new TextEncoder().encode(JSON.stringify({ alg: 'ES256', zip: 'DEF', kid })),
  );
  const compressed = deflateRawSync(Buffer.from(JSON.stringify(input.payload), 'utf8'), {
    level: 9,
  });
  const signingInput = `${header}.${encodeBase64Url(compressed)}`;
  const signature = signEs256(key.value, new TextEncoder().encode(signingInput));
  const jws = `${signingInput}.${encodeBase64Url(signature)}`;
  const max = input.maxLength ?? MAX_ISSUED_JWS_CHARS;
  if (jws.length > max) return err({ code: 'too_large', length: jws.length, max });
  return ok(jws);
}
