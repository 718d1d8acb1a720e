import type { DownloadKind } from '../../contracts/hub-api';
import { err, ok, type Result } from '../../contracts/result';

/**
 * Who a signed download is for (table `downloads`, column `scope`): the whole fleet, one site or
 * one kiosk. A kiosk receives, per kind, the highest version among the scopes that apply to it.
 */
export type DownloadScope = 'fleet' | `site:${string}` | `kiosk:${string}`;

const ID = /^[A-Za-z0-9._-]{1,64}$/;

export function siteScope(siteId: string): DownloadScope {
  return `site:${siteId}`;
}

export function kioskScope(kioskId: string): DownloadScope {
  return `kiosk:${kioskId}`;
}

/** The scopes whose downloads a kiosk receives. */
export function scopesOfKiosk(kiosk: { kioskId: string; siteId: string }): DownloadScope[] {
  return ['fleet', siteScope(kiosk.siteId), kioskScope(kiosk.kioskId)];
}

export function parseDownloadScope(scope: string): Result<DownloadScope, string> {
  if (scope === 'fleet') return ok('fleet');
  const match = /^(site|kiosk):(.*)$/.exec(scope);
  if (match && ID.test(match[2]!)) return ok(scope as DownloadScope);
  return err(`scope "${scope.slice(0, 80)}" is not fleet, site:<id> or kiosk:<id>`);
}

/** Trust first: a kiosk that installs in this order can verify what follows with what came before. */
export const DOWNLOAD_KIND_ORDER: readonly DownloadKind[] = [
  'trust',
  'revocation',
  'refill',
  'config',
  'roster',
  'restock',
  'lock',
  'release',
];
