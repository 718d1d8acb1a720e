import { mkdirSync } from 'node:fs';
import { buildConsoleIfStale } from './harness/console-build';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import { pharmacyConsole } from '../../hub/pharmacy/pharmacy-console';
import { ensureSite } from '../../hub/server/enrollment-codes';
import { kioskScope, siteScope } from '../../hub/server/download-scopes';
import { KioskLockPayload } from '../../hub/pharmacy/kiosk-lock';
import { startHub, type RunningHub } from '../../hub/server/start-hub';
import {
  busyDay,
  enrollSeedKiosk,
  SEED_GTIN,
  uploadSeedEvents,
  type SeedKiosk,
} from '../integration/hub-pharmacy-seed';
import { expectConsolePageUsable, goToConsolePage } from './harness/console-page';
import { CHROMIUM_PATH } from './harness/kiosk-harness';

/**
 * The pharmacist console in Chromium (issue 7): a hub on a temp data directory with the console
 * plugin, a pharmacist made with createPharmacist, a kiosk enrolled and its journal uploaded through
 * the signed sync API. The pharmacist signs in through the page, sees the kiosk's refill request in
 * the review queue and approves it, recalls a lot, signs a prescription, and sees the dashboard's
 * charts. Every page passes axe-core with no violation, every control is at least 24 × 24 px, the
 * page fetches nothing from anywhere but the hub, and a screenshot of each page is kept in
 * test-results/hub-console/.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'hub-console');
const PASSWORD = 'console e2e password';

let hub: RunningHub;
let dataDir: string;
let browser: Browser;
let page: Page;
let kiosk: SeedKiosk;
const jti = { filled: randomUUID(), refill: randomUUID(), locked: randomUUID() };
const foreignRequests: string[] = [];
const pageProblems: string[] = [];

/** axe finds nothing, every control is big enough, and a full-page screenshot. */
async function checkPage(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expectConsolePageUsable(page, name);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const goTo = (label: string, pageName: string) => goToConsolePage(page, label, pageName);

beforeAll(async () => {
  buildConsoleIfStale();
  mkdirSync(SHOTS, { recursive: true });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-console-e2e-'));
  hub = await startHub({
    dataDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    plugins: [pharmacyConsole({ dataDir })],
  });
  expect(
    (
      await createPharmacist(hub.db, {
        username: 'amina',
        displayName: 'Amina Njoroge',
        password: PASSWORD,
      })
    ).ok,
  ).toBe(true);
  expect((await ensureSite(hub.db, { siteId: 'site-a', name: 'Kilima health post' })).ok).toBe(
    true,
  );
  kiosk = await enrollSeedKiosk(hub, 'site-a', 'Kilima kiosk 1', Date.now);
  await uploadSeedEvents(hub, kiosk, busyDay(Date.now(), jti), Date.now);

  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    headless: true,
  });
  page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  const origin = new URL(hub.url).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // API refusals (401 before sign-in, 400 for a repeated recall) are expected and shown to the
    // pharmacist; Chromium logs each one as a failed load. A failed page asset is caught below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageProblems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/api/'))
      pageProblems.push(`${response.status()} ${response.url()}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('pharmacist console in Chromium', () => {
  it('signs in through the login page', async () => {
    const response = await page.goto(`${hub.url}/console/`);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('main[data-page="login"]').waitFor();
    await checkPage('login');
    await page.getByLabel('User name').fill('amina');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('wrong user name or password');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('main[data-page="review"]').waitFor();
    await expect.poll(() => page.locator('.shell__who').textContent()).toContain('Amina Njoroge');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'od_console')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
  });

  it('shows the kiosk’s review items and approves its refill request', async () => {
    const refill = page.locator('[data-review-kind="refill_requested"]');
    await refill.waitFor();
    await expect.poll(() => refill.textContent()).toContain('Metformin 500 mg');
    for (const kind of [
      'uncertain_dispense',
      'vitals_out_of_range',
      'patient_locked',
      'help_requested',
    ])
      expect(await page.locator(`[data-review-kind="${kind}"]`).count(), kind).toBe(1);
    await checkPage('review');
    await refill.getByLabel('Extra fills').fill('2');
    await refill.getByRole('button', { name: 'Approve refill' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Refill approved');
    await expect.poll(() => page.locator('[data-review-kind="refill_requested"]').count()).toBe(0);
    const list = await hub.downloads.latestPayload('refill', siteScope('site-a'));
    expect(list?.refills).toContainEqual(
      expect.objectContaining({ jti: jti.refill, extraFills: 2 }),
    );
    // Dealt with, it shows as approved among the done items.
    await page.getByLabel('Show items already dealt with').check();
    const done = page.locator('[data-review-kind="refill_requested"][data-state="approved"]');
    await done.waitFor();
    await expect.poll(() => done.textContent()).toContain('by amina');
    await page.getByLabel('Show items already dealt with').uncheck();
  });

  it('recalls a lot for the whole fleet', async () => {
    await goTo('Refills, revocations, recalls', 'prescriptions');
    await checkPage('prescriptions');
    const form = page.locator('[data-form="recall"]');
    await form.getByLabel('GTIN (14 digits)').fill(SEED_GTIN);
    await form.getByLabel('Lot number').fill('SOON1');
    await form.getByLabel('Reason').fill('Supplier recall notice 2026-17');
    await form.getByRole('button', { name: 'Recall lot' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toContain('Lot recalled at every kiosk');
    const list = await hub.downloads.latestPayload('revocation', 'fleet');
    expect(list?.lots).toContainEqual({ gtin: SEED_GTIN, lot: 'SOON1' });
    // A second recall of the same lot is refused with the hub's reason.
    await form.getByLabel('GTIN (14 digits)').fill(SEED_GTIN);
    await form.getByLabel('Lot number').fill('SOON1');
    await form.getByLabel('Reason').fill('again');
    await form.getByRole('button', { name: 'Recall lot' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('already recalled');
    await page.screenshot({
      path: path.join(SHOTS, 'prescriptions-after-recall.png'),
      fullPage: true,
    });
  });

  it('signs a prescription and shows its QR code', async () => {
    await goTo('New prescription', 'issue');
    const form = page.locator('[data-form="issue"]');
    await form.getByLabel('Date of birth').fill('1958-07-21');
    await form.getByLabel('Medicine name and strength').fill('Amlodipine 5 mg tablets');
    await form.getByLabel('GTIN (14 digits, from the pack)').fill(SEED_GTIN);
    await form.getByLabel('How to take it (printed on the label)').fill('One tablet each morning');
    await form.getByLabel('Number of fills (including the first)').fill('3');
    await form.getByRole('checkbox', { name: /Kilima health post/ }).check();
    await form.getByRole('button', { name: 'Sign prescription' }).click();
    const qr = page.locator('img[data-qr="prescription"]');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await expect.poll(() => page.locator('.issued__pin').textContent()).toMatch(/^\d{6}$/);
    await checkPage('issue');
  });

  it('draws the fleet dashboard’s charts', async () => {
    await goTo('Fleet dashboard', 'fleet');
    const stock = page.locator('[data-chart="stock"]').first();
    await stock.waitFor();
    expect(await stock.locator('[data-slot]').count()).toBe(2);
    expect(await stock.locator('[data-expiring]').count()).toBe(1);
    const temperature = page.locator('[data-chart="temperature"]').first();
    expect(Number(await temperature.locator('path.chart__line').getAttribute('data-points'))).toBe(
      5,
    );
    expect(await temperature.locator('.chart__excursion').count()).toBe(1);
    expect(await temperature.locator('[data-band="2-8"]').count()).toBe(1);
    expect(await page.locator('[data-chart="sync-lag"] [data-kiosk-lag="ok"]').count()).toBe(1);
    const expiring = page.locator('[data-table="expiring"]');
    await expect.poll(() => expiring.textContent()).toContain('SOON1');
    await checkPage('fleet');
  });

  it('locks a kiosk, makes an enrollment code, and shows the audit log', async () => {
    await goTo('Kiosks and sites', 'kiosks');
    const row = page.locator(`[data-kiosk="${kiosk.kioskId}"]`);
    await row.waitFor();
    await checkPage('kiosks');
    await row.getByLabel('Reason to lock Kilima kiosk 1').fill('Cabinet door reported broken');
    await row.getByRole('button', { name: 'Lock kiosk' }).click();
    await page.locator(`[data-kiosk="${kiosk.kioskId}"] [data-kiosk-status="locked"]`).waitFor();
    const lock = KioskLockPayload.parse(
      await hub.downloads.latestPayload('lock', kioskScope(kiosk.kioskId)),
    );
    expect(lock).toMatchObject({ locked: true, reason: 'Cabinet door reported broken' });
    await page.screenshot({ path: path.join(SHOTS, 'kiosks-locked.png'), fullPage: true });
    await page.locator('[data-form="enrollment"]').getByLabel('Site').selectOption('site-a');
    await page
      .locator('[data-form="enrollment"]')
      .getByRole('button', { name: 'Create code' })
      .click();
    await expect
      .poll(() => page.locator('[data-enrollment-code]').textContent())
      .toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await goTo('Audit log', 'audit');
    await expect.poll(() => page.locator('table').textContent()).toContain('lot recalled');
    await checkPage('audit');
  });

  it('fetched nothing from outside the hub and raised no page error', () => {
    expect(foreignRequests).toEqual([]);
    expect(pageProblems).toEqual([]);
  });
});
