/** Prescription tokens (prescription-token.md): sign, encode, print and verify offline. */
export {
  verifyPrescriptionToken,
  verifyPrescriptionJws,
  MAX_QR_TEXT_CHARS,
  MAX_JWS_CHARS,
  MAX_HEADER_BYTES,
  NBF_SKEW_MS,
} from './verify-token';
export type {
  ClockTrust,
  PrescriptionCheck,
  VerificationContext,
  VerifyJwsInput,
  VerifyTokenInput,
  VerifyTokenResult,
} from './verify-token';
export { decidePrescription } from './decide-prescription';
export type { DecidePrescriptionInput } from './decide-prescription';
export {
  stateChecksFor,
  revocationCheck,
  fillsCheck,
  offlineLimitCheck,
  intervalCheck,
} from './state-checks';
export type { FillLedger, FillLedgerEntry, StateCheckInput } from './state-checks';
export {
  assessClockTrust,
  isListStale,
  listStalenessDetail,
  listUsableUntil,
  nextLastSeenTime,
  offlineWindowEnd,
  CLOCK_ROLLBACK_TOLERANCE_MS,
  DEFAULT_OFFLINE_WINDOW_DAYS,
} from './offline-window';
export type { ClockTrustInput, OfflineWindow } from './offline-window';
export {
  SIGNED_LIST_KINDS,
  SIGNED_LIST_TYP,
  MAX_SIGNED_LIST_CHARS,
  decodeSignedList,
  describeSignedListError,
  parseSignedListPayload,
  signSignedList,
  verifySignedList,
} from './signed-list';
export type {
  DecodedSignedList,
  SignedListError,
  SignedListErrorCode,
  SignedListKind,
  SignedListPayload,
  SignedListPayloads,
} from './signed-list';
export { openListStore, LISTS_SUBDIR } from './list-store';
export type {
  CurrentLists,
  InstalledList,
  ListIndexes,
  ListInstallRefusal,
  ListInstalled,
  ListStore,
  ListStoreProblem,
  OpenedListStore,
} from './list-store';
export { indexTrustList, trustIndexOf, isTrustIndex } from './trust-index';
export type { TrustIndex } from './trust-index';
export {
  RevocationList,
  RecalledLot,
  indexRevocationList,
  emptyRevocationList,
} from './revocation-list';
export type { RevocationIndex } from './revocation-list';
export {
  RefillList,
  RefillAuthorization,
  RemoteFill,
  indexRefillList,
  emptyRefillList,
} from './refill-list';
export type { RefillIndex, RemoteFillSummary } from './refill-list';
export {
  nextListVersion,
  nextRefillList,
  nextRevocationList,
  nextTrustList,
} from './list-builders';
export type { ListValidity, RevocationAdditions, TrustAddition } from './list-builders';
export {
  decidePatientCheck,
  failedAttemptsFor,
  isPatientCheckLocked,
  reducePatientCheckFailures,
  MAX_PATIENT_CHECK_ATTEMPTS,
} from './patient-check-policy';
export type {
  PatientCheckDecision,
  PatientCheckFailure,
  PatientCheckInput,
} from './patient-check-policy';
export { inspectToken, maskPatientFields } from './inspect-token';
export { signDemoLists, DEMO_LIST_DAYS } from './demo-lists';
export type { DemoListsInput } from './demo-lists';
export type { TokenInspection } from './inspect-token';
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
export { renderTokenQr, qrVersionOf, MAX_PRESCRIPTION_QR_VERSION } from './qr';
export type { QrError, RenderQrOptions, RenderedQr } from './qr';
export {
  loadOrCreateIssuerKey,
  loadIssuerKey,
  publicJwkOf,
  ISSUER_PRIVATE_KEY_FILE,
  ISSUER_PUBLIC_JWK_FILE,
} from './issuer-keys';
export type { IssuerKey, IssuerKeyError } from './issuer-keys';
export {
  loadOrCreateRootKey,
  loadRootKey,
  loadRootPublicKey,
  ROOT_PRIVATE_KEY_FILE,
  ROOT_PUBLIC_JWK_FILE,
} from './root-key';
export type { RootKey } from './root-key';
export {
  loadEs256KeyFile,
  parsePrivateKeyPem,
  publicKeyFromJson,
  readPublicJwkFile,
} from './es256-key-file';
export type {
  Es256KeyFileError,
  Es256KeyFileNames,
  Es256KeyPair,
  LoadEs256KeyOptions,
  PublicKeyFile,
} from './es256-key-file';
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
