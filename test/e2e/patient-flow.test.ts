import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';

/**
 * The walking skeleton, driven as a patient would: a prescription QR is read by the simulated
 * scanner over its PTY, the kiosk verifies it, the patient confirms on the touchscreen in
 * Chromium, and the simulated board drops the packs. Faults go through the simulator control API.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('patient flow on simulated hardware', () => {
  let kiosk: KioskHarness;

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('scans the demo prescription, dispenses both packs and the board reports the drops', async () => {
    const before = await kiosk.dispenserState();
    await kiosk.screenshot('attract');
    await kiosk.scan(kiosk.demo.prescriptions.valid.qrText);
    await kiosk.waitForScreen('identify');
    await kiosk.screenshot('identify');
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    expect(await kiosk.page.locator('[data-screen="confirm"]').innerText()).toMatch(/Amlodipine/);
    await kiosk.screenshot('confirm');
    await kiosk.page.locator('[data-action="confirm"]').click();
    await kiosk.waitForScreen('dispensing');
    await kiosk.screenshot('dispensing');
    await kiosk.waitForScreen('done');
    await kiosk.screenshot('done');

    const after = await kiosk.dispenserState();
    const drops = (s: typeof after) => s.slots.reduce((n, slot) => n + slot.drops, 0);
    expect(drops(after) - drops(before)).toBe(2);
    expect(after.totalMotorRuns - before.totalMotorRuns).toBe(2);

    const events = kiosk.journal();
    const intents = ofType(events, 'DISPENSE_INTENT').filter(
      (e) => e.data.jti === kiosk.demo.prescriptions.valid.jti,
    );
    expect(intents).toHaveLength(2);
    for (const intent of intents) {
      const result = ofType(events, 'DISPENSE_RESULT').find((r) => r.data.intentSeq === intent.seq);
      expect(result?.data.outcome).toBe('SUCCESS');
      expect(result!.seq).toBeGreaterThan(intent.seq);
    }
    await kiosk.page.getByRole('button', { name: /finish|done/i }).click();
    await kiosk.waitForScreen('attract');
  });

  it('refuses a prescription whose signature does not verify, and says why', async () => {
    await kiosk.scan(kiosk.demo.prescriptions.badSignature.qrText);
    await kiosk.waitForScreen('refused');
    await kiosk.screenshot('refused-bad-signature');
    const refused = ofType(kiosk.journal(), 'RX_REFUSED').at(-1);
    expect(refused?.data.reason).toBe('bad_signature');
    expect(await kiosk.page.locator('[data-screen="refused"]').innerText()).toMatch(/pharmacist/i);
    await kiosk.page.getByRole('button', { name: /ok/i }).click();
    await kiosk.waitForScreen('attract');
  });

  it('tells the patient when a jammed slot gave nothing, with INTENT and a failed RESULT journaled', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.injectFault('jam', 1);
    await kiosk.injectFault('jam', 2);
    await kiosk.scan(rx!.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    await kiosk.page.locator('[data-action="confirm"]').click();
    await kiosk.waitForScreen('done', 60_000);
    await kiosk.screenshot('done-jammed');
    const doneText = await kiosk.page.locator('[data-screen="done"]').innerText();
    expect(doneText).toMatch(/could not give you any of the 2 packs/i);
    expect(doneText).toMatch(/pharmacist will be told/i);

    const events = kiosk.journal();
    const intents = ofType(events, 'DISPENSE_INTENT').filter((e) => e.data.jti === rx!.jti);
    expect(intents.length).toBeGreaterThanOrEqual(2);
    for (const intent of intents) {
      const result = ofType(events, 'DISPENSE_RESULT').find((r) => r.data.intentSeq === intent.seq);
      expect(result?.data.outcome).toBe('FAIL_JAM');
    }
    await kiosk.injectFault('clear');
    await kiosk.page.getByRole('button', { name: /finish|done/i }).click();
    await kiosk.waitForScreen('attract');
  });

  it('after a kill -9 between INTENT and RESULT, restart marks it UNCERTAIN and never drives it again', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    const runsBefore = (await kiosk.dispenserState()).totalMotorRuns;
    await kiosk.page.locator('[data-action="confirm"]').click();
    const withIntent = await kiosk.waitForJournal((events) =>
      ofType(events, 'DISPENSE_INTENT').some((e) => e.data.jti === rx!.jti),
    );
    const intent = ofType(withIntent, 'DISPENSE_INTENT').find((e) => e.data.jti === rx!.jti)!;
    // Wait until the board's motor is turning, then cut the power to the kiosk process.
    const deadline = Date.now() + 10_000;
    while ((await kiosk.dispenserState()).totalMotorRuns === runsBefore && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(
      ofType(kiosk.journal(), 'DISPENSE_RESULT').some((r) => r.data.intentSeq === intent.seq),
    ).toBe(false);
    await kiosk.killAndRestartKiosk();

    const events = kiosk.journal();
    const result = ofType(events, 'DISPENSE_RESULT').find((r) => r.data.intentSeq === intent.seq);
    expect(result?.data.outcome).toBe('UNCERTAIN');
    // The motor ran once, before the kill; the restarted kiosk must not drive it again.
    const runsAfterRestart = (await kiosk.dispenserState()).totalMotorRuns;
    expect(runsAfterRestart - runsBefore).toBe(1);
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await kiosk.dispenserState()).totalMotorRuns).toBe(runsAfterRestart);
    expect(
      ofType(kiosk.journal(), 'DISPENSE_INTENT').filter((e) => e.data.jti === rx!.jti),
    ).toHaveLength(1);
  });

  it('shows a pulled scanner cable as not connected, and ready again once it is plugged back', async () => {
    for (const device of ['dispenser', 'scanner', 'printer', 'oximeter', 'bpCuff'])
      await kiosk.waitForDeviceLink(device, 'ready');
    await kiosk.simControl('POST', '/device/unplug', { device: 'scanner' });
    await kiosk.waitForDeviceLink('scanner', 'lost');
    await kiosk.screenshot('scanner-unplugged');
    await kiosk.simControl('POST', '/device/replug', { device: 'scanner' });
    await kiosk.waitForDeviceLink('scanner', 'ready');
    // The scanner works again: a scan after the replug reaches the kiosk.
    await kiosk.scan(kiosk.demo.prescriptions.badSignature.qrText);
    await kiosk.waitForScreen('refused');
    await kiosk.page.getByRole('button', { name: /ok/i }).click();
    await kiosk.waitForScreen('attract');
  });
});
