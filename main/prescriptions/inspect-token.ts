import { decodeBase64UrlStrict, describeBase64UrlError } from './base64url-strict';
import { inflateRawCapped } from './inflate-capped';
import { qrVersionOf } from './qr';
import { MAX_ISSUED_JWS_CHARS } from './sign-token';
import { SHC_PREFIX, decodeNumeric, describeNumericError } from './shc-numeric';
import { describeStrictJsonError, parseStrictJsonBytes, type JsonValue } from './strict-json';

/**
 * `rx inspect`: decodes a prescription token (or a signed list) WITHOUT trusting it, for a
 * pharmacist or technician asking "what is in this QR?". The same strict decoders as the verifier
 * (so a token that is malformed for the kiosk says where), and the inflate caps, but no signature,
 * list or clock check. Patient fields are masked: the output may end up in a ticket or a chat.
 */

export const MASKED = '(masked)';

export interface TokenInspection {
  readonly form: 'shc' | 'jws';
  /** Characters of the `shc:/` text, when that was the input. */
  readonly qrTextChars?: number;
  readonly jwsChars?: number;
  /** QR version at ECC L for the `shc:/` form (computed from the JWS when given as JWS). */
  readonly qrVersion?: number;
  /** The JWS fits one V22-L QR (issuers refuse to sign larger). */
  readonly withinIssuerLimit?: boolean;
  readonly header?: JsonValue;
  /** Decoded payload with every Patient member except resourceType masked. */
  readonly payload?: JsonValue;
  readonly payloadBytes?: { readonly compressed: number; readonly inflated: number };
  /** Signature length in bytes (64 for raw R‖S; 70–72 suggests DER). */
  readonly signatureBytes?: number;
  /** Where decoding stopped, in plain words; empty when every layer decoded. */
  readonly problems: readonly string[];
}

/** Every Patient resource anywhere in the value: all members but resourceType masked. */
export function maskPatientFields(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(maskPatientFields);
  if (value === null || typeof value !== 'object') return value;
  const isPatient = value.resourceType === 'Patient';
  const out: Record<string, JsonValue> = {};
  for (const [key, member] of Object.entries(value)) {
    out[key] = isPatient && key !== 'resourceType' ? MASKED : maskPatientFields(member);
  }
  return out;
}

function jwsOf(text: string): { form: 'shc' | 'jws'; jws?: string; problem?: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith(SHC_PREFIX)) return { form: 'jws', jws: trimmed };
  const decoded = decodeNumeric(trimmed, SHC_PREFIX);
  return decoded.ok
    ? { form: 'shc', jws: decoded.value }
    : { form: 'shc', problem: `shc:/ text: ${describeNumericError(decoded.error)}` };
}

export function inspectToken(text: string): TokenInspection {
  const trimmed = text.trim();
  const source = jwsOf(trimmed);
  const base = {
    form: source.form,
    ...(source.form === 'shc' && { qrTextChars: trimmed.length }),
  };
  if (source.jws === undefined) return { ...base, problems: [source.problem ?? 'unreadable'] };
  const jws = source.jws;
  const problems: string[] = [];
  const digits = [...jws].map((c) => String(c.charCodeAt(0) - 45).padStart(2, '0')).join('');
  const qrVersion = /^[-.0-9A-Za-z_]+$/.test(jws)
    ? qrVersionOf(`${SHC_PREFIX}${digits}`)
    : undefined;
  const info: {
    header?: JsonValue;
    payload?: JsonValue;
    payloadBytes?: { compressed: number; inflated: number };
    signatureBytes?: number;
  } = {};

  const parts = jws.split('.');
  if (parts.length !== 3) {
    problems.push(`JWS has ${parts.length} parts, not 3`);
  } else {
    const [headerText = '', payloadText = '', signatureText = ''] = parts;
    const headerBytes = decodeBase64UrlStrict(headerText);
    let zip: JsonValue | undefined;
    if (!headerBytes.ok) {
      problems.push(`header: ${describeBase64UrlError(headerBytes.error)}`);
    } else {
      const header = parseStrictJsonBytes(headerBytes.value);
      if (header.ok) {
        info.header = header.value;
        if (header.value && typeof header.value === 'object' && !Array.isArray(header.value)) {
          zip = header.value.zip;
        }
      } else problems.push(`header: ${describeStrictJsonError(header.error)}`);
    }
    const payloadBytes = decodeBase64UrlStrict(payloadText);
    if (!payloadBytes.ok) {
      problems.push(`payload: ${describeBase64UrlError(payloadBytes.error)}`);
    } else {
      // Prescription tokens are raw DEFLATE (zip "DEF"); signed lists are plain JSON.
      let json = payloadBytes.value;
      if (zip === 'DEF') {
        const inflated = inflateRawCapped(payloadBytes.value);
        if (inflated.ok) {
          json = inflated.value;
          info.payloadBytes = { compressed: payloadBytes.value.length, inflated: json.length };
        } else {
          problems.push(`payload: DEFLATE ${inflated.error.code.replace('_', ' ')}`);
          json = new Uint8Array();
        }
      }
      if (json.length > 0) {
        const payload = parseStrictJsonBytes(json);
        if (payload.ok) info.payload = maskPatientFields(payload.value);
        else problems.push(`payload: ${describeStrictJsonError(payload.error)}`);
      }
    }
    const signature = decodeBase64UrlStrict(signatureText);
    if (signature.ok) info.signatureBytes = signature.value.length;
    else problems.push(`signature: ${describeBase64UrlError(signature.error)}`);
  }
  return {
    ...base,
    jwsChars: jws.length,
    ...(qrVersion !== undefined && { qrVersion }),
    withinIssuerLimit: jws.length <= MAX_ISSUED_JWS_CHARS,
    ...info,
    problems,
  };
}
