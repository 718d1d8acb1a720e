import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadsResponse, HUB_ROUTES, HubError } from '../../contracts/hub-api';
import { SiteConfig } from '../../main/config/site-config';
import { effectiveSiteConfig } from '../../main/config/site-settings';
import { signRequest } from '../../main/sync/http-message-signature';
import { verifySiteConfig } from '../../main/sync/signed-documents';
import { CONSOLE_ROUTES, Published, SiteConfigAnswer } from '../../hub/pharmacy/console-api';
import { createPharmacist } from '../../hub/pharmacy/pharmacist-accounts';
import { pharmacyConsole } from '../../hub/pharmacy/pharmacy-console';
import { SESSION_COOKIE } from '../../hub/pharmacy/session-cookie';
import { ensureSite } from '../../hub/server/enrollment-codes';
import { startHub, type RunningHub } from '../../hub/server/start-hub';
import { enrollSeedKiosk, type SeedKiosk } from './hub-pharmacy-seed';

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
  let hub: RunningHub;
  let dataDir: string;
  let kiosk: SeedKiosk;
  let cookie: string;

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, withCookie = true) =>
    hub.app.inject({
      method,
      url,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(withCookie && cookie !== undefined && { cookie }),
      },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });

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
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-site-config-'));
    hub = await startHub({
      dataDir,
      inMemory: true,
      issuerUrl: ISSUER,
      logger: pino({ level: 'silent' }),
      listen: false,
      plugins: [pharmacyConsole({ dataDir, issuerUrl: ISSUER })],
    });
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
    const login = await call('POST', CONSOLE_ROUTES.login, {
      username: 'alice',
      password: PASSWORD,
    });
    expect(login.statusCode, login.body).toBe(200);
    cookie = `${SESSION_COOKIE}=${new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(String(login.headers['set-cookie']))?.[1]}`;
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
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

    const url = HUB_ROUTES.downloads(kiosk.kioskId);
    const body = Buffer.from(JSON.stringify({ have: {} }));
    const downloads = await hub.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: {
        'content-type': 'application/json',
        ...signRequest(
          { method: 'POST', path: url, body },
          { sign: kiosk.key.sign, keyId: kiosk.kioskId },
          new Date(),
        ),
      },
    });
    expect(downloads.statusCode, downloads.body).toBe(200);
    const config = DownloadsResponse.parse(downloads.json()).downloads.find(
      (d) => d.kind === 'config',
    );
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
