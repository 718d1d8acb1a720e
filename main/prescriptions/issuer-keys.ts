import { err, ok, type Result } from '../../contracts/result';
import {
  loadEs256KeyFile,
  publicJwkOf,
  type Es256KeyFileError,
  type Es256KeyPair,
} from './es256-key-file';

/**
 * A prescription issuer's ES256 key pair on disk (the pharmacy side: `rx keys`, `rx sign`,
 * `rx:demo`, later the hub). The public JWK beside the private key is what goes into the kiosks'
 * trust list, and its RFC 7638 thumbprint is the tokens' `kid`.
 */

export const ISSUER_PRIVATE_KEY_FILE = 'issuer-key.private.pem';
export const ISSUER_PUBLIC_JWK_FILE = 'issuer-key.public.jwk';

export const ISSUER_KEY_FILES = {
  privateFile: ISSUER_PRIVATE_KEY_FILE,
  publicFile: ISSUER_PUBLIC_JWK_FILE,
} as const;

export { publicJwkOf };

export type IssuerKey = Es256KeyPair;

export type IssuerKeyError =
  | { readonly kind: 'invalid_key'; readonly path: string; readonly detail: string }
  | { readonly kind: 'io'; readonly path: string; readonly detail: string };

/** Loads the issuer key from `dir`, making the directory (0700) and the key on first use. */
export async function loadOrCreateIssuerKey(
  dir: string,
): Promise<Result<IssuerKey, IssuerKeyError>> {
  const loaded = await loadEs256KeyFile(dir, ISSUER_KEY_FILES);
  if (loaded.ok) return ok(loaded.value);
  // With `create` on, a missing key cannot happen; report it as I/O if it ever does.
  const { kind, path, detail } = loaded.error;
  return err({ kind: kind === 'invalid_key' ? 'invalid_key' : 'io', path, detail });
}

/** Loads an existing issuer key, never making one (`missing` when `dir` holds none). */
export function loadIssuerKey(dir: string): Promise<Result<IssuerKey, Es256KeyFileError>> {
  return loadEs256KeyFile(dir, ISSUER_KEY_FILES, { create: false });
}
