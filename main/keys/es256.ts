import { createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import type { EcPublicJwk } from './jwk-thumbprint';

/**
 * ES256 as JOSE uses it (RFC 7518 §3.4): ECDSA P-256 over SHA-256, the signature as raw R‖S
 * (64 bytes) rather than DER, which is what node:crypto's 'ieee-p1363' encoding gives.
 */
export function signEs256(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

export function verifyEs256(
  publicKey: KeyObject | EcPublicJwk,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 64) return false;
  try {
    const key = publicKey instanceof KeyObject ? publicKey : publicKeyFromJwk(publicKey);
    return verify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    // A malformed key or signature (R or S out of range) fails verification; it is not a crash.
    return false;
  }
}

export function publicKeyFromJwk(jwk: EcPublicJwk): KeyObject {
  return createPublicKey({ key: { ...jwk }, format: 'jwk' });
}
