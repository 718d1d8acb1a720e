import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256, verifyEs256 } from '../keys/es256';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import { decodeBase64UrlStrict, describeBase64UrlError, encodeBase64Url } from './base64url-strict';
import { publicJwkOf } from './es256-key-file';
import { KioskLock } from './kiosk-lock';
import { RefillList } from './refill-list';
import { RevocationList } from './revocation-list';
import { describeStrictJsonError, parseStrictJsonBytes, type JsonObject } from './strict-json';
import { parseTrustList, type TrustList } from './trust';

/**
 * The signed envelope every kiosk download uses (prescription-token.md §4a): a compact JWS with
 * header exactly `{alg: "ES256", kid: <root key thumbprint>, typ}`, no zip, signed by the operator
 * root key. `typ` names the kind, so a revocation list can never be installed as a trust list even
 * though the same key signs both. Decoding is as strict as the token verifier's (strict
 * base64url, strict JSON, raw R‖S signature) and nothing throws on bad input.
 */

export const SIGNED_LIST_KINDS = ['trust', 'revocation', 'refill', 'lock'] as const;
export type SignedListKind = (typeof SIGNED_LIST_KINDS)[number];

export const SIGNED_LIST_TYP: Readonly<Record<SignedListKind, string>> = {
  trust: 'opendispense-trust+jws',
  revocation: 'opendispense-revocation+jws',
  refill: 'opendispense-refill+jws',
  lock: 'opendispense-lock+jws',
};

export interface SignedListPayloads {
  trust: TrustList;
  revocation: RevocationList;
  refill: RefillList;
  lock: KioskLock;
}
export type SignedListPayload<K extends SignedListKind> = SignedListPayloads[K];

/**
 * A 10,000-entry revocation list is ~0.5 MB; this cap leaves room for a fleet's worth of entries
 * while keeping a hostile download from exhausting memory.
 */
export const MAX_SIGNED_LIST_CHARS = 16 * 1024 * 1024;
const MAX_LIST_HEADER_BYTES = 512;
const HEADER_MEMBERS = ['alg', 'kid', 'typ'] as const;

export type SignedListErrorCode =
  | 'too_large'
  | 'malformed'
  | 'bad_alg'
  | 'wrong_type'
  | 'unknown_kid'
  | 'bad_signature'
  | 'invalid_payload';

export interface SignedListError {
  readonly code: SignedListErrorCode;
  /** Technical, for the technician and the journal: positions and field names, never contents. */
  readonly detail: string;
}

const fail = (code: SignedListErrorCode, detail: string): { ok: false; error: SignedListError } =>
  err({ code, detail });

function zodDetail(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
}

const PARSERS: {
  readonly [K in SignedListKind]: (value: unknown) => Result<SignedListPayloads[K], string>;
} = {
  trust: parseTrustList,
  revocation: (value) => {
    const parsed = RevocationList.safeParse(value);
    return parsed.success ? ok(parsed.data) : err(zodDetail(parsed.error));
  },
  refill: (value) => {
    const parsed = RefillList.safeParse(value);
    return parsed.success ? ok(parsed.data) : err(zodDetail(parsed.error));
  },
  lock: (value) => {
    const parsed = KioskLock.safeParse(value);
    return parsed.success ? ok(parsed.data) : err(zodDetail(parsed.error));
  },
};

/** Validates a payload of `kind` (schema and, for trust, that every key is a P-256 point). */
export function parseSignedListPayload<K extends SignedListKind>(
  kind: K,
  value: unknown,
): Result<SignedListPayload<K>, string> {
  return PARSERS[kind](value);
}

/** The hub side (and `rx`, the demo): payload → compact JWS signed by the root key. */
export function signSignedList<K extends SignedListKind>(
  kind: K,
  payload: SignedListPayload<K>,
  rootKey: KeyObject,
): Result<string, SignedListError> {
  if (rootKey.type !== 'private' || rootKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return fail('bad_alg', 'the root key must be an EC P-256 private key');
  }
  // The signer checks its own output against the verifier's schema: a list every kiosk would
  // refuse must never leave the hub.
  const parsed = parseSignedListPayload(kind, payload);
  if (!parsed.ok) return fail('invalid_payload', parsed.error);
  const header = {
    alg: 'ES256',
    kid: jwkThumbprint(publicJwkOf(rootKey)),
    typ: SIGNED_LIST_TYP[kind],
  };
  const encode = (value: unknown): string =>
    encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode(header)}.${encode(parsed.value)}`;
  const signature = signEs256(rootKey, new TextEncoder().encode(signingInput));
  const jws = `${signingInput}.${encodeBase64Url(signature)}`;
  if (jws.length > MAX_SIGNED_LIST_CHARS) {
    return fail('too_large', `the list is ${jws.length} characters (cap ${MAX_SIGNED_LIST_CHARS})`);
  }
  return ok(jws);
}

export interface DecodedSignedList {
  readonly header: JsonObject;
  /** Still unparsed: the payload is read only after its signature verified. */
  readonly payloadBytes: Uint8Array;
  readonly signingInput: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * Splits and strictly decodes a list JWS WITHOUT checking the signature or the header policy:
 * for `rx inspect` and for reading the version of a list that is about to be verified.
 */
export function decodeSignedList(jws: string): Result<DecodedSignedList, SignedListError> {
  if (jws.length > MAX_SIGNED_LIST_CHARS) {
    return fail('too_large', `the list is ${jws.length} characters (cap ${MAX_SIGNED_LIST_CHARS})`);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) return fail('malformed', `JWS has ${parts.length} parts, not 3`);
  const [headerText = '', payloadText = '', signatureText = ''] = parts;
  if (Math.floor((headerText.length * 3) / 4) > MAX_LIST_HEADER_BYTES) {
    return fail('too_large', `JWS header is over ${MAX_LIST_HEADER_BYTES} bytes`);
  }
  const decoded: Uint8Array[] = [];
  for (const [name, part] of [
    ['header', headerText],
    ['payload', payloadText],
    ['signature', signatureText],
  ] as const) {
    const bytes = decodeBase64UrlStrict(part);
    if (!bytes.ok) return fail('malformed', `JWS ${name}: ${describeBase64UrlError(bytes.error)}`);
    decoded.push(bytes.value);
  }
  const [headerBytes, payloadBytes, signature] = decoded as [Uint8Array, Uint8Array, Uint8Array];
  const header = parseStrictJsonBytes(headerBytes);
  if (!header.ok) {
    if (header.error.code === 'duplicate_key')
      return fail('bad_alg', 'JWS header has a duplicated member');
    return fail('malformed', `JWS header: ${describeStrictJsonError(header.error)}`);
  }
  if (typeof header.value !== 'object' || header.value === null || Array.isArray(header.value)) {
    return fail('malformed', 'JWS header is not a JSON object');
  }
  return ok({
    header: header.value,
    payloadBytes,
    signingInput: new TextEncoder().encode(`${headerText}.${payloadText}`),
    signature,
  });
}

/** Header policy, in the token verifier's spirit: exact members, ES256 only, typ, root kid. */
function checkListHeader(
  header: JsonObject,
  kind: SignedListKind,
  rootKid: string,
): SignedListError | undefined {
  if (header.alg !== 'ES256') return { code: 'bad_alg', detail: 'alg must be "ES256"' };
  const extra = Object.keys(header).filter(
    (k) => !(HEADER_MEMBERS as readonly string[]).includes(k),
  );
  if (extra.length > 0) {
    return {
      code: 'bad_alg',
      detail: `JWS header has ${extra.length} member(s) beyond alg, kid, typ`,
    };
  }
  if (header.typ !== SIGNED_LIST_TYP[kind]) {
    return {
      code: 'wrong_type',
      detail: `typ is not "${SIGNED_LIST_TYP[kind]}" (a list of another kind, or no list)`,
    };
  }
  if (header.kid !== rootKid) {
    return { code: 'unknown_kid', detail: 'kid is not the thumbprint of the configured root key' };
  }
  return undefined;
}

/**
 * The kiosk side: verifies `jws` as a list of `kind` signed by the root key and returns its
 * validated payload. The version roll-back check is the list store's (it knows what is installed).
 */
export function verifySignedList<K extends SignedListKind>(
  kind: K,
  jws: string,
  rootPublicJwk: EcPublicJwk,
): Result<SignedListPayload<K>, SignedListError> {
  const decoded = decodeSignedList(jws);
  if (!decoded.ok) return decoded;
  const { header, payloadBytes, signingInput, signature } = decoded.value;
  const headerProblem = checkListHeader(header, kind, jwkThumbprint(rootPublicJwk));
  if (headerProblem) return err(headerProblem);
  if (signature.length !== 64) {
    return fail(
      'bad_signature',
      `signature is ${signature.length} bytes; ES256 needs 64-byte raw R‖S`,
    );
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
  const parsed = parseSignedListPayload(kind, payload.value);
  if (!parsed.ok) return fail('invalid_payload', parsed.error);
  return ok(parsed.value);
}

export function describeSignedListError(error: SignedListError): string {
  return `${error.code}: ${error.detail}`;
}
