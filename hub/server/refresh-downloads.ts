import {
  DOWNLOAD_VALIDITY_S,
  type DownloadsStore,
  type PublishedDownload,
} from './downloads-store';
import type { DownloadScope } from './download-scopes';
import type { Queryable } from '../db/hub-database';
import { HUB_PUBLISHER } from './initial-downloads';
import type { DownloadKind } from '../../contracts/hub-api';

/**
 * Signed lists carry an expiry (prescription-token.md §4a) and a kiosk treats an expired list as
 * stale, so the hub re-signs each kind's latest download, with the same content and a new version,
 * once half its validity has passed. Run at start and then every few hours.
 */
export const REFRESH_EVERY_MS = 6 * 3_600_000;

export async function refreshExpiringDownloads(
  store: DownloadsStore,
  db: Queryable,
  nowMs: number,
): Promise<PublishedDownload[]> {
  const { rows } = await db.query<{ kind: DownloadKind; scope: DownloadScope }>(
    'SELECT DISTINCT kind, scope FROM downloads ORDER BY kind, scope',
  );
  const now = Math.floor(nowMs / 1000);
  const refreshed: PublishedDownload[] = [];
  for (const { kind, scope } of rows) {
    const latest = await store.latestPayload(kind, scope, db);
    if (latest === undefined || latest.expiresAt - now > DOWNLOAD_VALIDITY_S / 2) continue;
    const result = await store.publish(
      kind,
      scope,
      (c) => ({ ...c.previous!, version: c.version, issuedAt: c.issuedAt, expiresAt: c.expiresAt }),
      HUB_PUBLISHER,
    );
    if (!result.ok) throw new Error(`refreshing ${kind} for ${scope}: ${result.error.detail}`);
    refreshed.push(result.value);
  }
  return refreshed;
}
