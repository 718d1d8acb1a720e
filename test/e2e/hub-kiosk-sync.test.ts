import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import { pharmacyConsole } from '../../hub/pharmacy/pharmacy-console';
import { siteScope } from '../../hub/server/download-scopes';
import { createEnrollmentCode, ensureSite } from '../../hub/server/enrollment-codes';
import { startHub, type RunningHub } from '../../hub/server/start-hub';
import { buildConsoleIfStale } from './harness/console-build';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';

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
/**
 * A sync round the kiosk starts by itself can be in flight when the test asks for one, and the
 * first round after the kiosk's clock jumped is refused once (`stale_date`) while it learns the
 * hub's offset: a few rounds are allowed, never an endless retry.
 */
const MAX_SYNC_ROUNDS = 4;

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('a pharmacist in the hub console and a patient at the kiosk, through real sync', () => {
  let hubDir: string;
  let hub: RunningHub;
  let kiosk: KioskHarness;
  let kioskId: string;
  let consolePage: Page;
  const pageProblems: string[] = [];
  let rx: { jti: string; qrText: string };

  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();

  async function hubHead(): Promise<{ lastSeq: number; lastHash: string }> {
    const { rows } = await hub.db.query<{ last_seq: number; last_hash: string }>(
      'SELECT last_seq, last_hash FROM kiosks WHERE kiosk_id = $1',
      [kioskId],
    );
    return { lastSeq: Number(rows[0]?.last_seq), lastHash: String(rows[0]?.last_hash) };
  }

  async function hubEvents(
    type: string,
  ): Promise<{ seq: number; data: Record<string, unknown> }[]> {
    const { rows } = await hub.db.query<{ seq: number; data: Record<string, unknown> }>(
      'SELECT seq, data FROM events WHERE kiosk_id = $1 AND type = $2 ORDER BY seq',
      [kioskId, type],
    );
    return rows.map((r) => ({ seq: Number(r.seq), data: r.data }));
  }

  /**
   * One sync as the kiosk does it (download, install, upload), asked for through the test control;
   * done when the hub holds every event the journal had when it was asked. Returns the rounds used.
   */
  async function syncKiosk(): Promise<number> {
    const upTo = kiosk.journal().at(-1)!.seq;
    for (let round = 1; round <= MAX_SYNC_ROUNDS; round++) {
      await kiosk.kioskControl('/test/sync');
      if ((await hubHead()).lastSeq >= upTo) return round;
    }
    throw new Error(
      `the hub holds up to seq ${(await hubHead()).lastSeq} after ${MAX_SYNC_ROUNDS} sync rounds, not ${upTo}`,
    );
  }

  async function consoleShot(name: string): Promise<void> {
    await consolePage.screenshot({ path: path.join(SHOTS, `console-${name}.png`), fullPage: true });
  }

  async function kioskShot(name: string): Promise<void> {
    await kiosk.page.screenshot({ path: path.join(SHOTS, `kiosk-${name}.png`) });
  }

  async function goTo(label: string, pageName: string): Promise<void> {
    await consolePage
      .getByRole('navigation', { name: 'Console pages' })
      .getByRole('link', { name: label })
      .click();
    await consolePage.locator(`main[data-page="${pageName}"]`).waitFor();
  }

  /** Signs a one-fill prescription of the demo amlodipine in the console; its id and QR text. */
  async function issueInConsole(shot: string): Promise<{ jti: string; qrText: string }> {
    await goTo('New prescription', 'issue');
    const form = consolePage.locator('[data-form="issue"]');
    await form.getByLabel('Date of birth').fill(PATIENT.birthDate);
    await form.getByLabel('PIN (6 digits, optional)').fill(PATIENT.pin);
    await form.getByLabel('Medicine name and strength').fill('Amlodipine 5 mg tablets');
    await form.getByLabel('GTIN (14 digits, from the pack)').fill(GTIN);
    await form.getByLabel('How to take it (printed on the label)').fill('One tablet each morning');
    await form.getByLabel('Packs per fill').fill('1');
    await form.getByLabel('Number of fills (including the first)').fill('1');
    // One day per fill: the next fill is allowed after 0.8 day, which the test clock skips.
    await form.getByLabel('Days each fill lasts').fill('1');
    await form.getByRole('checkbox', { name: new RegExp(SITE.name) }).check();
    await form.getByRole('button', { name: 'Sign prescription' }).click();
    await consolePage.locator('img[data-qr="prescription"]').waitFor();
    // The pharmacist's copy of the QR's text (what the kiosk's scanner reads off the paper).
    await consolePage.getByText('QR text (for a scanner test)').click();
    const qrText = await consolePage.getByLabel('QR text').inputValue();
    const jti = (await consolePage.locator('.issued .facts code').first().textContent()) ?? '';
    expect(qrText).toMatch(/^shc:\/\d+$/);
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    // The PIN the pharmacist chose is not shown back (only a PIN the hub made is).
    expect(await consolePage.locator('.issued__pin').count()).toBe(0);
    await consoleShot(shot);
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
    await kioskShot(`${shot}-counselling`);
    await action('confirm').click();
    await kiosk.waitForJournal((all) =>
      all.slice(before).some((e) => e.type === 'COUNSELLING_ACKNOWLEDGED'),
    );
    await kiosk.waitForScreen('done', 60_000);
    await kioskShot(`${shot}-done`);
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
    buildConsoleIfStale();
    mkdirSync(SHOTS, { recursive: true });
    hubDir = await mkdtemp(path.join(os.tmpdir(), 'hub-kiosk-sync-e2e-'));
    hub = await startHub({
      dataDir: hubDir,
      port: 0,
      logger: pino({ level: 'silent' }),
      plugins: [pharmacyConsole({ dataDir: hubDir })],
    });
    expect((await createPharmacist(hub.db, PHARMACIST)).ok).toBe(true);
    expect((await ensureSite(hub.db, SITE)).ok).toBe(true);
    const code = await createEnrollmentCode(hub.db, { siteId: SITE.siteId, createdBy: 'e2e' });
    if (!code.ok) throw new Error(code.error.detail);

    kiosk = await KioskHarness.start({ enrollWith: { hubUrl: hub.url, code: code.value.code } });
    kioskId = kiosk.enrollment!.kioskId;

    consolePage = await kiosk.browser.newPage({ viewport: { width: 1366, height: 900 } });
    consolePage.on('pageerror', (error) => pageProblems.push(`console page: ${error.message}`));
    kiosk.page.on('pageerror', (error) => pageProblems.push(`kiosk page: ${error.message}`));
  });

  afterAll(async () => {
    await kiosk?.stop();
    await hub?.close();
    if (hubDir) await rm(hubDir, { recursive: true, force: true });
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

    await syncKiosk();
    expect((await hubHead()).lastSeq).toBeGreaterThanOrEqual(journal.at(-1)!.seq);
    expect(ofType(kiosk.journal(), 'SYNC_COMPLETED').at(-1)?.data.source).toBe('hub');
    await kioskShot('attract-enrolled');
  });

  it('the pharmacist signs in to the console and signs a prescription for the kiosk’s site', async () => {
    await consolePage.goto(`${hub.url}/console/`);
    await consolePage.locator('main[data-page="login"]').waitFor();
    await consolePage.getByLabel('User name').fill(PHARMACIST.username);
    await consolePage.getByLabel('Password').fill(PHARMACIST.password);
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    await consolePage.locator('main[data-page="review"]').waitFor();
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

    await syncKiosk();
    expect((await hubEvents('DISPENSE_RESULT')).map((e) => e.seq)).toContain(results[0]!.seq);
    // The hub acknowledged the fill, so the kiosk's one-unacknowledged-fill rule is satisfied.
    expect(ofType(kiosk.journal(), 'FILLS_ACKNOWLEDGED').at(-1)?.data).toMatchObject({
      source: 'hub',
    });
  });

  it('with no fills left the patient asks for a refill; a day later the kiosk syncs it to the hub', async () => {
    expect(await scanRefused(rx.qrText)).toBe('no_fills_left');
    await kiosk.page.locator('[data-screen="refused"][data-refill="available"]').waitFor();
    await kioskShot('no-fills-left');
    await action('request-refill').click();
    await kiosk.page.locator('[data-screen="refused"][data-refill="requested"]').waitFor();
    await kioskShot('refill-requested');
    await action('finish').click();
    await kiosk.waitForScreen('attract');
    const requests = ofType(kiosk.journal(), 'REFILL_REQUESTED');
    expect(requests.map((e) => e.data.jti)).toEqual([rx.jti]);

    // A day on the kiosk's clock (the next fill is allowed 0.8 × 1 day after the first): its
    // requests are now dated a day ahead of the hub's clock until it learns the hub's offset.
    await kiosk.advanceDays(1);
    await kiosk.waitForDeviceLink('dispenser', 'ready');
    const rounds = await syncKiosk();
    expect(rounds).toBeLessThanOrEqual(3);
    // A drifted clock costs one refused request (hub-client.ts learns the offset from the
    // refusal's Date header), not the link.
    expect(kiosk.kioskLog.match(/"code":"stale_date"/g) ?? []).toHaveLength(1);
    expect((await hubEvents('REFILL_REQUESTED')).map((e) => e.data.jti)).toEqual([rx.jti]);
    const stamp = ofType(kiosk.journal(), 'SYNC_COMPLETED').at(-1)!;
    expect(stamp.data.source).toBe('hub');
    // The kiosk measured the hub a day behind it (a minute's tolerance for the test's own time).
    expect(Math.abs(Number(stamp.data.hubOffsetMs) + DAY_MS)).toBeLessThan(60_000);
  });

  it('the pharmacist approves the refill in the review queue; after sync the kiosk fills it', async () => {
    await goTo('Review queue', 'review');
    await consolePage.getByRole('button', { name: 'Refresh' }).click();
    const request = consolePage
      .locator('[data-review-kind="refill_requested"]')
      .filter({ hasText: rx.jti });
    await request.waitFor();
    await expect.poll(() => request.textContent()).toContain('Amlodipine 5 mg tablets');
    await consoleShot('review-refill-request');
    await request.getByRole('button', { name: 'Approve refill' }).click();
    await expect
      .poll(() => consolePage.getByRole('status').first().textContent())
      .toContain('Refill approved');
    await consoleShot('review-refill-approved');
    const refillList = await hub.downloads.latestPayload('refill', siteScope(SITE.siteId));
    expect(refillList?.refills).toContainEqual(
      expect.objectContaining({ jti: rx.jti, extraFills: 1 }),
    );

    const installedBefore = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await syncKiosk();
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
    await syncKiosk();
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

    await goTo('Refills, revocations, recalls', 'prescriptions');
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
    await consoleShot('recalled');
    const revocation = await hub.downloads.latestPayload('revocation', 'fleet');

    const installedBefore = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await syncKiosk();
    const installed = ofType(kiosk.journal(), 'LIST_INSTALLED').slice(installedBefore);
    expect(installed.map((e) => [e.data.kind, e.data.version])).toEqual([
      ['revocation', revocation!.version],
    ]);

    // A new prescription of the same medicine: packs are in the cabinet, none may be given.
    const next = await issueInConsole('issued-after-recall');
    const intentsBefore = ofType(kiosk.journal(), 'DISPENSE_INTENT').length;
    expect(await scanRefused(next.qrText)).toBe('no_usable_lot');
    await kioskShot('recalled-refused');
    expect(await kiosk.page.locator('[data-screen="refused"] [data-refusal-reason]').count()).toBe(
      1,
    );
    await action('finish').click();
    await kiosk.waitForScreen('attract');
    // Refused before the patient was asked anything, and nothing dropped.
    expect(ofType(kiosk.journal(), 'DISPENSE_INTENT')).toHaveLength(intentsBefore);
    expect(ofType(kiosk.journal(), 'PATIENT_CHECK_FAILED')).toEqual([]);

    await syncKiosk();
    expect((await hubEvents('RX_REFUSED')).map((e) => e.data.reason)).toContain('no_usable_lot');
  });

  it('the hub holds the kiosk’s journal exactly: every event once, chained as the kiosk wrote it', async () => {
    // The round that uploads also journals its own stamps after the upload; an idle round sends
    // those and writes nothing new. A cabinet reading may land in between, so a few rounds.
    let journal = kiosk.journal();
    for (let i = 0; i < MAX_SYNC_ROUNDS; i++) {
      await syncKiosk();
      journal = kiosk.journal();
      if ((await hubHead()).lastSeq === journal.at(-1)!.seq) break;
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
    expect(await hubHead()).toEqual({ lastSeq: journal.at(-1)!.seq, lastHash: hash });
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
    expect(pageProblems).toEqual([]);
  });
});
