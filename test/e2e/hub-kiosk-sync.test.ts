import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { siteScope } from '../../hub/server/download-scopes';
import type { RunningHub } from '../../hub/server/start-hub';
import { MAX_SYNC_ROUNDS, startHubAndKiosk, type HubAndKiosk } from './harness/hub-and-kiosk';
import type { JournalLine, KioskHarness } from './harness/kiosk-harness';

/**
 * Issue 7's acceptance, end to end through real sync: a hub (PGlite, pharmacist console) and an
 * enrolled kiosk (simulators, web-host, its own sync agent), both open in one Chromium. The
 * pharmacist signs in and signs a prescription; the patient fills it at the kiosk; with no fills
 * left the patient asks for a refill; the pharmacist approves it in the review queue; after sync
 * the kiosk installs the new refill list and fills it. Then the pharmacist recalls the lots in the
 * cabinet, and after sync the kiosk refuses a new prescription of that medicine. Nothing reaches
 * the kiosk but through its sync rounds (`/test/sync` only says "now" instead of in 60 s), and the
 * hub ends holding exactly the kiosk's journal.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'hub-kiosk-sync');
const SITE = { siteId: 'site-kilima', name: 'Kilima health post' };
const PHARMACIST = { username: 'amina', displayName: 'Amina Njoroge', password: 'e2e sync pw 1' };
const PATIENT = { birthDate: '1961-03-09', pin: '482913' };
const GTIN = DEMO_GTINS.amlodipine;
const DAY_MS = 86_400_000;

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('a pharmacist in the hub console and a patient at the kiosk, through real sync', () => {
  let rig: HubAndKiosk;
  let hub: RunningHub;
  let kiosk: KioskHarness;
  let kioskId: string;
  let consolePage: Page;
  let rx: { jti: string; qrText: string };

  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();

  /** Signs a one-fill prescription of the demo amlodipine in the console; its id and QR text. */
  async function issueInConsole(shot: string): Promise<{ jti: string; qrText: string }> {
    // One day per fill: the next fill is allowed after 0.8 day, which the test clock skips.
    const { jti, qrText } = await rig.issueInConsole({ patient: PATIENT, daysPerFill: 1 });
    expect(qrText).toMatch(/^shc:\/\d+$/);
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    // The PIN the pharmacist chose is not shown back (only a PIN the hub made is).
    expect(await consolePage.locator('.issued__pin').count()).toBe(0);
    await rig.consoleShot(shot);
    return { jti, qrText };
  }

  /** Scan, date of birth and PIN, "I understand", the packs, done: as the patient does it. */
  async function fillAtKiosk(qrText: string, shot: string): Promise<void> {
    const before = kiosk.journal().length;
    await kiosk.scan(qrText);
    await kiosk.page
      .locator('[data-screen="identify"], [data-screen="refused"]')
      .first()
      .waitFor({ timeout: 30_000 });
    if ((await kiosk.page.locator('[data-screen="refused"]').count()) > 0) {
      const refused = ofType(kiosk.journal().slice(before), 'RX_REFUSED').at(-1);
      throw new Error(`the kiosk refused the prescription: ${JSON.stringify(refused?.data)}`);
    }
    await kiosk.identifyAnyLanguage(PATIENT.birthDate, PATIENT.pin);
    await kiosk.waitForScreen('confirm');
    await rig.kioskShot(`${shot}-counselling`);
    await action('confirm').click();
    await kiosk.waitForJournal((all) =>
      all.slice(before).some((e) => e.type === 'COUNSELLING_ACKNOWLEDGED'),
    );
    await kiosk.waitForScreen('done', 60_000);
    await rig.kioskShot(`${shot}-done`);
    await action('finish').click();
    await kiosk.waitForScreen('attract');
  }

  /** Scans and expects the refused screen; the reason journaled (the screen stays open). */
  async function scanRefused(qrText: string): Promise<string> {
    const before = kiosk.journal().length;
    await kiosk.scan(qrText);
    const events = await kiosk.waitForJournal((all) =>
      all.slice(before).some((e) => e.type === 'RX_REFUSED' || e.type === 'RX_ACCEPTED'),
    );
    const decided = events.slice(before).find((e) => e.type.startsWith('RX_'))!;
    if (decided.type === 'RX_ACCEPTED') throw new Error('the kiosk accepted the prescription');
    await kiosk.waitForScreen('refused');
    return String(decided.data.reason);
  }

  beforeAll(async () => {
    rig = await startHubAndKiosk({
      name: 'hub-kiosk-sync',
      site: SITE,
      pharmacist: PHARMACIST,
      shotsDir: SHOTS,
    });
    ({ hub, kiosk, kioskId, consolePage } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the kiosk enrolled with the hub runs on the hub’s lists, not the demo’s, and syncs', async () => {
    expect(kiosk.enrollment).toMatchObject({ siteId: SITE.siteId, hubUrl: hub.url });
    const journal = kiosk.journal();
    // The first downloads of enrollment, installed at the first start; no demo stamp.
    expect(new Set(ofType(journal, 'LIST_INSTALLED').map((e) => e.data.kind))).toEqual(
      new Set(['trust', 'revocation', 'refill']),
    );
    const trustVersion = ofType(journal, 'LIST_INSTALLED').find((e) => e.data.kind === 'trust')
      ?.data.version;
    expect(trustVersion).toBe((await hub.downloads.latestPayload('trust', 'fleet'))?.version);
    expect(ofType(journal, 'SYNC_COMPLETED').filter((e) => e.data.source !== 'hub')).toEqual([]);
    // The cabinet holds the demo packs (`--demo-stock`).
    expect(ofType(journal, 'RESTOCK').length).toBeGreaterThan(0);

    await rig.syncKiosk();
    expect((await rig.hubHead()).lastSeq).toBeGreaterThanOrEqual(journal.at(-1)!.seq);
    expect(ofType(kiosk.journal(), 'SYNC_COMPLETED').at(-1)?.data.source).toBe('hub');
    await rig.kioskShot('attract-enrolled');
  });

  it('the pharmacist signs in to the console and signs a prescription for the kiosk’s site', async () => {
    await rig.signIn();
    await expect
      .poll(() => consolePage.locator('.shell__who').textContent())
      .toContain(PHARMACIST.displayName);

    rx = await issueInConsole('issued');
    const { rows } = await hub.db.query<{ site_ids: unknown; fills_allowed: number }>(
      'SELECT site_ids, fills_allowed FROM issued_prescriptions WHERE jti = $1',
      [rx.jti],
    );
    expect(rows[0]).toMatchObject({ site_ids: [SITE.siteId], fills_allowed: 1 });
  });

  it('the patient fills it at the kiosk; after sync the hub holds the fill', async () => {
    await fillAtKiosk(rx.qrText, 'first-fill');
    const journal = kiosk.journal();
    const intents = ofType(journal, 'DISPENSE_INTENT').filter((e) => e.data.jti === rx.jti);
    expect(intents).toHaveLength(1);
    const results = ofType(journal, 'DISPENSE_RESULT').filter(
      (e) => e.data.intentSeq === intents[0]!.seq,
    );
    expect(results.map((e) => e.data.outcome)).toEqual(['SUCCESS']);

    await rig.syncKiosk();
    expect((await rig.hubEvents('DISPENSE_RESULT')).map((e) => e.seq)).toContain(results[0]!.seq);
    // The hub acknowledged the fill, so the kiosk's one-unacknowledged-fill rule is satisfied.
    expect(ofType(kiosk.journal(), 'FILLS_ACKNOWLEDGED').at(-1)?.data).toMatchObject({
      source: 'hub',
    });
  });

  it('with no fills left the patient asks for a refill; a day later the kiosk syncs it to the hub', async () => {
    expect(await scanRefused(rx.qrText)).toBe('no_fills_left');
    await kiosk.page.locator('[data-screen="refused"][data-refill="available"]').waitFor();
    await rig.kioskShot('no-fills-left');
    await action('request-refill').click();
    await kiosk.page.locator('[data-screen="refused"][data-refill="requested"]').waitFor();
    await rig.kioskShot('refill-requested');
    await action('finish').click();
    await kiosk.waitForScreen('attract');
    const requests = ofType(kiosk.journal(), 'REFILL_REQUESTED');
    expect(requests.map((e) => e.data.jti)).toEqual([rx.jti]);

    // A day on the kiosk's clock (the next fill is allowed 0.8 × 1 day after the first): its
    // requests are now dated a day ahead of the hub's clock until it learns the hub's offset.
    await kiosk.advanceDays(1);
    await kiosk.waitForDeviceLink('dispenser', 'ready');
    const rounds = await rig.syncKiosk();
    expect(rounds).toBeLessThanOrEqual(3);
    // A drifted clock costs one refused request (hub-client.ts learns the offset from the
    // refusal's Date header), not the link.
    expect(kiosk.kioskLog.match(/"code":"stale_date"/g) ?? []).toHaveLength(1);
    expect((await rig.hubEvents('REFILL_REQUESTED')).map((e) => e.data.jti)).toEqual([rx.jti]);
    const stamp = ofType(kiosk.journal(), 'SYNC_COMPLETED').at(-1)!;
    expect(stamp.data.source).toBe('hub');
    // The kiosk measured the hub a day behind it (a minute's tolerance for the test's own time).
    expect(Math.abs(Number(stamp.data.hubOffsetMs) + DAY_MS)).toBeLessThan(60_000);
  });

  it('the pharmacist approves the refill in the review queue; after sync the kiosk fills it', async () => {
    await rig.goTo('Review queue', 'review');
    await consolePage.getByRole('button', { name: 'Refresh' }).click();
    const request = consolePage
      .locator('[data-review-kind="refill_requested"]')
      .filter({ hasText: rx.jti });
    await request.waitFor();
    await expect.poll(() => request.textContent()).toContain('Amlodipine 5 mg tablets');
    await rig.consoleShot('review-refill-request');
    await request.getByRole('button', { name: 'Approve refill' }).click();
    await expect
      .poll(() => consolePage.getByRole('status').first().textContent())
      .toContain('Refill approved');
    await rig.consoleShot('review-refill-approved');
    const refillList = await hub.downloads.latestPayload('refill', siteScope(SITE.siteId));
    expect(refillList?.refills).toContainEqual(
      expect.objectContaining({ jti: rx.jti, extraFills: 1 }),
    );

    const installedBefore = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    const installed = ofType(kiosk.journal(), 'LIST_INSTALLED').slice(installedBefore);
    expect(installed.map((e) => [e.data.kind, e.data.version])).toEqual([
      ['refill', refillList!.version],
    ]);

    await fillAtKiosk(rx.qrText, 'refill');
    const intents = ofType(kiosk.journal(), 'DISPENSE_INTENT').filter((e) => e.data.jti === rx.jti);
    expect(intents).toHaveLength(2);
    const outcomes = ofType(kiosk.journal(), 'DISPENSE_RESULT')
      .filter((e) => intents.some((i) => i.seq === e.data.intentSeq))
      .map((e) => e.data.outcome);
    expect(outcomes).toEqual(['SUCCESS', 'SUCCESS']);
    const drops = (await kiosk.dispenserState()).slots.reduce((sum, s) => sum + s.drops, 0);
    expect(drops).toBe(2);
    await rig.syncKiosk();
  });

  it('the lots in the cabinet, recalled in the console, are refused at the kiosk after sync', async () => {
    const lots = [
      ...new Set(
        ofType(kiosk.journal(), 'RESTOCK').flatMap((e) =>
          (e.data.packs as { gtin: string; lot: string }[])
            .filter((p) => p.gtin === GTIN)
            .map((p) => p.lot),
        ),
      ),
    ].sort();
    expect(lots).toEqual(['AML-A1', 'AML-B2']);

    await rig.goTo('Refills, revocations, recalls', 'prescriptions');
    const form = consolePage.locator('[data-form="recall"]');
    for (const lot of lots) {
      await form.getByLabel('GTIN (14 digits)').fill(GTIN);
      await form.getByLabel('Lot number').fill(lot);
      await form.getByLabel('Reason').fill('Supplier recall notice 2026-31');
      await form.getByRole('button', { name: 'Recall lot' }).click();
      await expect
        .poll(async () => (await hub.downloads.latestPayload('revocation', 'fleet'))?.lots)
        .toContainEqual({ gtin: GTIN, lot });
    }
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toContain('Lot recalled at every kiosk');
    await rig.consoleShot('recalled');
    const revocation = await hub.downloads.latestPayload('revocation', 'fleet');

    const installedBefore = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    const installed = ofType(kiosk.journal(), 'LIST_INSTALLED').slice(installedBefore);
    expect(installed.map((e) => [e.data.kind, e.data.version])).toEqual([
      ['revocation', revocation!.version],
    ]);

    // A new prescription of the same medicine: packs are in the cabinet, none may be given.
    const next = await issueInConsole('issued-after-recall');
    const intentsBefore = ofType(kiosk.journal(), 'DISPENSE_INTENT').length;
    expect(await scanRefused(next.qrText)).toBe('no_usable_lot');
    await rig.kioskShot('recalled-refused');
    expect(await kiosk.page.locator('[data-screen="refused"] [data-refusal-reason]').count()).toBe(
      1,
    );
    await action('finish').click();
    await kiosk.waitForScreen('attract');
    // Refused before the patient was asked anything, and nothing dropped.
    expect(ofType(kiosk.journal(), 'DISPENSE_INTENT')).toHaveLength(intentsBefore);
    expect(ofType(kiosk.journal(), 'PATIENT_CHECK_FAILED')).toEqual([]);

    await rig.syncKiosk();
    expect((await rig.hubEvents('RX_REFUSED')).map((e) => e.data.reason)).toContain(
      'no_usable_lot',
    );
  });

  it('the hub holds the kiosk’s journal exactly: every event once, chained as the kiosk wrote it', async () => {
    // The round that uploads also journals its own stamps after the upload; an idle round sends
    // those and writes nothing new. A cabinet reading may land in between, so a few rounds.
    let journal = kiosk.journal();
    for (let i = 0; i < MAX_SYNC_ROUNDS; i++) {
      await rig.syncKiosk();
      journal = kiosk.journal();
      if ((await rig.hubHead()).lastSeq === journal.at(-1)!.seq) break;
    }
    const { rows } = await hub.db.query<{ seq: number; hash: string; prev: string }>(
      'SELECT seq, hash, prev FROM events WHERE kiosk_id = $1 ORDER BY seq',
      [kioskId],
    );
    expect(rows.length).toBe(journal.length);
    expect(rows.map((r) => Number(r.seq))).toEqual(journal.map((e) => e.seq));
    const kioskHashes = journal.map((e) => (e as JournalLine & { hash: string }).hash);
    expect(rows.map((r) => r.hash)).toEqual(kioskHashes);
    // The chain holds on the hub as on the kiosk: each event's prev is the one before's hash.
    expect(rows.map((r) => r.prev)).toEqual([GENESIS_HASH, ...kioskHashes.slice(0, -1)]);
    const last = journal.at(-1)! as unknown as Parameters<typeof hashEvent>[0] & { hash: string };
    const { hash, ...unhashed } = last;
    expect(hashEvent(unhashed)).toBe(hash);
    expect(await rig.hubHead()).toEqual({ lastSeq: journal.at(-1)!.seq, lastHash: hash });
  });

  it('kept every pharmacist action in the hub’s audit log, and the patient’s secrets nowhere', async () => {
    const { rows } = await hub.db.query<{ username: string; action: string }>(
      'SELECT username, action FROM hub_audit ORDER BY audit_id',
    );
    expect(rows.filter((r) => r.action !== 'login')).toEqual(
      [
        'prescription_issued',
        'refill_approved',
        'lot_recalled',
        'lot_recalled',
        'prescription_issued',
      ].map((action) => ({ username: PHARMACIST.username, action })),
    );
    const { rows: stored } = await hub.db.query<{ data: unknown }>(
      'SELECT data FROM events WHERE kiosk_id = $1',
      [kioskId],
    );
    const [year, month, day] = PATIENT.birthDate.split('-');
    const everywhere = [
      JSON.stringify(kiosk.journal()),
      kiosk.kioskLog,
      JSON.stringify(stored),
    ].join('\n');
    for (const secret of [
      PATIENT.pin,
      PATIENT.birthDate,
      `${day}${month}${year}`,
      `${day}/${month}/${year}`,
    ])
      // As a whole number: six random digits do turn up inside timestamps and hashes.
      expect(everywhere).not.toMatch(new RegExp(`(?<![0-9])${secret}(?![0-9])`));
    expect(everywhere).not.toContain(rx.qrText.slice(0, 40));
  });

  it('raised no page error in the console or the kiosk', () => {
    expect(rig.pageProblems).toEqual([]);
  });
});
