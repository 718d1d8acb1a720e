import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../main/demo/prepare-demo';
import { DEMO_MEDICATION } from '../../main/prescriptions/demo-prescription';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';

/**
 * Every path of the patient's session besides the happy one (issue 6), driven in Chromium as a
 * patient would, with the simulators' control API standing in for the world: a blood pressure
 * in and out of the prescription's range, a patient who moves, paper out, help, cancel, the idle
 * timeout and the typed code. Each path saves a screenshot and checks what the journal holds.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('patient paths', () => {
  let kiosk: KioskHarness;
  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();
  const screenText = (screen: string) =>
    kiosk.page.locator(`[data-screen="${screen}"]`).innerText();

  /** A fresh prescription that asks for a blood pressure under the demo limit. */
  const vitalsRx = () => kiosk.demo.fresh().find((rx) => rx.name === 'with-vitals')!;

  async function toVitalsInstructions(): Promise<string> {
    const rx = vitalsRx();
    await kiosk.scan(rx.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('vitals');
    await kiosk.page.locator('[data-vitals-phase="instructions"]').waitFor({ timeout: 20_000 });
    return rx.jti;
  }

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  beforeEach(async () => {
    await kiosk.simControl('POST', '/printer/fault', { fault: 'clear' });
    await kiosk.simControl('POST', '/bp', { fault: 'clear' });
    // After a failed test: leave whatever screen it stopped on, so the next starts at attract.
    const leave = kiosk.page.locator(
      '[data-action="cancel"], [data-action="finish"], [data-action="close-help"]',
    );
    for (
      let i = 0;
      i < 5 && (await kiosk.page.locator('[data-screen="attract"]').count()) === 0;
      i++
    ) {
      if ((await leave.count()) > 0) await leave.first().click();
      await kiosk.page.waitForTimeout(500);
    }
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('vitals in range: a live dial while the cuff works, the result, then counselling, the packs and a label', async () => {
    await kiosk.simControl('POST', '/bp', { systolic: 128, diastolic: 82, pulse: 70 });
    const jti = await toVitalsInstructions();
    await kiosk.screenshot('vitals-instructions');
    await action('start-measure').click();
    await kiosk.page.locator('[data-vitals-phase="measuring"]').waitFor();
    // The dial follows the cuff: some pressure arrives while it inflates.
    await kiosk.page.locator('[data-pressure]:not([data-pressure=""])').first().waitFor();
    await kiosk.screenshot('vitals-measuring');
    await kiosk.page.locator('[data-vitals-phase="done"]').waitFor({ timeout: 60_000 });
    expect(await screenText('vitals')).toMatch(/128/);
    await kiosk.screenshot('vitals-result');
    await action('confirm').click();

    await kiosk.waitForScreen('confirm');
    await kiosk.screenshot('counselling');
    await action('confirm').click();
    await kiosk.waitForScreen('done', 60_000);
    await kiosk.page.locator('[data-label="printed"]').waitFor();
    await kiosk.screenshot('done-label-printed');

    const events = kiosk.journal();
    const vitals = ofType(events, 'VITALS_MEASURED').filter((e) => e.data.jti === jti);
    expect(vitals).toHaveLength(1);
    expect(vitals[0]!.data).toMatchObject({ kind: 'bp', systolic: 128, inRange: true });
    const counselled = ofType(events, 'COUNSELLING_ACKNOWLEDGED').find((e) => e.data.jti === jti);
    const intents = ofType(events, 'DISPENSE_INTENT').filter((e) => e.data.jti === jti);
    expect(intents).toHaveLength(2);
    expect(counselled!.seq).toBeLessThan(intents[0]!.seq);
    const printed = ofType(events, 'LABEL_PRINTED').find((e) => e.data.jti === jti);
    expect(printed?.data).toMatchObject({ labelId: `L-${intents[0]!.seq}`, reprint: false });

    // The label as the printer received it.
    const page = (await kiosk.printedPages()).at(-1)!;
    const label = {
      text: page.text.map((line) => line.trim()).join('\n'),
      qrCodes: page.qrCodes.map((q) => q.data),
    };
    expect(label.text).toContain(DEMO_SITE.kioskName);
    expect(label.text).toContain('Amlodipine 5 mg tablets');
    expect(label.text).toContain(DEMO_MEDICATION.dose);
    expect(label.text).toContain('Quantity: 2 packs');
    expect(label.text).toMatch(/Lot: AML-A1/);
    expect(label.text).toMatch(/Expires: \d{4}-\d{2}/);
    expect(label.text).toContain(DEMO_SITE.kioskId);
    expect(label.text).toContain(DEMO_SITE.pharmacistPhone);
    expect(label.qrCodes).toEqual([`RF:${DEMO_SITE.kioskId}:${intents[0]!.seq}`]);
    await action('finish').click();
    await kiosk.waitForScreen('attract');
  });

  it('vitals out of range: referred to the pharmacist, nothing dispensed', async () => {
    await kiosk.simControl('POST', '/bp', { systolic: 182, diastolic: 95, pulse: 80 });
    const jti = await toVitalsInstructions();
    await action('start-measure').click();
    await kiosk.waitForScreen('refused', 60_000);
    await kiosk.page.locator('[data-vitals-verdict]').first().waitFor();
    expect(await screenText('refused')).toMatch(/182/);
    expect(await screenText('refused')).toMatch(/pharmacist/i);
    await kiosk.screenshot('refused-vitals-out-of-range');
    const events = kiosk.journal();
    expect(ofType(events, 'VITALS_MEASURED').find((e) => e.data.jti === jti)?.data).toMatchObject({
      systolic: 182,
      inRange: false,
    });
    expect(ofType(events, 'DISPENSE_INTENT').filter((e) => e.data.jti === jti)).toHaveLength(0);
    await action('finish').click();
    await kiosk.waitForScreen('attract');
  });

  it('movement: asked to keep still, measured again, then in range', async () => {
    await kiosk.simControl('POST', '/bp', { systolic: 121, diastolic: 79, fault: 'motion' });
    const jti = await toVitalsInstructions();
    await action('start-measure').click();
    await kiosk.page.locator('[data-retry-cause="movement"]').first().waitFor({ timeout: 60_000 });
    await kiosk.screenshot('vitals-retry-movement');
    await kiosk.page.locator('[data-vitals-phase="instructions"]').waitFor({ timeout: 20_000 });
    await action('start-measure').click();
    await kiosk.page.locator('[data-vitals-phase="done"]').waitFor({ timeout: 60_000 });
    expect(await screenText('vitals')).toMatch(/121/);
    const vitals = ofType(kiosk.journal(), 'VITALS_MEASURED').filter((e) => e.data.jti === jti);
    expect(vitals.map((v) => v.data.inRange)).toEqual([true]);
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
  });

  it('paper out: the packs are given, the patient is told the label will come later, and it is queued', async () => {
    await kiosk.simControl('POST', '/printer/fault', { fault: 'paperOut' });
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    await action('confirm').click();
    await kiosk.waitForScreen('done', 60_000);
    await kiosk.page.locator('[data-label="failed"][data-label-problem="paper_out"]').waitFor();
    await kiosk.screenshot('done-paper-out');
    const events = kiosk.journal();
    const given = ofType(events, 'DISPENSE_RESULT').filter((r) =>
      ofType(events, 'DISPENSE_INTENT').some(
        (i) => i.seq === r.data.intentSeq && i.data.jti === rx!.jti,
      ),
    );
    expect(given.map((r) => r.data.outcome)).toEqual(['SUCCESS', 'SUCCESS']);
    const failed = ofType(events, 'LABEL_FAILED').find((e) => e.data.jti === rx!.jti);
    expect(failed?.data.reason).toMatch(/PAPER_OUT/);
    expect(failed?.data.label).toMatchObject({ quantity: 2, language: 'en' });
    await action('finish').click();
    await kiosk.waitForScreen('attract');
  });

  it('help: a call-me request is journaled once and the patient is told when to expect the call', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.waitForScreen('identify');
    await action('help').click();
    const dialog = kiosk.page.locator('[data-dialog="help"]');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/30 minutes/);
    await kiosk.screenshot('help');
    await action('close-help').click();
    await dialog.waitFor({ state: 'hidden' });
    await action('help').click();
    await dialog.waitFor();
    await action('close-help').click();
    const help = ofType(kiosk.journal(), 'HELP_REQUESTED').filter((e) => e.data.jti === rx!.jti);
    expect(help).toHaveLength(1);
    expect(help[0]!.data).toMatchObject({ screen: 'identify', language: 'en' });
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
  });

  it('cancel on the counselling screen: back to attract, nothing dispensed', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
    await kiosk.screenshot('cancelled');
    const events = kiosk.journal();
    expect(ofType(events, 'DISPENSE_INTENT').filter((e) => e.data.jti === rx!.jti)).toHaveLength(0);
    expect(
      ofType(events, 'COUNSELLING_ACKNOWLEDGED').filter((e) => e.data.jti === rx!.jti),
    ).toHaveLength(0);
  });

  it('idle timeout: a patient who walks away is forgotten', async () => {
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.waitForScreen('identify');
    await kiosk.screenshot('idle-before-timeout');
    await kiosk.kioskControl('/test/clock/advance', { ms: 61_000 });
    await kiosk.waitForScreen('attract');
    await kiosk.screenshot('idle-timed-out');
    // Started again, the kiosk asks for a prescription: nothing of the last patient is left.
    await action('start').click();
    await kiosk.waitForScreen('scan');
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
  });

  it('typed code while offline: the patient is told to call the pharmacist', async () => {
    await action('start').click();
    await kiosk.waitForScreen('scan');
    await action('enter-code').click();
    await kiosk.waitForScreen('enter_code');
    for (const key of '7KQ29F3M') await kiosk.page.locator(`[data-key="${key}"]`).first().click();
    await action('submit-code').click();
    await kiosk.page.locator('[data-code-state="offline"]').waitFor();
    expect(await screenText('enter_code')).toMatch(/pharmacist/i);
    await kiosk.screenshot('enter-code-offline');
    await action('cancel').click();
    await kiosk.waitForScreen('scan');
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
  });
});
