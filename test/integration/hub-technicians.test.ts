import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubErrorCode } from '../../contracts/hub-api';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { indexRevocationList } from '../../main/prescriptions/revocation-list';
import { verifySignedList } from '../../main/prescriptions/signed-list';
import { verifyBadge } from '../../main/technician/badge';
import { matchesTechnicianPin, verifyRoster } from '../../main/technician/roster';
import { verifyRestockOrder, verifySlotReleases } from '../../main/sync/signed-documents';
import {
  AuditLog,
  CONSOLE_ROUTES,
  Published,
  ReviewQueue,
  type ReviewItem,
} from '../../hub/pharmacy/console-api';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import {
  ColdChainList,
  IssuedBadge,
  RestockOrderList,
  TECHNICIAN_STOCK_ROUTES as ROUTES,
  TechnicianList,
} from '../../hub/pharmacy/technicians-stock-api';
import { ensureSite } from '../../hub/server/enrollment-codes';
import { kioskScope } from '../../hub/server/download-scopes';
import { ensureFleetDownloads } from '../../hub/server/initial-downloads';
import type { RunningHub } from '../../hub/server/start-hub';
import {
  enrollSeedKiosk,
  SEED_GTIN,
  SEED_GTIN_2,
  uploadSeedEvents,
  type SeedKiosk,
} from './hub-pharmacy-seed';
import {
  consoleLogin,
  consoleRequest,
  expectRefusal,
  hubBackends,
  kioskDownloads as downloadsOf,
  startPharmacyHub,
  type PharmacyHub,
} from './support/pharmacy-hub';

/**
 * The console's technicians and stock API (issues 7 and 9) through Fastify, on PGlite and (where
 * the Debian `postgresql` package is installed) on PostgreSQL, the hub built as `npm run hub`
 * builds it. What the hub signs is checked with the kiosk's own verifiers (roster, badge, restock
 * order, slot releases, revocation list); kiosk events arrive through the real signed upload.
 * Every refusal: its status, its code, a reason, and a snapshot of every table proving nothing
 * changed.
 */

const PASSWORD = 'technicians pw 1';
const SITE = 'site-t';
const ISSUER = 'https://hub.tech.example';
const PIN = '2468013579';
const TECH = { id: 'T-ASHA', name: 'Asha Kamau', roles: ['technician'], pin: PIN };

const backends = hubBackends('technicians console API');

describe.each(backends)('technicians and stock console API on %s', (backend) => {
  let pharmacyHub: PharmacyHub;
  let hub: RunningHub;
  const now = (): number => Date.now();
  let kiosk: SeedKiosk;
  let cookie: string;

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, withCookie = true) =>
    consoleRequest(hub, method, url, body, withCookie ? { cookie } : {});

  async function snapshot(): Promise<unknown> {
    const { rows } = await hub.db.query(
      `SELECT
       (SELECT count(*) FROM downloads)::int AS downloads,
       (SELECT count(*) FROM hub_audit)::int AS audit,
       (SELECT json_agg(t ORDER BY technician_id)::text FROM technicians t) AS technicians,
       (SELECT json_agg(b ORDER BY badge_id)::text FROM technician_badges b) AS badges,
       (SELECT json_agg(o ORDER BY order_id)::text FROM restock_orders o) AS orders,
       (SELECT count(*) FROM slot_releases)::int AS releases,
       (SELECT count(*) FROM review_resolutions)::int AS resolutions`,
    );
    return rows[0];
  }

  async function expectRefused(
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    status: number,
    code: HubErrorCode,
    withCookie = true,
  ): Promise<string> {
    const refused = () => call(method, url, body, withCookie);
    return (await expectRefusal(snapshot, refused, status, code)).message;
  }

  async function postOk<T>(
    url: string,
    body: unknown,
    schema: { parse(v: unknown): T },
    status = 200,
  ) {
    const response = await call('POST', url, body);
    expect(response.statusCode, response.body).toBe(status);
    return schema.parse(response.json());
  }

  async function getOk<T>(url: string, schema: { parse(v: unknown): T }): Promise<T> {
    const response = await call('GET', url);
    expect(response.statusCode, response.body).toBe(200);
    return schema.parse(response.json());
  }

  /** What the kiosk receives through the signed downloads endpoint, by kind. */
  async function kioskDownloads(): Promise<Map<string, string>> {
    const downloads = await downloadsOf(hub, kiosk, new Date(now()));
    return new Map(downloads.map((d) => [d.kind, d.jws]));
  }

  /** The kiosk's view of a badge after installing what the hub sends it now. */
  async function kioskVerifiesBadge(qrText: string) {
    const got = await kioskDownloads();
    const root = hub.keys.root.publicJwk;
    const trust = verifySignedList('trust', got.get('trust')!, root);
    const revocation = verifySignedList('revocation', got.get('revocation')!, root);
    const roster = got.has('roster') ? verifyRoster(got.get('roster')!, root) : undefined;
    if (!trust.ok || !revocation.ok || (roster && !roster.ok)) throw new Error('a list failed');
    return verifyBadge(
      {
        trust: trust.value,
        revocation: indexRevocationList(revocation.value),
        roster: roster?.ok ? roster.value : undefined,
        now: now(),
      },
      qrText,
    );
  }

  async function review(): Promise<ReviewItem[]> {
    return (await getOk(`${CONSOLE_ROUTES.review}?state=open`, ReviewQueue)).items;
  }

  beforeAll(async () => {
    pharmacyHub = await startPharmacyHub({
      name: 'hub-technicians',
      backend,
      issuerUrl: ISSUER,
    });
    hub = pharmacyHub.hub;
    const made = await createPharmacist(hub.db, {
      username: 'zawadi',
      displayName: 'Zawadi Achieng',
      password: PASSWORD,
    });
    expect(made.ok).toBe(true);
    expect((await ensureSite(hub.db, { siteId: SITE, name: 'Tech post' })).ok).toBe(true);
    kiosk = await enrollSeedKiosk(hub, SITE, 'Kiosk T', now);
    cookie = await consoleLogin(hub, 'zawadi', PASSWORD);
  });

  afterAll(async () => {
    await pharmacyHub?.stop();
  });

  it('lists the hub’s own badge issuer key in the fleet trust list, apart from prescription keys', async () => {
    const trust = await hub.downloads.latestPayload('trust', 'fleet');
    const badgeKid = jwkThumbprint(hub.keys.badgeIssuer.publicJwk);
    expect(trust?.badgeIssuers.map((b) => jwkThumbprint(b.jwk))).toEqual([badgeKid]);
    const issuerKids = trust!.issuers.flatMap((i) => i.keys.map((k) => jwkThumbprint(k.jwk)));
    expect(issuerKids).not.toContain(badgeKid);
  });

  describe('the roster', () => {
    it('refuses bad requests with a reason and changes nothing', async () => {
      await expectRefused('POST', ROUTES.technicians, TECH, 401, 'unauthorized', false);
      expect(
        await expectRefused(
          'POST',
          ROUTES.technicians,
          { ...TECH, pin: '12345' },
          400,
          'bad_request',
        ),
      ).toMatch(/^pin: .*6 to 12 digits/);
      await expectRefused(
        'POST',
        ROUTES.technicians,
        { ...TECH, pin: '12345a' },
        400,
        'bad_request',
      );
      expect(
        await expectRefused('POST', ROUTES.technicians, { ...TECH, roles: [] }, 400, 'bad_request'),
      ).toMatch(/^roles: /);
      await expectRefused(
        'POST',
        ROUTES.technicians,
        { ...TECH, id: 'has space' },
        400,
        'bad_request',
      );
      await expectRefused('POST', ROUTES.technicians, { ...TECH, extra: 1 }, 400, 'bad_request');
      await expectRefused('POST', ROUTES.technicians, '{not json', 400, 'bad_request');
      await expectRefused(
        'POST',
        ROUTES.technicians,
        { ...TECH, roles: ['Technician'] },
        400,
        'bad_request',
      );
    });

    it('adds a technician: a fleet roster the kiosk verifies, with a check value of the PIN and never the PIN', async () => {
      const published = await postOk(ROUTES.technicians, TECH, Published, 201);
      expect(published).toMatchObject({ kind: 'roster', scope: 'fleet' });
      const got = await kioskDownloads();
      const roster = verifyRoster(got.get('roster')!, hub.keys.root.publicJwk);
      if (!roster.ok) throw new Error(roster.error.detail);
      expect(roster.value.version).toBe(published.version);
      expect(roster.value.technicians.map(({ id, name, roles }) => ({ id, name, roles }))).toEqual([
        { id: TECH.id, name: TECH.name, roles: TECH.roles },
      ]);
      expect(matchesTechnicianPin(roster.value.technicians[0]!.pin, TECH.id, PIN)).toBe(true);
      expect(matchesTechnicianPin(roster.value.technicians[0]!.pin, TECH.id, '2468013578')).toBe(
        false,
      );
      // The PIN is nowhere in the hub's tables.
      const { rows } = await hub.db.query<{ all: string }>(
        `SELECT concat_ws('|',
           (SELECT json_agg(t)::text FROM technicians t),
           (SELECT json_agg(a)::text FROM hub_audit a),
           (SELECT json_agg(d)::text FROM downloads d)) AS all`,
      );
      expect(rows[0]!.all).not.toContain(PIN);

      const list = await getOk(ROUTES.technicians, TechnicianList);
      expect(list.roster?.version).toBe(published.version);
      expect(list.technicians).toMatchObject([{ id: TECH.id, addedBy: 'zawadi', badges: [] }]);
      expect(JSON.stringify(list)).not.toContain(PIN);
    });

    it('refuses the same id twice', async () => {
      expect(await expectRefused('POST', ROUTES.technicians, TECH, 400, 'bad_request')).toMatch(
        /already on the roster/,
      );
    });
  });

  describe('badges', () => {
    let badge: IssuedBadge;

    it('refuses a badge for someone not on the roster, or a bad validity', async () => {
      await expectRefused(
        'POST',
        ROUTES.badges,
        { technicianId: 'T-NOBODY', validDays: 30 },
        404,
        'not_found',
      );
      await expectRefused(
        'POST',
        ROUTES.badges,
        { technicianId: TECH.id, validDays: 0 },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        ROUTES.badges,
        { technicianId: TECH.id, validDays: 400 },
        400,
        'bad_request',
      );
    });

    it('issues a badge as a QR that the kiosk accepts with the roster’s PIN', async () => {
      badge = await postOk(
        ROUTES.badges,
        { technicianId: TECH.id, validDays: 30 },
        IssuedBadge,
        201,
      );
      expect(badge.qrText).toMatch(/^odb:\/\d+$/);
      expect(badge.qrPng).toMatch(/^data:image\/png;base64,/);
      expect(Date.parse(badge.validUntil) - Date.parse(badge.validFrom)).toBe(30 * 86_400_000);
      const verified = await kioskVerifiesBadge(badge.qrText);
      if (!verified.ok) throw new Error(verified.error.detail);
      expect(verified.value).toMatchObject({
        badgeId: badge.badgeId,
        technicianId: TECH.id,
        roles: TECH.roles,
      });
      expect(matchesTechnicianPin(verified.value.pinCheck, TECH.id, PIN)).toBe(true);
      const list = await getOk(ROUTES.technicians, TechnicianList);
      expect(list.technicians[0]!.badges).toMatchObject([
        { badgeId: badge.badgeId, revokedAt: null, issuedBy: 'zawadi' },
      ]);
    });

    it('revokes a badge through the fleet revocation list: the kiosk refuses it after sync', async () => {
      await expectRefused(
        'POST',
        ROUTES.revokeBadge,
        { badgeId: badge.badgeId },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        ROUTES.revokeBadge,
        { badgeId: 'no-such-badge', reason: 'lost' },
        404,
        'not_found',
      );
      const published = await postOk(
        ROUTES.revokeBadge,
        { badgeId: badge.badgeId, reason: 'Badge lost on the bus' },
        Published,
      );
      expect(published).toMatchObject({ kind: 'revocation', scope: 'fleet' });
      expect((await hub.downloads.latestPayload('revocation', 'fleet'))?.badges).toEqual([
        badge.badgeId,
      ]);
      const verified = await kioskVerifiesBadge(badge.qrText);
      expect(verified.ok ? 'accepted' : verified.error.reason).toBe('revoked');
      expect(
        await expectRefused(
          'POST',
          ROUTES.revokeBadge,
          { badgeId: badge.badgeId, reason: 'again' },
          400,
          'bad_request',
        ),
      ).toMatch(/already revoked/);
    });

    it('removing a technician drops them from the roster and revokes their live badges', async () => {
      const second = await postOk(
        ROUTES.badges,
        { technicianId: TECH.id, validDays: 7 },
        IssuedBadge,
        201,
      );
      await expectRefused('POST', ROUTES.removeTechnician, { id: TECH.id }, 400, 'bad_request');
      await expectRefused(
        'POST',
        ROUTES.removeTechnician,
        { id: 'T-NOBODY', reason: 'left' },
        404,
        'not_found',
      );
      const published = await postOk(
        ROUTES.removeTechnician,
        { id: TECH.id, reason: 'Left the programme' },
        Published,
      );
      expect(published.kind).toBe('roster');
      expect((await hub.downloads.latestPayload('roster', 'fleet'))?.technicians).toEqual([]);
      expect((await hub.downloads.latestPayload('revocation', 'fleet'))?.badges).toContain(
        second.badgeId,
      );
      const verified = await kioskVerifiesBadge(second.qrText);
      expect(verified.ok ? 'accepted' : verified.error.reason).toBe('revoked');
      // Back on the roster later, the old badge still does not work.
      await postOk(ROUTES.technicians, TECH, Published, 201);
      const again = await kioskVerifiesBadge(second.qrText);
      expect(again.ok ? 'accepted' : again.error.reason).toBe('revoked');
    });
  });

  describe('restock orders', () => {
    const LINES = [
      { slot: 1, gtin: SEED_GTIN, packs: 4, medication: 'Amlodipine 5 mg, 28 tablets' },
      { slot: 2, gtin: SEED_GTIN_2, packs: 2, medication: 'Metformin 500 mg, 56 tablets' },
    ];

    it('refuses bad orders with a reason and changes nothing', async () => {
      const ok = { kioskId: kiosk.kioskId, note: 'Tuesday delivery', lines: LINES };
      await expectRefused('POST', ROUTES.restockOrders, ok, 401, 'unauthorized', false);
      await expectRefused('POST', ROUTES.restockOrders, { ...ok, lines: [] }, 400, 'bad_request');
      expect(
        await expectRefused(
          'POST',
          ROUTES.restockOrders,
          { ...ok, lines: [{ ...LINES[0], gtin: '09506000134353' }] },
          400,
          'bad_request',
        ),
      ).toMatch(/^lines\.0\.gtin: .*check digit/);
      await expectRefused(
        'POST',
        ROUTES.restockOrders,
        { ...ok, lines: [LINES[0], { ...LINES[1], slot: 1 }] },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        ROUTES.restockOrders,
        { ...ok, lines: [{ ...LINES[0], packs: 0 }] },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        ROUTES.restockOrders,
        { ...ok, kioskId: 'kiosk-nowhere' },
        404,
        'not_found',
      );
      await expectRefused(
        'POST',
        ROUTES.withdrawRestockOrder,
        { kioskId: kiosk.kioskId, reason: 'nothing to withdraw' },
        400,
        'bad_request',
      );
    });

    it('publishes an order for one kiosk that the kiosk verifies, and withdraws it', async () => {
      const published = await postOk(
        ROUTES.restockOrders,
        { kioskId: kiosk.kioskId, note: 'Tuesday delivery', lines: LINES },
        Published,
        201,
      );
      expect(published).toMatchObject({ kind: 'restock', scope: kioskScope(kiosk.kioskId) });
      const order = verifyRestockOrder(
        (await kioskDownloads()).get('restock')!,
        hub.keys.root.publicJwk,
      );
      if (!order.ok) throw new Error(order.error.detail);
      expect(order.value.order).toMatchObject({ createdBy: 'zawadi', note: 'Tuesday delivery' });
      expect(order.value.order?.lines).toEqual(LINES);
      const list = await getOk(ROUTES.restockOrders, RestockOrderList);
      expect(list.kiosks).toMatchObject([
        { kioskId: kiosk.kioskId, order: { lines: LINES, version: published.version } },
      ]);

      const withdrawn = await postOk(
        ROUTES.withdrawRestockOrder,
        { kioskId: kiosk.kioskId, reason: 'Delivery cancelled' },
        Published,
      );
      const none = verifyRestockOrder(
        (await kioskDownloads()).get('restock')!,
        hub.keys.root.publicJwk,
      );
      expect(none.ok && none.value).toMatchObject({ version: withdrawn.version, order: null });
      expect((await getOk(ROUTES.restockOrders, RestockOrderList)).kiosks[0]!.order).toBeNull();
      // The kiosk needs an order for the rest of the suite.
      await postOk(
        ROUTES.restockOrders,
        { kioskId: kiosk.kioskId, note: '', lines: LINES.slice(0, 1) },
        Published,
        201,
      );
    });
  });

  describe('cold-chain releases', () => {
    let excursionSeq: number;

    beforeAll(async () => {
      const [excursion] = await uploadSeedEvents(
        hub,
        kiosk,
        [{ type: 'COLD_CHAIN_EXCURSION', data: { temperatureC: 11.4, minC: 2, maxC: 8 } }],
        now,
      );
      excursionSeq = excursion!.seq;
      await uploadSeedEvents(
        hub,
        kiosk,
        [
          { type: 'SLOT_BLOCKED', data: { slot: 3, excursionSeq, gtins: [SEED_GTIN] } },
          { type: 'SLOT_BLOCKED', data: { slot: 4, excursionSeq, gtins: [SEED_GTIN_2] } },
        ],
        now,
      );
    });

    it('lists the blocked slots with the excursion’s temperature', async () => {
      const list = await getOk(ROUTES.coldChain, ColdChainList);
      expect(list.blocked).toMatchObject([
        {
          kioskId: kiosk.kioskId,
          slot: 3,
          excursionSeq,
          gtins: [SEED_GTIN],
          excursion: { temperatureC: 11.4, minC: 2, maxC: 8 },
          release: null,
        },
        { slot: 4, excursionSeq, release: null },
      ]);
    });

    it('refuses bad releases with a reason and changes nothing', async () => {
      const ok = { kioskId: kiosk.kioskId, slot: 3, excursionSeq, note: 'Vaccine stable 24 h' };
      await expectRefused('POST', ROUTES.releaseSlot, ok, 401, 'unauthorized', false);
      await expectRefused('POST', ROUTES.releaseSlot, { ...ok, note: '' }, 400, 'bad_request');
      await expectRefused('POST', ROUTES.releaseSlot, { ...ok, slot: 0 }, 400, 'bad_request');
      expect(
        await expectRefused('POST', ROUTES.releaseSlot, { ...ok, slot: 9 }, 400, 'bad_request'),
      ).toMatch(/not blocked/);
      await expectRefused(
        'POST',
        ROUTES.releaseSlot,
        { ...ok, excursionSeq: excursionSeq + 1 },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        ROUTES.releaseSlot,
        { ...ok, kioskId: 'kiosk-nowhere' },
        404,
        'not_found',
      );
    });

    it('releases a slot: a release download the kiosk verifies; releases accumulate', async () => {
      const first = await postOk(
        ROUTES.releaseSlot,
        { kioskId: kiosk.kioskId, slot: 3, excursionSeq, note: 'Vaccine stable 24 h' },
        Published,
      );
      expect(first).toMatchObject({ kind: 'release', scope: kioskScope(kiosk.kioskId) });
      await expectRefused(
        'POST',
        ROUTES.releaseSlot,
        { kioskId: kiosk.kioskId, slot: 3, excursionSeq, note: 'again' },
        400,
        'bad_request',
      );
      expect((await getOk(ROUTES.coldChain, ColdChainList)).blocked).toMatchObject([
        { slot: 3, release: { releasedBy: 'zawadi', version: first.version } },
        { slot: 4, release: null },
      ]);
      // The kiosk applied it: the slot leaves the list.
      await uploadSeedEvents(
        hub,
        kiosk,
        [
          {
            type: 'SLOT_RELEASED',
            data: { slot: 3, excursionSeq, releasedBy: 'zawadi', releaseVersion: first.version },
          },
        ],
        now,
      );
      expect((await getOk(ROUTES.coldChain, ColdChainList)).blocked.map((b) => b.slot)).toEqual([
        4,
      ]);

      await postOk(
        ROUTES.releaseSlot,
        { kioskId: kiosk.kioskId, slot: 4, excursionSeq, note: 'Checked the log' },
        Published,
      );
      const releases = verifySlotReleases(
        (await kioskDownloads()).get('release')!,
        hub.keys.root.publicJwk,
      );
      if (!releases.ok) throw new Error(releases.error.detail);
      expect(
        releases.value.releases.map(({ slot, excursionSeq: e, releasedBy }) => [
          slot,
          e,
          releasedBy,
        ]),
      ).toEqual([
        [3, excursionSeq, 'zawadi'],
        [4, excursionSeq, 'zawadi'],
      ]);
    });
  });

  describe('stock discrepancies in the review queue', () => {
    let seqs: Record<string, number>;

    beforeAll(async () => {
      const pack = { gtin: SEED_GTIN, lot: 'LOT9', expiry: '2030-01-31' };
      const made = await uploadSeedEvents(
        hub,
        kiosk,
        [
          {
            type: 'SLOT_COUNTED',
            data: { technicianId: TECH.id, slot: 1, expected: 4, counted: 3 },
          },
          {
            type: 'SLOT_COUNTED',
            data: { technicianId: TECH.id, slot: 2, expected: 2, counted: 2 },
          },
          {
            type: 'STOCK_ADJUSTMENT_INTENT',
            data: { technicianId: TECH.id, slot: 1, pack, reason: 'motor test' },
          },
          {
            type: 'STOCK_ADJUSTMENT',
            data: {
              technicianId: TECH.id,
              intentSeq: kiosk.journal.at(-1)!.seq + 3,
              slot: 1,
              outcome: 'SUCCESS',
              packs: [pack],
              reason: 'motor test',
            },
          },
          {
            type: 'STOCK_ADJUSTMENT',
            data: {
              technicianId: TECH.id,
              intentSeq: kiosk.journal.at(-1)!.seq + 3,
              slot: 1,
              outcome: 'FAIL_NO_MOTOR',
              packs: [],
              reason: 'motor test',
            },
          },
          {
            type: 'PACK_REMOVED',
            data: { technicianId: TECH.id, slot: 2, pack, reason: 'damaged' },
          },
        ],
        now,
      );
      seqs = {
        differs: made[0]!.seq,
        same: made[1]!.seq,
        removedStock: made[3]!.seq,
        movedNothing: made[4]!.seq,
        packRemoved: made[5]!.seq,
      };
    });

    it('lists counts that differ, motor tests that removed packs and removed packs, in words', async () => {
      const items = (await review()).filter((i) =>
        ['count_discrepancy', 'stock_adjustment', 'pack_removed'].includes(i.kind),
      );
      expect(items.map((i) => [i.kind, 'seq' in i.ref ? i.ref.seq : 0]).sort()).toEqual(
        [
          ['count_discrepancy', seqs.differs],
          ['pack_removed', seqs.packRemoved],
          ['stock_adjustment', seqs.removedStock],
        ].sort(),
      );
      const count = items.find((i) => i.kind === 'count_discrepancy')!;
      expect(count.title).toBe('Slot 1: counted 3, expected 4');
      expect(count.detail).toContain('1 pack fewer');
      expect(items.find((i) => i.kind === 'pack_removed')!.detail).toContain('lot LOT9');
    });

    it('resolves one like any other item; refuses an event that is not a discrepancy', async () => {
      await expectRefused(
        'POST',
        CONSOLE_ROUTES.resolveReview,
        { ref: { kioskId: kiosk.kioskId, seq: seqs.same }, note: 'fine' },
        400,
        'bad_request',
      );
      await expectRefused(
        'POST',
        CONSOLE_ROUTES.resolveReview,
        { ref: { kioskId: kiosk.kioskId, seq: seqs.movedNothing }, note: 'fine' },
        400,
        'bad_request',
      );
      const response = await call('POST', CONSOLE_ROUTES.resolveReview, {
        ref: { kioskId: kiosk.kioskId, seq: seqs.differs },
        note: 'One pack found behind the tray',
      });
      expect(response.statusCode, response.body).toBe(204);
      expect((await review()).some((i) => 'seq' in i.ref && i.ref.seq === seqs.differs)).toBe(
        false,
      );
    });
  });

  it('a trust list without the badge issuer key (a hub from before badges) gets it once, at start', async () => {
    const issuer = { iss: ISSUER, jwk: hub.keys.issuer.key.publicJwk };
    const badgeKey = hub.keys.badgeIssuer.publicJwk;
    // What every later start does: the key is listed already, so nothing is published.
    expect(
      await hub.db.transaction((tx) => ensureFleetDownloads(hub.downloads, issuer, tx, badgeKey)),
    ).toEqual([]);
    // A new badge issuer key (a hub whose trust list predates it) is added beside the old one.
    const newKey = publicJwkOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const before = await hub.downloads.latestPayload('trust', 'fleet');
    const published = await hub.db.transaction((tx) =>
      ensureFleetDownloads(hub.downloads, issuer, tx, newKey),
    );
    expect(published.map((p) => p.kind)).toEqual(['trust']);
    const after = await hub.downloads.latestPayload('trust', 'fleet');
    expect(after!.version).toBeGreaterThan(before!.version);
    expect(after!.issuers).toEqual(before!.issuers);
    expect(after!.badgeIssuers.map((b) => jwkThumbprint(b.jwk))).toEqual([
      jwkThumbprint(badgeKey),
      jwkThumbprint(newKey),
    ]);
  });

  it('audited every action with who did it, and never a PIN', async () => {
    const audit = await getOk(CONSOLE_ROUTES.audit, AuditLog);
    const actions = audit.entries
      .filter((e) => e.action !== 'login')
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'technician_added',
      'badge_issued',
      'badge_revoked',
      'badge_issued',
      'technician_removed',
      'technician_added',
      'restock_order_published',
      'restock_order_withdrawn',
      'restock_order_published',
      'slot_released',
      'slot_released',
      'review_resolved',
    ]);
    expect(audit.entries.every((e) => e.username === 'zawadi')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(PIN);
  });
});
