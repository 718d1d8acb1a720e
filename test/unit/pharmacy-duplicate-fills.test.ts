import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadKind } from '../../contracts/hub-api';
import type { JournalEventDataOf } from '../../contracts/journal-events';
import { emptyRevocationList, type RevocationList } from '../../main/prescriptions/revocation-list';
import type { HubDatabase } from '../../hub/db/hub-database';
import { openHubDatabase } from '../../hub/db/open-hub-database';
import { detectDuplicateFills, type DuplicateFill } from '../../hub/pharmacy/duplicate-fills';
import type { DownloadsStore } from '../../hub/server/downloads-store';

/**
 * Cross-kiosk duplicate fills: the hub counts fills of a token the way the kiosk does (one accepted
 * scan with a pack that may have left), sums them over kiosks, compares with the allowance (issued
 * fills + authorized refills), and alerts + revokes once. Events are written straight into the
 * events table here (the sync API's own tests cover how they get there); the downloads store is a
 * recording fake.
 */

const GTIN = '09506000134352';
let db: HubDatabase;
let published: RevocationList[];

const downloads: Pick<DownloadsStore, 'publishIn' | 'latestPayload'> = {
  async publishIn(_tx, kind, scope, build) {
    expect(kind).toBe('revocation');
    expect(scope).toBe('fleet');
    const previous = published.at(-1);
    const version = (previous?.version ?? 0) + 1;
    const payload = build({
      previous: previous as never,
      version,
      issuedAt: 1,
      expiresAt: 2,
    }) as unknown as RevocationList;
    published.push(payload);
    return { ok: true, value: { kind, scope, version, jws: 'x.y.z' } };
  },
  async latestPayload(kind: DownloadKind) {
    return (kind === 'revocation' ? published.at(-1) : undefined) as never;
  },
};

const heads = new Map<string, number>();

async function append<
  T extends 'RX_ACCEPTED' | 'DISPENSE_INTENT' | 'DISPENSE_RESULT' | 'HELP_REQUESTED',
>(kioskId: string, type: T, data: JournalEventDataOf<T>): Promise<number> {
  const seq = (heads.get(kioskId) ?? 0) + 1;
  heads.set(kioskId, seq);
  await db.query(
    `INSERT INTO events (kiosk_id, seq, id, ts, type, data, prev, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      kioskId,
      seq,
      randomUUID(),
      new Date().toISOString(),
      type,
      JSON.stringify(data),
      '0'.repeat(64),
      seq.toString(16).padStart(64, '0'),
    ],
  );
  await db.query('UPDATE kiosks SET last_seq = $2 WHERE kiosk_id = $1', [kioskId, seq]);
  return seq;
}

/** One accepted scan at `kioskId` and its packs' outcomes. */
async function fill(
  kioskId: string,
  jti: string,
  outcomes: JournalEventDataOf<'DISPENSE_RESULT'>['outcome'][] = ['SUCCESS'],
): Promise<void> {
  await append(kioskId, 'RX_ACCEPTED', { jti, medication: 'Amlodipine', packs: outcomes.length });
  for (const outcome of outcomes) {
    const intentSeq = await append(kioskId, 'DISPENSE_INTENT', {
      purpose: 'patient',
      jti,
      slot: 1,
      gtin: GTIN,
      lot: 'L1',
      expiry: '2099-01-01',
      qty: 1,
    });
    await append(kioskId, 'DISPENSE_RESULT', { intentSeq, outcome, detail: '' });
  }
}

async function issued(jti: string, fills: number, extraFills: number[] = []): Promise<void> {
  await db.query(
    `INSERT INTO issued_prescriptions (jti, issued_by, issued_at, medication, gtin, fills_allowed, valid_until, site_ids, kiosk_ids)
     VALUES ($1, 'alice', now(), 'Amlodipine', $2, $3, '2099-01-01', '["s1"]', '[]')`,
    [jti, GTIN, fills],
  );
  for (const extra of extraFills) {
    await db.query(
      `INSERT INTO refill_authorizations (jti, site_id, extra_fills, not_after, authorized_by, authorized_at, list_version)
       VALUES ($1, 's1', $2, 0, 'alice', now(), 1)`,
      [jti, extra],
    );
  }
}

const detect = (q: HubDatabase = db) =>
  detectDuplicateFills(q, downloads, { now: Date.UTC(2026, 0, 1) });
const alertCount = async (): Promise<number> =>
  Number(
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alerts WHERE kind = 'duplicate_fill'`,
      )
    ).rows[0]?.n,
  );

beforeAll(async () => {
  db = await openHubDatabase({ dataDir: null });
  await db.query(`INSERT INTO sites (site_id, name) VALUES ('s1', 'Site 1')`);
  for (const k of ['k1', 'k2', 'k3'])
    await db.query(
      `INSERT INTO kiosks (kiosk_id, site_id, name, device_public_jwk) VALUES ($1, 's1', $1, '{}')`,
      [k],
    );
}, 60_000);
afterAll(async () => {
  await db?.close();
});
beforeEach(() => {
  published = [emptyRevocationList(0, 0, 1)];
});

describe('detectDuplicateFills', () => {
  it('alerts and revokes a token filled at two kiosks beyond its fills, exactly once', async () => {
    const jti = randomUUID();
    await issued(jti, 1);
    await fill('k1', jti);
    expect((await detect()).duplicates).toEqual([]);
    await fill('k2', jti);
    const report = await detect();
    expect(report.checked).toBe(1);
    expect(report.duplicates).toEqual<DuplicateFill[]>([
      {
        jti,
        fills: 2,
        allowed: 1,
        kiosks: [
          { kioskId: 'k1', fills: 1 },
          { kioskId: 'k2', fills: 1 },
        ],
        revoked: true,
        revocationVersion: 1,
      },
    ]);
    expect(published.at(-1)?.jtis).toEqual([jti]);
    const audit = await db.query<{ username: string; detail: { jti: string } }>(
      `SELECT username, detail FROM hub_audit WHERE action = 'duplicate_fill_revoked'`,
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        username: 'hub:duplicate-fills',
        detail: expect.objectContaining({ jti }),
      }),
    ]);
    // The next run reads nothing new and changes nothing.
    const alerts = await alertCount();
    expect(await detect()).toEqual({ checked: 0, duplicates: [] });
    expect(await alertCount()).toBe(alerts);
    expect(published).toHaveLength(2);
  });

  it('alerts again (without a second revocation) when the same token is filled once more', async () => {
    const jti = randomUUID();
    await issued(jti, 1);
    await fill('k1', jti);
    await fill('k2', jti);
    expect((await detect()).duplicates).toHaveLength(1);
    await fill('k3', jti);
    const again = await detect();
    expect(again.duplicates).toEqual([expect.objectContaining({ jti, fills: 3, revoked: true })]);
    expect(again.duplicates[0]?.revocationVersion).toBeUndefined();
    expect(published).toHaveLength(2);
  });

  it('counts refills the hub authorized in the allowance', async () => {
    const jti = randomUUID();
    await issued(jti, 1, [1, 1]);
    await fill('k1', jti);
    await fill('k2', jti);
    await fill('k3', jti);
    expect((await detect()).duplicates).toEqual([]);
    await fill('k1', jti);
    expect((await detect()).duplicates).toEqual([
      expect.objectContaining({ jti, fills: 4, allowed: 3 }),
    ]);
  });

  it('counts a fill as the kiosk does: two packs of one scan are one fill, an uncertain pack counts, a jam does not', async () => {
    const jti = randomUUID();
    await issued(jti, 2);
    await fill('k1', jti, ['SUCCESS', 'SUCCESS']); // one fill of two packs
    await fill('k2', jti, ['FAIL_JAM', 'FAIL_NO_DROP']); // nothing left the cabinet
    expect((await detect()).duplicates).toEqual([]);
    await fill('k2', jti, ['UNCERTAIN']); // counts: it may have left
    expect((await detect()).duplicates).toEqual([]); // 2 fills, 2 allowed
    await fill('k3', jti, ['FAIL_JAM', 'SUCCESS']);
    expect((await detect()).duplicates).toEqual([
      expect.objectContaining({
        jti,
        fills: 3,
        kiosks: [
          { kioskId: 'k1', fills: 1 },
          { kioskId: 'k2', fills: 1 },
          { kioskId: 'k3', fills: 1 },
        ],
      }),
    ]);
  });

  it('ignores over-fills at a single kiosk (that kiosk enforces its own ledger)', async () => {
    const jti = randomUUID();
    await issued(jti, 1);
    await fill('k1', jti);
    await fill('k1', jti);
    expect((await detect()).duplicates).toEqual([]);
  });

  it('alerts without revoking a token the hub did not issue', async () => {
    const jti = randomUUID();
    await fill('k1', jti);
    await fill('k2', jti);
    expect((await detect()).duplicates).toEqual([
      expect.objectContaining({ jti, allowed: null, revoked: false }),
    ]);
    expect(published).toHaveLength(1);
    const { rows } = await db.query<{ detail: { jti: string; revoked: boolean } }>(
      `SELECT detail FROM alerts WHERE kind = 'duplicate_fill' AND detail->>'jti' = $1`,
      [jti],
    );
    expect(rows).toEqual([{ detail: expect.objectContaining({ jti, revoked: false }) }]);
  });

  it('does not revoke a token already revoked, but still alerts', async () => {
    const jti = randomUUID();
    await issued(jti, 1);
    published.push({ ...emptyRevocationList(5, 0, 1), jtis: [jti] });
    await fill('k1', jti);
    await fill('k2', jti);
    expect((await detect()).duplicates).toEqual([expect.objectContaining({ jti, revoked: true })]);
    expect(published).toHaveLength(2);
  });

  it('rolls everything back when publishing fails', async () => {
    const jti = randomUUID();
    await issued(jti, 1);
    await fill('k1', jti);
    await fill('k2', jti);
    const failing = {
      ...downloads,
      publishIn: async () => ({
        ok: false as const,
        error: { code: 'invalid_payload' as const, detail: 'boom' },
      }),
    };
    const alerts = await alertCount();
    await expect(detectDuplicateFills(db, failing, {})).rejects.toThrow('boom');
    expect(await alertCount()).toBe(alerts);
    // The watermark rolled back too: the next run still sees the fills.
    expect((await detect()).duplicates).toEqual([expect.objectContaining({ jti, revoked: true })]);
  });

  it('only reads what arrived since its last run', async () => {
    await append('k1', 'HELP_REQUESTED', { screen: 'scan', language: 'en' });
    await detect();
    const { rows } = await db.query<{ kiosk_id: string; scanned_seq: number }>(
      'SELECT kiosk_id, scanned_seq FROM duplicate_fill_scan ORDER BY kiosk_id',
    );
    expect(rows).toEqual(
      ['k1', 'k2', 'k3'].map((k) => ({ kiosk_id: k, scanned_seq: heads.get(k) })),
    );
    expect((await detect()).checked).toBe(0);
  });
});
