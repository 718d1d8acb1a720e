import { z } from 'zod';
import { JournalEnvelope } from './journal-events';

/**
 * The kiosk ↔ hub sync API (DESIGN §7, issue 7). The hub (`hub/`) and the kiosk's sync agent
 * (`main/sync/`) both validate with these schemas, so neither can drift from the other.
 *
 * Every kiosk request except enrollment is a POST with a JSON body, signed with the device key as
 * an HTTP Message Signature (RFC 9421): label `sig1`, covered components
 * `("@method" "@path" "content-digest" "date")`, parameters `created`, `nonce` (random, ≥ 16
 * chars), `keyid` (the kiosk id) and `alg="ecdsa-p256-sha256"`; the signature is raw R‖S (64
 * bytes). `Content-Digest: sha-256=:<base64>:` (RFC 9530). The hub refuses a `date` more than 5
 * minutes off its clock, a nonce it has seen in that window, and an unknown or revoked key.
 *
 * Every refusal is 4xx with `HubError` and changes nothing.
 */

export const HUB_API_PREFIX = '/api/v1';

/** Routes, relative to the hub's base URL. `:kioskId` is the enrolled kiosk's id. */
export const HUB_ROUTES = {
  enroll: `${HUB_API_PREFIX}/enroll`,
  events: (kioskId: string) => `${HUB_API_PREFIX}/kiosks/${encodeURIComponent(kioskId)}/events`,
  downloads: (kioskId: string) =>
    `${HUB_API_PREFIX}/kiosks/${encodeURIComponent(kioskId)}/downloads`,
  shortCode: (kioskId: string) =>
    `${HUB_API_PREFIX}/kiosks/${encodeURIComponent(kioskId)}/short-code`,
} as const;

/** Largest request body the hub reads; larger → 413. */
export const MAX_HUB_BODY_BYTES = 8 * 1024 * 1024;
/** Most events in one upload batch; more → 400. */
export const MAX_UPLOAD_BATCH = 2000;
/** How far a request's `date` may be from the hub's clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export const HubErrorCode = z.enum([
  'bad_request', // schema: the message says which field
  'too_large',
  'bad_signature', // missing/garbled signature headers, digest mismatch, signature does not verify
  'stale_date', // `date` more than 5 min off
  'replayed', // nonce seen inside the window
  'unknown_kiosk',
  'revoked_kiosk', // kiosk flagged (fork) or revoked by a pharmacist
  'bad_enrollment_code', // unknown, used or expired
  'gap', // upload does not start right after the hub's last seq
  'chain_broken', // an event's prev/hash does not chain, or its hash is not the hash of its content
  'fork', // same seq, different hash: security event, kiosk flagged
  'unauthorized', // console: no or expired session
  'forbidden',
  'locked_out', // console: too many wrong passwords
  'not_found',
  // Short codes (POST short-code):
  'unknown_code', // no prescription has this code
  'revoked', // the code's prescription is revoked
  'wrong_kiosk', // the code's prescription is bound to other sites/kiosks
  'rate_limited', // too many unknown codes from this kiosk lately: see Retry-After
]);
export type HubErrorCode = z.infer<typeof HubErrorCode>;

export const HubError = z.strictObject({
  error: HubErrorCode,
  message: z.string(),
  /** On `gap` / `fork`: the hub's last stored seq and hash for this kiosk, to resume from. */
  lastSeq: z.number().int().nonnegative().optional(),
  lastHash: z.string().optional(),
});
export type HubError = z.infer<typeof HubError>;

const EcPublicJwk = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** A signed download: the envelope of prescription-token.md §4a with its kind and version. */
export const DownloadKind = z.enum([
  'trust',
  'revocation',
  'refill',
  'config',
  'restock',
  'lock',
  'roster',
  'release',
]);
export type DownloadKind = z.infer<typeof DownloadKind>;
export const SignedDownload = z.strictObject({
  kind: DownloadKind,
  version: z.number().int().nonnegative(),
  jws: z.string().min(1),
});
export type SignedDownload = z.infer<typeof SignedDownload>;

/** POST enroll (not signed: the one-time code is the credential). */
export const EnrollRequest = z.strictObject({
  code: z.string().min(6).max(64),
  devicePublicJwk: EcPublicJwk,
  kioskName: z.string().min(1).max(80),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;
export const EnrollResponse = z.strictObject({
  kioskId: z.string(),
  siteId: z.string(),
  rootPublicJwk: EcPublicJwk,
  downloads: z.array(SignedDownload),
  /** Epoch ms on the hub's clock when it answered. */
  hubTime: z.number().int(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/**
 * POST events: a batch of consecutive journal events starting right after the hub's last seq
 * for this kiosk (or overlapping it: events the hub already holds with the same hash are
 * accepted again, which makes a retry idempotent).
 */
export const UploadRequest = z.strictObject({
  events: z.array(JournalEnvelope).min(1).max(MAX_UPLOAD_BATCH),
});
export type UploadRequest = z.infer<typeof UploadRequest>;
export const UploadResponse = z.strictObject({
  /** The hub now holds every event of this kiosk up to here, chain verified. */
  storedUpToSeq: z.number().int().nonnegative(),
  hubTime: z.number().int(),
});
export type UploadResponse = z.infer<typeof UploadResponse>;

/** POST downloads: the versions the kiosk holds; the hub answers with anything newer. */
export const DownloadsRequest = z.strictObject({
  have: z.partialRecord(DownloadKind, z.number().int().nonnegative()),
});
export type DownloadsRequest = z.infer<typeof DownloadsRequest>;
export const DownloadsResponse = z.strictObject({
  downloads: z.array(SignedDownload),
  /** The hub's last stored seq for this kiosk (the upload cursor; fills up to it are acknowledged). */
  storedUpToSeq: z.number().int().nonnegative(),
  hubTime: z.number().int(),
});
export type DownloadsResponse = z.infer<typeof DownloadsResponse>;

// ── Short codes (DESIGN §9) ──────────────────────────────────────────────────────────────────────

/** What the kiosk's keypad sends (the SUBMIT_CODE shape): `OD-` and two groups of four. */
export const SHORT_CODE_PATTERN = /^OD-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/**
 * POST short-code: the code typed by a patient whose QR would not scan. The hub answers with the
 * QR's text, which the kiosk verifies exactly as a scan; or 404 `unknown_code`, 410 `revoked`,
 * 403 `wrong_kiosk`, 429 `rate_limited` (with Retry-After).
 */
export const ResolveShortCodeRequest = z.strictObject({
  code: z.string().regex(SHORT_CODE_PATTERN, 'expected OD-XXXX-XXXX (capital letters and digits)'),
});
export type ResolveShortCodeRequest = z.infer<typeof ResolveShortCodeRequest>;
export const ResolveShortCodeResponse = z.strictObject({
  /** `shc:/` + digits: what the prescription's QR holds. */
  token: z.string().regex(/^shc:\/\d+$/),
  hubTime: z.number().int(),
});
export type ResolveShortCodeResponse = z.infer<typeof ResolveShortCodeResponse>;
