import { err, ok, type Result } from '../../contracts/result';

/**
 * base64url as JWS uses it (RFC 7515 §2: no padding), decoded strictly. Node's own decoder skips
 * padding, `+`, `/` and whitespace and ignores the unused low bits of the last character, so two
 * different strings decode to the same bytes: a one-character edit of a signature would still
 * verify (prescription-token.md §5). Here exactly one string maps to each byte sequence.
 */

export type Base64UrlError =
  | { readonly code: 'padding'; readonly offset: number }
  | { readonly code: 'bad_char'; readonly offset: number }
  | { readonly code: 'bad_length'; readonly length: number }
  | { readonly code: 'non_canonical' };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export function describeBase64UrlError(error: Base64UrlError): string {
  switch (error.code) {
    case 'padding':
      return `"=" padding at offset ${error.offset} (JWS base64url has none)`;
    case 'bad_char':
      return `a character outside the base64url alphabet at offset ${error.offset}`;
    case 'bad_length':
      return `length ${error.length} is not a possible base64url length`;
    case 'non_canonical':
      return 'the last character has non-zero unused bits (non-canonical encoding)';
  }
}

export function decodeBase64UrlStrict(text: string): Result<Uint8Array, Base64UrlError> {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) return err({ code: 'padding', offset: i });
    if (c >= 128 || VALUE[c] === -1) return err({ code: 'bad_char', offset: i });
  }
  // 4n+1 characters would carry 6 bits of a byte that cannot exist.
  const rest = text.length % 4;
  if (rest === 1) return err({ code: 'bad_length', length: text.length });
  if (rest !== 0) {
    const last = VALUE[text.charCodeAt(text.length - 1)] as number;
    // 2 trailing chars carry 1 byte (4 spare bits); 3 carry 2 bytes (2 spare bits).
    const spareMask = rest === 2 ? 0x0f : 0x03;
    if ((last & spareMask) !== 0) return err({ code: 'non_canonical' });
  }
  return ok(new Uint8Array(Buffer.from(text, 'base64url')));
}

export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
