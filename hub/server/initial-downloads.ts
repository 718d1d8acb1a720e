import type { DownloadKind } from '../../contracts/hub-api';
import { jwkThumbprint, type EcPublicJwk } from '../../main/keys/jwk-thumbprint';
import {
  nextRefillList,
  nextRevocationList,
  nextTrustList,
} from '../../main/prescriptions/list-builders';
import type { Queryable } from '../db/hub-database';
import { siteScope, type DownloadScope } from './download-scopes';
import type { DownloadsStore, PublishedDownload } from './downloads-store';

/** Who the hub itself publishes as (downloads.created_by). */
export const HUB_PUBLISHER = 'hub';

/** An issuer key is trusted for prescriptions signed up to a year before it was listed. */
const TRUST_BACKDATE_S = 365 * 86_400;

/**
 * What a fresh hub publishes so the first kiosk has something to install: the fleet trust list
 * naming the hub's issuer key (and its badge issuer key) and an empty revocation list. Idempotent:
 * a kind that already has a fleet download is left alone, except that a trust list missing the
 * badge issuer key (a hub from before badges) gets a next version that adds it.
 */
export async function ensureFleetDownloads(
  store: DownloadsStore,
  issuer: { iss: string; jwk: EcPublicJwk },
  db: Queryable,
  badgeIssuer?: EcPublicJwk,
): Promise<PublishedDownload[]> {
  const published: PublishedDownload[] = [];
  const badgeIssuers = badgeIssuer ? [badgeIssuer] : [];
  if (badgeIssuer && (await hasDownload(db, 'trust', 'fleet'))) {
    const trust = await store.latestPayload('trust', 'fleet', db);
    const kid = jwkThumbprint(badgeIssuer);
    if (!trust?.badgeIssuers.some((b) => jwkThumbprint(b.jwk) === kid)) {
      published.push(
        unwrap(
          await store.publishIn(
            db,
            'trust',
            'fleet',
            (c) => nextTrustList(c.previous, { add: [], badgeIssuers }, c.version, c),
            HUB_PUBLISHER,
          ),
        ),
      );
    }
  }
  if (!(await hasDownload(db, 'trust', 'fleet'))) {
    published.push(
      unwrap(
        await store.publishIn(
          db,
          'trust',
          'fleet',
          (c) =>
            nextTrustList(
              c.previous,
              {
                add: [
                  { iss: issuer.iss, jwk: issuer.jwk, notBefore: c.issuedAt - TRUST_BACKDATE_S },
                ],
                badgeIssuers,
              },
              c.version,
              c,
            ),
          HUB_PUBLISHER,
        ),
      ),
    );
  }
  if (!(await hasDownload(db, 'revocation', 'fleet'))) {
    published.push(
      unwrap(
        await store.publishIn(
          db,
          'revocation',
          'fleet',
          (c) => nextRevocationList(c.previous, {}, c.version, c),
          HUB_PUBLISHER,
        ),
      ),
    );
  }
  return published;
}

/** Every site gets an (empty) refill list before its first kiosk enrolls. */
export async function ensureSiteDownloads(
  store: DownloadsStore,
  siteId: string,
  db: Queryable,
): Promise<PublishedDownload[]> {
  const scope = siteScope(siteId);
  if (await hasDownload(db, 'refill', scope)) return [];
  return [
    unwrap(
      await store.publishIn(
        db,
        'refill',
        scope,
        (c) => nextRefillList(c.previous, [], c.version, c),
        HUB_PUBLISHER,
      ),
    ),
  ];
}

async function hasDownload(
  db: Queryable,
  kind: DownloadKind,
  scope: DownloadScope,
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM downloads WHERE kind = $1 AND scope = $2 LIMIT 1',
    [kind, scope],
  );
  return rows.length > 0;
}

function unwrap(result: Awaited<ReturnType<DownloadsStore['publish']>>): PublishedDownload {
  // These payloads are built by the list builders from nothing; a refusal is a bug.
  if (!result.ok) throw new Error(`initial download refused: ${result.error.detail}`);
  return result.value;
}
