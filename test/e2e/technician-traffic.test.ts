import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN } from '../../main/demo/prepare-demo';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loginDemoTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The technician panel's live traffic and scanner test (issue 9 items 4 and 5), in Chromium on
 * the simulators: the dispenser's POLLs appear in hex beside their decoding, Pause freezes the
 * list while the counters keep moving, Clear empties it; a prescription scanned while the
 * scanner's traffic is shown appears only redacted. A test page printed from the printer tab
 * shows as its job and DLE EOT status exchanges; the oximeter's packets show by their flags only,
 * never a value. On the scanner tab a GS1 pack is broken down field by field, and a wrong GTIN
 * check digit is flagged.
 */

const GS = '\u001d';
const GTIN = '09506000134352';

describe('technician live traffic and scanner test', () => {
  let kiosk: KioskHarness;
  const tool = (name: string) => kiosk.page.locator(`[data-tool="${name}"]`);
  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();
  const rows = () => tool('traffic').locator('tr[data-frame-id]');
  /** Rows whose decoded column matches (the row's text also holds its time and status). */
  const decoded = (text: RegExp) =>
    rows().filter({ has: kiosk.page.locator('[data-decoded]', { hasText: text }) });

  async function axe(name: string): Promise<void> {
    // Legacy mode runs axe in the page itself (the harness page has no separate context).
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`),
      name,
    ).toEqual([]);
  }

  const frameIds = async (): Promise<number[]> =>
    (await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-frame-id')))).map(
      Number,
    );

  const counter = async (name: string): Promise<number> =>
    Number(await tool('traffic').locator(`[data-counter="${name}"] dd`).getAttribute('data-value'));

  /** Waits until the page's counter passes `value` (the ring is recording). */
  const counterAbove = (name: string, value: number) =>
    kiosk.page.waitForFunction(
      ([n, v]) =>
        Number(
          document
            .querySelector(`[data-tool="traffic"] [data-counter="${n}"] dd`)
            ?.getAttribute('data-value'),
        ) > Number(v),
      [name, String(value)] as const,
    );

  const scanTexts = (events: JournalLine[]) =>
    events.filter((e) => e.type === 'TECH_ACTION' && e.data.action === 'scanner_test');

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
    await loginDemoTechnician(kiosk);
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('shows dispenser frames in hex and decoded; Pause freezes them, Clear forgets them', async () => {
    await openTechnicianTool(kiosk, 'traffic');
    await tool('traffic')
      .locator('[data-traffic-device="dispenser"][aria-pressed="true"]')
      .waitFor();
    await kiosk.page.waitForFunction(
      () => document.querySelectorAll('[data-tool="traffic"] tr[data-frame-id]').length >= 5,
    );
    const poll = rows().filter({ hasText: 'POLL' }).first();
    expect(await poll.locator('[data-hex]').innerText()).toMatch(/^fa fb( [0-9a-f]{2})+$/);
    expect(await poll.locator('[data-decoded]').innerText()).toBe('POLL');
    expect(await poll.getAttribute('data-good')).toBe('true');
    expect(await counter('good')).toBeGreaterThanOrEqual(5);
    await kiosk.screenshot('technician-traffic');
    await axe('technician-traffic');

    await action('tech-traffic-pause').click();
    await tool('traffic').and(kiosk.page.locator('[data-paused="true"]')).waitFor();
    const frozen = await frameIds();
    const good = await counter('good');
    // The ring keeps recording (the counter moves) while the list stays as it was.
    await counterAbove('good', good + 5);
    expect(await frameIds()).toEqual(frozen);

    await action('tech-traffic-clear').click();
    await tool('traffic').locator('[data-frames="0"]').waitFor();
    await action('tech-traffic-resume').click();
    await rows().first().waitFor();
    expect(Math.min(...(await frameIds()))).toBeGreaterThan(Math.max(...frozen));
    expect(
      kiosk.journal().some((e) => e.type === 'TECH_ACTION' && e.data.action === 'traffic_clear'),
    ).toBe(true);
  });

  it("shows a prescription scanned while watching the scanner's traffic only redacted", async () => {
    const rx = kiosk.demo.prescriptions.valid;
    await tool('traffic').locator('[data-traffic-device="scanner"]').click();
    await tool('traffic').and(kiosk.page.locator('[data-device="scanner"]')).waitFor();
    await tool('traffic').locator('[data-note="redacted"]').waitFor();
    await kiosk.scan(rx.qrText, ']Q1');
    const scanRow = rows().filter({ hasText: `scan ]Q1 QR Code, ${rx.qrText.length} chars` });
    await scanRow.first().waitFor();
    expect(await scanRow.first().locator('[data-decoded]').innerText()).toContain(
      `"${rx.qrText.slice(0, 8)}…"`,
    );
    // ]Q1 then "shc:/" and three digits in hex, then nothing more of the payload.
    expect(await scanRow.first().locator('[data-hex]').innerText()).toMatch(
      /^5d 51 31 73 68 63 3a 2f 3\d 3\d 3\d …$/,
    );
    await kiosk.screenshot('technician-traffic-scanner');
    await axe('technician-traffic-scanner');
    const page = await kiosk.page.content();
    expect(rx.qrText.length).toBeGreaterThan(100);
    for (const needle of [rx.qrText, rx.qrText.slice(0, 12), rx.qrText.slice(60, 90), rx.jti])
      expect(page).not.toContain(needle);
  });

  it("shows a printed test page's job and status exchanges, and the oximeter's packets without values", async () => {
    await openTechnicianTool(kiosk, 'printer');
    await action('tech-printer-test-page').click();
    await tool('printer').locator('[data-test-page="printed"]').waitFor({ timeout: 30_000 });

    await openTechnicianTool(kiosk, 'traffic');
    await tool('traffic').locator('[data-traffic-device="printer"]').click();
    await tool('traffic').and(kiosk.page.locator('[data-device="printer"]')).waitFor();
    const job = decoded(/^print job, \d+ bytes$/);
    await job.first().waitFor();
    expect(await job.first().getAttribute('data-dir')).toBe('tx');
    // ESC @ and 62 more bytes, then how many more were sent.
    expect(await job.first().locator('[data-hex]').innerText()).toMatch(
      /^1b 40( [0-9a-f]{2}){62} …\(\+\d+ bytes\)$/,
    );
    const query = rows().filter({ hasText: 'status request DLE EOT 2' }).first();
    expect(await query.locator('[data-hex]').innerText()).toBe('10 04 02');
    await rows().filter({ hasText: 'reply to DLE EOT 2: nothing set' }).first().waitFor();
    await rows().filter({ hasText: 'status: paper ok, cover closed, online' }).first().waitFor();
    expect(await counter('sent')).toBeGreaterThanOrEqual(5);
    expect(await counter('bad')).toBe(0);
    await kiosk.screenshot('technician-traffic-printer');
    await axe('technician-traffic-printer');

    // Values no timestamp or count on the page could contain by chance.
    await kiosk.simControl('POST', '/oximeter', { spo2: 83, hr: 187, fault: 'clear' });
    await tool('traffic').locator('[data-traffic-device="oximeter"]').click();
    await tool('traffic').and(kiosk.page.locator('[data-device="oximeter"]')).waitFor();
    await tool('traffic').locator('[data-note="values-dropped"]').waitFor();
    const packet = decoded(/^packet 25 frames \(125 bytes\), SYNC ok/);
    await counterAbove('good', 3);
    await packet.first().waitFor();
    expect(await packet.first().getAttribute('data-good')).toBe('true');
    expect(await packet.first().locator('[data-decoded]').innerText()).toContain(
      '(values not recorded)',
    );
    // No bytes are kept: the hex column says so.
    expect(await packet.first().locator('[data-hex] .traffic__none').count()).toBe(1);
    await kiosk.screenshot('technician-traffic-oximeter');
    await axe('technician-traffic-oximeter');
    // The time column is left out: its milliseconds could hold any digits.
    const shown = (
      await tool('traffic').locator('tbody [data-decoded], tbody [data-hex]').allInnerTexts()
    ).join('\n');
    expect(shown).toContain('values not recorded');
    expect(shown).not.toContain('187');
    expect(shown).not.toContain('83');
  });

  it('breaks down a GS1 pack on the scanner tab and flags a wrong check digit', async () => {
    await openTechnicianTool(kiosk, 'scanner');
    const year = String((new Date().getUTCFullYear() + 2) % 100).padStart(2, '0');
    const pack = `01${GTIN}17${year}1231` + `10LOT42${GS}21SN0001`;
    await kiosk.scan(pack, ']d2');
    const newest = tool('scanner').locator('li[data-scan-id]').first();
    await newest.and(kiosk.page.locator('[data-kind="gs1"]')).waitFor();
    await newest.locator('[data-field="gtin"][data-check="valid"]').waitFor();
    await newest.locator('[data-field="expiry"][data-check="valid"]').waitFor();
    expect(await newest.locator('[data-symbology]').innerText()).toBe('GS1 DataMatrix');
    expect(await newest.locator('[data-field="lot"]').innerText()).toContain('LOT42');
    expect(await newest.locator('[data-field="serial"]').innerText()).toContain('SN0001');
    expect(await newest.locator('[data-field="gtin"]').innerText()).toContain('Check digit valid');
    await kiosk.screenshot('technician-scanner');
    await axe('technician-scanner');

    await kiosk.scan(pack.replace(GTIN, '09506000134353'), ']d2');
    const flagged = newest.locator('[data-field="gtin"][data-check="invalid"]');
    await flagged.waitFor();
    expect(await flagged.innerText()).toContain('09506000134353');
    expect(await flagged.innerText()).toContain('Check digit invalid (should be 2)');
    // The rest of the pack is still read.
    await newest.locator('[data-field="lot"]').waitFor();
    await kiosk.screenshot('technician-scanner-bad-check-digit');
    await axe('technician-scanner-bad-check-digit');

    const rx = kiosk.demo.prescriptions.valid;
    await kiosk.scan(rx.qrText, ']Q1');
    await newest.and(kiosk.page.locator('[data-kind="prescription"]')).waitFor();
    const page = await kiosk.page.content();
    for (const needle of [rx.qrText.slice(0, 12), rx.qrText.slice(60, 90), rx.jti])
      expect(page).not.toContain(needle);

    const events = await kiosk.waitForJournal((e) => scanTexts(e).length >= 3);
    const scans = scanTexts(events);
    expect(scans.every((e) => e.data.technicianId === DEMO_TECHNICIAN.id)).toBe(true);
    expect(scans.map((e) => String(e.data.detail).split(' ')[0])).toEqual([
      'gs1',
      'gs1',
      'prescription',
    ]);
    expect(JSON.stringify(scans)).not.toContain(rx.qrText.slice(0, 12));
    expect(JSON.stringify(scans)).not.toContain(rx.jti);
  });
});
