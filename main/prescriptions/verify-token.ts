import { err, ok, type Result } from '../../contracts/result';
import { verifyEs256 } from '../keys/es256';
import { decodeBase64UrlStrict, describeBase64UrlError } from './base64url-strict';
import { assertTimeZone, periodEndMs, periodStartMs } from './fhir-time';
import { inflateRawCapped } from './inflate-capped';
import { prescriptionFromClaims, type Prescription } from './prescription';
import { refusal, type Refusal } from './reasons';
import { SHC_PREFIX, decodeNumeric, describeNumericError } from './shc-numeric';
import { describeStrictJsonError, parseStrictJsonBytes, type JsonObject } from './strict-json';
import { TokenClaims } from './token-payload';
import { listStalenessDetail, type OfflineWindow } from './offline-window';
import { isKeyValidAt, safeKidForDetail, type TrustList } from './trust';
import { trustIndexOf, type TrustIndex } from './trust-index';

/**
 * The pure offline verifier of prescription-token.md §4, steps 1–7 and 11 (steps 8–10 plug in as
 * `stateChecks`). The steps run in the order of §4 and the first failing one decides the reason,
 * so a token that breaks several rules always gets the same code. Nothing here throws on bad
 * input, and no `detail` contains token text or patient data (details are journaled).
 */

/** Step 1 caps. The verifier is more lenient than issuers (1,195) so a larger reprint still reads. */
export const MAX_QR_TEXT_CHARS = 4095;
export const MAX_JWS_CHARS = 2045;
export const MAX_HEADER_BYTES = 256;
/** Step 7: allowance for a kiosk clock slightly behind the issuer's. */
export const NBF_SKEW_MS = 5 * 60 * 1000;

/** §1: the header has exactly these members. */
const HEADER_MEMBERS = ['alg', 'kid', 'zip'] as const;

/** P-256 group order: R and S must lie in [1, n − 1] (step 4). */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** What steps 8–10 see when they run: the verified token and the verification inputs. */
export interface VerificationContext {
  /** Epoch milliseconds, the same value as `input.now`. */
  readonly now: number;
  readonly kioskId: string;
  readonly siteId: string;
}

/**
 * A stateful rule applied to an otherwise valid token: revocation (step 8), fills and the offline
 * limit (step 9), the interval (step 10). Returns a refusal, or undefined to let the token pass.
 */
export type PrescriptionCheck = (
  rx: Prescription,
  context: VerificationContext,
) => Refusal | undefined;

/** Whether the kiosk may trust its own clock (step 7); decided by the caller from RTC and sync. */
export type ClockTrust =
  { readonly trusted: true } | { readonly trusted: false; readonly detail: string };

interface VerifyTokenCommon {
  /**
   * The installed trust list: its index (from the list store: O(1) lookups) or a bare payload
   * (indexed once per object). Undefined when none is installed: `trust_list_stale` at step 3.
   */
  readonly trust: TrustList | TrustIndex | undefined;
  /**
   * The offline window of §4a. When given, step 3 refuses a trust list past
   * `min(expiresAt, lastSuccessfulSync + offlineWindowDays)`; without it, past `expiresAt` only.
   */
  readonly offlineWindow?: OfflineWindow;
  /** Epoch milliseconds (Clock.now()). */
  readonly now: number;
  readonly kioskId: string;
  readonly siteId: string;
  /** IANA zone for validity dates without a time. Default "UTC". An unknown zone throws (config bug). */
  readonly timeZone?: string;
  /** Default: trusted. An untrusted clock refuses every token with `clock_untrusted`. */
  readonly clock?: ClockTrust;
  /** Steps 8–10, run in order after the time checks and before the kiosk binding (step 11). */
  readonly stateChecks?: readonly PrescriptionCheck[];
}

export interface VerifyTokenInput extends VerifyTokenCommon {
  /** The scanned text, `shc:/` + digits. */
  readonly qrText: string;
}

export interface VerifyJwsInput extends VerifyTokenCommon {
  /** The compact JWS itself (the hub, `rx inspect`, tests of the JWS layer). */
  readonly jws: string;
}

export type VerifyTokenResult = Result<Prescription, Refusal>;

const fail = (reason: Refusal['reason'], detail: string): { ok: false; error: Refusal } =>
  err(refusal(reason, detail));

interface DecodedJws {
  readonly signingInput: Uint8Array;
  readonly headerBytes: Uint8Array;
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
}

/** Step 1 on the QR form: its cap, then `shc:/` digits → the JWS. */
function decodeQrText(qrText: string): Result<string, Refusal> {
  if (qrText.length > MAX_QR_TEXT_CHARS) {
    return fail('too_large', `QR text is ${qrText.length} characters (cap ${MAX_QR_TEXT_CHARS})`);
  }
  const numeric = decodeNumeric(qrText, SHC_PREFIX);
  if (!numeric.ok) return fail('malformed', `shc:/ text: ${describeNumericError(numeric.error)}`);
  return ok(numeric.value);
}

/** Step 1 on the JWS plus its shape: the cap, then three strict base64url parts. */
function decodeJws(jws: string): Result<DecodedJws, Refusal> {
  if (jws.length > MAX_JWS_CHARS) {
    return fail('too_large', `JWS is ${jws.length} characters (cap ${MAX_JWS_CHARS})`);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) return fail('malformed', `JWS has ${parts.length} parts, not 3`);
  // An empty part is left to the step that reads it, so an unsigned `alg: none` token (empty
  // signature) is refused for its algorithm, the rule it actually breaks.
  const [header = '', payload = '', signature = ''] = parts;
  // Measured before decoding so an oversized header never reaches the JSON parser.
  if (Math.floor((header.length * 3) / 4) > MAX_HEADER_BYTES) {
    return fail('too_large', `JWS header is over ${MAX_HEADER_BYTES} bytes`);
  }
  const decoded: Uint8Array[] = [];
  for (const [name, part] of [
    ['header', header],
    ['payload', payload],
    ['signature', signature],
  ] as const) {
    const bytes = decodeBase64UrlStrict(part);
    if (!bytes.ok) return fail('malformed', `JWS ${name}: ${describeBase64UrlError(bytes.error)}`);
    decoded.push(bytes.value);
  }
  const [headerBytes, payloadBytes, signatureBytes] = decoded as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  return ok({
    signingInput: new TextEncoder().encode(`${header}.${payload}`),
    headerBytes,
    payloadBytes,
    signature: signatureBytes,
  });
}

/** A member name for a detail: structural, but attacker-chosen, so keep it short and plain. */
function memberName(name: string): string {
  return /^[A-Za-z0-9_]{1,16}$/.test(name) ? `"${name}"` : '(unprintable name)';
}

/** Step 2: the header policy. Returns the kid. */
function checkHeader(headerBytes: Uint8Array): Result<string, Refusal> {
  const parsed = parseStrictJsonBytes(headerBytes);
  if (!parsed.ok) {
    // §1 lists a duplicated member as header policy, so it is bad_alg like a missing or extra one.
    if (parsed.error.code === 'duplicate_key')
      return fail('bad_alg', 'JWS header has a duplicated member');
    return fail('malformed', `JWS header: ${describeStrictJsonError(parsed.error)}`);
  }
  const header = parsed.value;
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return fail('malformed', 'JWS header is not a JSON object');
  }
  const h: JsonObject = header;
  // alg first: `none`, HS*, RS* are the attacks this step exists for, so name them plainly.
  if (h.alg !== 'ES256') {
    const alg = typeof h.alg === 'string' ? memberName(h.alg) : 'missing or not a string';
    return fail('bad_alg', `alg is ${alg}; only "ES256" is accepted`);
  }
  const extra = Object.keys(h).filter((k) => !(HEADER_MEMBERS as readonly string[]).includes(k));
  if (extra.length > 0) {
    return fail(
      'bad_alg',
      `JWS header has member(s) ${extra.map(memberName).join(', ')} beyond alg, zip, kid`,
    );
  }
  if (h.zip !== 'DEF') return fail('bad_alg', 'zip must be "DEF"');
  if (typeof h.kid !== 'string' || h.kid === '')
    return fail('bad_alg', 'kid must be a non-empty string');
  return ok(h.kid);
}

/** Step 4 guard: raw R‖S, 64 bytes, each half in [1, n − 1]. A DER signature is 70–72 bytes. */
function checkSignatureShape(signature: Uint8Array): Refusal | undefined {
  if (signature.length !== 64) {
    return refusal(
      'bad_signature',
      `signature is ${signature.length} bytes; ES256 needs 64-byte raw R‖S (DER is refused)`,
    );
  }
  const hex = Buffer.from(signature).toString('hex');
  const r = BigInt(`0x${hex.slice(0, 64)}`);
  const s = BigInt(`0x${hex.slice(64)}`);
  if (r < 1n || r >= P256_N || s < 1n || s >= P256_N) {
    return refusal('bad_signature', 'signature R or S is out of range');
  }
  return undefined;
}

/** The verifier on the scanned `shc:/` text: what the kiosk calls. */
export function verifyPrescriptionToken(input: VerifyTokenInput): VerifyTokenResult {
  // Before decoding, so a bad zone (a config bug) throws even for an unreadable scan.
  checkedTimeZone(input.timeZone);
  const jws = decodeQrText(input.qrText);
  if (!jws.ok) return jws;
  return verifyJwsText(jws.value, input);
}

/** The same verifier on a compact JWS (no `shc:/` layer). */
export function verifyPrescriptionJws(input: VerifyJwsInput): VerifyTokenResult {
  return verifyJwsText(input.jws, input);
}

const knownZones = new Set<string>();

/** An unknown zone throws (config bug); each zone is checked once per process, not per scan. */
function checkedTimeZone(timeZone = 'UTC'): string {
  if (!knownZones.has(timeZone)) {
    assertTimeZone(timeZone);
    knownZones.add(timeZone);
  }
  return timeZone;
}

function verifyJwsText(jwsText: string, input: VerifyTokenCommon): VerifyTokenResult {
  const timeZone = checkedTimeZone(input.timeZone);

  // Step 1 (and the JWS shape, which must be known before any step can read a part).
  const container = decodeJws(jwsText);
  if (!container.ok) return container;
  const jws = container.value;

  // Step 2.
  const kid = checkHeader(jws.headerBytes);
  if (!kid.ok) return kid;

  // Step 3: only the installed trust list; the payload (and so `iss`) is not readable yet.
  if (input.trust === undefined) return fail('trust_list_stale', 'no trust list is installed');
  const trust = trustIndexOf(input.trust);
  const stale = input.offlineWindow
    ? listStalenessDetail('trust list', trust.list, input.now, input.offlineWindow)
    : input.now > trust.list.expiresAt * 1000
      ? `trust list version ${trust.list.version} expired`
      : undefined;
  if (stale !== undefined) return fail('trust_list_stale', stale);
  const key = trust.lookup(kid.value);
  if (!key.ok) return key;

  // Step 4.
  const shape = checkSignatureShape(jws.signature);
  if (shape) return err(shape);
  if (!verifyEs256(key.value.publicKey, jws.signingInput, jws.signature)) {
    return fail(
      'bad_signature',
      `signature does not verify with key ${safeKidForDetail(kid.value)}`,
    );
  }

  // Step 5.
  const inflated = inflateRawCapped(jws.payloadBytes);
  if (!inflated.ok) {
    const e = inflated.error;
    if (e.code === 'too_large') {
      return fail('too_large', `payload inflates past ${e.limit} bytes (cap 64 KiB, ratio 100:1)`);
    }
    if (e.code === 'trailing_data') {
      return fail('malformed', `payload has ${e.extraBytes} byte(s) after the DEFLATE end block`);
    }
    return fail('malformed', 'payload is not raw DEFLATE');
  }
  const json = parseStrictJsonBytes(inflated.value);
  if (!json.ok) return fail('malformed', `payload: ${describeStrictJsonError(json.error)}`);
  const claims = TokenClaims.safeParse(json.value);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    return fail(
      'malformed',
      `payload claims: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const rxResult = prescriptionFromClaims(claims.data, kid.value);
  if (!rxResult.ok) return fail('malformed', `FHIR content: ${rxResult.error}`);
  const rx = rxResult.value;
  const validFrom = periodStartMs(rx.validity.start, timeZone);
  const validTo = periodEndMs(rx.validity.end, timeZone);
  if (validFrom > validTo) return fail('malformed', 'validityPeriod ends before it starts');

  // Step 6.
  if (rx.iss !== key.value.iss) {
    return fail(
      'wrong_issuer',
      `iss is not the issuer that owns key ${safeKidForDetail(kid.value)}`,
    );
  }
  if (!isKeyValidAt(key.value, rx.nbf)) {
    return fail(
      'key_not_valid',
      `key ${safeKidForDetail(kid.value)} was not valid at nbf ${rx.nbf}`,
    );
  }

  // Step 7.
  if (input.clock && !input.clock.trusted) return fail('clock_untrusted', input.clock.detail);
  if (rx.nbf * 1000 > input.now + NBF_SKEW_MS) {
    return fail('not_yet_valid', `nbf ${new Date(rx.nbf * 1000).toISOString()} is in the future`);
  }
  if (rx.exp !== undefined && input.now >= rx.exp * 1000) {
    return fail('expired', `exp ${new Date(rx.exp * 1000).toISOString()} has passed`);
  }
  if (input.now < validFrom) {
    return fail('not_yet_valid', `validity starts ${new Date(validFrom).toISOString()}`);
  }
  if (input.now > validTo) {
    return fail('expired', `validity ended ${new Date(validTo).toISOString()}`);
  }

  // Steps 8–10.
  const context: VerificationContext = {
    now: input.now,
    kioskId: input.kioskId,
    siteId: input.siteId,
  };
  for (const check of input.stateChecks ?? []) {
    const refused = check(rx, context);
    if (refused) return err(refused);
  }

  // Step 11: compared exactly; a binding with neither id of this kiosk refuses.
  const binding = rx.kioskBinding;
  if (
    binding &&
    !binding.kioskIds.includes(input.kioskId) &&
    !binding.siteIds.includes(input.siteId)
  ) {
    return fail(
      'wrong_kiosk',
      `bound to ${binding.kioskIds.length} kiosk(s) and ${binding.siteIds.length} site(s), not this one`,
    );
  }

  return ok(rx);
}
