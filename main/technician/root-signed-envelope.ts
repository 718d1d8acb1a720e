import type { z } from 'zod';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256, verifyEs256 } from '../keys/es256';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import { encodeBase64Url } from '../prescriptions/base64url-strict';
import { publicJwkOf } from '../prescriptions/es256-key-file';
import {
  decodeSignedList,
  MAX_SIGNED_LIST_CHARS,
  type SignedListError,
} from '../prescriptions/signed-list';
import { describeStrictJsonError, parseStrictJsonBytes } from '../prescriptions/strict-json';

/**
 * The signed-download envelope of prescription-token.md §4a for a kind that signed-list.ts does
 * not know (the technician roster): a compact JWS with header exactly `{alg: "ES256", kid: <root
 * thumbprint>, typ}`, no zip, signed by the operator root key. Splitting and strict decoding are
 * signed-list.ts's own `decodeSignedList`; the header policy below is the same as its private
 * `checkListHeader`, taking `typ` as a parameter instead of a kind. Nothing throws on bad input.
 */

const HEADER_MEMBERS = ['alg', 'kid', 'typ'] as const;

const fail = (
  code: SignedListError['code'],
  detail: string,
): { ok: false; error: SignedListError } => err({ code, detail });

/** A payload parser for `verifyRootSignedEnvelope` from a zod schema: the first issue, by path. */
export function parseWith<S extends z.ZodType>(schema: S) {
  return (value: unknown): Result<z.infer<S>, string> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return ok(parsed.data);
    const issue = parsed.error.issues[0];
    return err(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  };
}

/** Verifies `jws` as a root-signed envelope of `typ` and returns its payload parsed by `parse`. */
export function verifyRootSignedEnvelope<T>(
  typ: string,
  jws: string,
  rootPublicJwk: EcPublicJwk,
  parse: (value: unknown) => Result<T, string>,
): Result<T, SignedListError> {
  const decoded = decodeSignedList(jws);
  if (!decoded.ok) return decoded;
  const { header, payloadBytes, signingInput, signature } = decoded.value;
  if (header.alg !== 'ES256') return fail('bad_alg', 'alg must be "ES256"');
  const extra = Object.keys(header).filter(
    (k) => !(HEADER_MEMBERS as readonly string[]).includes(k),
  );
  if (extra.length > 0) {
    return fail('bad_alg', `JWS header has ${extra.length} member(s) beyond alg, kid, typ`);
  }
  if (header.typ !== typ) {
    return fail('wrong_type', `typ is not "${typ}" (a download of another kind, or none)`);
  }
  if (header.kid !== jwkThumbprint(rootPublicJwk)) {
    return fail('unknown_kid', 'kid is not the thumbprint of the configured root key');
  }
  if (signature.length !== 64) {
    return fail('bad_signature', `signature is ${signature.length} bytes; ES256 needs 64-byte R‖S`);
  }
  let rootKey: KeyObject;
  try {
    rootKey = createPublicKey({ key: { ...rootPublicJwk }, format: 'jwk' });
  } catch {
    return fail('unknown_kid', 'the configured root key is not a P-256 point');
  }
  if (!verifyEs256(rootKey, signingInput, signature)) {
    return fail('bad_signature', 'signature does not verify with the root key');
  }
  const payload = parseStrictJsonBytes(payloadBytes);
  if (!payload.ok) return fail('malformed', `payload: ${describeStrictJsonError(payload.error)}`);
  const parsed = parse(payload.value);
  return parsed.ok ? ok(parsed.value) : fail('invalid_payload', parsed.error);
}

/** The hub side (and `npm run tech -- roster`): a payload already validated → compact JWS. */
export function signRootEnvelope(
  typ: string,
  payload: unknown,
  rootKey: KeyObject,
): Result<string, SignedListError> {
  if (rootKey.type !== 'private' || rootKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return fail('bad_alg', 'the root key must be an EC P-256 private key');
  }
  const header = { alg: 'ES256', kid: jwkThumbprint(publicJwkOf(rootKey)), typ };
  const encode = (value: unknown): string =>
    encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode(header)}.${encode(payload)}`;
  const signature = signEs256(rootKey, new TextEncoder().encode(signingInput));
  const jws = `${signingInput}.${encodeBase64Url(signature)}`;
  if (jws.length > MAX_SIGNED_LIST_CHARS) {
    return fail(
      'too_large',
      `the download is ${jws.length} characters (cap ${MAX_SIGNED_LIST_CHARS})`,
    );
  }
  return ok(jws);
}
