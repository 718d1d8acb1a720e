import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loadRootKey } from '../../main/prescriptions/root-key';
import { nextRevocationList } from '../../main/prescriptions/list-builders';
import { signSignedList } from '../../main/prescriptions/signed-list';

/**
 * Prescription rules at the kiosk, driven as a patient would through Chromium on the simulated
 * scanner and dispenser: fills and their interval on the kiosk's test clock, the offline
 * one-fill rule, a revocation, and the patient-check lock that survives a kill -9.
 */
const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('prescription rules at the kiosk', () => {
  let kiosk: KioskHarness;
  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('locks a prescription after three wrong PINs, also after the kiosk is killed and restarted', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    for (const attemptsLeft of [2, 1]) {
      await kiosk.identify(undefined, '111111');
      await kiosk.page.locator(`[data-attempts-left="${attemptsLeft}"]`).waitFor();
    }
    await kiosk.screenshot('identify-wrong');
    await kiosk.identify(undefined, '111111');
    await kiosk.waitForScreen('refused');
    await kiosk.screenshot('refused-patient-locked');
    expect(await kiosk.page.locator('[data-screen="refused"]').innerText()).toMatch(/pharmacist/i);
    const failures = ofType(kiosk.journal(), 'PATIENT_CHECK_FAILED').filter(
      (e) => e.data.jti === rx!.jti,
    );
    expect(failures.map((e) => [e.data.attempt, e.data.locked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    // Nothing typed is in the journal or the log.
    const everything = JSON.stringify(kiosk.journal()) + kiosk.kioskLog;
    expect(everything).not.toContain('111111');
    expect(everything).not.toContain('1960-05-14');

    await kiosk.killAndRestartKiosk();
    await kiosk.scan(rx!.qrText);
    await kiosk.waitForScreen('refused');
    expect(ofType(kiosk.journal(), 'RX_REFUSED').at(-1)?.data.reason).toBe('patient_locked');
    // The right answer no longer opens it: the identify screen is never shown again.
    expect(await kiosk.page.locator('[data-screen="identify"]').count()).toBe(0);
    await kiosk.page.getByRole('button', { name: /ok/i }).click();
    await kiosk.waitForScreen('attract');
  });

  it('fills twice, "too soon" in between, "no fills left" after, and one fill per prescription while offline', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.fill(rx!.qrText);
    // While the hub has not acknowledged that fill, the kiosk is offline for it: one fill only.
    expect(await kiosk.refusedReason(rx!.qrText)).toBe('offline_limit');
    await kiosk.kioskControl('/test/fills/acknowledge');
    expect(await kiosk.refusedReason(rx!.qrText)).toBe('too_soon');
    await kiosk.screenshot('refused-too-soon');
    // 23 days on (the interval is 0.8 × 28 days), the kiosk synced meanwhile.
    await kiosk.advanceDays(23);
    await kiosk.kioskControl('/test/sync');
    await kiosk.fill(rx!.qrText);
    await kiosk.kioskControl('/test/fills/acknowledge');
    expect(await kiosk.refusedReason(rx!.qrText)).toBe('no_fills_left');
    const fills = ofType(kiosk.journal(), 'RX_ACCEPTED').filter((e) => e.data.jti === rx!.jti);
    expect(fills).toHaveLength(2);

    // No fills left: the patient asks for a refill, once; the pharmacist finds it in the journal.
    await kiosk.scan(rx!.qrText);
    await kiosk.page.locator('[data-screen="refused"][data-refill="available"]').waitFor();
    await kiosk.page.locator('[data-action="request-refill"]').click();
    await kiosk.page.locator('[data-screen="refused"][data-refill="requested"]').waitFor();
    expect(await kiosk.page.locator('[data-action="request-refill"]').count()).toBe(0);
    await kiosk.screenshot('refill-requested');
    const requests = ofType(kiosk.journal(), 'REFILL_REQUESTED');
    expect(requests.filter((e) => e.data.jti === rx!.jti)).toHaveLength(1);
    await kiosk.page.getByRole('button', { name: /ok/i }).click();
    await kiosk.waitForScreen('attract');
  });

  it('refuses a revoked prescription with the revocation text once the signed list is installed', async () => {
    const [rx] = kiosk.demo.fresh();
    const root = await loadRootKey(join(kiosk.root, 'demo', 'root'));
    if (!root.ok) throw new Error(root.error.detail);
    const issuedAt = Math.floor(Date.now() / 1000) + 365 * 86_400; // a version above the demo's
    const list = nextRevocationList(undefined, { jtis: [rx!.jti] }, issuedAt, {
      issuedAt: issuedAt - 365 * 86_400,
      expiresAt: issuedAt + 30 * 86_400,
    });
    const jws = signSignedList('revocation', list, root.value.privateKey);
    if (!jws.ok) throw new Error(jws.error.detail);
    await kiosk.kioskControl('/test/lists/install', { kind: 'revocation', jws: jws.value });
    await kiosk.scan(rx!.qrText);
    await kiosk.waitForScreen('refused');
    await kiosk.screenshot('refused-revoked');
    expect(ofType(kiosk.journal(), 'RX_REFUSED').at(-1)?.data.reason).toBe('revoked');
    expect(await kiosk.page.locator('[data-screen="refused"]').innerText()).toMatch(
      /cancel|stopped|no longer/i,
    );
    // A rolled-back list is refused by the kiosk and changes nothing.
    await expect(
      kiosk.kioskControl('/test/lists/install', { kind: 'revocation', jws: jws.value }),
    ).rejects.toThrow(/version/i);
  });

  it("a pharmacist's lock puts the kiosk out of service, and the unlock brings it back", async () => {
    const root = await loadRootKey(join(kiosk.root, 'demo', 'root'));
    if (!root.ok) throw new Error(root.error.detail);
    const now = Math.floor(Date.now() / 1000);
    const lock = (version: number, locked: boolean) => {
      const jws = signSignedList(
        'lock',
        { version, issuedAt: now, expiresAt: now + 30 * 86_400, locked, reason: 'cabinet check' },
        root.value.privateKey,
      );
      if (!jws.ok) throw new Error(jws.error.detail);
      return jws.value;
    };
    if ((await kiosk.page.locator('[data-screen="refused"]').count()) > 0)
      await kiosk.page.locator('[data-action="finish"]').click();
    await kiosk.waitForScreen('attract');
    await kiosk.kioskControl('/test/lists/install', { kind: 'lock', jws: lock(1, true) });
    await kiosk.waitForScreen('out_of_service');
    await kiosk.screenshot('locked-by-pharmacist');
    // A prescription scanned at a locked kiosk is not even read.
    const [rx] = kiosk.demo.fresh();
    const before = kiosk.journal().length;
    await kiosk.scan(rx!.qrText);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ofType(kiosk.journal().slice(before), 'RX_ACCEPTED')).toHaveLength(0);
    await kiosk.kioskControl('/test/lists/install', { kind: 'lock', jws: lock(2, false) });
    await kiosk.waitForScreen('attract');
    const installed = ofType(kiosk.journal(), 'LIST_INSTALLED').filter(
      (e) => e.data.kind === 'lock',
    );
    expect(installed.map((e) => e.data.version)).toEqual([1, 2]);
  });
});
