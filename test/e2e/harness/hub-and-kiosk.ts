import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_GTINS } from '../../../main/demo/demo-stock';
import { createPharmacist } from '../../../hub/pharmacy/pharmacist-accounts';
import { pharmacyConsole } from '../../../hub/pharmacy/pharmacy-console';
import { createEnrollmentCode, ensureSite } from '../../../hub/server/enrollment-codes';
import { startHub, type RunningHub } from '../../../hub/server/start-hub';
import { buildConsoleIfStale } from './console-build';
import { goToConsolePage } from './console-page';
import { KioskHarness } from './kiosk-harness';

/**
 * A hub (PGlite, with the pharmacist console) and a kiosk enrolled with it (simulators, web-host,
 * its own sync agent), both open in one Chromium: the setup of every e2e test that takes a
 * pharmacist's action in the console through real sync to the kiosk. Nothing reaches the kiosk
 * but through its sync rounds (`/test/sync` only says "now" instead of in 60 s).
 */

/**
 * A sync round the kiosk starts by itself can be in flight when the test asks for one, and the
 * first round after the kiosk's clock jumped is refused once (`stale_date`) while it learns the
 * hub's offset: a few rounds are allowed, never an endless retry.
 */
export const MAX_SYNC_ROUNDS = 4;

export interface HubAndKioskOptions {
  /** Names the hub's temporary data directory. */
  name: string;
  /** The site the kiosk is enrolled at (ensured on the hub). */
  site: { siteId: string; name: string };
  /** The pharmacist who signs in to the console (created on the hub). */
  pharmacist: { username: string; displayName: string; password: string };
  /** Where consoleShot and kioskShot save their pictures; made if missing. */
  shotsDir: string;
}

/** A one-fill prescription of the demo amlodipine, signed in the console for the kiosk's site. */
export interface ConsolePrescription {
  patient: { birthDate: string; pin: string };
  daysPerFill: number;
  /** The short code the page shows from the prescription before, until the new one replaces it. */
  previousShortCode?: string;
}

export interface HubAndKiosk {
  readonly hub: RunningHub;
  readonly kiosk: KioskHarness;
  readonly kioskId: string;
  /** The console, in a page of the kiosk's browser. */
  readonly consolePage: Page;
  /** Page errors raised in the console or the kiosk page. */
  readonly pageProblems: string[];
  /** Signs the pharmacist in, from the login page to the review queue. */
  signIn(): Promise<void>;
  /** Follows a link of the console's navigation and waits for its page. */
  goTo(label: string, pageName: string): Promise<void>;
  /** Where the hub's copy of the kiosk's journal ends. */
  hubHead(): Promise<{ lastSeq: number; lastHash: string }>;
  /** The kiosk's events of one type as the hub holds them, in order. */
  hubEvents(type: string): Promise<{ seq: number; data: Record<string, unknown> }[]>;
  /**
   * One sync as the kiosk does it (download, install, upload), asked for through the test control;
   * done when the hub holds every event the journal had when it was asked. Returns the rounds used.
   */
  syncKiosk(): Promise<number>;
  /** The kinds and versions the kiosk journaled as installed after its first `before` installs. */
  installedSince(before: number): unknown[][];
  /** Signs the prescription; its id, QR text and short code as the page shows them. */
  issueInConsole(
    rx: ConsolePrescription,
  ): Promise<{ jti: string; qrText: string; shortCode: string }>;
  /** The status or alert line of a console form. */
  formStatus(form: string): ReturnType<Page['locator']>;
  consoleShot(name: string): Promise<void>;
  kioskShot(name: string): Promise<void>;
  /** Stops the hub alone (the kiosk keeps running); stop() then leaves it stopped. */
  stopHub(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHubAndKiosk(options: HubAndKioskOptions): Promise<HubAndKiosk> {
  const { site, pharmacist, shotsDir } = options;
  buildConsoleIfStale();
  mkdirSync(shotsDir, { recursive: true });
  const hubDir = await mkdtemp(path.join(os.tmpdir(), `${options.name}-e2e-`));
  const hub = await startHub({
    dataDir: hubDir,
    port: 0,
    logger: pino({ level: 'silent' }),
    plugins: [pharmacyConsole({ dataDir: hubDir })],
  });
  let hubRunning = true;
  const stopHub = async (): Promise<void> => {
    if (!hubRunning) return;
    hubRunning = false;
    await hub.close();
  };
  let kiosk: KioskHarness;
  try {
    expect((await createPharmacist(hub.db, pharmacist)).ok).toBe(true);
    expect((await ensureSite(hub.db, site)).ok).toBe(true);
    const code = await createEnrollmentCode(hub.db, { siteId: site.siteId, createdBy: 'e2e' });
    if (!code.ok) throw new Error(code.error.detail);
    kiosk = await KioskHarness.start({ enrollWith: { hubUrl: hub.url, code: code.value.code } });
  } catch (error) {
    await stopHub();
    await rm(hubDir, { recursive: true, force: true });
    throw error;
  }
  const kioskId = kiosk.enrollment!.kioskId;
  const consolePage = await kiosk.browser.newPage({ viewport: { width: 1366, height: 900 } });
  const pageProblems: string[] = [];
  consolePage.on('pageerror', (error) => pageProblems.push(`console page: ${error.message}`));
  kiosk.page.on('pageerror', (error) => pageProblems.push(`kiosk page: ${error.message}`));

  async function hubHead(): Promise<{ lastSeq: number; lastHash: string }> {
    const { rows } = await hub.db.query<{ last_seq: number; last_hash: string }>(
      'SELECT last_seq, last_hash FROM kiosks WHERE kiosk_id = $1',
      [kioskId],
    );
    return { lastSeq: Number(rows[0]?.last_seq), lastHash: String(rows[0]?.last_hash) };
  }

  const goTo = (label: string, pageName: string) => goToConsolePage(consolePage, label, pageName);

  return {
    hub,
    kiosk,
    kioskId,
    consolePage,
    pageProblems,
    hubHead,
    goTo,
    stopHub,

    async signIn() {
      await consolePage.goto(`${hub.url}/console/`);
      await consolePage.locator('main[data-page="login"]').waitFor();
      await consolePage.getByLabel('User name').fill(pharmacist.username);
      await consolePage.getByLabel('Password').fill(pharmacist.password);
      await consolePage.getByRole('button', { name: 'Sign in' }).click();
      await consolePage.locator('main[data-page="review"]').waitFor();
    },

    async hubEvents(type) {
      const { rows } = await hub.db.query<{ seq: number; data: Record<string, unknown> }>(
        'SELECT seq, data FROM events WHERE kiosk_id = $1 AND type = $2 ORDER BY seq',
        [kioskId, type],
      );
      return rows.map((r) => ({ seq: Number(r.seq), data: r.data }));
    },

    async syncKiosk() {
      const upTo = kiosk.journal().at(-1)!.seq;
      for (let round = 1; round <= MAX_SYNC_ROUNDS; round++) {
        await kiosk.kioskControl('/test/sync');
        if ((await hubHead()).lastSeq >= upTo) return round;
      }
      throw new Error(
        `the hub holds up to seq ${(await hubHead()).lastSeq} after ${MAX_SYNC_ROUNDS} sync rounds, not ${upTo}`,
      );
    },

    installedSince: (before) =>
      kiosk
        .journal()
        .filter((e) => e.type === 'LIST_INSTALLED')
        .slice(before)
        .map((e) => [e.data.kind, e.data.version]),

    async issueInConsole({ patient, daysPerFill, previousShortCode }) {
      await goTo('New prescription', 'issue');
      const form = consolePage.locator('[data-form="issue"]');
      await form.getByLabel('Date of birth').fill(patient.birthDate);
      await form.getByLabel('PIN (6 digits, optional)').fill(patient.pin);
      await form.getByLabel('Medicine name and strength').fill('Amlodipine 5 mg tablets');
      await form.getByLabel('GTIN (14 digits, from the pack)').fill(DEMO_GTINS.amlodipine);
      await form
        .getByLabel('How to take it (printed on the label)')
        .fill('One tablet each morning');
      await form.getByLabel('Packs per fill').fill('1');
      await form.getByLabel('Number of fills (including the first)').fill('1');
      await form.getByLabel('Days each fill lasts').fill(String(daysPerFill));
      await form.getByRole('checkbox', { name: new RegExp(site.name) }).check();
      await form.getByRole('button', { name: 'Sign prescription' }).click();
      await consolePage.locator('img[data-qr="prescription"]').waitFor();
      const code = consolePage.locator('.issued [data-short-code]');
      if (previousShortCode !== undefined)
        await expect.poll(() => code.textContent()).not.toBe(previousShortCode);
      const shortCode = (await code.textContent()) ?? '';
      // The pharmacist's copy of the QR's text (what the kiosk's scanner reads off the paper).
      await consolePage.getByText('QR text (for a scanner test)').click();
      const qrText = await consolePage.getByLabel('QR text').inputValue();
      const jti = (await consolePage.locator('.issued .facts code').first().textContent()) ?? '';
      return { jti, qrText, shortCode };
    },

    formStatus: (form) =>
      consolePage.locator(
        `[data-form="${form}"] [role="status"], [data-form="${form}"] [role="alert"]`,
      ),

    async consoleShot(name) {
      await consolePage.screenshot({
        path: path.join(shotsDir, `console-${name}.png`),
        fullPage: true,
      });
    },

    async kioskShot(name) {
      await kiosk.page.screenshot({ path: path.join(shotsDir, `kiosk-${name}.png`) });
    },

    async stop() {
      await kiosk.stop();
      await stopHub();
      await rm(hubDir, { recursive: true, force: true });
    },
  };
}
