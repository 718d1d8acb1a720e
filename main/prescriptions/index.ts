/** Prescription tokens (prescription-token.md): sign, encode, print and verify offline. */
export {
  verifyPrescriptionToken,
  MAX_QR_TEXT_CHARS,
  MAX_JWS_CHARS,
  MAX_HEADER_BYTES,
  NBF_SKEW_MS,
} from './verify-token';
export type {
  ClockTrust,
  PrescriptionCheck,
  VerificationContext,
  VerifyTokenInput,
  VerifyTokenResult,
} from './verify-token';
export { Prescription, prescriptionFromClaims, DEFAULT_INTERVAL_FRACTION } from './prescription';
export { REASON_CODES, PATIENT_MESSAGES, patientMessage, refusal, isReasonCode } from './reasons';
export type { ReasonCode, Refusal } from './reasons';
export {
  TrustList,
  EcPublicJwkSchema,
  createTrustList,
  findTrustedKey,
  isKeyValidAt,
  isTrustListExpired,
  loadTrustList,
  parseTrustList,
} from './trust';
export type { TrustListIssuerInput, TrustedKeyMatch } from './trust';
export { signPrescriptionToken, kidOfKey, MAX_ISSUED_JWS_CHARS } from './sign-token';
export type { SignTokenError, SignTokenInput } from './sign-token';
export { buildPrescriptionPayload, PrescriptionDraft } from './build-payload';
export type { BuildPayloadError } from './build-payload';
export { TokenClaims } from './token-payload';
export {
  SHC_PREFIX,
  BADGE_PREFIX,
  encodeNumeric,
  decodeNumeric,
  describeNumericError,
} from './shc-numeric';
export type { NumericDecodeError, NumericEncodeError } from './shc-numeric';
export { decodeBase64UrlStrict, encodeBase64Url, describeBase64UrlError } from './base64url-strict';
export type { Base64UrlError } from './base64url-strict';
export { parseStrictJson, parseStrictJsonBytes, describeStrictJsonError } from './strict-json';
export type { JsonObject, JsonValue, StrictJsonError, StrictJsonOptions } from './strict-json';
export { renderTokenQr, MAX_PRESCRIPTION_QR_VERSION } from './qr';
export type { QrError, RenderQrOptions, RenderedQr } from './qr';
export {
  loadOrCreateIssuerKey,
  publicJwkOf,
  ISSUER_PRIVATE_KEY_FILE,
  ISSUER_PUBLIC_JWK_FILE,
} from './issuer-keys';
export type { IssuerKey, IssuerKeyError } from './issuer-keys';
export {
  makeDemoPrescriptions,
  tamperSignature,
  DEMO_ISSUER_URL,
  DEMO_MEDICATION,
  DEMO_PATIENT,
} from './demo-prescription';
export type {
  DemoPrescription,
  DemoPrescriptionInput,
  DemoPrescriptionName,
} from './demo-prescription';
export { computePatientCheck, matchesPatientCheck, PATIENT_CHECK_SYSTEM } from './patient-check';
