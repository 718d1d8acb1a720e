import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../contracts/clock';
import type { RunningHub } from '../../hub/server/start-hub';
import { createEphemeralDeviceKey } from '../../main/keys';
import { enrollKiosk, loadEnrollment } from '../../main/sync/enroll';
import { makeTempRoot, newEnrollmentCode, startTestHub } from './support/sync-rig';

/** Enrollment, the kiosk's side (main/sync/enroll.ts), against the real hub. */

let temp: Awaited<ReturnType<typeof makeTempRoot>>;
let hub: RunningHub;

beforeAll(async () => {
  temp = await makeTempRoot('sync-enroll-');
  hub = await startTestHub(temp.root);
});

afterAll(async () => {
  await hub?.close();
  await temp?.remove();
});

describe('enrollment', () => {
  it('writes what the kiosk needs, once per code, and refuses to enroll a kiosk twice', async () => {
    const dataDir = path.join(temp.root, 'enroll-me');
    const key = createEphemeralDeviceKey();
    const code = await newEnrollmentCode(hub);
    const enrolled = await enrollKiosk({
      hubUrl: hub.url,
      code,
      kioskName: 'Health post 7',
      devicePublicJwk: key.publicJwk,
      dataDir,
      clock: systemClock,
    });
    expect(enrolled).toMatchObject({
      ok: true,
      value: { siteId: 'site-test', hubUrl: hub.url, rootKeyThumbprint: hub.keys.root.kid },
    });
    if (!enrolled.ok) return;
    expect(await loadEnrollment(dataDir)).toEqual({ ok: true, value: enrolled.value });
    expect((await readdir(dataDir)).sort()).toEqual([
      'enrollment.json',
      'incoming',
      'root-key.public.jwk',
    ]);
    expect((await readdir(path.join(dataDir, 'incoming'))).sort()).toEqual([
      'refill.jws',
      'revocation.jws',
      'trust.jws',
    ]);
    const { rows } = await hub.db.query<{ name: string; status: string }>(
      'SELECT name, status FROM kiosks WHERE kiosk_id = $1',
      [enrolled.value.kioskId],
    );
    expect(rows).toEqual([{ name: 'Health post 7', status: 'active' }]);

    // Enrolled already: refused here, without asking the hub.
    const again = await enrollKiosk({
      hubUrl: hub.url,
      code,
      kioskName: 'Health post 7',
      devicePublicJwk: key.publicJwk,
      dataDir,
      clock: systemClock,
    });
    expect(again).toMatchObject({ ok: false, error: { kind: 'already_enrolled' } });
    // A used code is refused by the hub, and nothing is written.
    const elsewhere = path.join(temp.root, 'enroll-other');
    const reused = await enrollKiosk({
      hubUrl: hub.url,
      code,
      kioskName: 'Another',
      devicePublicJwk: createEphemeralDeviceKey().publicJwk,
      dataDir: elsewhere,
      clock: systemClock,
    });
    expect(reused).toMatchObject({
      ok: false,
      error: { kind: 'hub', error: { kind: 'refused', error: { error: 'bad_enrollment_code' } } },
    });
    expect(await loadEnrollment(elsewhere)).toEqual({ ok: true, value: null });
  });
});
