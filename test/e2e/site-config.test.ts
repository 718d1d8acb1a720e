import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import { pharmacyConsole } from '../../hub/pharmacy/pharmacy-console';
import { createEnrollmentCode, ensureSite } from '../../hub/server/enrollment-codes';
import { startHub, type RunningHub } from '../../hub/server/start-hub';
import { buildConsoleIfStale } from './harness/console-build';
import { KioskHarness } from './harness/kiosk-harness';

/**
 * Issue 7's `config` download end to end: the pharmacist changes a site's settings in the hub
 * console (Chromium); after the kiosk's next sync round it applies them between patients — the
 * sessions start in the new default language and Help names the new call-back time.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'site-config');
const SITE = { siteId: 'site-mlima', name: 'Mlima health post' };
const PHARMACIST = { username: 'juma', displayName: 'Juma Otieno', password: 'e2e config pw 1' };

describe('site settings from the hub console reach the kiosk', () => {
  let hubDir: string;
  let hub: RunningHub;
  let kiosk: KioskHarness;
  let consolePage: Page;

  beforeAll(async () => {
    buildConsoleIfStale();
    mkdirSync(SHOTS, { recursive: true });
    hubDir = await mkdtemp(path.join(os.tmpdir(), 'site-config-e2e-'));
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
    consolePage = await kiosk.browser.newPage({ viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await kiosk?.stop();
    await hub?.close();
    if (hubDir) await rm(hubDir, { recursive: true, force: true });
  });

  it('the pharmacist publishes new settings; after sync the kiosk speaks Swahili first and Help says 45 minutes', async () => {
    await consolePage.goto(`${hub.url}/console/`);
    await consolePage.getByLabel('User name').fill(PHARMACIST.username);
    await consolePage.getByLabel('Password').fill(PHARMACIST.password);
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    await consolePage.locator('main[data-page="review"]').waitFor();
    await consolePage
      .getByRole('navigation', { name: 'Console pages' })
      .getByRole('link', { name: 'Site settings' })
      .click();
    await consolePage.getByLabel('Site', { exact: true }).selectOption(SITE.siteId);
    const form = consolePage.locator('[data-form="site-config"]');
    await form.waitFor();
    await consolePage.locator('[data-config-version="none"]').waitFor();
    await form.getByLabel('The pharmacist calls back within (minutes)').fill('45');
    await form.getByLabel('Language each session starts in').selectOption('sw');
    await form.getByLabel('Cold-chain medicines (GTINs)').fill('123');
    await form.getByRole('button', { name: 'Publish settings' }).click();
    // The hub names the field it refuses, and publishes nothing.
    await expect.poll(() => form.locator('[role="alert"]').textContent()).toMatch(/coldChainGtins/);
    expect(await hub.downloads.latestPayload('config', `site:${SITE.siteId}`)).toBeUndefined();
    await form.getByLabel('Cold-chain medicines (GTINs)').fill('');
    await form.getByRole('button', { name: 'Publish settings' }).click();
    await expect
      .poll(() => hub.downloads.latestPayload('config', `site:${SITE.siteId}`))
      .toMatchObject({ settings: { helpCallbackMinutes: 45, defaultLanguage: 'sw' } });
    const published = await hub.downloads.latestPayload('config', `site:${SITE.siteId}`);
    await expect.poll(() => form.locator('[role="status"]').textContent()).toMatch(/published/);
    await consolePage.locator(`[data-config-version="${published?.version}"]`).waitFor();
    await consolePage.screenshot({ path: path.join(SHOTS, 'console-site-settings.png') });

    const installed = kiosk.journal().length;
    await kiosk.kioskControl('/test/sync');
    await kiosk.waitForJournal((all) =>
      all.slice(installed).some((e) => e.type === 'LIST_INSTALLED' && e.data.kind === 'config'),
    );
    // Applied between patients: the attract screen now greets in Swahili.
    await kiosk.page.locator('[data-screen="attract"]').waitFor();
    await expect.poll(() => kiosk.page.locator('html').getAttribute('lang')).toBe('sw');
    await kiosk.page.locator('[data-action="start"]').click();
    await kiosk.waitForScreen('scan');
    await kiosk.page.locator('[data-action="help"]').first().click();
    const dialog = kiosk.page.locator('[data-dialog="help"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/dakika 45/);
    await kiosk.page.screenshot({ path: path.join(SHOTS, 'kiosk-help-45-minutes.png') });
  });
});
