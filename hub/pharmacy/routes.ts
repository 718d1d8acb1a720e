import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publishSiteConfig, siteConfigOf } from './site-config';
import type { z } from 'zod';
import type { KeyObject } from 'node:crypto';
import type { IssuerKey } from '../../main/prescriptions/issuer-keys';
import { refusal, sendHubError } from '../server/hub-errors';
import { assertSameOrigin, pharmacistOf, requirePharmacist } from './console-auth';
import {
  ApproveRefillRequest,
  AuthorizeRefillRequest,
  CONSOLE_API_PREFIX,
  CONSOLE_ROUTES,
  CreateEnrollmentCodeRequest,
  CreateSiteRequest,
  DeclineRefillRequest,
  IssuePrescriptionRequest,
  KioskLockRequest,
  SiteConfigQuery,
  SiteConfigRequest,
  LoginRequest,
  RecallLotRequest,
  ResolveReviewRequest,
  RevokePrescriptionRequest,
  type AuditLog,
  type FleetDashboard,
  type Me,
  type ReviewQueue,
  type SiteList,
} from './console-api';
import { endSession, SESSION_IDLE_MS, startSession } from './console-sessions';
import { registerConsoleStatic } from './console-static';
import { readFleetDashboard } from './fleet-dashboard';
import { recentAudit, recordAudit } from './hub-audit';
import { issuePrescription } from './issue-prescription';
import { isKioskLocked, setKioskLock } from './kiosk-lock';
import { checkPharmacistLogin } from './pharmacist-accounts';
import type { PharmacyDeps } from './pharmacy-deps';
import {
  approveRefillRequest,
  authorizeRefill,
  declineRefillRequest,
} from './refill-authorizations';
import { resolveReviewItem } from './resolve-review';
import { readReviewQueue } from './review-queue';
import { recallLot, revokePrescription } from './revocations';
import { clearedSessionCookie, sessionCookie, sessionTokenFrom } from './session-cookie';
import { createEnrollment, createSite, listSites } from './sites';
import { registerTechnicianStockRoutes } from './technicians-stock-routes';

/**
 * The pharmacist side of the hub (issue 7) as one Fastify plugin: the console's session-cookie
 * API under /api/v1/console/… and the built React console at /console/. Every body and query is
 * checked with the zod schemas of console-api.ts; every refusal is 4xx with HubError and changes
 * nothing (each action runs in one transaction with its audit row); every action is audited.
 *
 * Register it on the app buildHubApp returns: `await app.register(pharmacyPlugin, { issuer })`.
 * It takes the database, the downloads store and the clock from `app.hub` unless given.
 */

export interface PharmacyPluginOptions {
  /** The pharmacy's prescription issuer key and the `iss` the fleet trust list names for it. */
  readonly issuer: { readonly iss: string; readonly key: IssuerKey };
  /** Overrides of app.hub (tests). */
  readonly deps?: Partial<Pick<PharmacyDeps, 'db' | 'downloads' | 'clock'>>;
  /** Where the built console is. Default hub/console/dist. */
  readonly consoleDir?: string;
  /** Mark the cookie Secure. Default: when the request came over TLS. */
  readonly secureCookies?: boolean;
  /** The cabinet's temperature band for the dashboard, °C. Default 2–8. */
  readonly cabinetBand?: { readonly minC: number; readonly maxC: number };
  /** The kiosks' offline window, days, drawn on the sync chart. Default 7. */
  readonly offlineWindowDays?: number;
  /** The hub's badge issuer key (trust list `badgeIssuers`); without it no badge is issued. */
  readonly badgeIssuer?: { readonly privateKey: KeyObject };
}

/** Body or query through its schema; the message names the field, never echoes the value. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    throw refusal('bad_request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data as z.output<S>;
}

const AUDIT_LIMIT = 200;

export async function pharmacyPlugin(
  app: FastifyInstance,
  options: PharmacyPluginOptions,
): Promise<void> {
  const deps: PharmacyDeps = {
    db: options.deps?.db ?? app.hub.db,
    downloads: options.deps?.downloads ?? app.hub.downloads,
    clock: options.deps?.clock ?? app.hub.clock,
    issuer: options.issuer,
  };
  const now = (): number => deps.clock.now();
  const secure = (request: FastifyRequest): boolean =>
    options.secureCookies ?? request.protocol === 'https';
  const auth = { preHandler: requirePharmacist(now) };

  // Console answers can hold a signed prescription: never cached, never sniffed.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(CONSOLE_API_PREFIX)) {
      reply.header('cache-control', 'no-store');
      reply.header('x-content-type-options', 'nosniff');
    }
    return payload;
  });

  // ── Session ──────────────────────────────────────────────────────────────────────────────────

  app.post(CONSOLE_ROUTES.login, async (request, reply) => {
    assertSameOrigin(request);
    const body = parse(LoginRequest, request.body);
    const at = now();
    const checked = await checkPharmacistLogin(deps.db, body.username, body.password, at);
    if (!checked.ok) {
      request.log.info({ refused: checked.error.code }, 'console login refused');
      if (checked.error.code === 'locked_out') {
        const waitS = Math.max(1, Math.ceil((checked.error.lockedUntil - at) / 1000));
        reply.header('retry-after', String(waitS));
        return sendHubError(reply, {
          error: 'locked_out',
          message: `too many wrong passwords: this account is locked for ${Math.ceil(waitS / 60)} more minute${waitS > 60 ? 's' : ''}`,
        });
      }
      return sendHubError(reply, { error: 'unauthorized', message: 'wrong user name or password' });
    }
    const token = await deps.db.transaction(async (tx) => {
      const t = await startSession(tx, checked.value.username, at);
      await recordAudit(tx, { username: checked.value.username, action: 'login', detail: {}, at });
      return t;
    });
    reply.header('set-cookie', sessionCookie(token, SESSION_IDLE_MS / 1000, secure(request)));
    const me: Me = checked.value;
    return reply.send(me);
  });

  app.post(CONSOLE_ROUTES.logout, auth, async (request, reply) => {
    const who = pharmacistOf(request);
    await deps.db.transaction(async (tx) => {
      await endSession(tx, sessionTokenFrom(request.headers.cookie) ?? '');
      await recordAudit(tx, { username: who.username, action: 'logout', detail: {}, at: now() });
    });
    reply.header('set-cookie', clearedSessionCookie(secure(request)));
    return reply.code(204).send();
  });

  app.get(CONSOLE_ROUTES.me, auth, async (request): Promise<Me> => pharmacistOf(request));

  // ── Sites, kiosks, enrollment ────────────────────────────────────────────────────────────────

  app.get(CONSOLE_ROUTES.sites, auth, async (): Promise<SiteList> => ({
    sites: await listSites(deps),
  }));

  app.post(CONSOLE_ROUTES.sites, auth, async (request, reply) => {
    await createSite(deps, pharmacistOf(request), parse(CreateSiteRequest, request.body));
    return reply.code(201).send({ ok: true });
  });

  app.post(CONSOLE_ROUTES.enrollmentCodes, auth, async (request, reply) => {
    const code = await createEnrollment(
      deps,
      pharmacistOf(request),
      parse(CreateEnrollmentCodeRequest, request.body),
    );
    return reply.code(201).send(code);
  });

  app.get(CONSOLE_ROUTES.siteConfig, auth, async (request) =>
    siteConfigOf(deps, parse(SiteConfigQuery, request.query).siteId),
  );
  app.post(CONSOLE_ROUTES.siteConfig, auth, async (request) =>
    publishSiteConfig(deps, pharmacistOf(request), parse(SiteConfigRequest, request.body)),
  );

  app.post(CONSOLE_ROUTES.lockKiosk, auth, async (request) =>
    setKioskLock(deps, pharmacistOf(request), parse(KioskLockRequest, request.body), true),
  );
  app.post(CONSOLE_ROUTES.unlockKiosk, auth, async (request) =>
    setKioskLock(deps, pharmacistOf(request), parse(KioskLockRequest, request.body), false),
  );

  // ── Prescriptions, refills, recalls ──────────────────────────────────────────────────────────

  app.post(CONSOLE_ROUTES.prescriptions, auth, async (request, reply) => {
    const issued = await issuePrescription(
      deps,
      pharmacistOf(request),
      parse(IssuePrescriptionRequest, request.body),
    );
    return reply.code(201).send(issued);
  });

  app.post(CONSOLE_ROUTES.revoke, auth, async (request) =>
    revokePrescription(deps, pharmacistOf(request), parse(RevokePrescriptionRequest, request.body)),
  );

  app.post(CONSOLE_ROUTES.refills, auth, async (request) =>
    authorizeRefill(deps, pharmacistOf(request), parse(AuthorizeRefillRequest, request.body)),
  );

  app.post(CONSOLE_ROUTES.approveRefillRequest, auth, async (request) =>
    approveRefillRequest(deps, pharmacistOf(request), parse(ApproveRefillRequest, request.body)),
  );

  app.post(CONSOLE_ROUTES.declineRefillRequest, auth, async (request, reply) => {
    await declineRefillRequest(
      deps,
      pharmacistOf(request),
      parse(DeclineRefillRequest, request.body),
    );
    return reply.code(204).send();
  });

  app.post(CONSOLE_ROUTES.recalls, auth, async (request) =>
    recallLot(deps, pharmacistOf(request), parse(RecallLotRequest, request.body)),
  );

  // ── Review queue, dashboard, audit ───────────────────────────────────────────────────────────

  app.get(CONSOLE_ROUTES.review, auth, async (request): Promise<ReviewQueue> => {
    const query = request.query as Record<string, unknown>;
    const state = query.state ?? 'open';
    if (state !== 'open' && state !== 'all')
      throw refusal('bad_request', 'state: expected "open" or "all"');
    return { items: await readReviewQueue(deps.db, { includeDone: state === 'all' }) };
  });

  app.post(CONSOLE_ROUTES.resolveReview, auth, async (request, reply) => {
    await resolveReviewItem(deps, pharmacistOf(request), parse(ResolveReviewRequest, request.body));
    return reply.code(204).send();
  });

  app.get(CONSOLE_ROUTES.fleet, auth, async (): Promise<FleetDashboard> => {
    const kiosks = await deps.db.query<{ kiosk_id: string }>('SELECT kiosk_id FROM kiosks');
    const locked = new Set<string>();
    for (const k of kiosks.rows) if (await isKioskLocked(deps, k.kiosk_id)) locked.add(k.kiosk_id);
    return readFleetDashboard(deps.db, locked, {
      now: now(),
      ...(options.cabinetBand && { band: options.cabinetBand }),
      ...(options.offlineWindowDays !== undefined && {
        offlineWindowDays: options.offlineWindowDays,
      }),
    });
  });

  app.get(CONSOLE_ROUTES.audit, auth, async (): Promise<AuditLog> => ({
    entries: await recentAudit(deps.db, AUDIT_LIMIT),
  }));

  // Technicians, badges, restock orders, cold-chain releases (technicians-stock-routes.ts).
  registerTechnicianStockRoutes(app, deps, {
    auth,
    parse,
    badgeIssuerKey: options.badgeIssuer?.privateKey,
  });

  await registerConsoleStatic(app, options.consoleDir);
}
