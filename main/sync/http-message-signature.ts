import { createHash, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import {
  parseDictionary,
  serializeDictionary,
  serializeInnerList,
  type InnerList,
  type Item,
  type Parameters,
} from 'structured-headers';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256, verifyEs256 } from '../keys/es256';

/**
 * HTTP Message Signatures (RFC 9421) as the kiosk ↔ hub API uses them (contracts/hub-api.ts):
 * label `sig1`, covered components exactly `("@method" "@path" "content-digest" "date")`, the
 * parameters `created`, `nonce`, `keyid`, `alg="ecdsa-p256-sha256"` and a raw R‖S ES256 signature,
 * with the body bound through `Content-Digest: sha-256=:…:` (RFC 9530). Both sides use this file,
 * so the signature base cannot drift between signer and verifier. Nothing here throws on bad input:
 * hostile headers come back as `bad_signature`.
 */

export const SIGNATURE_LABEL = 'sig1';
export const SIGNATURE_ALG = 'ecdsa-p256-sha256';
/** The covered components, in order. A signature over anything else is refused. */
export const COVERED_COMPONENTS = ['@method', '@path', 'content-digest', 'date'] as const;
/** The parameters, in the order the signer writes them. No others are accepted. */
const SIGNATURE_PARAMS = ['created', 'nonce', 'keyid', 'alg'] as const;

/** A nonce must carry enough randomness that two requests never share one by chance. */
export const MIN_NONCE_CHARS = 16;
const MAX_NONCE_CHARS = 128;
const MAX_KEYID_CHARS = 128;
/** Longest header we parse: real ones are ~250 characters; this stops a parser-exhaustion probe. */
const MAX_HEADER_CHARS = 4096;
const SAFE_TEXT = /^[\x21-\x7e]+$/;
/** IMF-fixdate (RFC 9110 §5.6.7), the only date form we send and accept. */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

export interface SignableRequest {
  method: string;
  /** The request target's path as sent on the wire (percent-encoded), without the query. */
  path: string;
  body: Uint8Array;
}

// A type rather than an interface so it is assignable to a plain header record.
export type SignedHeaders = {
  'content-digest': string;
  date: string;
  'signature-input': string;
  signature: string;
};

/**
 * The signer: a private KeyObject, or anything that signs ES256 raw R‖S (the kiosk's DeviceKey
 * keeps its private key in a closure and offers only `sign`). `keyId` is the kiosk id.
 */
export type RequestSigningKey =
  | { privateKey: KeyObject; keyId: string }
  | { sign(message: Uint8Array): Uint8Array; keyId: string };

export type SignatureCheckError = { code: 'bad_signature' | 'stale_date'; message: string };

export interface ParsedSignature {
  keyId: string;
  nonce: string;
  /** Epoch seconds, from the `created` parameter. */
  created: number;
  /** The `date` header. */
  date: Date;
}

export type RequestHeaders = Record<string, string | string[] | undefined>;
export type ReceivedRequest = SignableRequest & { headers: RequestHeaders };

/** `sha-256=:<base64>:` of `body` (RFC 9530). */
export function contentDigest(body: Uint8Array): string {
  return serializeDictionary(new Map([['sha-256', byteSequence(sha256(body))]]));
}

export function signRequest(
  req: SignableRequest,
  key: RequestSigningKey,
  now: Date,
  nonce: string = randomBytes(18).toString('base64url'),
): SignedHeaders {
  const params: Parameters = new Map<string, string | number>([
    ['created', Math.floor(now.getTime() / 1000)],
    ['nonce', nonce],
    ['keyid', key.keyId],
    ['alg', SIGNATURE_ALG],
  ]);
  const innerList: InnerList = [COVERED_COMPONENTS.map((c): Item => [c, new Map()]), params];
  const headers = {
    'content-digest': contentDigest(req.body),
    // Whole seconds, like the header itself, so `created` and `date` agree exactly.
    date: new Date(Math.floor(now.getTime() / 1000) * 1000).toUTCString(),
  };
  const base = signatureBase(req, headers, serializeInnerList(innerList));
  const message = new TextEncoder().encode(base);
  const signature = 'privateKey' in key ? signEs256(key.privateKey, message) : key.sign(message);
  return {
    ...headers,
    'signature-input': serializeDictionary(new Map([[SIGNATURE_LABEL, innerList]])),
    signature: serializeDictionary(new Map([[SIGNATURE_LABEL, byteSequence(signature)]])),
  };
}

/**
 * Parses the signature headers and checks everything that needs no key: the covered components,
 * the parameters, the body digest and the date window. Returns the key id and nonce so the caller
 * can look up the key (then `verifyRequestSignature`) and check the nonce for replay.
 */
export function parseSignedRequest(
  req: ReceivedRequest,
  now: Date,
  maxSkewMs: number,
): Result<ParsedSignature, SignatureCheckError> {
  const read = readSignature(req);
  if (!read.ok) return read;
  const { keyId, nonce, created, date } = read.value;
  const skew = Math.abs(date.getTime() - now.getTime());
  if (skew > maxSkewMs) {
    return err({
      code: 'stale_date',
      message: `date is ${Math.round(skew / 1000)} s from the hub's clock (limit ${maxSkewMs / 1000} s)`,
    });
  }
  if (Math.abs(created * 1000 - now.getTime()) > maxSkewMs) {
    return err({
      code: 'stale_date',
      message: `signature created ${Math.round(Math.abs(created * 1000 - now.getTime()) / 1000)} s from the hub's clock`,
    });
  }
  return ok({ keyId, nonce, created, date });
}

/**
 * True when the request's `sig1` signature verifies with `publicKey` over the RFC 9421 signature
 * base and the body matches its `Content-Digest`. The date window and replay are the caller's
 * (see parseSignedRequest).
 */
export function verifyRequestSignature(req: ReceivedRequest, publicKey: KeyObject): boolean {
  const read = readSignature(req);
  if (!read.ok) return false;
  return verifyEs256(publicKey, new TextEncoder().encode(read.value.base), read.value.signature);
}

interface ReadSignature extends ParsedSignature {
  base: string;
  signature: Uint8Array;
}

const bad = (message: string): { ok: false; error: SignatureCheckError } =>
  err({ code: 'bad_signature', message });

function readSignature(req: ReceivedRequest): Result<ReadSignature, SignatureCheckError> {
  const header = (name: string): Result<string, SignatureCheckError> => {
    const value = headerValue(req.headers, name);
    if (value === undefined) return bad(`missing ${name} header`);
    if (value.length > MAX_HEADER_CHARS) return bad(`${name} header is too long`);
    return ok(value);
  };
  const digestHeader = header('content-digest');
  if (!digestHeader.ok) return digestHeader;
  const dateHeader = header('date');
  if (!dateHeader.ok) return dateHeader;
  const inputHeader = header('signature-input');
  if (!inputHeader.ok) return inputHeader;
  const signatureHeader = header('signature');
  if (!signatureHeader.ok) return signatureHeader;

  const digest = checkDigest(digestHeader.value, req.body);
  if (!digest.ok) return digest;

  if (!IMF_FIXDATE.test(dateHeader.value)) return bad('date header is not an IMF-fixdate');
  const date = new Date(dateHeader.value);
  if (Number.isNaN(date.getTime())) return bad('date header is not a valid date');

  const input = parseSignatureInput(inputHeader.value);
  if (!input.ok) return input;
  const signature = parseSignatureValue(signatureHeader.value);
  if (!signature.ok) return signature;

  const base = signatureBase(
    req,
    { 'content-digest': digestHeader.value, date: dateHeader.value },
    input.value.serialized,
  );
  return ok({ ...input.value.params, date, base, signature: signature.value });
}

function checkDigest(value: string, body: Uint8Array): Result<true, SignatureCheckError> {
  const dictionary = parseDictionarySafely(value);
  if (!dictionary) return bad('content-digest is not a structured dictionary');
  const member = dictionary.get('sha-256');
  if (member === undefined) return bad('content-digest has no sha-256 member');
  const [bytes] = member;
  if (!(bytes instanceof ArrayBuffer)) return bad('content-digest sha-256 is not a byte sequence');
  const expected = sha256(body);
  const got = new Uint8Array(bytes);
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) {
    return bad('content-digest does not match the body');
  }
  return ok(true);
}

function parseSignatureInput(value: string): Result<
  {
    params: { keyId: string; nonce: string; created: number };
    serialized: string;
  },
  SignatureCheckError
> {
  const dictionary = parseDictionarySafely(value);
  if (!dictionary) return bad('signature-input is not a structured dictionary');
  const member = dictionary.get(SIGNATURE_LABEL);
  if (member === undefined) return bad(`signature-input has no ${SIGNATURE_LABEL} member`);
  const [items, params] = member;
  if (!Array.isArray(items)) return bad('signature-input sig1 is not an inner list');
  const components = (items as Item[]).map(([name, itemParams]) =>
    typeof name === 'string' && itemParams.size === 0 ? name : null,
  );
  if (
    components.length !== COVERED_COMPONENTS.length ||
    components.some((c, i) => c !== COVERED_COMPONENTS[i])
  ) {
    return bad(`the signature must cover exactly ("${COVERED_COMPONENTS.join('" "')}")`);
  }
  const unknown = [...params.keys()].filter(
    (k) => !(SIGNATURE_PARAMS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) return bad(`signature-input has unexpected parameter "${unknown[0]}"`);
  const created = params.get('created');
  const nonce = params.get('nonce');
  const keyId = params.get('keyid');
  const alg = params.get('alg');
  if (typeof created !== 'number' || !Number.isSafeInteger(created) || created < 0) {
    return bad('signature-input created is not an integer');
  }
  if (
    typeof nonce !== 'string' ||
    nonce.length < MIN_NONCE_CHARS ||
    nonce.length > MAX_NONCE_CHARS ||
    !SAFE_TEXT.test(nonce)
  ) {
    return bad(`signature-input nonce must be ${MIN_NONCE_CHARS}–${MAX_NONCE_CHARS} characters`);
  }
  if (
    typeof keyId !== 'string' ||
    keyId.length === 0 ||
    keyId.length > MAX_KEYID_CHARS ||
    !SAFE_TEXT.test(keyId)
  ) {
    return bad('signature-input keyid is missing or malformed');
  }
  if (alg !== SIGNATURE_ALG) return bad(`signature-input alg must be "${SIGNATURE_ALG}"`);
  return ok({
    params: { keyId, nonce, created },
    // The @signature-params line is the canonical serialization of what was parsed, so a
    // re-ordered or re-spaced header yields a different base and fails verification.
    serialized: serializeInnerList([items as Item[], params]),
  });
}

function parseSignatureValue(value: string): Result<Uint8Array, SignatureCheckError> {
  const dictionary = parseDictionarySafely(value);
  if (!dictionary) return bad('signature is not a structured dictionary');
  const member = dictionary.get(SIGNATURE_LABEL);
  if (member === undefined) return bad(`signature has no ${SIGNATURE_LABEL} member`);
  const [bytes] = member;
  if (!(bytes instanceof ArrayBuffer)) return bad('signature sig1 is not a byte sequence');
  if (bytes.byteLength !== 64) {
    return bad(`signature is ${bytes.byteLength} bytes; ES256 needs 64-byte raw R‖S`);
  }
  return ok(new Uint8Array(bytes));
}

/** RFC 9421 §2.5: one line per covered component, then `@signature-params`; no trailing newline. */
function signatureBase(
  req: SignableRequest,
  headers: { 'content-digest': string; date: string },
  signatureParams: string,
): string {
  return [
    `"@method": ${req.method.toUpperCase()}`,
    `"@path": ${req.path}`,
    `"content-digest": ${headers['content-digest'].trim()}`,
    `"date": ${headers.date.trim()}`,
    `"@signature-params": ${signatureParams}`,
  ].join('\n');
}

/** Header lookup by lowercase name; a repeated header is combined as HTTP does (RFC 9110 §5.3). */
function headerValue(headers: RequestHeaders, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    value = key === undefined ? undefined : headers[key];
  }
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(', ');
  return typeof value === 'string' ? value : undefined;
}

type ParsedDictionary = ReturnType<typeof parseDictionary>;

function parseDictionarySafely(value: string): ParsedDictionary | null {
  try {
    return parseDictionary(value);
  } catch {
    return null;
  }
}

/** A byte-sequence item; copied because the serializer wants a plain ArrayBuffer behind it. */
function byteSequence(bytes: Uint8Array): Item {
  return [new Uint8Array(bytes), new Map()];
}

function sha256(body: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(body).digest());
}
