import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubAndKiosk, type HubAndKiosk } from './harness/hub-and-kiosk';

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
  let rig: HubAndKiosk;

  beforeAll(async () => {
    rig = await startHubAndKiosk({
      name: 'site-config',
      site: SITE,
      pharmacist: PHARMACIST,
      shotsDir: SHOTS,
    });
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the pharmacist publishes new settings; after sync the kiosk speaks Swahili first and Help says 45 minutes', async () => {
    const { hub, kiosk, consolePage } = rig;
    await rig.signIn();
    await rig.goTo('Site settings', 'settings');
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
    await rig.consoleShot('site-settings');

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
    await rig.kioskShot('help-45-minutes');
  });
});
