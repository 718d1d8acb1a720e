import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN } from '../../main/demo/prepare-demo';
import { loadBadgeIssuerKey } from '../../main/technician/badge-issuer-key';
import { signBadge } from '../../main/technician/badge';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';

/**
 * The technician's diagnostics mode (issue 9), driven in Chromium on the simulators: the demo
 * technician's service badge is scanned at the attract screen and their PIN typed on the
 * keypad; the panel shows each device and runs the self-test; wrong PINs lock the badge even
 * across a kill -9; an expired badge is refused; an idle technician is logged out.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('technician diagnostics', () => {
  let kiosk: KioskHarness;
  const step = (name: string) =>
    kiosk.page.locator(`[data-screen="technician"] [data-step="${name}"]`).first();
  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();

  async function typePin(pin: string): Promise<void> {
    await step('pin').waitFor();
    const keypad = kiosk.page.locator('[data-screen="technician"] .keypad');
    for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await action('tech-submit-pin').click();
  }

  async function axe(name: string): Promise<void> {
    // Legacy mode runs axe in the page itself (the harness page has no separate context).
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`),
      name,
    ).toEqual([]);
  }

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('badge + PIN opens the panel; the self-test names the unplugged scanner; logout returns to attract', async () => {
    await kiosk.scan(kiosk.demo.technicianBadge.qrText, ']Q1');
    await kiosk.waitForScreen('technician');
    await step('pin').waitFor();
    // Whoever walks up meanwhile reads, in their language, that the kiosk is out of service.
    for (const language of ['en', 'es', 'fr', 'sw'])
      expect(
        await kiosk.page.locator(`[data-service-banner] li[lang="${language}"]`).textContent(),
      ).toMatch(/\S/);
    await kiosk.screenshot('technician-pin');
    await axe('technician-pin');
    await typePin(DEMO_TECHNICIAN.pin);
    await step('panel').waitFor();
    for (const device of ['dispenser', 'scanner', 'printer', 'oximeter', 'bpCuff'])
      await kiosk.page.locator(`[data-device="${device}"]`).waitFor();
    // The board has been polled since the kiosk started: its card counts good frames.
    const good = await kiosk.page
      .locator('[data-device="dispenser"] [data-frames-good]')
      .getAttribute('data-frames-good');
    expect(Number(good)).toBeGreaterThan(0);
    await kiosk.screenshot('technician-panel');
    await axe('technician-panel');
    const login = ofType(kiosk.journal(), 'TECH_LOGIN').at(-1);
    expect(login?.data).toMatchObject({ technicianId: DEMO_TECHNICIAN.id });
    expect(JSON.stringify(kiosk.journal())).not.toContain(DEMO_TECHNICIAN.pin);

    await kiosk.simControl('POST', '/device/unplug', { device: 'scanner' });
    try {
      await kiosk.page.locator('[data-device="scanner"][data-link="lost"]').waitFor();
      await action('tech-self-test').click();
      const scannerItem = kiosk.page.locator('[data-item="device:scanner"][data-passed="false"]');
      await scannerItem.waitFor({ timeout: 60_000 });
      await kiosk.screenshot('technician-self-test-scanner-unplugged');
      const events = await kiosk.waitForJournal((e) => ofType(e, 'SELF_TEST').length > 0);
      const selfTest = ofType(events, 'SELF_TEST').at(-1);
      expect(selfTest?.data.failed).toContain('device:scanner');
      // Everything else is healthy on the simulators.
      expect(selfTest?.data.failed).toEqual(['device:scanner']);
    } finally {
      await kiosk.simControl('POST', '/device/replug', { device: 'scanner' });
      await kiosk.waitForDeviceLink('scanner', 'ready');
    }

    await action('tech-logout').click();
    await kiosk.waitForScreen('attract');
    expect(ofType(kiosk.journal(), 'TECH_LOGOUT').at(-1)?.data).toMatchObject({ reason: 'user' });
  });

  it('an idle technician is logged out after 5 minutes', async () => {
    await kiosk.scan(kiosk.demo.technicianBadge.qrText, ']Q1');
    await typePin(DEMO_TECHNICIAN.pin);
    await step('panel').waitFor();
    await kiosk.kioskControl('/test/clock/advance', { ms: 5 * 60_000 + 1_000 });
    await kiosk.waitForScreen('attract');
    expect(ofType(kiosk.journal(), 'TECH_LOGOUT').at(-1)?.data).toMatchObject({ reason: 'idle' });
  });

  it('an expired badge is refused with the reason', async () => {
    const key = await loadBadgeIssuerKey(join(kiosk.root, 'demo', 'badge-issuer'));
    if (!key.ok) throw new Error(key.error.detail);
    const now = Math.floor(Date.now() / 1000);
    const expired = signBadge(key.value.privateKey, {
      technicianId: DEMO_TECHNICIAN.id,
      name: DEMO_TECHNICIAN.name,
      roles: [...DEMO_TECHNICIAN.roles],
      nbf: now - 40 * 86_400,
      exp: now - 86_400,
    });
    if (!expired.ok) throw new Error(expired.error);
    await kiosk.scan(expired.value.qrText, ']Q1');
    await kiosk.waitForScreen('technician');
    await kiosk.page.locator('[data-refusal-reason="expired"]').first().waitFor();
    await kiosk.screenshot('technician-badge-expired');
    expect(ofType(kiosk.journal(), 'TECH_BADGE_REFUSED').at(-1)?.data).toMatchObject({
      reason: 'expired',
    });
    await action('tech-cancel').click();
    await kiosk.waitForScreen('attract');
  });

  it('3 wrong PINs lock the badge, still locked after kill -9 and restart', async () => {
    await kiosk.scan(kiosk.demo.technicianBadge.qrText, ']Q1');
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await typePin('000000');
      if (attempt < 3)
        await kiosk.page.locator('[data-screen="technician"] [data-last-wrong="true"]').waitFor();
    }
    await step('locked_out').waitFor();
    await kiosk.screenshot('technician-locked-out');
    const attempts = ofType(kiosk.journal(), 'TECH_PIN_ATTEMPT');
    const locked = ofType(kiosk.journal(), 'TECH_LOCKED').at(-1);
    expect(locked).toBeDefined();
    // Each attempt was journaled before the PIN was compared, so the third comes before the lock.
    expect(attempts.at(-1)!.seq).toBeLessThan(locked!.seq);

    await kiosk.killAndRestartKiosk();
    await kiosk.scan(kiosk.demo.technicianBadge.qrText, ']Q1');
    await kiosk.waitForScreen('technician');
    await step('locked_out').waitFor();
    // The right PIN is never asked for while the badge is locked.
    expect(await step('pin').count()).toBe(0);
  });
});
