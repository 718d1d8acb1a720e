import { randomUUID, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from '../../contracts/result';
import { signEs256, verifyEs256, publicKeyFromJwk } from '../keys/es256';
import { jwkThumbprint } from '../keys/jwk-thumbprint';
import {
  decodeBase64UrlStrict,
  describeBase64UrlError,
  encodeBase64Url,
} from '../prescriptions/base64url-strict';
import { publicJwkOf } from '../prescriptions/es256-key-file';
import type { RevocationIndex } from '../prescriptions/revocation-list';
import {
  BADGE_PREFIX,
  decodeNumeric,
  describeNumericError,
  encodeNumeric,
} from '../prescriptions/shc-numeric';
import { describeStrictJsonError, parseStrictJsonBytes } from '../prescriptions/strict-json';
import { safeKidForDetail, type TrustList } from '../prescriptions/trust';
import { findTechnician, ROLE_PATTERN, TECHNICIAN_ID_PATTERN, type Roster } from './roster';

/**
 * The technician's service badge (prescription-token.md §4a): a compact JWS with header exactly
 * `{alg: "ES256", kid, typ: "opendispense-badge+jws"}`, plain JSON claims `{jti, sub, name, roles,
 * nbf, exp}`, signed by a `badgeIssuers` key of the installed trust list and carried in a QR as
 * `odb:/` + the numeric encoding of §2. Verification is as strict as the prescription verifier's
 * (strict base64url and JSON, raw R‖S only, recomputed thumbprints) and runs in a fixed order so
 * a badge that breaks several rules always gets the same reason. The PIN is never on the badge.
 */

export const BADGE_TYP = 'opendispense-badge+jws';

export const BADGE_REFUSAL_REASONS = [
  'malformed',
  'bad_alg',
  'unknown_kid',
  'bad_signature',
  'not_yet_valid',
  'expired',
  'revoked',
  'not_on_roster',
] as const;
export type BadgeRefusalReason = (typeof BADGE_REFUSAL_REASONS)[number];

export interface BadgeRefusal {
  readonly reason: BadgeRefusalReason;
  /** Technical, for the technician and the journal: positions and claim names, no badge text. */
  readonly detail: string;
  /** The badge id, once the signature verified (never taken from an unverified badge). */
  readonly badgeId?: string;
}

/** Size caps as for prescriptions (§4 step 1): a badge is far smaller, so these never bind. */
const MAX_QR_TEXT_CHARS = 4_095;
const MAX_JWS_CHARS = 2_045;
const MAX_HEADER_BYTES = 256;
/** §4 step 7: an RTC a few minutes fast must not refuse a badge issued a moment ago. */
export const BADGE_CLOCK_SKEW_S = 5 * 60;
const HEADER_MEMBERS = ['alg', 'kid', 'typ'];
const NumericDate = z.number().int().nonnegative();

export const BadgeClaims = z
  .strictObject({
    jti: z.string().min(1).max(128),
    sub: z.string().regex(TECHNICIAN_ID_PATTERN),
    name: z.string().min(1).max(100),
    roles: z.array(z.string().regex(ROLE_PATTERN)).min(1).max(16),
    nbf: NumericDate,
    exp: NumericDate,
  })
  .refine((c) => c.exp > c.nbf, 'exp must be after nbf');
export type BadgeClaims = z.infer<typeof BadgeClaims>;

/** What the kiosk knows about the person holding a verified badge. */
export interface VerifiedBadge {
  readonly badgeId: string;
  readonly technicianId: string;
  /** From the roster (the hub's current name), not the badge. */
  readonly name: string;
  /** The badge's roles that the roster still grants. */
  readonly roles: readonly string[];
  /** The roster's PIN check value for this technician. */
  readonly pinCheck: string;
  readonly expiresAt: number;
}

export interface BadgeVerificationInput {
  /** The installed trust list payload; undefined when none is installed. */
  readonly trust: TrustList | undefined;
  readonly revocation: Pick<RevocationIndex, 'isBadgeRevoked' | 'hasKid'> | undefined;
  readonly roster: Roster | undefined;
  /** Epoch ms. */
  readonly now: number;
}

/** True for scanner text that is a service badge rather than a prescription or a pack. */
export function isBadgeScan(text: string): boolean {
  return text.startsWith(BADGE_PREFIX);
}

const refuse = (
  reason: BadgeRefusalReason,
  detail: string,
  badgeId?: string,
): { ok: false; error: BadgeRefusal } =>
  err(badgeId === undefined ? { reason, detail } : { reason, detail, badgeId });

/**
 * Verifies a scanned badge (`odb:/…`, or the compact JWS itself for CLIs) against the installed
 * lists, in order: size and encoding → header policy → key lookup (badgeIssuers only) →
 * signature → claims → time → revocation → roster.
 */
export function verifyBadge(
  input: BadgeVerificationInput,
  text: string,
): Result<VerifiedBadge, BadgeRefusal> {
  if (text.length > MAX_QR_TEXT_CHARS) return refuse('malformed', 'badge text is too long');
  let jws = text;
  if (isBadgeScan(text)) {
    const decoded = decodeNumeric(text, BADGE_PREFIX);
    if (!decoded.ok)
      return refuse('malformed', `odb:/ text: ${describeNumericError(decoded.error)}`);
    jws = decoded.value;
  }
  if (jws.length > MAX_JWS_CHARS) return refuse('malformed', 'badge JWS is too long');
  const parts = jws.split('.');
  if (parts.length !== 3) return refuse('malformed', `JWS has ${parts.length} parts, not 3`);
  const [headerText = '', payloadText = '', signatureText = ''] = parts;
  if (Math.floor((headerText.length * 3) / 4) > MAX_HEADER_BYTES) {
    return refuse('malformed', `JWS header is over ${MAX_HEADER_BYTES} bytes`);
  }
  const bytes: Uint8Array[] = [];
  for (const [name, part] of [
    ['header', headerText],
    ['payload', payloadText],
    ['signature', signatureText],
  ] as const) {
    const decoded = decodeBase64UrlStrict(part);
    if (!decoded.ok) {
      return refuse('malformed', `JWS ${name}: ${describeBase64UrlError(decoded.error)}`);
    }
    bytes.push(decoded.value);
  }
  const [headerBytes, payloadBytes, signature] = bytes as [Uint8Array, Uint8Array, Uint8Array];

  // Header policy: exactly alg, kid, typ; ES256 only; the badge typ (a prescription or a signed
  // list is never a badge, even when its signature would verify).
  const header = parseStrictJsonBytes(headerBytes);
  if (!header.ok) {
    if (header.error.code === 'duplicate_key') return refuse('bad_alg', 'duplicated header member');
    return refuse('malformed', `JWS header: ${describeStrictJsonError(header.error)}`);
  }
  const h = header.value;
  if (typeof h !== 'object' || h === null || Array.isArray(h)) {
    return refuse('malformed', 'JWS header is not a JSON object');
  }
  if (h.alg !== 'ES256') return refuse('bad_alg', 'alg must be "ES256"');
  const members = Object.keys(h);
  if (members.length !== 3 || !HEADER_MEMBERS.every((m) => members.includes(m))) {
    return refuse('bad_alg', 'header members must be exactly alg, kid, typ');
  }
  if (h.typ !== BADGE_TYP) return refuse('bad_alg', `typ must be "${BADGE_TYP}"`);
  if (typeof h.kid !== 'string') return refuse('bad_alg', 'kid must be a string');
  const kid = h.kid;

  // Key lookup by RECOMPUTED thumbprint, in badgeIssuers only. A key that also signs
  // prescriptions is refused even if listed as a badge issuer: one key, one job.
  const trust = input.trust;
  if (!trust) return refuse('unknown_kid', 'no trust list is installed');
  const badgeKey = trust.badgeIssuers.find((b) => jwkThumbprint(b.jwk) === kid);
  if (!badgeKey) {
    return refuse('unknown_kid', `no badge issuer key has thumbprint ${safeKidForDetail(kid)}`);
  }
  const alsoPrescriber = trust.issuers.some((i) =>
    i.keys.some((k) => jwkThumbprint(k.jwk) === kid),
  );
  if (alsoPrescriber) {
    return refuse(
      'unknown_kid',
      'the key is also a prescription issuer key; it may not sign badges',
    );
  }
  if (signature.length !== 64) {
    return refuse(
      'bad_signature',
      `signature is ${signature.length} bytes; ES256 needs 64-byte R‖S`,
    );
  }
  let verified = false;
  try {
    verified = verifyEs256(
      publicKeyFromJwk(badgeKey.jwk),
      new TextEncoder().encode(`${headerText}.${payloadText}`),
      signature,
    );
  } catch {
    verified = false;
  }
  if (!verified)
    return refuse('bad_signature', 'signature does not verify with the badge issuer key');

  const payload = parseStrictJsonBytes(payloadBytes);
  if (!payload.ok) return refuse('malformed', `claims: ${describeStrictJsonError(payload.error)}`);
  const claims = BadgeClaims.safeParse(payload.value);
  if (!claims.success) {
    const issue = claims.error.issues[0];
    return refuse('malformed', `claims ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const c = claims.data;

  const nowS = Math.floor(input.now / 1000);
  if (c.nbf > nowS + BADGE_CLOCK_SKEW_S) {
    return refuse('not_yet_valid', `valid from ${iso(c.nbf)}`, c.jti);
  }
  if (nowS >= c.exp) return refuse('expired', `expired ${iso(c.exp)}`, c.jti);

  if (input.revocation?.isBadgeRevoked(c.jti)) {
    return refuse('revoked', 'the badge id is on the revocation list', c.jti);
  }
  if (input.revocation?.hasKid(kid)) {
    return refuse('revoked', 'the badge issuer key is on the revocation list', c.jti);
  }

  const roster = input.roster;
  if (!roster) return refuse('not_on_roster', 'no technician roster is installed', c.jti);
  if (nowS > roster.expiresAt) {
    return refuse(
      'not_on_roster',
      `the roster (version ${roster.version}) expired ${iso(roster.expiresAt)}`,
      c.jti,
    );
  }
  const technician = findTechnician(roster, c.sub);
  if (!technician) {
    return refuse(
      'not_on_roster',
      `technician ${c.sub} is not on roster version ${roster.version}`,
      c.jti,
    );
  }
  const roles = c.roles.filter((r) => technician.roles.includes(r));
  if (roles.length === 0) {
    return refuse('not_on_roster', `the roster grants ${c.sub} none of the badge's roles`, c.jti);
  }
  return ok({
    badgeId: c.jti,
    technicianId: c.sub,
    name: technician.name,
    roles,
    pinCheck: technician.pin,
    expiresAt: c.exp,
  });
}

export interface IssuedBadge {
  readonly claims: BadgeClaims;
  readonly jws: string;
  /** `odb:/` + digits: what the QR holds. */
  readonly qrText: string;
  readonly kid: string;
}

/** The issuer side (hub console, `npm run tech -- badge`). Times in epoch seconds. */
export function signBadge(
  issuerKey: KeyObject,
  input: {
    readonly technicianId: string;
    readonly name: string;
    readonly roles: readonly string[];
    readonly nbf: number;
    readonly exp: number;
    /** Default: a random UUID. */
    readonly jti?: string;
  },
): Result<IssuedBadge, string> {
  if (issuerKey.type !== 'private' || issuerKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return err('the badge issuer key must be an EC P-256 private key');
  }
  const claims = BadgeClaims.safeParse({
    jti: input.jti ?? randomUUID(),
    sub: input.technicianId,
    name: input.name,
    roles: [...input.roles],
    nbf: input.nbf,
    exp: input.exp,
  });
  if (!claims.success) {
    const issue = claims.error.issues[0];
    return err(`${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const kid = jwkThumbprint(publicJwkOf(issuerKey));
  const encode = (value: unknown): string =>
    encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const signingInput = `${encode({ alg: 'ES256', kid, typ: BADGE_TYP })}.${encode(claims.data)}`;
  const signature = signEs256(issuerKey, new TextEncoder().encode(signingInput));
  const jws = `${signingInput}.${encodeBase64Url(signature)}`;
  const qrText = encodeNumeric(jws, BADGE_PREFIX);
  if (!qrText.ok) return err(describeNumericError(qrText.error));
  return ok({ claims: claims.data, jws, qrText: qrText.value, kid });
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
