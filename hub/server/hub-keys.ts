import path from 'node:path';
import { err, ok, type Result } from '../../contracts/result';
import type { Es256KeyPair } from '../../main/prescriptions/es256-key-file';
import { loadOrCreateBadgeIssuerKey } from '../../main/technician/badge-issuer-key';
import { loadOrCreateIssuerKey, type IssuerKey } from '../../main/prescriptions/issuer-keys';
import { loadOrCreateRootKey, type RootKey } from '../../main/prescriptions/root-key';

/**
 * The hub's keys, in its data directory (private keys 0600, directories 0700):
 * - `keys/root/`: the operator root key (prescription-token.md §4a), which signs every download;
 *   kiosks receive its public half at enrollment.
 * - `keys/issuer/`: the pharmacy's prescription issuer key, named in the fleet trust list, with
 *   which the console signs prescriptions.
 * Both are made at first start. Nothing here logs key material.
 */
export const ROOT_KEY_SUBDIR = path.join('keys', 'root');
export const ISSUER_KEY_SUBDIR = path.join('keys', 'issuer');
export const BADGE_ISSUER_KEY_SUBDIR = path.join('keys', 'badge-issuer');

/** The issuer URL in the trust list when the operator gives none (`--issuer`). */
export const DEFAULT_ISSUER_URL = 'https://hub.opendispense.local';

export interface HubKeys {
  root: RootKey;
  issuer: { iss: string; key: IssuerKey };
  badgeIssuer: Es256KeyPair;
}

export async function loadOrCreateHubKeys(
  dataDir: string,
  issuerUrl: string = DEFAULT_ISSUER_URL,
): Promise<Result<HubKeys, string>> {
  const root = await loadOrCreateRootKey(path.join(dataDir, ROOT_KEY_SUBDIR));
  if (!root.ok) return err(`root key ${root.error.path}: ${root.error.detail}`);
  const issuer = await loadOrCreateIssuerKey(path.join(dataDir, ISSUER_KEY_SUBDIR));
  if (!issuer.ok) return err(`issuer key ${issuer.error.path}: ${issuer.error.detail}`);
  const badgeIssuer = await loadOrCreateBadgeIssuerKey(path.join(dataDir, BADGE_ISSUER_KEY_SUBDIR));
  if (!badgeIssuer.ok)
    return err(`badge issuer key ${badgeIssuer.error.path}: ${badgeIssuer.error.detail}`);
  return ok({
    root: root.value,
    issuer: { iss: issuerUrl, key: issuer.value },
    badgeIssuer: badgeIssuer.value,
  });
}
