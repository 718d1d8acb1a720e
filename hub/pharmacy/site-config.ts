import { SiteConfigPayload, SiteSettings } from '../../main/config/site-settings';
import type { Queryable } from '../db/hub-database';
import { siteScope } from '../server/download-scopes';
import { refusal } from '../server/hub-errors';
import type { Published, SiteConfigAnswer, SiteConfigRequest } from './console-api';
import { recordAudit } from './hub-audit';
import type { Actor, PharmacyDeps } from './pharmacy-deps';
import { publishedOrRefuse } from './published';

/**
 * A site's settings set in the console (issue 7 "config" download, DESIGN §9): each save is the
 * next version of the signed `config` download for scope `site:<id>`
 * (`opendispense-config+jws`, payload main/config/site-settings.ts SiteConfigPayload — the
 * kiosk's own schema, so the hub cannot publish what a kiosk would refuse). Kiosks apply it
 * between patients, over their local site file.
 */

async function requireSite(db: Queryable, siteId: string): Promise<void> {
  const site = await db.query('SELECT 1 FROM sites WHERE site_id = $1', [siteId]);
  if (site.rows.length === 0) throw refusal('not_found', `no site "${siteId}"`);
}

/** The settings in force for a site: the latest published, or the defaults before any. */
export async function siteConfigOf(deps: PharmacyDeps, siteId: string): Promise<SiteConfigAnswer> {
  await requireSite(deps.db, siteId);
  const latest = SiteConfigPayload.safeParse(
    await deps.downloads.latestPayload('config', siteScope(siteId)),
  );
  return latest.success
    ? { siteId, version: latest.data.version, settings: latest.data.settings }
    : { siteId, version: null, settings: SiteSettings.parse({}) };
}

export async function publishSiteConfig(
  deps: PharmacyDeps,
  actor: Actor,
  request: SiteConfigRequest,
): Promise<Published> {
  return deps.db.transaction(async (tx) => {
    await requireSite(tx, request.siteId);
    const settings = SiteSettings.parse(request.settings);
    const published = publishedOrRefuse(
      await deps.downloads.publishIn(
        tx,
        'config',
        siteScope(request.siteId),
        (c): SiteConfigPayload => ({
          version: c.version,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
          siteId: request.siteId,
          settings,
        }),
        actor.username,
      ),
    );
    await recordAudit(tx, {
      username: actor.username,
      action: 'site_config_published',
      detail: { siteId: request.siteId, configVersion: published.version },
      at: deps.clock.now(),
    });
    return published;
  });
}
