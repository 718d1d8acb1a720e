import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { kioskScope } from '../../hub/server/download-scopes';
import type { RunningHub } from '../../hub/server/start-hub';
import { enrollSeedKiosk, uploadSeedEvents } from '../integration/hub-pharmacy-seed';
import { expectConsolePageUsable } from './harness/console-page';
import { startHubAndKiosk, type HubAndKiosk } from './harness/hub-and-kiosk';
import type { JournalLine, KioskHarness } from './harness/kiosk-harness';
import { loginTechnician } from './harness/technician-login';

/**
 * Issues 7 and 9 end to end through real sync: a hub (PGlite, pharmacist console) and an enrolled
 * kiosk (simulators, web-host, its own sync agent), both in one Chromium. The pharmacist adds a
 * technician with a PIN, signs their service badge (a QR on screen) and sends the kiosk a restock
 * order; after a sync the kiosk holds the roster and the order, and the technician logs in there
 * with the badge and the PIN. The pharmacist revokes the badge; after the next sync the kiosk
 * refuses it. A second, seeded kiosk reports a cold-chain block that the pharmacist releases.
 * Nothing reaches the kiosk but through its sync rounds.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'hub-console-technicians');
const SITE = { siteId: 'site-mlima', name: 'Mlima health post' };
const PHARMACIST = { username: 'neema', displayName: 'Neema Wanjiru', password: 'e2e tech pw 1' };
const TECH = { id: 'T-0042', name: 'Baraka Otieno', pin: '86420975' };
const GTIN = DEMO_GTINS.amlodipine;

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('technicians, badges and restock orders from the console, through real sync', () => {
  let rig: HubAndKiosk;
  let hub: RunningHub;
  let kiosk: KioskHarness;
  let kioskId: string;
  let consolePage: Page;
  let badge: { id: string; qrText: string };

  /** axe finds nothing, every control is big enough, and a full-page screenshot. */
  async function checkAndShoot(name: string): Promise<void> {
    await expectConsolePageUsable(consolePage, name);
    await rig.consoleShot(name);
  }

  beforeAll(async () => {
    rig = await startHubAndKiosk({
      name: 'hub-console-technicians',
      site: SITE,
      pharmacist: PHARMACIST,
      shotsDir: SHOTS,
    });
    ({ hub, kiosk, kioskId, consolePage } = rig);
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the pharmacist adds a technician with a PIN, which the page never shows again', async () => {
    await rig.signIn();
    await rig.goTo('Technicians and badges', 'technicians');

    const form = consolePage.locator('[data-form="add-technician"]');
    // A PIN too short is refused by the hub with its reason, and nothing is added.
    await form.getByLabel('Technician id').fill(TECH.id);
    await form.getByLabel('Full name').fill(TECH.name);
    await form.getByLabel('PIN (6 to 12 digits)').evaluate((el) => el.removeAttribute('pattern'));
    await form.getByLabel('PIN (6 to 12 digits)').fill('123');
    await form.getByRole('button', { name: 'Add to roster' }).click();
    await expect
      .poll(() => rig.formStatus('add-technician').textContent())
      .toContain('6 to 12 digits');
    expect(await hub.downloads.latestPayload('roster', 'fleet')).toBeUndefined();

    await form.getByLabel('PIN (6 to 12 digits)').fill(TECH.pin);
    await form.getByRole('button', { name: 'Add to roster' }).click();
    await expect
      .poll(() => rig.formStatus('add-technician').textContent())
      .toContain('is on the roster');
    await consolePage.locator(`[data-table="roster"] [data-technician="${TECH.id}"]`).waitFor();
    expect(await form.getByLabel('PIN (6 to 12 digits)').inputValue()).toBe('');
    expect(await consolePage.content()).not.toContain(TECH.pin);
    const roster = await hub.downloads.latestPayload('roster', 'fleet');
    expect(roster?.technicians).toMatchObject([{ id: TECH.id, name: TECH.name }]);
  });

  it('signs a service badge shown as a QR with its validity', async () => {
    const form = consolePage.locator('[data-form="issue-badge"]');
    await form.getByLabel('Technician').selectOption(TECH.id);
    await form.getByLabel('Valid for (days)').fill('30');
    await form.getByRole('button', { name: 'Sign badge' }).click();
    const qr = consolePage.locator('img[data-qr="badge"]');
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await expect
      .poll(() => consolePage.locator('[data-badge-valid-until]').textContent())
      .toMatch(/UTC$/);
    await consolePage.getByText('Badge QR text (for a scanner test)').click();
    const qrText = await consolePage.getByLabel('Badge QR text').inputValue();
    const id = (await consolePage.locator('[data-badge-id]').textContent()) ?? '';
    expect(qrText).toMatch(/^odb:\/\d+$/);
    badge = { id, qrText };
    await consolePage.locator(`[data-badge="${id}"]`).waitFor();
    await checkAndShoot('technicians-badge');
  });

  it('sends the kiosk a restock order', async () => {
    await rig.goTo('Restock and cold chain', 'stock');
    const form = consolePage.locator('[data-form="restock"]');
    await form.getByLabel('Kiosk').selectOption(kioskId);
    await form.getByLabel('Slot (line 1)').fill('1');
    await form.getByLabel('GTIN (line 1)').fill(GTIN);
    await form.getByLabel('Packs (line 1)').fill('3');
    await form.getByLabel('Medicine (line 1)').fill('Amlodipine 5 mg, 28 tablets');
    await form.getByRole('button', { name: 'Add a line' }).click();
    await form.getByLabel('Slot (line 2)').fill('2');
    // A GTIN with a wrong check digit: refused with the reason, nothing sent.
    await form
      .getByLabel('GTIN (line 2)')
      .fill(`${GTIN.slice(0, 13)}${(Number(GTIN[13]) + 1) % 10}`);
    await form.getByLabel('Packs (line 2)').fill('1');
    await form.getByLabel('Medicine (line 2)').fill('Amlodipine 5 mg, 28 tablets');
    await form.getByRole('button', { name: 'Send restock order' }).click();
    await expect.poll(() => rig.formStatus('restock').textContent()).toContain('check digit');
    expect(await hub.downloads.latestPayload('restock', kioskScope(kioskId))).toBeUndefined();

    await form.getByRole('button', { name: 'Remove line 2' }).click();
    await form.getByLabel('Note for the technician (optional)').fill('Delivery on Tuesday');
    await form.getByRole('button', { name: 'Send restock order' }).click();
    await expect
      .poll(() => rig.formStatus('restock').textContent())
      .toContain('Restock order sent');
    await consolePage
      .locator(`[data-restock-kiosk="${kioskId}"]`)
      .getByText('Amlodipine 5 mg, 28 tablets')
      .waitFor();
    await checkAndShoot('restock-order');
  });

  it('after a sync the kiosk has the roster and the order; the technician logs in with badge and PIN', async () => {
    const before = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    const roster = await hub.downloads.latestPayload('roster', 'fleet');
    const restock = await hub.downloads.latestPayload('restock', kioskScope(kioskId));
    expect(rig.installedSince(before)).toEqual(
      expect.arrayContaining([
        ['roster', roster!.version],
        ['restock', restock!.version],
      ]),
    );

    await loginTechnician(kiosk, badge.qrText, TECH.pin);
    expect(ofType(kiosk.journal(), 'TECH_LOGIN').at(-1)?.data).toMatchObject({
      badgeId: badge.id,
      technicianId: TECH.id,
    });
    await kiosk.screenshot('hub-technician-logged-in');
    await kiosk.page.locator('[data-action="tech-logout"]').first().click();
    await kiosk.waitForScreen('attract');
  });

  it('the pharmacist revokes the badge; after the next sync the kiosk refuses it', async () => {
    await rig.goTo('Technicians and badges', 'technicians');
    const form = consolePage.locator('[data-form="revoke-badge"]');
    await form.getByLabel('Badge').selectOption(badge.id);
    await form.getByLabel('Reason').fill('Badge lost at the market');
    await form.getByRole('button', { name: 'Revoke badge' }).click();
    await expect
      .poll(() => rig.formStatus('revoke-badge').textContent())
      .toContain('Badge revoked');
    await expect
      .poll(() => consolePage.locator(`[data-badge="${badge.id}"]`).textContent())
      .toContain('Revoked');
    await checkAndShoot('technicians-badge-revoked');

    const before = ofType(kiosk.journal(), 'LIST_INSTALLED').length;
    await rig.syncKiosk();
    const revocation = await hub.downloads.latestPayload('revocation', 'fleet');
    expect(revocation?.badges).toEqual([badge.id]);
    expect(rig.installedSince(before)).toContainEqual(['revocation', revocation!.version]);

    await kiosk.scan(badge.qrText, ']Q1');
    await kiosk.waitForScreen('technician');
    await kiosk.page.locator('[data-refusal-reason="revoked"]').first().waitFor();
    await kiosk.screenshot('hub-technician-badge-revoked');
    expect(ofType(kiosk.journal(), 'TECH_BADGE_REFUSED').at(-1)?.data).toMatchObject({
      reason: 'revoked',
      badgeId: badge.id,
    });
    await kiosk.page.locator('[data-action="tech-cancel"]').first().click();
    await kiosk.waitForScreen('attract');
  });

  it('lists a slot a cold-chain excursion blocked, with the temperature, and releases it', async () => {
    // A second kiosk of the site, seeded through the real enroll and upload endpoints.
    const seeded = await enrollSeedKiosk(hub, SITE.siteId, 'Kiosk Pwani', Date.now);
    const [excursion] = await uploadSeedEvents(
      hub,
      seeded,
      [{ type: 'COLD_CHAIN_EXCURSION', data: { temperatureC: 12.5, minC: 2, maxC: 8 } }],
      Date.now,
    );
    await uploadSeedEvents(
      hub,
      seeded,
      [{ type: 'SLOT_BLOCKED', data: { slot: 4, excursionSeq: excursion!.seq, gtins: [GTIN] } }],
      Date.now,
    );
    await rig.goTo('Restock and cold chain', 'stock');
    const row = consolePage.locator(`[data-blocked-slot="${seeded.kioskId}:4"]`);
    await expect.poll(() => row.textContent()).toContain('12.5 °C');
    expect(await row.getAttribute('data-state')).toBe('blocked');
    await checkAndShoot('cold-chain-blocked');
    await row.getByLabel(/What you checked/).fill('Insulin checked: excursion under 30 minutes');
    await row.getByRole('button', { name: 'Release slot' }).click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('released');
    const releases = await hub.downloads.latestPayload('release', kioskScope(seeded.kioskId));
    expect(releases).toMatchObject({
      releases: [{ slot: 4, excursionSeq: excursion!.seq, releasedBy: PHARMACIST.username }],
    });
    await checkAndShoot('cold-chain-released');
  });

  it('kept every pharmacist action in the hub’s audit log, and the PIN nowhere', async () => {
    const { rows } = await hub.db.query<{ username: string; action: string; detail: unknown }>(
      'SELECT username, action, detail FROM hub_audit ORDER BY audit_id',
    );
    expect(rows.filter((r) => r.action !== 'login').map((r) => r.action)).toEqual([
      'technician_added',
      'badge_issued',
      'restock_order_published',
      'badge_revoked',
      'slot_released',
    ]);
    expect(rows.every((r) => r.username === PHARMACIST.username)).toBe(true);
    const everywhere = [JSON.stringify(rows), JSON.stringify(kiosk.journal()), kiosk.kioskLog].join(
      '\n',
    );
    expect(everywhere).not.toMatch(new RegExp(`(?<![0-9])${TECH.pin}(?![0-9])`));
  });

  it('raised no page error in the console or the kiosk', () => {
    expect(rig.pageProblems).toEqual([]);
  });
});
