import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decidePrescription } from '../../main/prescriptions/decide-prescription';
import { makeDemoPrescriptions, DEMO_ISSUER_URL } from '../../main/prescriptions/demo-prescription';
import { signDemoLists } from '../../main/prescriptions/demo-lists';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { openListStore } from '../../main/prescriptions/list-store';
import { makeIssuer } from '../fixtures/prescriptions/token-forge';

describe('demo lists', () => {
  it('install into a list store, re-sign over themselves at the next start, and accept the demo token', async () => {
    const root = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const issuer = makeIssuer();
    const now = Date.UTC(2026, 4, 1, 9);
    const opened = await openListStore({
      dir: join(mkdtempSync(join(tmpdir(), 'demo-lists-')), 'lists'),
      rootPublicJwk: publicJwkOf(root),
    });
    if (!opened.ok) throw new Error(opened.error);
    const { store } = opened.value;
    for (const start of [now, now + 60_000]) {
      const lists = signDemoLists({
        rootKey: root,
        issuer: { iss: DEMO_ISSUER_URL, jwk: issuer.jwk },
        now: start,
      });
      if (!lists.ok) throw new Error(lists.error);
      for (const kind of ['trust', 'revocation', 'refill'] as const) {
        expect((await store.install(kind, lists.value[kind])).ok, `${kind} at ${start}`).toBe(true);
      }
    }
    const made = makeDemoPrescriptions({
      issuerKey: issuer.privateKey,
      kioskId: 'demo-kiosk',
      siteId: 'demo',
      now,
    });
    if (!made.ok) throw new Error(made.error);
    const decide = (qrText: string) =>
      decidePrescription({
        qrText,
        lists: store.lists(),
        ledger: { fills: {}, acknowledgedSeq: 0 },
        clockTrust: { trusted: true },
        now: now + 120_000,
        kioskId: 'demo-kiosk',
        siteId: 'demo',
        timeZone: 'UTC',
        offlineWindowDays: 7,
        lastSuccessfulSync: now + 60_000,
      });
    const [valid, bad] = made.value;
    expect(decide(valid?.qrText ?? '').ok).toBe(true);
    expect(decide(bad?.qrText ?? '')).toMatchObject({
      ok: false,
      error: { reason: 'bad_signature' },
    });
  });
});
