import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError } from '../../contracts/hub-api';
import { SiteConfig } from '../../main/config/site-config';
import { effectiveSiteConfig } from '../../main/config/site-settings';
import { verifySiteConfig } from '../../main/sync/signed-documents';
import { CONSOLE_ROUTES, Published, SiteConfigAnswer } from '../../hub/pharmacy/console-api';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import { ensureSite } from '../../hub/server/enrollment-codes';
import type { RunningHub } from '../../hub/server/start-hub';
import { enrollSeedKiosk, type SeedKiosk } from './hub-pharmacy-seed';
import {
  consoleLogin,
  consoleRequest,
  kioskDownloads,
  startPharmacyHub,
  type PharmacyHub,
} from './support/pharmacy-hub';

/**
 * A site's settings from the console to the kiosks (issue 7 `config` download, DESIGN §9): the
 * pharmacist publishes them for a site, the hub checks every field with the kiosks' own schema
 * (refusals change nothing), and a kiosk of that site downloads a config it verifies with the
 * root key and applies over its local site file.
 */

const PASSWORD = 'correct horse battery';
const SITE = 'site-a';
const ISSUER = 'https://hub.test.example';

const SETTINGS = {
  pharmacistPhone: '+254 700 000 111',
  helpCallbackMinutes: 45,
  defaultLanguage: 'sw',
  languages: ['sw', 'en'],
  timeZone: 'Africa/Nairobi',
  offlineWindowDays: 5,
  restockMarginDays: 120,
  requireSerial: true,
  idleTimeoutSeconds: 90,
  temperatureBandC: { min: 2, max: 8 },
  coldChainGtins: ['09506000134352'],
  formulary: { C08CA01: ['09506000134352'] },
};

describe('site settings published from the console', () => {
  let pharmacyHub: PharmacyHub;
  let hub: RunningHub;
  let kiosk: SeedKiosk;
  let cookie: string;

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, withCookie = true) =>
    consoleRequest(hub, method, url, body, withCookie ? { cookie } : {});

  async function counts(): Promise<unknown> {
    const { rows } = await hub.db.query(
      `SELECT (SELECT count(*) FROM downloads)::int AS downloads,
              (SELECT count(*) FROM hub_audit)::int AS audit`,
    );
    return rows[0];
  }

  async function expectRefused(body: unknown, status: number, field: RegExp): Promise<void> {
    const before = await counts();
    const response = await call('POST', CONSOLE_ROUTES.siteConfig, body);
    expect(response.statusCode, response.body).toBe(status);
    expect(HubError.parse(response.json()).message).toMatch(field);
    expect(await counts()).toEqual(before);
  }

  beforeAll(async () => {
    pharmacyHub = await startPharmacyHub({ name: 'hub-site-config', issuerUrl: ISSUER });
    hub = pharmacyHub.hub;
    expect(
      (
        await createPharmacist(hub.db, {
          username: 'alice',
          displayName: 'Alice',
          password: PASSWORD,
        })
      ).ok,
    ).toBe(true);
    expect((await ensureSite(hub.db, { siteId: SITE, name: 'Health post A' })).ok).toBe(true);
    kiosk = await enrollSeedKiosk(hub, SITE, 'Kiosk A', Date.now);
    cookie = await consoleLogin(hub, 'alice', PASSWORD);
  });

  afterAll(async () => {
    await pharmacyHub?.stop();
  });

  it('shows the defaults before anything is published', async () => {
    const response = await call('GET', `${CONSOLE_ROUTES.siteConfig}?siteId=${SITE}`);
    expect(response.statusCode, response.body).toBe(200);
    const answer = SiteConfigAnswer.parse(response.json());
    expect(answer.version).toBeNull();
    expect(answer.settings.helpCallbackMinutes).toBe(30);
    expect(answer.settings.temperatureBandC).toEqual({ min: 15, max: 25 });
  });

  it('refuses bad settings, naming the field, and changes nothing', async () => {
    await expectRefused({ siteId: 'nowhere', settings: SETTINGS }, 404, /nowhere/);
    await expectRefused(
      { siteId: SITE, settings: { ...SETTINGS, coldChainGtins: ['123'] } },
      400,
      /coldChainGtins/,
    );
    await expectRefused(
      { siteId: SITE, settings: { ...SETTINGS, temperatureBandC: { min: 9, max: 8 } } },
      400,
      /temperatureBandC/,
    );
    await expectRefused(
      { siteId: SITE, settings: { ...SETTINGS, defaultLanguage: 'de' } },
      400,
      /defaultLanguage/,
    );
    await expectRefused(
      { siteId: SITE, settings: { ...SETTINGS, idleTimeoutSeconds: 5 } },
      400,
      /idleTimeoutSeconds/,
    );
    await expectRefused(
      { siteId: SITE, settings: { ...SETTINGS, kioskId: 'k-9' } },
      400,
      /settings/,
    );
    const before = await counts();
    const anonymous = await call(
      'POST',
      CONSOLE_ROUTES.siteConfig,
      { siteId: SITE, settings: SETTINGS },
      false,
    );
    expect(anonymous.statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('publishes a signed config the site’s kiosks verify and apply over their own file', async () => {
    const response = await call('POST', CONSOLE_ROUTES.siteConfig, {
      siteId: SITE,
      settings: SETTINGS,
    });
    expect(response.statusCode, response.body).toBe(200);
    const published = Published.parse(response.json());
    expect(published).toMatchObject({ kind: 'config', scope: `site:${SITE}` });
    const shown = SiteConfigAnswer.parse(
      (await call('GET', `${CONSOLE_ROUTES.siteConfig}?siteId=${SITE}`)).json(),
    );
    expect(shown).toMatchObject({ version: published.version, settings: SETTINGS });

    const config = (await kioskDownloads(hub, kiosk, new Date())).find((d) => d.kind === 'config');
    expect(config?.version).toBe(published.version);
    const verified = verifySiteConfig(config?.jws ?? '', hub.keys.root.publicJwk);
    if (!verified.ok) throw new Error(verified.error.detail);
    const local = SiteConfig.parse({ kioskId: kiosk.kioskId, siteId: SITE, kioskName: 'Kiosk A' });
    const applied = effectiveSiteConfig(local, verified.value);
    expect(applied).toMatchObject({ ...SETTINGS, kioskId: kiosk.kioskId, kioskName: 'Kiosk A' });
    // A config for another site is never applied, whatever its signature.
    expect(
      effectiveSiteConfig({ ...local, siteId: 'site-b' }, verified.value).helpCallbackMinutes,
    ).toBe(30);

    const audit = await hub.db.query<{ action: string; detail: { siteId: string } }>(
      "SELECT action, detail FROM hub_audit WHERE action = 'site_config_published'",
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]?.detail.siteId).toBe(SITE);
  });
});
