import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../contracts/clock';
import { HUB_ROUTES, HubError, type HubErrorCode } from '../../contracts/hub-api';
import { matchesPatientCheck } from '../../main/prescriptions/patient-check';
import { verifySignedList } from '../../main/prescriptions/signed-list';
import { verifyPrescriptionToken } from '../../main/prescriptions/verify-token';
import {
  AuditLog,
  CONSOLE_ROUTES,
  EnrollmentCode,
  FleetDashboard,
  IssuedPrescription,
  Me,
  Published,
  ReviewQueue,
  SiteList,
  type ReviewItem,
} from '../../hub/pharmacy/console-api';
import { SESSION_COOKIE } from '../../hub/pharmacy/session-cookie';
import { createPharmacist, LOCKOUT_MS } from '../../hub/pharmacy/pharmacist-accounts';
import { detectDuplicateFills } from '../../hub/pharmacy/duplicate-fills';
import { KioskLockPayload } from '../../hub/pharmacy/kiosk-lock';
import { ensureSite } from '../../hub/server/enrollment-codes';
import { kioskScope, siteScope } from '../../hub/server/download-scopes';
import type { RunningHub } from '../../hub/server/start-hub';
import {
  consoleLogin,
  consoleRequest,
  expectRefusal,
  hubBackends,
  kioskDownloads as downloadsOf,
  startPharmacyHub,
  type PharmacyHub,
} from './support/pharmacy-hub';
import {
  busyDay,
  enrollSeedKiosk,
  SEED_GTIN,
  seqOf,
  uploadSeedEvents,
  type SeedKiosk,
} from './hub-pharmacy-seed';

/**
 * The pharmacist console's API (issue 7) through Fastify, on PGlite and (where the Debian
 * `postgresql` package is installed) on a PostgreSQL cluster the test starts, the hub built exactly as
 * `npm run hub` builds it (startHub + the console plugin). Kiosk data arrives through the real
 * enroll and signed upload endpoints. Every refusal is checked for its status, its code, a reason,
 * and a snapshot of every table a console action writes, proving nothing changed.
 */

const PASSWORD = 'correct horse battery';
const SITE = 'site-a';
const OTHER_SITE = 'site-b';
const ISSUER = 'https://hub.test.example';

const backends = hubBackends('pharmacist console API');

describe.each(backends)('pharmacist console API on %s', (backend) => {
  let pharmacyHub: PharmacyHub;
  let hub: RunningHub;
  let clockOffsetMs = 0;
  const clock: Clock = {
    now: () => Date.now() + clockOffsetMs,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const now = (): number => clock.now();

  let kioskA: SeedKiosk;
  let kioskB: SeedKiosk;
  const jti = { filled: randomUUID(), refill: randomUUID(), locked: randomUUID() };
  let cookie: string;

  type Method = 'GET' | 'POST';

  const call = (
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => consoleRequest(hub, method, url, body, headers);

  const as = (c: string) => ({ cookie: c });

  const login = (username = 'alice', password = PASSWORD) => consoleLogin(hub, username, password);

  /** Everything a console request could change. */
  async function snapshot(): Promise<unknown> {
    const { rows } = await hub.db.query(
      `SELECT
       (SELECT count(*) FROM downloads)::int AS downloads,
       (SELECT count(*) FROM hub_audit)::int AS audit,
       (SELECT count(*) FROM issued_prescriptions)::int AS issued,
       (SELECT count(*) FROM refill_authorizations)::int AS refills,
       (SELECT count(*) FROM refill_decisions)::int AS decisions,
       (SELECT count(*) FROM review_resolutions)::int AS resolutions,
       (SELECT count(*) FROM enrollment_codes)::int AS codes,
       (SELECT count(*) FROM sites)::int AS sites,
       (SELECT count(*) FROM pharmacist_sessions)::int AS sessions,
       (SELECT count(*) FROM alerts WHERE resolved_at IS NOT NULL)::int AS resolved_alerts,
       (SELECT json_agg(p ORDER BY username)::text FROM (
          SELECT username, failed_attempts, locked_until FROM pharmacists) p) AS pharmacists`,
    );
    return rows[0];
  }

  /** A refusal: the status, the code, a reason, and nothing changed. */
  async function expectRefused(
    request: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
    status: number,
    code: HubErrorCode,
  ): Promise<string> {
    return (await expectRefusal(snapshot, request, status, code)).message;
  }

  async function review(state: 'open' | 'all' = 'open'): Promise<ReviewItem[]> {
    const response = await call(
      'GET',
      `${CONSOLE_ROUTES.review}?state=${state}`,
      undefined,
      as(cookie),
    );
    expect(response.statusCode, response.body).toBe(200);
    return ReviewQueue.parse(response.json()).items;
  }

  beforeAll(async () => {
    pharmacyHub = await startPharmacyHub({
      name: 'hub-pharmacy',
      backend,
      clock,
      issuerUrl: ISSUER,
    });
    hub = pharmacyHub.hub;
    for (const username of ['alice', 'bob']) {
      const made = await createPharmacist(hub.db, {
        username,
        displayName: username === 'alice' ? 'Alice Mwangi' : 'Bob Otieno',
        password: PASSWORD,
      });
      expect(made.ok).toBe(true);
    }
    for (const siteId of [SITE, OTHER_SITE])
      expect((await ensureSite(hub.db, { siteId, name: `Health post ${siteId}` })).ok).toBe(true);
    kioskA = await enrollSeedKiosk(hub, SITE, 'Kiosk A', now);
    kioskB = await enrollSeedKiosk(hub, SITE, 'Kiosk B', now);
    await uploadSeedEvents(hub, kioskA, busyDay(now(), jti), now);
    cookie = await login();
  });

  afterAll(async () => {
    await pharmacyHub?.stop();
  });

  describe('sessions', () => {
    it('sets an HttpOnly, SameSite=Strict session cookie and names the pharmacist', async () => {
      const response = await call('POST', CONSOLE_ROUTES.login, {
        username: 'alice',
        password: PASSWORD,
      });
      expect(response.statusCode).toBe(200);
      expect(Me.parse(response.json())).toEqual({ username: 'alice', displayName: 'Alice Mwangi' });
      const setCookie = String(response.headers['set-cookie']);
      expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; `));
      for (const attribute of ['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=28800'])
        expect(setCookie).toContain(attribute);
      expect(setCookie).not.toContain('Secure'); // plain HTTP in the test
      const me = await call('GET', CONSOLE_ROUTES.me, undefined, as(cookie));
      expect(Me.parse(me.json()).username).toBe('alice');
      const audit = await hub.db.query(
        `SELECT count(*)::int AS n FROM hub_audit WHERE action = 'login' AND username = 'alice'`,
      );
      expect((audit.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(2);
    });

    it('stores only a hash of the session token', async () => {
      const token = cookie.split('=')[1] as string;
      const { rows } = await hub.db.query<{ token_hash: string }>(
        'SELECT token_hash FROM pharmacist_sessions',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(row.token_hash).not.toContain(token);
      }
    });

    it('refuses a wrong password with 401 and counts it', async () => {
      await call('POST', CONSOLE_ROUTES.login, {
        username: 'alice',
        password: 'not the password',
      }).then((r) => {
        expect(r.statusCode).toBe(401);
        expect(HubError.parse(r.json()).error).toBe('unauthorized');
      });
      const { rows } = await hub.db.query<{ failed_attempts: number }>(
        `SELECT failed_attempts FROM pharmacists WHERE username = 'alice'`,
      );
      expect(rows[0]?.failed_attempts).toBe(1);
      await login(); // a success clears the count
      const after = await hub.db.query<{ failed_attempts: number }>(
        `SELECT failed_attempts FROM pharmacists WHERE username = 'alice'`,
      );
      expect(after.rows[0]?.failed_attempts).toBe(0);
    });

    it('an unknown user gets the same 401 as a wrong password, and nothing changes', async () => {
      const message = await expectRefused(
        () => call('POST', CONSOLE_ROUTES.login, { username: 'mallory', password: PASSWORD }),
        401,
        'unauthorized',
      );
      expect(message).toBe('wrong user name or password');
    });

    it('locks an account for 15 minutes after 5 wrong passwords, even for the right one', async () => {
      for (let i = 1; i <= 4; i++) {
        const r = await call('POST', CONSOLE_ROUTES.login, {
          username: 'bob',
          password: `wrong ${i}`,
        });
        expect(r.statusCode).toBe(401);
      }
      const fifth = await call('POST', CONSOLE_ROUTES.login, {
        username: 'bob',
        password: 'wrong 5',
      });
      expect(fifth.statusCode).toBe(429);
      expect(HubError.parse(fifth.json()).error).toBe('locked_out');
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(14 * 60);
      // Locked: the right password is refused and not even counted.
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.login, { username: 'bob', password: PASSWORD }),
        429,
        'locked_out',
      );
      clockOffsetMs += LOCKOUT_MS + 1000;
      await login('bob');
    });

    it('ends a session after 8 hours without a request', async () => {
      const bob = await login('bob');
      expect((await call('GET', CONSOLE_ROUTES.me, undefined, as(bob))).statusCode).toBe(200);
      clockOffsetMs += 7 * 3_600_000; // a request inside the 8 h keeps it alive …
      expect((await call('GET', CONSOLE_ROUTES.me, undefined, as(bob))).statusCode).toBe(200);
      clockOffsetMs += 8 * 3_600_000 + 1000; // … 8 h of silence ends it
      const expired = await call('GET', CONSOLE_ROUTES.me, undefined, as(bob));
      expect(expired.statusCode).toBe(401);
      expect(HubError.parse(expired.json()).error).toBe('unauthorized');
      // alice's session went idle too; later tests sign in again.
      cookie = await login();
    });

    it('logout ends the session and clears the cookie', async () => {
      const bob = await login('bob');
      const out = await call('POST', CONSOLE_ROUTES.logout, {}, as(bob));
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(
        new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`),
      );
      expect((await call('GET', CONSOLE_ROUTES.me, undefined, as(bob))).statusCode).toBe(401);
    });
  });

  /** Every console endpoint with a body that passes its schema, for the no-session / expired checks. */
  const ENDPOINTS: readonly { method: Method; url: string; body?: unknown }[] = [
    { method: 'GET', url: CONSOLE_ROUTES.me },
    { method: 'POST', url: CONSOLE_ROUTES.logout, body: {} },
    { method: 'GET', url: CONSOLE_ROUTES.sites },
    { method: 'POST', url: CONSOLE_ROUTES.sites, body: { siteId: 'site-z', name: 'Z' } },
    {
      method: 'POST',
      url: CONSOLE_ROUTES.prescriptions,
      body: {
        patient: { birthDate: '1970-01-01', pin: '123456' },
        medication: { display: 'Amlodipine 5 mg', gtin: SEED_GTIN },
        dose: 'One a day',
        packsPerFill: 1,
        fills: 1,
        expectedSupplyDays: 30,
        validDays: 90,
        siteIds: [SITE],
      },
    },
    { method: 'POST', url: CONSOLE_ROUTES.revoke, body: { jti: 'x', reason: 'test' } },
    { method: 'POST', url: CONSOLE_ROUTES.refills, body: { jti: 'x', siteId: SITE } },
    { method: 'POST', url: CONSOLE_ROUTES.approveRefillRequest, body: { kioskId: 'k', seq: 1 } },
    {
      method: 'POST',
      url: CONSOLE_ROUTES.declineRefillRequest,
      body: { kioskId: 'k', seq: 1, reason: 'no' },
    },
    {
      method: 'POST',
      url: CONSOLE_ROUTES.recalls,
      body: { gtin: SEED_GTIN, lot: 'L1', reason: 'test' },
    },
    { method: 'POST', url: CONSOLE_ROUTES.lockKiosk, body: { kioskId: 'k', reason: 'test' } },
    { method: 'POST', url: CONSOLE_ROUTES.unlockKiosk, body: { kioskId: 'k', reason: 'test' } },
    { method: 'POST', url: CONSOLE_ROUTES.enrollmentCodes, body: { siteId: SITE } },
    { method: 'GET', url: CONSOLE_ROUTES.review },
    { method: 'POST', url: CONSOLE_ROUTES.resolveReview, body: { ref: { alertId: 1 } } },
    { method: 'GET', url: CONSOLE_ROUTES.fleet },
    { method: 'GET', url: CONSOLE_ROUTES.audit },
  ];

  describe('every console endpoint refuses a request without a live session', () => {
    it.each(ENDPOINTS)('$method $url without a cookie → 401', async ({ method, url, body }) => {
      await expectRefused(() => call(method, url, body), 401, 'unauthorized');
    });

    it.each(ENDPOINTS)('$method $url with a forged cookie → 401', async ({ method, url, body }) => {
      await expectRefused(
        () => call(method, url, body, as(`${SESSION_COOKIE}=${'A'.repeat(43)}`)),
        401,
        'unauthorized',
      );
    });

    it('with an expired session → 401 on every endpoint', async () => {
      const stale = await login('bob');
      clockOffsetMs += 8 * 3_600_000 + 1000;
      for (const { method, url, body } of ENDPOINTS) {
        // The first request deletes the dead session row; snapshot around each one from then on.
        if (url === ENDPOINTS[0]?.url) {
          expect((await call(method, url, body, as(stale))).statusCode).toBe(401);
          continue;
        }
        await expectRefused(() => call(method, url, body, as(stale)), 401, 'unauthorized');
      }
      cookie = await login();
    });

    it('refuses a state-changing request from another site (Origin) with 403', async () => {
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.recalls,
            { gtin: SEED_GTIN, lot: 'L1', reason: 'x' },
            { ...as(cookie), origin: 'https://evil.example' },
          ),
        403,
        'forbidden',
      );
    });
  });

  describe('bad requests change nothing', () => {
    const issue = ENDPOINTS.find((e) => e.url === CONSOLE_ROUTES.prescriptions)?.body as Record<
      string,
      unknown
    >;
    const cases: readonly {
      name: string;
      why: RegExp;
      method?: Method;
      url: string;
      body: unknown;
      status?: number;
      code?: HubErrorCode;
    }[] = [
      {
        name: 'login: missing password',
        why: /password/,
        url: CONSOLE_ROUTES.login,
        body: { username: 'alice' },
      },
      { name: 'login: not JSON', why: /JSON/, url: CONSOLE_ROUTES.login, body: '{"username":' },
      {
        name: 'site: bad id',
        why: /siteId/,
        url: CONSOLE_ROUTES.sites,
        body: { siteId: 'Bad Site!', name: 'x' },
      },
      {
        name: 'site: extra member',
        why: /admin/,
        url: CONSOLE_ROUTES.sites,
        body: { siteId: 'ok-site', name: 'x', admin: true },
      },
      {
        name: 'site: exists',
        why: /already exists/,
        url: CONSOLE_ROUTES.sites,
        body: { siteId: SITE, name: 'again' },
      },
      {
        name: 'issue: bad birth date',
        why: /birthDate/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, patient: { birthDate: '01/02/1970' } },
      },
      {
        name: 'issue: 5-digit PIN',
        why: /PIN/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, patient: { birthDate: '1970-01-01', pin: '12345' } },
      },
      {
        name: 'issue: GTIN check digit',
        why: /check digit/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, medication: { display: 'x', gtin: '09506000134353' } },
      },
      {
        name: 'issue: no site or kiosk',
        why: /at least one site/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, siteIds: [] },
      },
      {
        name: 'issue: unknown site',
        why: /nowhere/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, siteIds: ['nowhere'] },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'issue: 0 fills',
        why: /fills/,
        url: CONSOLE_ROUTES.prescriptions,
        body: { ...issue, fills: 0 },
      },
      {
        name: 'issue: too large for one QR',
        why: /more than one QR code holds/,
        url: CONSOLE_ROUTES.prescriptions,
        body: {
          ...issue,
          dose: 'x'.repeat(120),
          medication: { display: 'y'.repeat(80), gtin: SEED_GTIN },
          siteIds: [SITE, OTHER_SITE],
          kioskIds: [],
          patient: { initials: 'ABCDEFGH', birthDate: '1970-01-01', pin: '123456' },
          vitals: { bpSystolicMax: 150, bpDiastolicMax: 95, spo2Min: 92 },
        },
      },
      {
        name: 'revoke: no reason',
        why: /reason/,
        url: CONSOLE_ROUTES.revoke,
        body: { jti: 'abc', reason: '' },
      },
      {
        name: 'refill: unknown site',
        why: /nowhere/,
        url: CONSOLE_ROUTES.refills,
        body: { jti: 'abc', siteId: 'nowhere' },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'refill: 0 extra fills',
        why: /extraFills/,
        url: CONSOLE_ROUTES.refills,
        body: { jti: 'abc', siteId: SITE, extraFills: 0 },
      },
      {
        name: 'approve: no such event',
        why: /no refill request/,
        url: CONSOLE_ROUTES.approveRefillRequest,
        body: { kioskId: 'nope', seq: 5 },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'approve: seq as text',
        why: /seq/,
        url: CONSOLE_ROUTES.approveRefillRequest,
        body: { kioskId: 'k', seq: '5' },
      },
      {
        name: 'recall: lot too long',
        why: /lot/,
        url: CONSOLE_ROUTES.recalls,
        body: { gtin: SEED_GTIN, lot: 'L'.repeat(21), reason: 'x' },
      },
      {
        name: 'recall: bad GTIN',
        why: /gtin/,
        url: CONSOLE_ROUTES.recalls,
        body: { gtin: '123', lot: 'L1', reason: 'x' },
      },
      {
        name: 'lock: unknown kiosk',
        why: /no kiosk/,
        url: CONSOLE_ROUTES.lockKiosk,
        body: { kioskId: 'nope', reason: 'x' },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'lock: no reason',
        why: /reason/,
        url: CONSOLE_ROUTES.lockKiosk,
        body: { kioskId: 'nope' },
      },
      {
        name: 'enrollment: unknown site',
        why: /nowhere/,
        url: CONSOLE_ROUTES.enrollmentCodes,
        body: { siteId: 'nowhere' },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'enrollment: ttl 0',
        why: /ttlHours/,
        url: CONSOLE_ROUTES.enrollmentCodes,
        body: { siteId: SITE, ttlHours: 0 },
      },
      {
        name: 'resolve: no such alert',
        why: /no alert/,
        url: CONSOLE_ROUTES.resolveReview,
        body: { ref: { alertId: 999 } },
        status: 404,
        code: 'not_found',
      },
      {
        name: 'resolve: bad ref',
        why: /ref/,
        url: CONSOLE_ROUTES.resolveReview,
        body: { ref: { kioskId: 'k' } },
      },
      {
        name: 'review: bad state',
        why: /state/,
        method: 'GET',
        url: `${CONSOLE_ROUTES.review}?state=everything`,
        body: undefined,
      },
    ];
    it.each(cases)('$name → 4xx', async ({ why, method, url, body, status, code }) => {
      const message = await expectRefused(
        () => call(method ?? 'POST', url, body, as(cookie)),
        status ?? 400,
        code ?? 'bad_request',
      );
      expect(message).toMatch(why);
    });

    it('a body over the hub limit is refused with 413', async () => {
      const huge = JSON.stringify({ jti: 'x'.repeat(9 * 1024 * 1024), reason: 'x' });
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.revoke, huge, as(cookie)),
        413,
        'too_large',
      );
    });
  });

  describe('prescriptions', () => {
    it('issues and signs a prescription the kiosks verify with the hub trust list', async () => {
      const body = ENDPOINTS.find((e) => e.url === CONSOLE_ROUTES.prescriptions)?.body as Record<
        string,
        unknown
      >;
      const response = await call(
        'POST',
        CONSOLE_ROUTES.prescriptions,
        { ...body, patient: { birthDate: '1970-01-01' } },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(201);
      const issued = IssuedPrescription.parse(response.json());
      expect(issued.qrText).toMatch(/^shc:\/\d+$/);
      expect(issued.qrPng).toMatch(/^data:image\/png;base64,/);
      expect(issued.qrVersion).toBeLessThanOrEqual(22);
      expect(issued.pin).toMatch(/^\d{6}$/);

      const trust = await hub.downloads.latestPayload('trust', 'fleet');
      const verified = verifyPrescriptionToken({
        qrText: issued.qrText,
        trust,
        now: now(),
        kioskId: kioskA.kioskId,
        siteId: SITE,
      });
      expect(verified.ok, JSON.stringify(!verified.ok && verified.error)).toBe(true);
      if (!verified.ok) return;
      expect(verified.value.jti).toBe(issued.jti);
      expect(verified.value.iss).toBe(ISSUER);
      expect(verified.value.prescriber.display).toBe('Alice Mwangi');
      expect(
        matchesPatientCheck(verified.value.patient.check ?? '', '1970-01-01', issued.pin ?? ''),
      ).toBe(true);
      // Bound to site-a: a kiosk of another site refuses it.
      const elsewhere = verifyPrescriptionToken({
        qrText: issued.qrText,
        trust,
        now: now(),
        kioskId: 'k-x',
        siteId: OTHER_SITE,
      });
      expect(!elsewhere.ok && elsewhere.error.reason).toBe('wrong_kiosk');

      const { rows } = await hub.db.query<{ fills_allowed: number }>(
        'SELECT fills_allowed FROM issued_prescriptions WHERE jti = $1',
        [issued.jti],
      );
      expect(rows[0]?.fills_allowed).toBe(1);
      const audit = await hub.db.query<{ detail: Record<string, unknown> }>(
        `SELECT detail FROM hub_audit WHERE action = 'prescription_issued'`,
      );
      const text = JSON.stringify(audit.rows);
      expect(text).toContain(issued.jti);
      for (const secret of ['1970-01-01', issued.pin ?? '??????', issued.qrText.slice(5, 40)])
        expect(text).not.toContain(secret);
    });

    it('revokes a prescription fleet-wide, once', async () => {
      const target = randomUUID();
      const response = await call(
        'POST',
        CONSOLE_ROUTES.revoke,
        { jti: target, reason: 'issued in error' },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(200);
      const published = Published.parse(response.json());
      expect(published).toMatchObject({ kind: 'revocation', scope: 'fleet' });
      const list = await hub.downloads.latestPayload('revocation', 'fleet');
      expect(list?.jtis).toContain(target);
      expect(list?.version).toBe(published.version);
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.revoke, { jti: target, reason: 'again' }, as(cookie)),
        400,
        'bad_request',
      );
    });

    it('recalls a lot for every kiosk, and a kiosk downloads it', async () => {
      const response = await call(
        'POST',
        CONSOLE_ROUTES.recalls,
        { gtin: SEED_GTIN, lot: 'SOON1', reason: 'supplier recall 42' },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(200);
      const list = await hub.downloads.latestPayload('revocation', 'fleet');
      expect(list?.lots).toContainEqual({ gtin: SEED_GTIN, lot: 'SOON1' });
      const downloaded = await kioskDownloads(kioskB);
      const revocation = downloaded.find((d) => d.kind === 'revocation');
      const verified = verifySignedList(
        'revocation',
        revocation?.jws ?? '',
        hub.keys.root.publicJwk,
      );
      expect(verified.ok && verified.value.lots).toContainEqual({ gtin: SEED_GTIN, lot: 'SOON1' });
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.recalls,
            { gtin: SEED_GTIN, lot: 'SOON1', reason: 'again' },
            as(cookie),
          ),
        400,
        'bad_request',
      );
    });
  });

  const kioskDownloads = (kiosk: SeedKiosk) => downloadsOf(hub, kiosk, new Date(now()));

  describe('review queue and refills', () => {
    it('lists what the kiosk flagged, in plain words', async () => {
      const items = await review();
      const kinds = items.map((i) => i.kind).sort();
      expect(kinds).toEqual([
        'help_requested',
        'patient_locked',
        'refill_requested',
        'uncertain_dispense',
        'vitals_out_of_range',
      ]);
      const refill = items.find((i) => i.kind === 'refill_requested');
      expect(refill).toMatchObject({
        state: 'pending',
        jti: jti.refill,
        kioskName: 'Kiosk A',
        title: 'Refill requested: Metformin 500 mg',
      });
      expect(items.find((i) => i.kind === 'uncertain_dispense')?.detail).toContain('slot 2');
      expect(items.find((i) => i.kind === 'vitals_out_of_range')?.detail).toContain('182/101');
    });

    it('approves a refill request: the site gets a signed refill list with it', async () => {
      const seq = seqOf(kioskA, 'REFILL_REQUESTED');
      const response = await call(
        'POST',
        CONSOLE_ROUTES.approveRefillRequest,
        { kioskId: kioskA.kioskId, seq, extraFills: 2, validDays: 10 },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(Published.parse(response.json())).toMatchObject({
        kind: 'refill',
        scope: siteScope(SITE),
      });
      const downloaded = await kioskDownloads(kioskA);
      const refill = downloaded.find((d) => d.kind === 'refill');
      const list = verifySignedList('refill', refill?.jws ?? '', hub.keys.root.publicJwk);
      expect(list.ok).toBe(true);
      if (!list.ok) return;
      const authorization = list.value.refills.find((r) => r.jti === jti.refill);
      expect(authorization?.extraFills).toBe(2);
      expect(authorization?.notAfter).toBeGreaterThan(now() / 1000 + 9 * 86_400);
      expect((await review()).some((i) => i.kind === 'refill_requested')).toBe(false);
      expect((await review('all')).find((i) => i.kind === 'refill_requested')).toMatchObject({
        state: 'approved',
        decidedBy: 'alice',
      });
      // Once only; a decline after an approval is refused too.
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.approveRefillRequest,
            { kioskId: kioskA.kioskId, seq },
            as(cookie),
          ),
        400,
        'bad_request',
      );
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.declineRefillRequest,
            { kioskId: kioskA.kioskId, seq, reason: 'no' },
            as(cookie),
          ),
        400,
        'bad_request',
      );
      // Another event is not a refill request.
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.approveRefillRequest,
            { kioskId: kioskA.kioskId, seq: seqOf(kioskA, 'HELP_REQUESTED') },
            as(cookie),
          ),
        404,
        'not_found',
      );
    });

    it('declines a refill request', async () => {
      const [event] = await uploadSeedEvents(
        hub,
        kioskB,
        [
          {
            type: 'REFILL_REQUESTED',
            data: { jti: randomUUID(), medication: 'Salbutamol inhaler', language: 'fr' },
          },
        ],
        now,
      );
      const response = await call(
        'POST',
        CONSOLE_ROUTES.declineRefillRequest,
        { kioskId: kioskB.kioskId, seq: event?.seq, reason: 'needs a review visit' },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(204);
      expect(
        (await review('all')).find((i) => 'seq' in i.ref && i.ref.kioskId === kioskB.kioskId),
      ).toMatchObject({ state: 'declined', note: 'needs a review visit' });
    });

    it('authorises a refill without a request', async () => {
      const target = randomUUID();
      const response = await call(
        'POST',
        CONSOLE_ROUTES.refills,
        { jti: target, siteId: OTHER_SITE },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(200);
      const list = await hub.downloads.latestPayload('refill', siteScope(OTHER_SITE));
      expect(list?.refills).toContainEqual(expect.objectContaining({ jti: target, extraFills: 1 }));
    });

    it('marks an item as dealt with, once', async () => {
      const help = (await review()).find((i) => i.kind === 'help_requested');
      expect(help).toBeDefined();
      const response = await call(
        'POST',
        CONSOLE_ROUTES.resolveReview,
        { ref: help?.ref, note: 'called the health post' },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(204);
      expect((await review()).some((i) => i.kind === 'help_requested')).toBe(false);
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.resolveReview, { ref: help?.ref }, as(cookie)),
        400,
        'bad_request',
      );
      const refill = { kioskId: kioskA.kioskId, seq: seqOf(kioskA, 'REFILL_REQUESTED') };
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.resolveReview, { ref: refill }, as(cookie)),
        400,
        'bad_request',
      );
      const ordinary = { kioskId: kioskA.kioskId, seq: seqOf(kioskA, 'RESTOCK') };
      await expectRefused(
        () => call('POST', CONSOLE_ROUTES.resolveReview, { ref: ordinary }, as(cookie)),
        400,
        'bad_request',
      );
    });
  });

  describe('kiosks and sites', () => {
    it('locks and unlocks a kiosk with a signed download for that kiosk only', async () => {
      const lock = await call(
        'POST',
        CONSOLE_ROUTES.lockKiosk,
        { kioskId: kioskA.kioskId, reason: 'cabinet door forced' },
        as(cookie),
      );
      expect(lock.statusCode, lock.body).toBe(200);
      expect(Published.parse(lock.json())).toMatchObject({
        kind: 'lock',
        scope: kioskScope(kioskA.kioskId),
      });
      const payload = KioskLockPayload.parse(
        await hub.downloads.latestPayload('lock', kioskScope(kioskA.kioskId)),
      );
      expect(payload).toMatchObject({ locked: true, reason: 'cabinet door forced' });
      expect((await kioskDownloads(kioskA)).some((d) => d.kind === 'lock')).toBe(true);
      expect((await kioskDownloads(kioskB)).some((d) => d.kind === 'lock')).toBe(false);
      const sites = SiteList.parse(
        (await call('GET', CONSOLE_ROUTES.sites, undefined, as(cookie))).json(),
      );
      expect(
        sites.sites.find((s) => s.siteId === SITE)?.kiosks.find((k) => k.kioskId === kioskA.kioskId)
          ?.status,
      ).toBe('locked');
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.lockKiosk,
            { kioskId: kioskA.kioskId, reason: 'again' },
            as(cookie),
          ),
        400,
        'bad_request',
      );
      const unlock = await call(
        'POST',
        CONSOLE_ROUTES.unlockKiosk,
        { kioskId: kioskA.kioskId, reason: 'door repaired' },
        as(cookie),
      );
      expect(unlock.statusCode, unlock.body).toBe(200);
      expect(
        KioskLockPayload.parse(
          await hub.downloads.latestPayload('lock', kioskScope(kioskA.kioskId)),
        ).locked,
      ).toBe(false);
      await expectRefused(
        () =>
          call(
            'POST',
            CONSOLE_ROUTES.unlockKiosk,
            { kioskId: kioskA.kioskId, reason: 'again' },
            as(cookie),
          ),
        400,
        'bad_request',
      );
    });

    it('creates a site and an enrollment code that enrolls a kiosk', async () => {
      const site = await call(
        'POST',
        CONSOLE_ROUTES.sites,
        { siteId: 'site-c', name: 'Health post C' },
        as(cookie),
      );
      expect(site.statusCode, site.body).toBe(201);
      const response = await call(
        'POST',
        CONSOLE_ROUTES.enrollmentCodes,
        { siteId: 'site-c', ttlHours: 2 },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(201);
      const code = EnrollmentCode.parse(response.json());
      expect(code.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(Date.parse(code.expiresAt) - now()).toBeGreaterThan(119 * 60_000);
      const enrolled = await hub.app.inject({
        method: 'POST',
        url: HUB_ROUTES.enroll,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          code: code.code,
          devicePublicJwk: kioskB.key.publicJwk,
          kioskName: 'Kiosk C',
        }),
      });
      expect(enrolled.statusCode, enrolled.body).toBe(201);
      const audit = JSON.stringify(
        (
          await hub.db.query(
            `SELECT detail FROM hub_audit WHERE action = 'enrollment_code_created'`,
          )
        ).rows,
      );
      expect(audit).toContain('site-c');
      expect(audit).not.toContain(code.code);
    });
  });

  describe('fleet dashboard', () => {
    it('shows stock per slot with expiring lots, faults, temperatures and sync', async () => {
      const response = await call('GET', CONSOLE_ROUTES.fleet, undefined, as(cookie));
      expect(response.statusCode, response.body).toBe(200);
      const fleet = FleetDashboard.parse(response.json());
      const a = fleet.kiosks.find((k) => k.kioskId === kioskA.kioskId);
      expect(a).toBeDefined();
      if (!a) return;
      // Slot 1: 4 loaded, 1 given (SOON1) → 1 SOON1 + 2 LATER1. Slot 2: 3 loaded, 1 uncertain, the jammed one back.
      expect(a.slots).toEqual([
        { slot: 1, gtin: SEED_GTIN, packs: 3, expiring: 1 },
        { slot: 2, gtin: '09506000134369', packs: 2, expiring: 0 },
      ]);
      expect(a.expiringLots).toEqual([
        expect.objectContaining({ slot: 1, lot: 'SOON1', packs: 1 }),
      ]);
      expect(a.faults.map((f) => f.outcome).sort()).toEqual(['FAIL_JAM', 'UNCERTAIN']);
      expect(a.faults.find((f) => f.outcome === 'FAIL_JAM')?.slot).toBe(2);
      expect(a.uncertainDispenses).toBe(1);
      expect(a.temperature).toMatchObject({ minC: 2, maxC: 8, excursions: 1 });
      expect(a.temperature.points).toHaveLength(5);
      expect(a.lastSeq).toBe(kioskA.journal.length);
      expect(a.status).toBe('active');
      expect(a.sinceSyncMs).not.toBeNull();
    });
  });

  describe('audit log', () => {
    it('holds every action with who and when', async () => {
      const response = await call('GET', CONSOLE_ROUTES.audit, undefined, as(cookie));
      expect(response.statusCode).toBe(200);
      const actions = new Set(AuditLog.parse(response.json()).entries.map((e) => e.action));
      for (const action of [
        'login',
        'logout',
        'prescription_issued',
        'prescription_revoked',
        'lot_recalled',
        'refill_approved',
        'refill_declined',
        'review_resolved',
        'kiosk_locked',
        'kiosk_unlocked',
        'site_created',
        'enrollment_code_created',
      ])
        expect(actions, action).toContain(action);
    });
  });

  describe('cross-kiosk duplicate fills', () => {
    async function fillAt(kiosk: SeedKiosk, token: string): Promise<void> {
      const first = kiosk.journal.length + 1;
      await uploadSeedEvents(
        hub,
        kiosk,
        [
          { type: 'RX_ACCEPTED', data: { jti: token, medication: 'Amlodipine 5 mg', packs: 1 } },
          {
            type: 'DISPENSE_INTENT',
            data: {
              purpose: 'patient',
              jti: token,
              slot: 1,
              gtin: SEED_GTIN,
              lot: 'LATER1',
              expiry: '2099-01-01',
              qty: 1,
            },
          },
          {
            type: 'DISPENSE_RESULT',
            data: { intentSeq: first + 1, outcome: 'SUCCESS', detail: 'dropped' },
          },
        ],
        now,
      );
    }

    async function issueWithFills(fills: number): Promise<string> {
      const body = ENDPOINTS.find((e) => e.url === CONSOLE_ROUTES.prescriptions)?.body as Record<
        string,
        unknown
      >;
      const response = await call(
        'POST',
        CONSOLE_ROUTES.prescriptions,
        { ...body, fills },
        as(cookie),
      );
      expect(response.statusCode, response.body).toBe(201);
      return IssuedPrescription.parse(response.json()).jti;
    }

    it('alerts and revokes a token filled at two kiosks beyond its allowance, once', async () => {
      const token = await issueWithFills(1);
      await fillAt(kioskA, token);
      expect(
        (await detectDuplicateFills(hub.db, hub.downloads, { now: now() })).duplicates,
      ).toEqual([]);
      // The upload itself runs the check: the revocation is there before the kiosk's next download.
      await fillAt(kioskB, token);
      expect((await hub.downloads.latestPayload('revocation', 'fleet'))?.jtis).toContain(token);
      const alert = (await review()).find((i) => i.kind === 'duplicate_fill');
      expect(alert).toMatchObject({ jti: token, state: 'open' });
      expect(alert?.detail).toContain('revoked automatically');
      // Nothing new: no second alert, no second revocation.
      const before = await snapshot();
      expect(
        (await detectDuplicateFills(hub.db, hub.downloads, { now: now() })).duplicates,
      ).toEqual([]);
      expect(await snapshot()).toEqual(before);
      // The pharmacist deals with it.
      const resolved = await call(
        'POST',
        CONSOLE_ROUTES.resolveReview,
        { ref: alert?.ref, note: 'patient called' },
        as(cookie),
      );
      expect(resolved.statusCode).toBe(204);
    });

    it('leaves a refill authorized by the hub alone', async () => {
      const token = await issueWithFills(1);
      const refill = await call(
        'POST',
        CONSOLE_ROUTES.refills,
        { jti: token, siteId: SITE },
        as(cookie),
      );
      expect(refill.statusCode).toBe(200);
      await fillAt(kioskA, token);
      await fillAt(kioskB, token);
      expect(
        (await detectDuplicateFills(hub.db, hub.downloads, { now: now() })).duplicates,
      ).toEqual([]);
    });

    it('alerts without revoking a token whose allowance the hub does not know', async () => {
      const token = randomUUID();
      await fillAt(kioskA, token);
      await fillAt(kioskB, token);
      const alert = (await review()).find((i) => i.kind === 'duplicate_fill' && i.jti === token);
      expect(alert).toMatchObject({ jti: token, state: 'open' });
      expect(alert?.detail).not.toContain('revoked automatically');
      expect((await hub.downloads.latestPayload('revocation', 'fleet'))?.jtis).not.toContain(token);
    });
  });
});
