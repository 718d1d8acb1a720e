import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../contracts/clock';
import {
  HUB_ROUTES,
  HubError,
  ResolveShortCodeResponse,
  SHORT_CODE_PATTERN,
  type HubErrorCode,
} from '../../contracts/hub-api';
import { signRequest } from '../../main/sync/http-message-signature';
import { CONSOLE_ROUTES, IssuedPrescription } from '../../hub/pharmacy/console-api';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import {
  newShortCode,
  SHORT_CODE_ALPHABET,
  SHORT_CODE_RATE_LIMIT,
} from '../../hub/pharmacy/short-codes';
import { ensureSite } from '../../hub/server/enrollment-codes';
import type { RunningHub } from '../../hub/server/start-hub';
import { enrollSeedKiosk, SEED_GTIN, type SeedKiosk } from './hub-pharmacy-seed';
import {
  consoleLogin,
  consoleRequest,
  expectRefusal,
  hubBackends,
  startPharmacyHub,
  type PharmacyHub,
} from './support/pharmacy-hub';

/**
 * Short codes on the hub (DESIGN §9), through Fastify as `npm run hub` builds it: the console
 * issues a prescription and its code; kiosks enrolled through the real endpoint ask, with signed
 * requests, what a code stands for. Every outcome is checked for its status, its code and its
 * audit row; bad and unsigned requests change nothing; the rate limit holds a guessing kiosk back
 * and lets it go when the window has passed; neither the code nor the token reaches a log.
 */

const PASSWORD = 'short codes pw 1';
const SITE = 'site-a';
const OTHER_SITE = 'site-b';
const ISSUER = 'https://hub.short-codes.example';

const backends = hubBackends('short codes');

/** Codes that are never issued: outside the alphabet (0, 1, O, I), though the right shape. */
const NEVER_ISSUED = (i: number): string => `OD-0O1I-${String(i).padStart(4, '0')}`;

describe('short codes: the alphabet', () => {
  it('makes OD-XXXX-XXXX the kiosk accepts, from 32 symbols without 0/O or 1/I', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(32);
    expect(SHORT_CODE_ALPHABET).not.toMatch(/[0O1I]/);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const code = newShortCode();
      expect(code).toMatch(SHORT_CODE_PATTERN);
      expect(code.slice(3).replace('-', '')).toMatch(new RegExp(`^[${SHORT_CODE_ALPHABET}]{8}$`));
      seen.add(code);
    }
    // 40 bits: 2000 draws all differ unless the generator is broken.
    expect(seen.size).toBe(2000);
  });
});

describe.each(backends)('short codes on %s', (backend) => {
  let pharmacyHub: PharmacyHub;
  let hub: RunningHub;
  let clockOffsetMs = 0;
  const clock: Clock = {
    now: () => Date.now() + clockOffsetMs,
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const now = (): number => clock.now();
  const logLines: string[] = [];

  let cookie: string;
  /** At SITE. */
  let kioskA: SeedKiosk;
  /** At OTHER_SITE. */
  let kioskB: SeedKiosk;
  /** At SITE, used only for the rate limit. */
  let kioskC: SeedKiosk;
  let rx: IssuedPrescription;

  async function issue(siteIds: string[] = [SITE]): Promise<IssuedPrescription> {
    const response = await consoleRequest(
      hub,
      'POST',
      CONSOLE_ROUTES.prescriptions,
      {
        patient: { birthDate: '1958-11-30', pin: '246810' },
        medication: { display: 'Amlodipine 5 mg', gtin: SEED_GTIN },
        dose: 'One a day',
        packsPerFill: 1,
        fills: 2,
        expectedSupplyDays: 30,
        validDays: 90,
        siteIds,
      },
      { cookie },
    );
    expect(response.statusCode, response.body).toBe(201);
    return IssuedPrescription.parse(response.json());
  }

  /** A kiosk's signed request, as main/sync/hub-client.ts sends it. */
  async function resolve(
    kiosk: SeedKiosk,
    body: unknown,
    options: { sign?: boolean; signer?: SeedKiosk; headers?: Record<string, string> } = {},
  ) {
    const url = HUB_ROUTES.shortCode(kiosk.kioskId);
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const signer = options.signer ?? kiosk;
    const signed =
      options.sign === false
        ? {}
        : signRequest(
            { method: 'POST', path: url, body: new TextEncoder().encode(payload) },
            { sign: signer.key.sign, keyId: kiosk.kioskId },
            new Date(now()),
          );
    return hub.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...signed, ...options.headers },
    });
  }

  async function lookups(kiosk: SeedKiosk): Promise<{ outcome: string; jti: string | null }[]> {
    const { rows } = await hub.db.query<{ outcome: string; jti: string | null }>(
      'SELECT outcome, jti FROM short_code_lookups WHERE kiosk_id = $1 ORDER BY lookup_id',
      [kiosk.kioskId],
    );
    return rows;
  }

  /** Everything a lookup could change. */
  async function snapshot(): Promise<{ lookups: number; nonces: number }> {
    const { rows } = await hub.db.query<{ lookups: number; nonces: number }>(
      `SELECT (SELECT count(*) FROM short_code_lookups)::int AS lookups,
              (SELECT count(*) FROM short_codes)::int AS codes,
              (SELECT count(*) FROM request_nonces)::int AS nonces,
              (SELECT count(*) FROM hub_audit)::int AS audit`,
    );
    return rows[0]!;
  }

  async function expectRefused(
    request: () => ReturnType<typeof resolve>,
    status: number,
    code: HubErrorCode,
    changes: 'nothing' | 'one lookup',
  ): Promise<HubError> {
    return expectRefusal(snapshot, request, status, code, (before) =>
      changes === 'nothing'
        ? before
        : { ...before, lookups: before.lookups + 1, nonces: before.nonces + 1 },
    );
  }

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    pharmacyHub = await startPharmacyHub({
      name: 'hub-short-codes',
      backend,
      clock,
      issuerUrl: ISSUER,
      logger: pino({ level: 'info' }, logStream),
    });
    hub = pharmacyHub.hub;
    const made = await createPharmacist(hub.db, {
      username: 'alice',
      displayName: 'Alice Mwangi',
      password: PASSWORD,
    });
    expect(made.ok).toBe(true);
    for (const siteId of [SITE, OTHER_SITE])
      expect((await ensureSite(hub.db, { siteId, name: `Health post ${siteId}` })).ok).toBe(true);
    kioskA = await enrollSeedKiosk(hub, SITE, 'Kiosk A', now);
    kioskB = await enrollSeedKiosk(hub, OTHER_SITE, 'Kiosk B', now);
    kioskC = await enrollSeedKiosk(hub, SITE, 'Kiosk C', now);
    cookie = await consoleLogin(hub, 'alice', PASSWORD);
  });

  afterAll(async () => {
    await pharmacyHub?.stop();
  });

  it('issuing a prescription makes its short code, stored with the jti and the QR text', async () => {
    rx = await issue();
    expect(rx.shortCode).toMatch(SHORT_CODE_PATTERN);
    const { rows } = await hub.db.query<{ code: string; jti: string; token: string }>(
      'SELECT code, jti, token FROM short_codes WHERE jti = $1',
      [rx.jti],
    );
    expect(rows).toEqual([{ code: rx.shortCode, jti: rx.jti, token: rx.qrText }]);
    // Each prescription its own code.
    const second = await issue();
    expect(second.shortCode).not.toBe(rx.shortCode);
  });

  it('a kiosk of the prescription’s site gets the QR text back, and the lookup is audited', async () => {
    const response = await resolve(kioskA, { code: rx.shortCode });
    expect(response.statusCode, response.body).toBe(200);
    const body = ResolveShortCodeResponse.parse(response.json());
    expect(body.token).toBe(rx.qrText);
    expect(Math.abs(body.hubTime - now())).toBeLessThan(60_000);
    expect(await lookups(kioskA)).toEqual([{ outcome: 'resolved', jti: rx.jti }]);
  });

  it('an unknown code is 404 unknown_code, and the miss is audited without the code', async () => {
    const error = await expectRefused(
      () => resolve(kioskA, { code: NEVER_ISSUED(1) }),
      404,
      'unknown_code',
      'one lookup',
    );
    expect(error.message).not.toContain(NEVER_ISSUED(1));
    expect((await lookups(kioskA)).at(-1)).toEqual({ outcome: 'unknown_code', jti: null });
  });

  it('a kiosk of another site is refused with 403 wrong_kiosk and never sees the token', async () => {
    const response = await resolve(kioskB, { code: rx.shortCode });
    expect(response.statusCode, response.body).toBe(403);
    expect(HubError.parse(response.json()).error).toBe('wrong_kiosk');
    expect(response.body).not.toContain(rx.qrText.slice(0, 40));
    expect(await lookups(kioskB)).toEqual([{ outcome: 'wrong_kiosk', jti: rx.jti }]);
  });

  it('a revoked prescription’s code is 410 revoked', async () => {
    const revoked = await issue();
    const revoke = await consoleRequest(
      hub,
      'POST',
      CONSOLE_ROUTES.revoke,
      { jti: revoked.jti, reason: 'dose changed' },
      { cookie },
    );
    expect(revoke.statusCode, revoke.body).toBe(200);
    await expectRefused(
      () => resolve(kioskA, { code: revoked.shortCode }),
      410,
      'revoked',
      'one lookup',
    );
    expect((await lookups(kioskA)).at(-1)).toEqual({ outcome: 'revoked', jti: revoked.jti });
    // The other prescriptions still resolve.
    expect((await resolve(kioskA, { code: rx.shortCode })).statusCode).toBe(200);
  });

  it('bad, unsigned, forged and replayed requests are 4xx with a reason and change nothing', async () => {
    await expectRefused(
      () => resolve(kioskA, { code: 'od-7kq2-9f3m' }),
      400,
      'bad_request',
      'nothing',
    ).then((e) => expect(e.message).toMatch(/^code: /));
    await expectRefused(
      () => resolve(kioskA, { code: rx.shortCode, extra: 1 }),
      400,
      'bad_request',
      'nothing',
    );
    await expectRefused(() => resolve(kioskA, '{"code":'), 400, 'bad_request', 'nothing');
    await expectRefused(() => resolve(kioskA, ''), 400, 'bad_request', 'nothing');
    await expectRefused(
      () => resolve(kioskA, { code: rx.shortCode }, { sign: false }),
      401,
      'bad_signature',
      'nothing',
    );
    // Kiosk B's key, claiming to be kiosk A.
    await expectRefused(
      () => resolve(kioskA, { code: rx.shortCode }, { signer: kioskB }),
      401,
      'bad_signature',
      'nothing',
    );
    // The same signed request twice: the copy is refused.
    const url = HUB_ROUTES.shortCode(kioskA.kioskId);
    const payload = JSON.stringify({ code: rx.shortCode });
    const headers = {
      'content-type': 'application/json',
      ...signRequest(
        { method: 'POST', path: url, body: new TextEncoder().encode(payload) },
        { sign: kioskA.key.sign, keyId: kioskA.kioskId },
        new Date(now()),
      ),
    };
    expect((await hub.app.inject({ method: 'POST', url, payload, headers })).statusCode).toBe(200);
    await expectRefused(
      () => hub.app.inject({ method: 'POST', url, payload, headers }),
      401,
      'replayed',
      'nothing',
    );
    // An unknown kiosk.
    const ghost: SeedKiosk = { ...kioskA, kioskId: 'kiosk-ghost' };
    await expectRefused(
      () => resolve(ghost, { code: rx.shortCode }),
      401,
      'unknown_kiosk',
      'nothing',
    );
  });

  it('after 10 unknown codes in 10 minutes a kiosk gets 429 with Retry-After, even for a real code, until the window passes', async () => {
    const { failures, windowMs } = SHORT_CODE_RATE_LIMIT;
    for (let i = 0; i < failures; i++) {
      const response = await resolve(kioskC, { code: NEVER_ISSUED(100 + i) });
      expect(response.statusCode, response.body).toBe(404);
    }
    // Another kiosk is not held back by kiosk C's misses.
    expect((await resolve(kioskA, { code: rx.shortCode })).statusCode).toBe(200);

    let limited: Awaited<ReturnType<typeof resolve>> | undefined;
    await expectRefused(
      async () => (limited = await resolve(kioskC, { code: rx.shortCode })),
      429,
      'rate_limited',
      'one lookup',
    );
    const retryAfter = Number(limited?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(windowMs / 1000 - 60);
    expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
    expect((await lookups(kioskC)).at(-1)).toEqual({ outcome: 'rate_limited', jti: null });
    // Being refused does not count as a miss: the window still ends when the first miss leaves it.
    clockOffsetMs += (retryAfter + 1) * 1000;
    const again = await resolve(kioskC, { code: rx.shortCode });
    expect(again.statusCode, again.body).toBe(200);
    expect(ResolveShortCodeResponse.parse(again.json()).token).toBe(rx.qrText);
  });

  it('writes neither a code nor a token to the log, and no token to the audit rows', async () => {
    const log = logLines.join('');
    expect(log).toContain('short code lookup');
    expect(log).not.toContain(rx.shortCode);
    expect(log).not.toContain(NEVER_ISSUED(1));
    expect(log).not.toContain(rx.qrText.slice(0, 40));
    const { rows } = await hub.db.query<{ dump: string }>(
      'SELECT coalesce(json_agg(l)::text, $1) AS dump FROM short_code_lookups l',
      [''],
    );
    expect(rows[0]?.dump).not.toContain(rx.shortCode);
    expect(rows[0]?.dump).not.toContain('shc:/');
  });
});
