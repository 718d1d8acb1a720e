import type { Result } from '../../contracts/result';
import {
  loadEs256KeyFile,
  type Es256KeyFileError,
  type Es256KeyPair,
} from '../prescriptions/es256-key-file';

/**
 * The key that signs technician service badges (prescription-token.md §4a): its public JWK is
 * listed in the trust list's `badgeIssuers`, never under `issuers` — a prescriber key may not sign
 * a badge, and kiosks refuse a badge whose key also signs prescriptions.
 */
export const BADGE_ISSUER_KEY_FILES = {
  privateFile: 'badge-issuer-key.private.pem',
  publicFile: 'badge-issuer-key.public.jwk',
} as const;

export function loadOrCreateBadgeIssuerKey(
  dir: string,
): Promise<Result<Es256KeyPair, Es256KeyFileError>> {
  return loadEs256KeyFile(dir, BADGE_ISSUER_KEY_FILES, { create: true });
}

export function loadBadgeIssuerKey(dir: string): Promise<Result<Es256KeyPair, Es256KeyFileError>> {
  return loadEs256KeyFile(dir, BADGE_ISSUER_KEY_FILES, { create: false });
}
