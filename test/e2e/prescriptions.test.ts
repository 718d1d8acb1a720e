import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';

/**
 * Prescription rules at the kiosk, driven as a patient would through Chromium: the patient check
 * locks a prescription after three wrong answers, and the lock survives a kill -9.
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
  });
});
