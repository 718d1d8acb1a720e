import type { Result } from '../../contracts/result';
import {
  loadEs256KeyFile,
  readPublicJwkFile,
  type Es256KeyFileError,
  type Es256KeyPair,
  type PublicKeyFile,
} from './es256-key-file';

/**
 * The operator root key (prescription-token.md §4a): the one key of the whole system, held by the
 * hub, that signs every list a kiosk installs (trust, revocation, refill, …). A kiosk holds only
 * its public half, received at enrollment (in the demo: made at first start).
 */

export const ROOT_PRIVATE_KEY_FILE = 'root-key.private.pem';
export const ROOT_PUBLIC_JWK_FILE = 'root-key.public.jwk';

export const ROOT_KEY_FILES = {
  privateFile: ROOT_PRIVATE_KEY_FILE,
  publicFile: ROOT_PUBLIC_JWK_FILE,
} as const;

export type RootKey = Es256KeyPair;

/** The hub side (and the demo): loads the root key pair from `dir`, making it on first use. */
export function loadOrCreateRootKey(dir: string): Promise<Result<RootKey, Es256KeyFileError>> {
  return loadEs256KeyFile(dir, ROOT_KEY_FILES, { create: true });
}

/** Operator tools that sign lists: an existing root key only, never a new one. */
export function loadRootKey(dir: string): Promise<Result<RootKey, Es256KeyFileError>> {
  return loadEs256KeyFile(dir, ROOT_KEY_FILES, { create: false });
}

/** The kiosk side: the root public JWK it verifies every list against. */
export function loadRootPublicKey(file: string): Promise<Result<PublicKeyFile, string>> {
  return readPublicJwkFile(file);
}
