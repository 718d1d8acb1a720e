import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubAndKiosk, type HubAndKiosk } from './harness/hub-and-kiosk';
import type { JournalLine, KioskHarness } from './harness/kiosk-harness';

/**
 * DESIGN §9, end to end: a prescription QR cannot be typed, so the console prints a short code
 * under it. A hub (PGlite, pharmacist console) and a kiosk enrolled with it, both in one Chromium:
 * the pharmacist signs a prescription in the console, which shows the code under the QR; the
 * patient, whose QR will not scan, touches "type the code", types it on the kiosk's keypad, and
 * gets the medicine after the same checks as a scan. A code nobody was given is "not found"; a
 * revoked prescription's code is refused as revoked; with the hub stopped the kiosk says to call
 * the pharmacist. The kiosk journals outcomes by prescription id, never the code or the token.
 */

const ROOT = path.join(import.meta.dirname, '..', '..');
const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
const SITE = { siteId: 'site-mvule', name: 'Mvule health post' };
const PHARMACIST = { username: 'neema', displayName: 'Neema Otieno', password: 'e2e short code' };
const PATIENT = { birthDate: '1967-08-21', pin: '731946' };
/** The right shape, but 0 and O are never in an issued code. */
const NEVER_ISSUED = 'OD-0000-OOOO';

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('a patient types the short code printed under the QR', () => {
  let rig: HubAndKiosk;
  let kiosk: KioskHarness;
  let consolePage: Page;
  let rx: { jti: string; qrText: string; shortCode: string };

  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();

  /**
   * Signs a one-fill prescription of the demo amlodipine; its id, QR text and short code.
   * `previous`: the code the page shows from the last one, until the new one replaces it.
   */
  async function issueInConsole(
    previous?: string,
  ): Promise<{ jti: string; qrText: string; shortCode: string }> {
    const issued = await rig.issueInConsole({
      patient: PATIENT,
      daysPerFill: 30,
      ...(previous !== undefined && { previousShortCode: previous }),
    });
    expect(issued.shortCode).toMatch(/^OD-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(issued.qrText).toMatch(/^shc:\/\d+$/);
    return issued;
  }

  /** From the attract screen to the code keypad, then the eight characters after `OD-`. */
  async function typeCode(code: string): Promise<void> {
    await kiosk.waitForScreen('attract');
    await action('start').click();
    await kiosk.waitForScreen('scan');
    await action('enter-code').click();
    await kiosk.page.locator('[data-screen="enter_code"][data-code-state="typing"]').waitFor();
    for (const character of code.slice(3).replace('-', ''))
      await kiosk.page.locator(`.code-keypad [data-key="${character}"]`).click();
    await kiosk.page.locator('[data-screen="enter_code"][data-typed-length="8"]').waitFor();
    await expect.poll(() => kiosk.page.locator('[data-code-display]').textContent()).toBe(code);
  }

  async function submitCode(): Promise<void> {
    await action('submit-code').click();
  }

  beforeAll(async () => {
    rig = await startHubAndKiosk({
      name: 'short-code',
      site: SITE,
      pharmacist: PHARMACIST,
      shotsDir: SHOTS,
    });
    ({ kiosk, consolePage } = rig);
    // One sync round, so the kiosk runs on the hub's lists inside its offline window.
    await kiosk.kioskControl('/test/sync');
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('the console shows the short code under the QR of a prescription it signs', async () => {
    await rig.signIn();

    rx = await issueInConsole();
    // Under the QR, and printed with it (the print style hides the form, not the code).
    const qrBox = await consolePage.locator('img[data-qr="prescription"]').boundingBox();
    const codeBox = await consolePage.locator('.issued [data-short-code]').boundingBox();
    expect(codeBox!.y).toBeGreaterThan(qrBox!.y + qrBox!.height - 1);
    await consolePage.emulateMedia({ media: 'print' });
    expect(await consolePage.locator('.issued [data-short-code]').isVisible()).toBe(true);
    await consolePage.emulateMedia({ media: 'screen' });
    await consolePage
      .locator('.issued')
      .screenshot({ path: path.join(SHOTS, 'short-code-console.png') });
  });

  it('the patient types the code on the kiosk keypad and the medicine is dispensed', async () => {
    const before = kiosk.journal().length;
    await typeCode(rx.shortCode);
    await kiosk.screenshot('short-code-entry');
    await submitCode();
    await kiosk.page
      .locator('[data-screen="identify"], [data-screen="refused"]')
      .first()
      .waitFor({ timeout: 30_000 });
    if ((await kiosk.page.locator('[data-screen="refused"]').count()) > 0) {
      const refused = ofType(kiosk.journal().slice(before), 'RX_REFUSED').at(-1);
      throw new Error(`the kiosk refused the typed code: ${JSON.stringify(refused?.data)}`);
    }
    await kiosk.identifyAnyLanguage(PATIENT.birthDate, PATIENT.pin);
    await kiosk.waitForScreen('confirm');
    await action('confirm').click();
    await kiosk.waitForScreen('done', 60_000);
    await action('finish').click();
    await kiosk.waitForScreen('attract');

    const journal = kiosk.journal().slice(before);
    // The same verification as a scan: accepted by the prescription's id, then filled.
    expect(ofType(journal, 'RX_ACCEPTED').map((e) => e.data.jti)).toEqual([rx.jti]);
    const intents = ofType(journal, 'DISPENSE_INTENT').filter((e) => e.data.jti === rx.jti);
    expect(intents).toHaveLength(1);
    const results = ofType(journal, 'DISPENSE_RESULT').filter(
      (e) => e.data.intentSeq === intents[0]!.seq,
    );
    expect(results.map((e) => e.data.outcome)).toEqual(['SUCCESS']);
  });

  it('the same code again is refused by the kiosk’s own rules: its one fill is used', async () => {
    const before = kiosk.journal().length;
    await typeCode(rx.shortCode);
    await submitCode();
    await kiosk.waitForScreen('refused');
    await kiosk.page.locator('[data-refusal-reason="no_fills_left"]').waitFor();
    expect(ofType(kiosk.journal().slice(before), 'RX_REFUSED').map((e) => e.data.reason)).toEqual([
      'no_fills_left',
    ]);
    await action('finish').click();
  });

  it('a code nobody was given is not found; what was typed stays to be corrected', async () => {
    const before = kiosk.journal().length;
    await typeCode(NEVER_ISSUED);
    await submitCode();
    await kiosk.page.locator('[data-screen="enter_code"][data-code-state="not_found"]').waitFor();
    expect(await kiosk.page.locator('[data-code-display]').textContent()).toBe(NEVER_ISSUED);
    await kiosk.screenshot('short-code-not-found');
    expect(ofType(kiosk.journal().slice(before), 'RX_ACCEPTED')).toEqual([]);
    await action('cancel').click();
    await kiosk.waitForScreen('scan');
    await action('cancel').click();
  });

  it('a revoked prescription’s code is refused as revoked, though the kiosk has not synced since', async () => {
    const revoked = await issueInConsole(rx.shortCode);
    await rig.goTo('Refills, revocations, recalls', 'prescriptions');
    const form = consolePage.locator('[data-form="revoke"]');
    await form.getByLabel('Prescription id').fill(revoked.jti);
    await form.getByLabel('Reason').fill('dose changed');
    await form.getByRole('button', { name: 'Revoke prescription' }).click();
    // The form's outcome (an error would show here instead, as an alert).
    await expect.poll(() => form.locator('.outcome').textContent()).toContain('Revoked');

    const before = kiosk.journal().length;
    await typeCode(revoked.shortCode);
    await submitCode();
    await kiosk.waitForScreen('refused');
    await kiosk.page.locator('[data-refusal-reason="revoked"]').waitFor();
    expect(ofType(kiosk.journal().slice(before), 'RX_REFUSED').map((e) => e.data.reason)).toEqual([
      'revoked',
    ]);
    await action('finish').click();
  });

  it('with the hub stopped the kiosk says to call the pharmacist', async () => {
    await rig.stopHub();
    await typeCode(rx.shortCode);
    await submitCode();
    await kiosk.page.locator('[data-screen="enter_code"][data-code-state="offline"]').waitFor();
    await kiosk.screenshot('short-code-offline');
    await action('cancel').click();
    await kiosk.waitForScreen('scan');
    await action('cancel').click();
    await kiosk.waitForScreen('attract');
  });

  it('neither the journal nor the kiosk log holds a code or a token', () => {
    const journalDir = path.join(kiosk.dataDir, 'journal');
    const journalText = readdirSync(journalDir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(path.join(journalDir, f), 'utf8'))
      .join('');
    for (const text of [journalText, kiosk.kioskLog]) {
      expect(text).not.toContain(rx.shortCode);
      expect(text).not.toContain(NEVER_ISSUED);
      expect(text).not.toContain('shc:/');
      expect(text).not.toContain(rx.qrText.slice(5, 45));
    }
    expect(rig.pageProblems).toEqual([]);
  });
});
