import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../contracts/clock';
import {
  DownloadsResponse,
  EnrollResponse,
  HUB_ROUTES,
  HubError,
  MAX_HUB_BODY_BYTES,
  UploadResponse,
  type DownloadKind,
  type HubErrorCode,
} from '../../contracts/hub-api';
import type { JournalEnvelope } from '../../contracts/journal-events';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { createEphemeralDeviceKey, type DeviceKey } from '../../main/keys/device-key';
import { nextRevocationList } from '../../main/prescriptions/list-builders';
import { verifySignedList } from '../../main/prescriptions/signed-list';
import { signRequest, type SignedHeaders } from '../../main/sync/http-message-signature';
import { createEnrollmentCode, ensureSite } from '../../hub/server/enrollment-codes';
import { kioskScope } from '../../hub/server/download-scopes';
import { startHub, type RunningHub } from '../../hub/server/start-hub';
import {
  postgresUnavailableReason,
  startPostgresCluster,
  type PostgresCluster,
} from './support/postgres-cluster';

/**
 * The hub's sync API (issue 7, contracts/hub-api.ts) end to end through Fastify, once on PGlite
 * in a data directory and once on a real PostgreSQL cluster this file starts and stops. Every
 * refusal is checked for its status, its code, a reason, and a database snapshot proving that
 * nothing changed.
 */

const SITE = 'site-a';
const OTHER_SITE = 'site-b';

interface Kiosk {
  kioskId: string;
  key: DeviceKey;
  /** The kiosk's journal as built so far (the tests append to it). */
  journal: JournalEnvelope[];
}

function makeEvents(count: number, after: JournalEnvelope[], salt = 'x'): JournalEnvelope[] {
  const made: JournalEnvelope[] = [];
  let prev = after.at(-1)?.hash ?? GENESIS_HASH;
  let seq = after.at(-1)?.seq ?? 0;
  for (let i = 0; i < count; i++) {
    seq += 1;
    const unhashed = {
      seq,
      id: randomUUID(),
      ts: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
      type: seq === 1 ? 'KIOSK_STARTED' : 'RX_REFUSED',
      data:
        seq === 1
          ? { appVersion: '1.0.0', hardware: 'simulated' }
          : { reason: 'expired', detail: `${salt}-${seq}` },
      prev,
    };
    const event = { ...unhashed, hash: hashEvent(unhashed) };
    made.push(event);
    prev = event.hash;
  }
  return made;
}

function rehash(event: JournalEnvelope): JournalEnvelope {
  const { hash: _old, ...rest } = event;
  return { ...rest, hash: hashEvent(rest) };
}

const pgReason = postgresUnavailableReason();
const backends: ('pglite' | 'postgres')[] = pgReason === null ? ['pglite', 'postgres'] : ['pglite'];

if (pgReason !== null) {
  if (process.env.CI === 'true') {
    describe('hub sync API on postgres', () => {
      it('needs PostgreSQL in CI', () => {
        expect.fail(`PostgreSQL is required in CI (CI=true) but ${pgReason}`);
      });
    });
  } else {
    console.log(`SKIPPED postgres: ${pgReason}`);
    describe.skip(`hub sync API on postgres (SKIPPED: ${pgReason})`, () => {
      it('runs the same suite', () => undefined);
    });
  }
}

describe.each(backends)('hub sync API on %s', (backend) => {
  let hub: RunningHub;
  let cluster: PostgresCluster | undefined;
  let dataDir: string;
  const clock: Clock = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), `hub-api-${backend}-`));
    if (backend === 'postgres') cluster = await startPostgresCluster();
    hub = await startHub({
      dataDir,
      ...(cluster && { databaseUrl: cluster.url }),
      clock,
      logger: pino({ level: 'silent' }),
      listen: false,
    });
    for (const siteId of [SITE, OTHER_SITE]) {
      const site = await ensureSite(hub.db, { siteId });
      expect(site.ok).toBe(true);
    }
  });

  afterAll(async () => {
    await hub?.close();
    await cluster?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  // ---- helpers -------------------------------------------------------------------------------

  async function newCode(siteId = SITE, options: { ttlMs?: number; now?: number } = {}) {
    const code = await createEnrollmentCode(hub.db, { siteId, createdBy: 'test', ...options });
    if (!code.ok) throw new Error(code.error.detail);
    return code.value.code;
  }

  function post(url: string, payload: Buffer, headers: Record<string, string> = {}) {
    return hub.app.inject({
      method: 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  async function enroll(siteId = SITE): Promise<Kiosk> {
    const key = createEphemeralDeviceKey();
    const response = await post(
      HUB_ROUTES.enroll,
      Buffer.from(
        JSON.stringify({
          code: await newCode(siteId),
          devicePublicJwk: key.publicJwk,
          kioskName: 'Front desk',
        }),
      ),
    );
    expect(response.statusCode, response.body).toBe(201);
    const body = EnrollResponse.parse(response.json());
    return { kioskId: body.kioskId, key, journal: [] };
  }

  interface SignOptions {
    route?: 'events' | 'downloads';
    /** The kiosk's clock. */
    now?: Date;
    nonce?: string;
    keyId?: string;
    key?: DeviceKey;
    /** Sent instead of the signed body. */
    sendBody?: Buffer;
    /** Removed after signing. */
    drop?: keyof SignedHeaders;
  }

  function signed(kiosk: Kiosk, body: unknown, options: SignOptions = {}) {
    const url = HUB_ROUTES[options.route ?? 'events'](kiosk.kioskId);
    const bytes = body instanceof Buffer ? body : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {
      ...signRequest(
        { method: 'POST', path: url, body: bytes },
        { sign: (options.key ?? kiosk.key).sign, keyId: options.keyId ?? kiosk.kioskId },
        options.now ?? new Date(clock.now()),
        options.nonce,
      ),
    };
    if (options.drop) delete headers[options.drop];
    return post(url, options.sendBody ?? bytes, headers);
  }

  async function upload(kiosk: Kiosk, events: JournalEnvelope[], options: SignOptions = {}) {
    return signed(kiosk, { events }, { ...options, route: 'events' });
  }

  async function uploadOk(kiosk: Kiosk, events: JournalEnvelope[]): Promise<number> {
    const response = await upload(kiosk, events);
    expect(response.statusCode, response.body).toBe(200);
    return UploadResponse.parse(response.json()).storedUpToSeq;
  }

  /** Everything a request could change. */
  async function snapshot() {
    const { rows } = await hub.db.query(
      `SELECT
         (SELECT count(*) FROM events)::int AS events,
         (SELECT count(*) FROM request_nonces)::int AS nonces,
         (SELECT count(*) FROM alerts)::int AS alerts,
         (SELECT count(*) FROM kiosks)::int AS kiosks,
         (SELECT count(*) FROM enrollment_codes WHERE used_at IS NOT NULL)::int AS used_codes,
         (SELECT count(*) FROM downloads)::int AS downloads,
         (SELECT count(*) FROM sites)::int AS sites,
         (SELECT json_agg(k ORDER BY kiosk_id)::text FROM (
            SELECT kiosk_id, status, last_seq, last_hash, last_sync_at, clock_offset_ms FROM kiosks
          ) k) AS kiosk_rows`,
    );
    return rows[0];
  }

  async function expectRefused(
    send: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
    status: number,
    code: HubErrorCode,
    message?: RegExp,
  ): Promise<HubError> {
    const before = await snapshot();
    const response = await send();
    expect(response.statusCode, response.body).toBe(status);
    const body = HubError.parse(response.json());
    expect(body.error).toBe(code);
    expect(body.message.length).toBeGreaterThan(5);
    if (message) expect(body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
    return body;
  }

  async function storedEvents(kioskId: string) {
    const { rows } = await hub.db.query<{
      seq: number;
      id: string;
      ts: string;
      type: string;
      data: unknown;
      prev: string;
      hash: string;
    }>('SELECT seq, id, ts, type, data, prev, hash FROM events WHERE kiosk_id = $1 ORDER BY seq', [
      kioskId,
    ]);
    return rows;
  }

  async function kioskRow(kioskId: string) {
    const { rows } = await hub.db.query<{
      status: string;
      last_seq: number;
      last_hash: string;
      last_sync_at: Date | null;
      clock_offset_ms: number | null;
    }>(
      'SELECT status, last_seq, last_hash, last_sync_at, clock_offset_ms FROM kiosks WHERE kiosk_id = $1',
      [kioskId],
    );
    return rows[0]!;
  }

  // ---- tests -----------------------------------------------------------------------------------

  it('answers health with its database kind', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.json()).toEqual({ ok: true, db: backend });
  });

  describe('enrollment', () => {
    it('enrolls with a good code: kiosk id, root key, signed first downloads', async () => {
      const key = createEphemeralDeviceKey();
      const code = await newCode();
      const before = await snapshot();
      const response = await post(
        HUB_ROUTES.enroll,
        Buffer.from(JSON.stringify({ code, devicePublicJwk: key.publicJwk, kioskName: 'Ward 3' })),
      );
      expect(response.statusCode, response.body).toBe(201);
      const body = EnrollResponse.parse(response.json());
      expect(body.kioskId).toMatch(/^k-[a-z2-7]{10}$/);
      expect(body.siteId).toBe(SITE);
      expect(body.rootPublicJwk).toEqual(hub.keys.root.publicJwk);
      expect(Math.abs(body.hubTime - Date.now())).toBeLessThan(5000);
      expect(body.downloads.map((d) => d.kind)).toEqual(['trust', 'revocation', 'refill']);
      for (const d of body.downloads) {
        const verified = verifySignedList(d.kind as 'trust', d.jws, body.rootPublicJwk);
        expect(verified.ok, JSON.stringify(verified)).toBe(true);
        expect(verified.ok && verified.value.version).toBe(d.version);
      }
      const trust = verifySignedList('trust', body.downloads[0]!.jws, body.rootPublicJwk);
      expect(trust.ok && trust.value.issuers[0]?.keys[0]?.jwk).toEqual(
        hub.keys.issuer.key.publicJwk,
      );

      const after = await snapshot();
      expect(after?.kiosks).toBe((before?.kiosks as number) + 1);
      expect(after?.used_codes).toBe((before?.used_codes as number) + 1);
      const { rows } = await hub.db.query<{
        name: string;
        site_id: string;
        device_public_jwk: unknown;
      }>('SELECT name, site_id, device_public_jwk FROM kiosks WHERE kiosk_id = $1', [body.kioskId]);
      expect(rows[0]).toEqual({ name: 'Ward 3', site_id: SITE, device_public_jwk: key.publicJwk });
      const used = await hub.db.query<{ used_by: string }>(
        'SELECT used_by FROM enrollment_codes WHERE used_by = $1',
        [body.kioskId],
      );
      expect(used.rows).toHaveLength(1);
    });

    it('accepts the code as a person types it (lower case, spaces)', async () => {
      const code = await newCode();
      const typed = ` ${code.toLowerCase().replace(/-/g, ' ')} `;
      const response = await post(
        HUB_ROUTES.enroll,
        Buffer.from(
          JSON.stringify({
            code: typed,
            devicePublicJwk: createEphemeralDeviceKey().publicJwk,
            kioskName: 'K',
          }),
        ),
      );
      expect(response.statusCode, response.body).toBe(201);
    });

    it('refuses a code used once already', async () => {
      const code = await newCode();
      const body = (name: string) =>
        Buffer.from(
          JSON.stringify({
            code,
            devicePublicJwk: createEphemeralDeviceKey().publicJwk,
            kioskName: name,
          }),
        );
      expect((await post(HUB_ROUTES.enroll, body('first'))).statusCode).toBe(201);
      await expectRefused(
        () => post(HUB_ROUTES.enroll, body('second')),
        400,
        'bad_enrollment_code',
        /already used/,
      );
    });

    it('refuses an unknown code', async () => {
      await expectRefused(
        () =>
          post(
            HUB_ROUTES.enroll,
            Buffer.from(
              JSON.stringify({
                code: 'ZZZZ-ZZZZ-ZZZZ',
                devicePublicJwk: createEphemeralDeviceKey().publicJwk,
                kioskName: 'K',
              }),
            ),
          ),
        400,
        'bad_enrollment_code',
        /unknown/,
      );
    });

    it('refuses an expired code', async () => {
      const code = await newCode(SITE, { now: Date.now() - 2 * 3_600_000, ttlMs: 3_600_000 });
      await expectRefused(
        () =>
          post(
            HUB_ROUTES.enroll,
            Buffer.from(
              JSON.stringify({
                code,
                devicePublicJwk: createEphemeralDeviceKey().publicJwk,
                kioskName: 'K',
              }),
            ),
          ),
        400,
        'bad_enrollment_code',
        /expired/,
      );
    });

    it.each([
      ['not JSON', Buffer.from('{"code":'), /not valid JSON/],
      ['an empty body', Buffer.alloc(0), /empty/],
      [
        'a missing field',
        Buffer.from(JSON.stringify({ code: 'ABCDEFGH', kioskName: 'K' })),
        /devicePublicJwk/,
      ],
      [
        'an extra field',
        Buffer.from(
          JSON.stringify({
            code: 'ABCDEFGH',
            kioskName: 'K',
            devicePublicJwk: { kty: 'EC' },
            admin: true,
          }),
        ),
        /./,
      ],
      [
        'a key that is not a P-256 point',
        Buffer.from(
          JSON.stringify({
            code: 'ABCDEFGH',
            kioskName: 'K',
            devicePublicJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) },
          }),
        ),
        /P-256/,
      ],
    ])('refuses %s with bad_request', async (_name, payload, message) => {
      await expectRefused(() => post(HUB_ROUTES.enroll, payload), 400, 'bad_request', message);
    });

    it('refuses an oversized body with 413 before reading it', async () => {
      await expectRefused(
        () => post(HUB_ROUTES.enroll, Buffer.alloc(MAX_HUB_BODY_BYTES + 1, 0x20)),
        413,
        'too_large',
      );
    });
  });

  describe('upload', () => {
    it('stores a batch, verified, and moves the head', async () => {
      const kiosk = await enroll();
      const events = makeEvents(50, []);
      expect(await uploadOk(kiosk, events)).toBe(50);
      const rows = await storedEvents(kiosk.kioskId);
      expect(rows.map((r) => r.seq)).toEqual(events.map((e) => e.seq));
      // What the hub holds still hashes to what the kiosk wrote, and chains.
      let prev = GENESIS_HASH;
      for (const row of rows) {
        const { hash, ...rest } = row;
        expect(rest.prev).toBe(prev);
        expect(hashEvent(rest)).toBe(hash);
        prev = hash;
      }
      expect(rows).toEqual(events);
      const head = await kioskRow(kiosk.kioskId);
      expect(head).toMatchObject({ status: 'active', last_seq: 50, last_hash: events[49]!.hash });
      expect(head.last_sync_at).not.toBeNull();
      expect(Math.abs(head.clock_offset_ms ?? 1e9)).toBeLessThan(2000);
    });

    it('records the kiosk clock offset from its date header', async () => {
      const kiosk = await enroll();
      await upload(kiosk, makeEvents(1, []), { now: new Date(clock.now() - 120_000) });
      const offset = (await kioskRow(kiosk.kioskId)).clock_offset_ms ?? 0;
      expect(offset).toBeGreaterThanOrEqual(119_000);
      expect(offset).toBeLessThanOrEqual(122_000);
    });

    it('accepts a retry and an overlapping batch idempotently', async () => {
      const kiosk = await enroll();
      const first = makeEvents(20, []);
      expect(await uploadOk(kiosk, first)).toBe(20);
      const before = await snapshot();
      expect(await uploadOk(kiosk, first)).toBe(20);
      const after = await snapshot();
      expect(after?.events).toBe(before?.events);
      const more = makeEvents(10, first);
      expect(await uploadOk(kiosk, [...first.slice(15), ...more])).toBe(30);
      expect((await storedEvents(kiosk.kioskId)).map((r) => r.seq)).toEqual(
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    });

    it('stores each event once when the same batch arrives twice at the same time', async () => {
      const kiosk = await enroll();
      const events = makeEvents(300, []);
      const responses = await Promise.all([
        upload(kiosk, events),
        upload(kiosk, events),
        upload(kiosk, events),
      ]);
      for (const r of responses) expect(r.statusCode, r.body).toBe(200);
      const { rows } = await hub.db.query<{ n: number; d: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d FROM events WHERE kiosk_id = $1',
        [kiosk.kioskId],
      );
      expect(rows[0]).toEqual({ n: 300, d: 300 });
    });

    it('answers a gap with 409 and the hub’s last seq and hash', async () => {
      const kiosk = await enroll();
      const events = makeEvents(30, []);
      await uploadOk(kiosk, events.slice(0, 10));
      const error = await expectRefused(
        () => upload(kiosk, events.slice(12)),
        409,
        'gap',
        /send from seq 11/,
      );
      expect(error).toMatchObject({ lastSeq: 10, lastHash: events[9]!.hash });
      const first = makeEvents(5, []);
      const fresh = await enroll();
      const gap = await expectRefused(() => upload(fresh, first.slice(1)), 409, 'gap');
      expect(gap).toMatchObject({ lastSeq: 0, lastHash: GENESIS_HASH });
    });

    it('refuses a broken chain and stores nothing of the batch', async () => {
      const kiosk = await enroll();
      const base = makeEvents(5, []);
      await uploadOk(kiosk, base);
      const batch = () => makeEvents(6, base);

      const badPrev = batch();
      badPrev[3] = rehash({ ...badPrev[3]!, prev: badPrev[1]!.hash });
      await expectRefused(() => upload(kiosk, badPrev), 400, 'chain_broken', /seq 9: prev/);

      const badHash = batch();
      badHash[2] = { ...badHash[2]!, hash: 'a'.repeat(64) };
      await expectRefused(() => upload(kiosk, badHash), 400, 'chain_broken', /seq 8: hash/);

      const edited = batch();
      edited[1] = { ...edited[1]!, ts: '2020-01-01T00:00:00.000Z' };
      await expectRefused(() => upload(kiosk, edited), 400, 'chain_broken', /seq 7: hash/);

      const badData = batch();
      badData[4] = rehash({ ...badData[4]!, data: { reason: 42 } });
      await expectRefused(() => upload(kiosk, badData), 400, 'chain_broken', /seq 10: RX_REFUSED/);

      const unknownType = batch();
      unknownType[0] = rehash({ ...unknownType[0]!, type: 'NOT_A_TYPE' });
      await expectRefused(
        () => upload(kiosk, unknownType),
        400,
        'chain_broken',
        /seq 6: unknown event type/,
      );

      expect((await kioskRow(kiosk.kioskId)).last_seq).toBe(5);
      // The good batch still goes through afterwards.
      expect(await uploadOk(kiosk, batch())).toBe(11);
    });

    it('refuses seqs that are not consecutive', async () => {
      const kiosk = await enroll();
      const events = makeEvents(5, []);
      await expectRefused(
        () => upload(kiosk, [events[0]!, events[2]!]),
        400,
        'bad_request',
        /consecutive/,
      );
    });

    it('flags a fork: 409, an alert, the kiosk flagged and refused from then on', async () => {
      const kiosk = await enroll();
      const original = makeEvents(10, [], 'original');
      await uploadOk(kiosk, original);
      const rewritten = makeEvents(12, [], 'rewritten');
      const before = await snapshot();

      const response = await upload(kiosk, rewritten.slice(4));
      expect(response.statusCode, response.body).toBe(409);
      const body = HubError.parse(response.json());
      expect(body).toMatchObject({ error: 'fork', lastSeq: 10, lastHash: original[9]!.hash });
      expect(body.message).toMatch(/seq 5 has a different hash/);

      const after = await snapshot();
      expect(after?.events).toBe(before?.events);
      expect(after?.alerts).toBe((before?.alerts as number) + 1);
      const { rows } = await hub.db.query<{ kind: string; detail: Record<string, unknown> }>(
        'SELECT kind, detail FROM alerts WHERE kiosk_id = $1',
        [kiosk.kioskId],
      );
      expect(rows).toEqual([
        {
          kind: 'fork',
          detail: { seq: 5, storedHash: original[4]!.hash, claimedHash: rewritten[4]!.hash },
        },
      ]);
      expect(await kioskRow(kiosk.kioskId)).toMatchObject({ status: 'flagged', last_seq: 10 });

      // Even its genuine next events, and its downloads, are refused until a pharmacist clears it.
      await expectRefused(
        () => upload(kiosk, makeEvents(2, original)),
        403,
        'revoked_kiosk',
        /flagged/,
      );
      await expectRefused(
        () => signed(kiosk, { have: {} }, { route: 'downloads' }),
        403,
        'revoked_kiosk',
      );
    });

    it('flags a fork seen only through the prev of the next event', async () => {
      const kiosk = await enroll();
      const original = makeEvents(6, [], 'original');
      await uploadOk(kiosk, original);
      const rewritten = makeEvents(9, [], 'rewritten');
      const response = await upload(kiosk, rewritten.slice(6));
      expect(response.statusCode, response.body).toBe(409);
      expect(HubError.parse(response.json()).error).toBe('fork');
      expect((await kioskRow(kiosk.kioskId)).status).toBe('flagged');
    });
  });

  describe('downloads', () => {
    it('answers what is newer than the kiosk holds, per kind, from its scopes only', async () => {
      const kiosk = await enroll();
      const other = await enroll(OTHER_SITE);
      await uploadOk(kiosk, makeEvents(7, []));

      const all = await signed(kiosk, { have: {} }, { route: 'downloads' });
      expect(all.statusCode, all.body).toBe(200);
      const first = DownloadsResponse.parse(all.json());
      expect(first.storedUpToSeq).toBe(7);
      expect(first.downloads.map((d) => d.kind)).toEqual(['trust', 'revocation', 'refill']);
      const have = Object.fromEntries(first.downloads.map((d) => [d.kind, d.version])) as Partial<
        Record<DownloadKind, number>
      >;

      const none = DownloadsResponse.parse(
        (await signed(kiosk, { have }, { route: 'downloads' })).json(),
      );
      expect(none.downloads).toEqual([]);

      const published = await hub.downloads.publish(
        'revocation',
        'fleet',
        (c) => nextRevocationList(c.previous, { jtis: ['rx-revoked-1'] }, c.version, c),
        'pharmacist:test',
      );
      expect(published.ok).toBe(true);
      const lock = await hub.downloads.publish(
        'lock',
        kioskScope(kiosk.kioskId),
        (c) => ({
          version: c.version,
          issuedAt: c.issuedAt,
          expiresAt: c.expiresAt,
          locked: true,
          reason: 'test',
        }),
        'pharmacist:test',
      );
      expect(lock.ok).toBe(true);

      const newer = DownloadsResponse.parse(
        (await signed(kiosk, { have }, { route: 'downloads' })).json(),
      );
      expect(newer.downloads.map((d) => d.kind)).toEqual(['revocation', 'lock']);
      expect(newer.downloads[0]!.version).toBeGreaterThan(have.revocation!);
      const revocation = verifySignedList(
        'revocation',
        newer.downloads[0]!.jws,
        hub.keys.root.publicJwk,
      );
      expect(revocation.ok && revocation.value.jtis).toEqual(['rx-revoked-1']);

      // The other site's kiosk gets the fleet revocation but not this kiosk's lock, and its own refill list.
      const theirs = DownloadsResponse.parse(
        (await signed(other, { have: {} }, { route: 'downloads' })).json(),
      );
      expect(theirs.downloads.map((d) => d.kind)).toEqual(['trust', 'revocation', 'refill']);
      expect(theirs.storedUpToSeq).toBe(0);
      const refillScopes = await hub.db.query<{ scope: string }>(
        "SELECT DISTINCT scope FROM downloads WHERE kind = 'refill' ORDER BY scope",
      );
      expect(refillScopes.rows.map((r) => r.scope)).toEqual([`site:${SITE}`, `site:${OTHER_SITE}`]);
    });

    it('records last sync and the clock offset', async () => {
      const kiosk = await enroll();
      expect((await kioskRow(kiosk.kioskId)).last_sync_at).toBeNull();
      const response = await signed(
        kiosk,
        { have: {} },
        { route: 'downloads', now: new Date(clock.now() + 60_000) },
      );
      expect(response.statusCode).toBe(200);
      const row = await kioskRow(kiosk.kioskId);
      expect(row.last_sync_at).not.toBeNull();
      expect(row.clock_offset_ms).toBeLessThan(-58_000);
    });
  });

  describe.each(['events', 'downloads'] as const)('bad requests to %s', (route) => {
    let kiosk: Kiosk;
    const goodBody = () =>
      route === 'events' ? { events: makeEvents(1, kiosk.journal) } : { have: {} };

    beforeAll(async () => {
      kiosk = await enroll();
      kiosk.journal = makeEvents(3, []);
      await uploadOk(kiosk, kiosk.journal);
    });

    it('refuses the wrong schema with the field named', async () => {
      const wrong =
        route === 'events'
          ? [
              [{ events: [] }, /events/],
              [
                { events: [{ ...makeEvents(1, kiosk.journal)[0], hash: undefined }] },
                /events\.0\.hash/,
              ],
              [{ events: makeEvents(1, kiosk.journal), extra: 1 }, /extra|unrecognized/i],
              [{ events: makeEvents(2001, kiosk.journal) }, /events/],
            ]
          : [
              [{ have: { trust: -1 } }, /have\.trust/],
              [{ have: { bananas: 1 } }, /have/],
              [{}, /have/],
            ];
      for (const [body, message] of wrong as [unknown, RegExp][]) {
        await expectRefused(() => signed(kiosk, body, { route }), 400, 'bad_request', message);
      }
      await expectRefused(
        () => signed(kiosk, Buffer.from('[1,'), { route }),
        400,
        'bad_request',
        /JSON/,
      );
    });

    it('refuses a signature by another key', async () => {
      await expectRefused(
        () => signed(kiosk, goodBody(), { route, key: createEphemeralDeviceKey() }),
        401,
        'bad_signature',
        /does not verify/,
      );
    });

    it('refuses a body that is not the one signed', async () => {
      const other = Buffer.from(
        JSON.stringify(
          route === 'events' ? { events: makeEvents(2, kiosk.journal) } : { have: { trust: 1 } },
        ),
      );
      await expectRefused(
        () => signed(kiosk, goodBody(), { route, sendBody: other }),
        401,
        'bad_signature',
        /content-digest/,
      );
    });

    it.each(['content-digest', 'date', 'signature-input', 'signature'] as const)(
      'refuses a request without %s',
      async (header) => {
        await expectRefused(
          () => signed(kiosk, goodBody(), { route, drop: header }),
          401,
          'bad_signature',
          new RegExp(`missing ${header}`),
        );
      },
    );

    it('refuses a request with no signature at all', async () => {
      await expectRefused(
        () => post(HUB_ROUTES[route](kiosk.kioskId), Buffer.from(JSON.stringify(goodBody()))),
        401,
        'bad_signature',
      );
    });

    it('refuses a replayed request', async () => {
      const nonce = `replay-${randomUUID()}`;
      const body = goodBody();
      const first = await signed(kiosk, body, { route, nonce });
      expect(first.statusCode, first.body).toBe(200);
      await expectRefused(() => signed(kiosk, body, { route, nonce }), 401, 'replayed', /nonce/);
      if (route === 'events') kiosk.journal.push(...(body as { events: JournalEnvelope[] }).events);
    });

    it('lets exactly one of two simultaneous copies of a request through', async () => {
      const nonce = `twin-${randomUUID()}`;
      const body = goodBody();
      const statuses = (
        await Promise.all([
          signed(kiosk, body, { route, nonce }),
          signed(kiosk, body, { route, nonce }),
        ])
      ).map((r) => r.statusCode);
      expect(statuses.sort()).toEqual([200, 401]);
      if (route === 'events') kiosk.journal.push(...(body as { events: JournalEnvelope[] }).events);
    });

    it('refuses a stale date, behind or ahead', async () => {
      for (const offset of [-6 * 60_000, 6 * 60_000]) {
        await expectRefused(
          () => signed(kiosk, goodBody(), { route, now: new Date(clock.now() + offset) }),
          401,
          'stale_date',
          /from the hub's clock/,
        );
      }
    });

    it('refuses an unknown kiosk', async () => {
      const stranger: Kiosk = {
        kioskId: 'k-unknown234',
        key: createEphemeralDeviceKey(),
        journal: [],
      };
      await expectRefused(() => signed(stranger, goodBody(), { route }), 401, 'unknown_kiosk');
    });

    it('refuses a keyid that is not the kiosk in the path', async () => {
      const other = await enroll();
      await expectRefused(
        () => signed(kiosk, goodBody(), { route, keyId: other.kioskId, key: other.key }),
        401,
        'bad_signature',
        /keyid/,
      );
    });

    it('refuses a revoked kiosk', async () => {
      const revoked = await enroll();
      await hub.db.query("UPDATE kiosks SET status = 'revoked' WHERE kiosk_id = $1", [
        revoked.kioskId,
      ]);
      const body = route === 'events' ? { events: makeEvents(1, []) } : { have: {} };
      await expectRefused(() => signed(revoked, body, { route }), 403, 'revoked_kiosk', /revoked/);
    });

    it('refuses an oversized body with 413', async () => {
      await expectRefused(
        () => signed(kiosk, Buffer.alloc(MAX_HUB_BODY_BYTES + 1, 0x20), { route }),
        413,
        'too_large',
      );
    });

    it('still accepts a good request after all that', async () => {
      const body = goodBody();
      const response = await signed(kiosk, body, { route });
      expect(response.statusCode, response.body).toBe(200);
      if (route === 'events') kiosk.journal.push(...(body as { events: JournalEnvelope[] }).events);
    });
  });

  it('answers unknown routes with not_found', async () => {
    const response = await hub.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(response.statusCode).toBe(404);
    expect(HubError.parse(response.json()).error).toBe('not_found');
  });

  it('restarts on the same storage: no migration re-run, no list re-signed, data kept', async () => {
    const before = await snapshot();
    await hub.close();
    hub = await startHub({
      dataDir,
      ...(cluster && { databaseUrl: cluster.url }),
      clock,
      logger: pino({ level: 'silent' }),
      listen: false,
    });
    expect(await snapshot()).toEqual(before);
    const migrations = await hub.db.query<{ name: string }>('SELECT name FROM schema_migrations');
    expect(migrations.rows.map((r) => r.name)).toContain('001_sync.sql');
    const { rows } = await hub.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM downloads WHERE kind = 'trust'",
    );
    expect(rows[0]?.n).toBe(1);
  });
});
