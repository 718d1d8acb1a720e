import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { DownloadKind } from '../../contracts/hub-api';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256 } from '../../main/keys/es256';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import { encodeBase64Url } from '../../main/prescriptions/base64url-strict';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { MAX_SIGNED_LIST_CHARS } from '../../main/prescriptions/signed-list';

/**
 * The signed envelope for the download kinds main/prescriptions/signed-list.ts does not know yet
 * (config, restock, lock, roster, release): the same rules (prescription-token.md §4a) — compact
 * JWS, header exactly `{alg: "ES256", kid: <root thumbprint>, typ: "opendispense-<kind>+jws"}`,
 * raw R‖S — so the kiosk can verify them with the same code once those kinds get schemas there.
 * Until then the hub checks only the members every list has.
 */

export type EnvelopeKind = Exclude<DownloadKind, 'trust' | 'revocation' | 'refill'>;
export const ENVELOPE_KINDS: readonly EnvelopeKind[] = [
  'config',
  'restock',
  'lock',
  'roster',
  'release',
];

export const envelopeTyp = (kind: DownloadKind): string => `opendispense-${kind}+jws`;

/** The members every signed download carries; kind-specific members come beside them. */
export const EnvelopePayload = z.looseObject({
  version: z.number().int().nonnegative(),
  issuedAt: z.number().int().nonnegative(),
  expiresAt: z.number().int().nonnegative(),
});
export type EnvelopePayload = z.infer<typeof EnvelopePayload>;

export function signEnvelope(
  kind: EnvelopeKind,
  payload: EnvelopePayload,
  rootKey: KeyObject,
): Result<string, string> {
  const parsed = EnvelopePayload.safeParse(payload);
  if (!parsed.success) return err(z.prettifyError(parsed.error));
  if (payload.expiresAt < payload.issuedAt) return err('expiresAt before issuedAt');
  const header = { alg: 'ES256', kid: jwkThumbprint(publicJwkOf(rootKey)), typ: envelopeTyp(kind) };
  const encode = (value: unknown): string =>
    encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const jws = `${signingInput}.${encodeBase64Url(signEs256(rootKey, new TextEncoder().encode(signingInput)))}`;
  if (jws.length > MAX_SIGNED_LIST_CHARS) return err(`the ${kind} download is too large`);
  return ok(jws);
}
