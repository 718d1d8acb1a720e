import type { z } from 'zod';
import { createEnrollmentCode } from '../server/enrollment-codes';
import { refusal } from '../server/hub-errors';
import type {
  CreateEnrollmentCodeRequest,
  CreateSiteRequest,
  EnrollmentCode,
  SiteSummary,
} from './console-api';
import { recordAudit } from './hub-audit';
import { isKioskLocked } from './kiosk-lock';
import type { Actor, PharmacyDeps } from './pharmacy-deps';

/** Sites, their kiosks, and the one-time codes that enroll a new kiosk at a site (DESIGN §7). */

const HOUR_MS = 3_600_000;

export async function listSites(deps: PharmacyDeps): Promise<SiteSummary[]> {
  const sites = await deps.db.query<{ site_id: string; name: string }>(
    'SELECT site_id, name FROM sites ORDER BY name, site_id',
  );
  const kiosks = await deps.db.query<{
    kiosk_id: string;
    site_id: string;
    name: string;
    status: string;
  }>('SELECT kiosk_id, site_id, name, status FROM kiosks ORDER BY name, kiosk_id');
  const out: SiteSummary[] = [];
  for (const site of sites.rows) {
    const mine: SiteSummary['kiosks'] = [];
    for (const k of kiosks.rows.filter((k) => k.site_id === site.site_id)) {
      const locked = k.status === 'active' && (await isKioskLocked(deps, k.kiosk_id));
      mine.push({ kioskId: k.kiosk_id, name: k.name, status: locked ? 'locked' : k.status });
    }
    out.push({ siteId: site.site_id, name: site.name, kiosks: mine });
  }
  return out;
}

export async function createSite(
  deps: PharmacyDeps,
  actor: Actor,
  request: CreateSiteRequest,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const inserted = await tx.query(
      'INSERT INTO sites (site_id, name) VALUES ($1, $2) ON CONFLICT (site_id) DO NOTHING',
      [request.siteId, request.name],
    );
    if (inserted.affectedRows !== 1)
      throw refusal('bad_request', `a site "${request.siteId}" already exists`);
    await recordAudit(tx, {
      username: actor.username,
      action: 'site_created',
      detail: { siteId: request.siteId, name: request.name },
      at: deps.clock.now(),
    });
  });
}

export async function createEnrollment(
  deps: PharmacyDeps,
  actor: Actor,
  request: z.output<typeof CreateEnrollmentCodeRequest>,
): Promise<EnrollmentCode> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const created = await createEnrollmentCode(tx, {
      siteId: request.siteId,
      createdBy: actor.username,
      ttlMs: request.ttlHours * HOUR_MS,
      now,
    });
    if (!created.ok) {
      throw created.error.code === 'unknown_site'
        ? refusal('not_found', created.error.detail)
        : refusal('bad_request', created.error.detail);
    }
    // The code itself is a credential until used: the audit names the site and expiry only.
    await recordAudit(tx, {
      username: actor.username,
      action: 'enrollment_code_created',
      detail: { siteId: request.siteId, expiresAt: created.value.expiresAt.toISOString() },
      at: now,
    });
    return {
      code: created.value.code,
      siteId: created.value.siteId,
      expiresAt: created.value.expiresAt.toISOString(),
    };
  });
}
