import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { kioskScope, siteScope } from '../../hub/server/download-scopes';
import type { RunningHub } from '../../hub/server/start-hub';
import { GS1_DATAMATRIX_AIM, isoDaysFrom, packScan } from '../fixtures/gs1-pack-scan';
import { startHubAndKiosk, type HubAndKiosk } from './harness/hub-and-kiosk';
import type { JournalLine, KioskHarness } from './harness/kiosk-harness';
import { loginTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The cold chain and a restock, end to end between the hub console and an enrolled kiosk through
 * real sync (each side was tested on its own before). The pharmacist makes the demo amlodipine a
 * cold-chain medicine of the site, adds a technician with a badge and orders 2 packs of metformin
 * for slot 3. After a sync the technician logs in with that badge, counts slot 3 blind (one pack
 * short: a discrepancy for the pharmacist), loads the packs against the order and syncs from the
 * panel. The cabinet then warms out of its band: the kiosk blocks the amlodipine slots and refuses
 * a patient's amlodipine; the pharmacist sees the blocks in the console and releases one, which
 * after the next sync the kiosk lifts — that slot only. Nothing reaches either side but through
 * the kiosk's sync rounds.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'hub-cold-chain-restock');
const SITE = { siteId: 'site-pwani', name: 'Pwani health post' };
const PHARMACIST = { username: 'zawadi', displayName: 'Zawadi Mwangi', password: 'e2e cold pw 1' };
const TECH = { id: 'T-0077', name: 'Juma Kiprono', pin: '73915028' };
const PATIENT = { birthDate: '1958-11-23', pin: '615204' };
const AML = DEMO_GTINS.amlodipine;
const MET = DEMO_GTINS.metformin;
/** The demo cabinet: amlodipine in slots 1 and 2, 6 packs of metformin in slot 3. */
const RESTOCK_SLOT = 3;
const IN_SLOT = 6;
const COUNTED = 5;
/** The simulated cabinet's temperature at start, inside the 15–25 °C band. */
const NORMAL_C = 21.5;
const WARM_C = 30;
/** Longer than the cabinet monitor's 30 s poll (main/cabinet/cabinet-monitor.ts). */
const POLL_STEP_MS = 31_000;

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('cold chain and restock between the hub console and an enrolled kiosk, through real sync', () => {
  let rig: HubAndKiosk;
  let hub: RunningHub;
  let kiosk: KioskHarness;
  let kioskId: string;
  let consolePage: Page;
  let badge: { id: string; qrText: string };
  let excursionSeq: number;
  const today = new Date().toISOString().slice(0, 10); // the kiosk's site is on UTC

  async function technicianLogout(): Promise<void> {
    await kiosk.page.locator('[data-action="tech-logout"]').first().click();
    await kiosk.waitForScreen('attract');
  }

  /**
   * Sets the simulated cabinet's temperature and moves the kiosk clock past the cabinet monitor's
   * next poll; waits for the reading it journals (a crossing of the band is journaled at once).
   * As technician-cabinet.test.ts: the jump makes the dispenser link reopen, and the monitor asks
   * again once it is back.
   */
  async function cabinetAt(celsius: number): Promise<void> {
    const before = ofType(kiosk.journal(), 'CABINET_READING').length;
    await kiosk.simControl('POST', '/dispenser/temperature', { celsius });
    await kiosk.kioskControl('/test/clock/advance', { ms: POLL_STEP_MS });
    await kiosk.waitForJournal(
      (all) =>
        ofType(all, 'CABINET_READING')
          .slice(before)
          .some((e) => e.data.temperatureC === celsius),
      30_000,
    );
  }

  /** Signs a one-fill amlodipine prescription for the site in the console; its QR text. */
  async function issueAmlodipine(): Promise<string> {
    const { qrText } = await rig.issueInConsole({ patient: PATIENT, daysPerFill: 28 });
    expect(qrText).toMatch(/^shc:\/\d+$/);
    return qrText;
  }

  beforeAll(async () => {
    rig = await startHubAndKiosk({
      name: 'hub-cold-chain-restock',
      site: SITE,
      pharmacist: PHARMACIST,
      shotsDir: SHOTS,
    });
    ({ hub, kiosk, kioskId, consolePage } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the pharmacist sets the site’s cold chain, adds a technician with a badge and orders a restock', async () => {
    await rig.signIn();

    // Site settings: amlodipine is a cold-chain medicine; the band keeps the cabinet's 21.5 °C in.
    await rig.goTo('Site settings', 'settings');
    await consolePage.getByLabel('Site', { exact: true }).selectOption(SITE.siteId);
    const settings = consolePage.locator('[data-form="site-config"]');
    await consolePage.locator('[data-config-version="none"]').waitFor();
    await settings.getByLabel('Cabinet temperature, lowest allowed (°C)').fill('15');
    await settings.getByLabel('Highest allowed (°C)').fill('25');
    await settings.getByLabel('Cold-chain medicines (GTINs)').fill(AML);
    // The formulary replaces the kiosk's own file's: the same medicine, so counselling finds it.
    await settings.getByLabel('Formulary').fill(`C08CA01 = ${AML}`);
    await settings.getByRole('button', { name: 'Publish settings' }).click();
    await expect.poll(() => rig.formStatus('site-config').textContent()).toMatch(/published/);
    const config = await hub.downloads.latestPayload('config', siteScope(SITE.siteId));
    expect(config).toMatchObject({
      settings: { coldChainGtins: [AML], temperatureBandC: { min: 15, max: 25 } },
    });
    await rig.consoleShot('site-settings');

    // Technicians: one with a PIN, and a badge signed for them.
    await rig.goTo('Technicians and badges', 'technicians');
    const add = consolePage.locator('[data-form="add-technician"]');
    await add.getByLabel('Technician id').fill(TECH.id);
    await add.getByLabel('Full name').fill(TECH.name);
    await add.getByLabel('PIN (6 to 12 digits)').fill(TECH.pin);
    await add.getByRole('button', { name: 'Add to roster' }).click();
    await expect
      .poll(() => rig.formStatus('add-technician').textContent())
      .toContain('is on the roster');
    await consolePage.locator(`[data-table="roster"] [data-technician="${TECH.id}"]`).waitFor();
    const issue = consolePage.locator('[data-form="issue-badge"]');
    await issue.getByLabel('Technician').selectOption(TECH.id);
    await issue.getByLabel('Valid for (days)').fill('30');
    await issue.getByRole('button', { name: 'Sign badge' }).click();
    await consolePage.locator('img[data-qr="badge"]').waitFor();
    await consolePage.getByText('Badge QR text (for a scanner test)').click();
    badge = {
      qrText: await consolePage.getByLabel('Badge QR text').inputValue(),
      id: (await consolePage.locator('[data-badge-id]').textContent()) ?? '',
    };
    expect(badge.qrText).toMatch(/^odb:\/\d+$/);
    await rig.consoleShot('technician-badge');

    // Stock: 2 packs of metformin for slot 3 of this kiosk.
    await rig.goTo('Restock and cold chain', 'stock');
    const order = consolePage.locator('[data-form="restock"]');
    await order.getByLabel('Kiosk').selectOption(kioskId);
    await order.getByLabel('Slot (line 1)').fill(String(RESTOCK_SLOT));
    await order.getByLabel('GTIN (line 1)').fill(MET);
    await order.getByLabel('Packs (line 1)').fill('2');
    await order.getByLabel('Medicine (line 1)').fill('Metformin 500 mg, 60 tablets');
    await order.getByRole('button', { name: 'Send restock order' }).click();
    await expect
      .poll(() => rig.formStatus('restock').textContent())
      .toContain('Restock order sent');
    await consolePage
      .locator(`[data-restock-kiosk="${kioskId}"]`)
      .getByText('Metformin 500 mg, 60 tablets')
      .waitFor();
    expect(await hub.downloads.latestPayload('restock', kioskScope(kioskId))).toMatchObject({
      order: { lines: [{ slot: RESTOCK_SLOT, gtin: MET, packs: 2 }] },
    });
    await rig.consoleShot('restock-order');
  });

  it('after a sync the kiosk holds the settings, the roster and the order', async () => {
    const before = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    const wanted = [
      ['config', siteScope(SITE.siteId)],
      ['roster', 'fleet'],
      ['restock', kioskScope(kioskId)],
    ] as const;
    const versions = await Promise.all(
      wanted.map(async ([kind, scope]) => [
        kind,
        (await hub.downloads.latestPayload(kind, scope))?.version,
      ]),
    );
    expect(versions.every(([, version]) => typeof version === 'number')).toBe(true);
    expect(rig.installedSince(before)).toEqual(expect.arrayContaining(versions));
  });

  it('the technician logs in with the badge, counts slot 3 blind, loads the order and syncs', async () => {
    await loginTechnician(kiosk, badge.qrText, TECH.pin);
    expect(ofType(kiosk.journal(), 'TECH_LOGIN').at(-1)?.data).toMatchObject({
      badgeId: badge.id,
      technicianId: TECH.id,
    });
    await openTechnicianTool(kiosk, 'restock');
    const tool = kiosk.page.locator('[data-tool="restock"]');
    const line = tool.locator(`[data-order-slot="${RESTOCK_SLOT}"]`);
    await line.waitFor();
    expect(await line.getAttribute('data-missing')).toBe('2');
    expect(await line.innerText()).toContain('Metformin 500 mg, 60 tablets');
    await rig.kioskShot('restock-order');

    await tool.locator(`[data-restock-slot="${RESTOCK_SLOT}"]`).click();
    await tool.locator(`[data-restock-visit="${RESTOCK_SLOT}"][data-step="count"]`).waitFor();
    const keypad = tool.locator('.keypad');
    for (const digit of String(COUNTED))
      await keypad.getByRole('button', { name: digit, exact: true }).click();
    await kiosk.page.locator('[data-action="restock-count"]').click();
    await tool.locator('[data-discrepancy="true"]').waitFor();
    expect(ofType(kiosk.journal(), 'SLOT_COUNTED').map((e) => e.data)).toEqual([
      { technicianId: TECH.id, slot: RESTOCK_SLOT, expected: IN_SLOT, counted: COUNTED },
    ]);

    const entries = tool.locator('[data-restock-entries] > li');
    for (const [i, serial] of ['E2E-MET-1', 'E2E-MET-2'].entries()) {
      await kiosk.scan(
        packScan({ gtin: MET, lot: 'MET-D4', expiry: isoDaysFrom(today, 400), serial }),
        GS1_DATAMATRIX_AIM,
      );
      await entries.nth(i).waitFor();
      expect(await entries.first().getAttribute('data-outcome')).toBe('added');
    }
    // The order line beside the visit: nothing missing any more.
    await tool
      .locator(
        `[data-restock-visit="${RESTOCK_SLOT}"] [data-order-slot="${RESTOCK_SLOT}"][data-missing="0"]`,
      )
      .waitFor();
    await rig.kioskShot('restock-loaded');
    const loaded = ofType(kiosk.journal(), 'RESTOCK').filter(
      (e) => e.data.technicianId === TECH.id,
    );
    expect(
      loaded.map((e) => [e.data.slot, (e.data.packs as { serial: string }[])[0]?.serial]),
    ).toEqual([
      [RESTOCK_SLOT, 'E2E-MET-1'],
      [RESTOCK_SLOT, 'E2E-MET-2'],
    ]);
    await kiosk.page.locator('[data-action="restock-done"]').click();
    await tool.locator(`[data-order-slot="${RESTOCK_SLOT}"][data-missing="0"]`).waitFor();

    // Sync now, from the overview's sync card: the hub receives the loads.
    await openTechnicianTool(kiosk, null);
    await kiosk.page.locator('[data-action="tech-sync-now"]').click();
    await expect
      .poll(async () =>
        (await rig.hubEvents('RESTOCK')).filter((e) => e.data.technicianId === TECH.id),
      )
      .toHaveLength(2);
    expect(
      ofType(kiosk.journal(), 'TECH_ACTION').filter((e) => e.data.action === 'sync_now'),
    ).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ technicianId: TECH.id }) }),
    ]);
    await kiosk.page.locator('[data-sync="online"]').waitFor();
    await rig.kioskShot('synced-from-panel');
    await technicianLogout();
  });

  it('out of its band the cabinet blocks the amlodipine slots, and a patient’s amlodipine is refused', async () => {
    await cabinetAt(WARM_C);
    const events = await kiosk.waitForJournal((all) => ofType(all, 'SLOT_BLOCKED').length >= 2);
    const excursions = ofType(events, 'COLD_CHAIN_EXCURSION');
    expect(excursions.map((e) => e.data)).toEqual([{ temperatureC: WARM_C, minC: 15, maxC: 25 }]);
    excursionSeq = excursions[0]!.seq;
    // The demo's slots 1 and 2 hold amlodipine; slot 3 (metformin, just restocked) is not blocked.
    expect(ofType(events, 'SLOT_BLOCKED').map((e) => e.data)).toEqual([
      { slot: 1, excursionSeq, gtins: [AML] },
      { slot: 2, excursionSeq, gtins: [AML] },
    ]);

    const qrText = await issueAmlodipine();
    const before = kiosk.journal().length;
    await kiosk.waitForDeviceLink('dispenser', 'ready');
    await kiosk.scan(qrText);
    const decided = await kiosk.waitForJournal((all) =>
      all.slice(before).some((e) => e.type === 'RX_REFUSED' || e.type === 'RX_ACCEPTED'),
    );
    const refused = decided.slice(before).find((e) => e.type.startsWith('RX_'))!;
    expect(refused.type).toBe('RX_REFUSED');
    expect(['no_usable_lot', 'out_of_stock']).toContain(refused.data.reason);
    await kiosk.waitForScreen('refused');
    await rig.kioskShot('amlodipine-refused');
    await kiosk.page.locator('[data-action="finish"]').first().click();
    await kiosk.waitForScreen('attract');
    expect((await kiosk.dispenserState()).totalMotorRuns).toBe(0);

    // Back inside the band: the excursion ends, the blocks stay until a pharmacist releases them.
    await cabinetAt(NORMAL_C);
    const recovered = await kiosk.waitForJournal(
      (all) => ofType(all, 'COLD_CHAIN_RECOVERED').length === 1,
    );
    expect(ofType(recovered, 'COLD_CHAIN_RECOVERED')[0]?.data).toMatchObject({ excursionSeq });
    expect(ofType(recovered, 'SLOT_RELEASED')).toEqual([]);
  });

  it('the console lists both blocked slots; the pharmacist releases one, and after sync the kiosk lifts only that one', async () => {
    await rig.syncKiosk();
    await rig.goTo('Restock and cold chain', 'stock');
    const rows = [1, 2].map((slot) =>
      consolePage.locator(`[data-blocked-slot="${kioskId}:${slot}"]`),
    );
    for (const row of rows) {
      await expect.poll(() => row.textContent()).toContain(`${WARM_C} °C`);
      expect(await row.getAttribute('data-state')).toBe('blocked');
    }
    await rig.consoleShot('cold-chain-blocked');
    await rows[0]!
      .getByLabel(/What you checked/)
      .fill('Amlodipine is stable at 30 °C for a short excursion; packs inspected');
    await rows[0]!.getByRole('button', { name: 'Release slot' }).click();
    await expect.poll(() => rows[0]!.getAttribute('data-state')).toBe('released');
    expect(await rows[1]!.getAttribute('data-state')).toBe('blocked');
    const releases = await hub.downloads.latestPayload('release', kioskScope(kioskId));
    // Slot 1 only (toMatchObject holds arrays to their length).
    expect(releases).toMatchObject({
      releases: [{ slot: 1, excursionSeq, releasedBy: PHARMACIST.username }],
    });
    await rig.consoleShot('cold-chain-released');

    const before = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    expect(rig.installedSince(before)).toContainEqual(['release', releases!.version]);
    const events = await kiosk.waitForJournal((all) => ofType(all, 'SLOT_RELEASED').length > 0);
    expect(ofType(events, 'SLOT_RELEASED').map((e) => e.data)).toEqual([
      {
        slot: 1,
        excursionSeq,
        releasedBy: PHARMACIST.username,
        releaseVersion: releases!.version,
      },
    ]);

    // The technician's cabinet tab: slot 2 still waits, slot 1 no longer.
    await loginTechnician(kiosk, badge.qrText, TECH.pin);
    await openTechnicianTool(kiosk, 'cabinet');
    const cabinet = kiosk.page.locator('[data-tool="cabinet"]');
    await cabinet.locator('[data-blocked-slot="2"]').waitFor();
    expect(await cabinet.locator('[data-blocked-slot]').count()).toBe(1);
    expect(
      await cabinet.locator('[data-blocked-slot="2"]').getAttribute('data-excursion-seq'),
    ).toBe(String(excursionSeq));
    await rig.kioskShot('cabinet-one-slot-blocked');
    await technicianLogout();
  });

  it('the review queue shows the technician’s blind-count discrepancy', async () => {
    await rig.goTo('Review queue', 'review');
    const item = consolePage.locator('[data-review-kind="count_discrepancy"]');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    const text = await item.textContent();
    expect(text).toContain(`Slot ${RESTOCK_SLOT}: counted ${COUNTED}, expected ${IN_SLOT}`);
    expect(text).toContain(TECH.id);
    expect(await item.getAttribute('data-state')).toBe('open');
    await rig.consoleShot('review-count-discrepancy');
  });

  it('kept the PIN out of every journal and log, and raised no page error', async () => {
    const { rows } = await hub.db.query<{ data: unknown }>(
      'SELECT data FROM events WHERE kiosk_id = $1',
      [kioskId],
    );
    const everywhere = [JSON.stringify(kiosk.journal()), kiosk.kioskLog, JSON.stringify(rows)].join(
      '\n',
    );
    for (const secret of [TECH.pin, PATIENT.pin])
      expect(everywhere).not.toMatch(new RegExp(`(?<![0-9])${secret}(?![0-9])`));
    expect(rig.pageProblems).toEqual([]);
  });
});
