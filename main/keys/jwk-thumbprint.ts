import { createHash } from 'node:crypto';

/** The public members of a P-256 key as JWK (RFC 7518 §6.2.1). */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/**
 * RFC 7638 JWK thumbprint: base64url SHA-256 of the required members in lexicographic order with
 * no whitespace. For an EC key those are crv, kty, x, y; the members are plain base64url strings,
 * so JSON.stringify of an object built in that order is already the canonical form.
 */
export function jwkThumbprint(jwk: EcPublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
