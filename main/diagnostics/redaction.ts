/**
 * What may leave the kiosk in a diagnostics bundle (DESIGN §9, issue 9 item 11): config with its
 * secrets replaced, and log lines with every field that could hold a PIN, a birth date, a patient
 * reference, a token or a token id removed — plus a scrub of any text that looks like a token
 * wherever it hides (a message, an error string). The scanner's own redaction (symbology, length,
 * first 8 characters) happens in the drivers; this is the second net, not the first.
 */

export const REDACTED = '[redacted]';

/** Config keys whose values are secrets (matched case-insensitively anywhere in the key). */
const SECRET_KEY =
  /token|secret|password|passphrase|private|credential|authorization|cookie|api[-_]?key|pin$/i;

/**
 * Log fields that may hold patient data or credentials. The kiosk's own logs already avoid them
 * (only redacted scans, codes and seqs are logged); a field of these names is dropped whatever it
 * holds, so a future log line cannot leak through this bundle.
 */
const SENSITIVE_LOG_KEYS = new Set(
  [
    'pin',
    'birthdate',
    'birth_date',
    'dob',
    'jti',
    'rid',
    'patient',
    'patientref',
    'subject',
    'identifier',
    'check',
    'checkvalue',
    'token',
    'jws',
    'qr',
    'qrtext',
    'text',
    'payload',
    'raw',
    'bytes',
    'keys',
    'label',
    'authorization',
    'cookie',
    'secret',
    'password',
  ].map((k) => k.toLowerCase()),
);

/** `shc:/`/`odb:/` + digits: a whole token in its QR form (a redacted preview keeps ≤ 3 digits). */
const NUMERIC_TOKEN = /\b(shc|odb):\/[0-9]{9,}/g;
/** A compact JWS (prescription, badge, signed list): base64url JSON header starting `{"`. */
const COMPACT_JWS = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
/** A scrypt check value (patient check, roster PIN). */
const SCRYPT_VALUE = /scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+/g;
/** Token ids are UUIDs; logs name events by seq, so any UUID in a log line is dropped. */
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** Replaces anything token-shaped in free text. */
export function scrubText(text: string): string {
  return text
    .replace(
      NUMERIC_TOKEN,
      (m, prefix: string) => `${prefix}:/[${m.length - prefix.length - 2} digits redacted]`,
    )
    .replace(COMPACT_JWS, '[JWS redacted]')
    .replace(SCRYPT_VALUE, '[check value redacted]')
    .replace(UUID, '[uuid redacted]');
}

function mapJson(value: unknown, onEntry: (key: string, value: unknown) => unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (Array.isArray(value)) return value.map((v) => mapJson(v, onEntry));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = onEntry(key, v);
    }
    return out;
  }
  return value;
}

/** Config (site, hardware) with secret values replaced; structure and other values kept. */
export function redactConfig(value: unknown): unknown {
  const visit = (key: string, v: unknown): unknown =>
    SECRET_KEY.test(key) ? REDACTED : mapJson(v, visit);
  return mapJson(value, visit);
}

/** One pino record (parsed JSON) with sensitive fields dropped and token-shaped text scrubbed. */
export function redactLogRecord(record: unknown): unknown {
  const visit = (key: string, v: unknown): unknown =>
    SENSITIVE_LOG_KEYS.has(key.toLowerCase()) || SECRET_KEY.test(key)
      ? REDACTED
      : mapJson(v, visit);
  return mapJson(record, visit);
}

/** A log file's text, line by line: JSON lines through redactLogRecord, other lines scrubbed. */
export function redactLogText(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed.startsWith('{')) {
        try {
          return JSON.stringify(redactLogRecord(JSON.parse(trimmed)));
        } catch {
          // Not JSON after all (a torn last line): scrub it as text.
        }
      }
      return scrubText(line);
    })
    .join('\n');
}
