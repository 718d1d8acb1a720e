import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadOrCreateIssuerKey } from '../../main/prescriptions/issuer-keys';
import { loadOrCreateBadgeIssuerKey } from '../../main/technician/badge-issuer-key';
import { BADGE_ISSUER_KEY_SUBDIR, DEFAULT_ISSUER_URL, ISSUER_KEY_SUBDIR } from '../server/hub-keys';
import { pharmacyPlugin, type PharmacyPluginOptions } from './routes';

/**
 * The pharmacist console as a startHub plugin (`plugins: [pharmacyConsole({ dataDir, issuerUrl })]`):
 * loads the hub's prescription issuer key and badge issuer key from the data directory — the very
 * keys startHub put in the fleet trust list — and registers the console API and pages on the hub's server.
 */
export function pharmacyConsole(
  options: { dataDir: string; issuerUrl?: string } & Omit<PharmacyPluginOptions, 'issuer'>,
): (app: FastifyInstance) => Promise<void> {
  const { dataDir, issuerUrl, ...rest } = options;
  return async (app) => {
    const key = await loadOrCreateIssuerKey(path.join(dataDir, ISSUER_KEY_SUBDIR));
    if (!key.ok) throw new Error(`issuer key ${key.error.path}: ${key.error.detail}`);
    const badgeKey = await loadOrCreateBadgeIssuerKey(path.join(dataDir, BADGE_ISSUER_KEY_SUBDIR));
    if (!badgeKey.ok)
      throw new Error(`badge issuer key ${badgeKey.error.path}: ${badgeKey.error.detail}`);
    await pharmacyPlugin(app, {
      ...rest,
      issuer: { iss: issuerUrl ?? DEFAULT_ISSUER_URL, key: key.value },
      badgeIssuer: badgeKey.value,
    });
  };
}
