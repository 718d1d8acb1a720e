import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SITE, DEMO_TECHNICIAN } from '../../main/demo/prepare-demo';
import { DEMO_MEDICATION } from '../../main/prescriptions/demo-prescription';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loginDemoTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The technician panel's printer and vitals tools (issue 9), in Chromium as a technician uses
 * them: a label fails in a patient's session (paper out on the simulator), the technician loads
 * paper, logs in, sees the label queued (medicine and packs, no patient data, no token id),
 * reprints it and sees it leave the queue, with LABEL_PRINTED {reprint: true} in the journal;
 * prints a test page; then measures SpO2 and blood pressure on the simulators and sees the values.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('technician printer and vitals tools', () => {
  let kiosk: KioskHarness;
  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();

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

  it('a label that failed for a patient is reprinted from the printer tab; a test page prints', async () => {
    // A patient's session with the printer out of paper: the packs drop, the label fails.
    await kiosk.simControl('POST', '/printer/fault', { fault: 'paperOut' });
    const [rx] = kiosk.demo.fresh();
    await kiosk.scan(rx!.qrText);
    await kiosk.identify();
    await kiosk.waitForScreen('confirm');
    await action('confirm').click();
    await kiosk.waitForScreen('done', 60_000);
    await kiosk.page.locator('[data-label="failed"][data-label-problem="paper_out"]').waitFor();
    const failed = ofType(kiosk.journal(), 'LABEL_FAILED').find((e) => e.data.jti === rx!.jti);
    expect(failed).toBeDefined();
    const labelId = failed!.data.labelId as string;
    await action('finish').click();
    await kiosk.waitForScreen('attract');

    // The technician loads paper, then logs in and opens the printer tab.
    await kiosk.simControl('POST', '/printer/fault', { fault: 'clear' });
    const pagesBefore = (await kiosk.printedPages()).length;
    await loginDemoTechnician(kiosk);
    await openTechnicianTool(kiosk, 'printer');
    const tool = kiosk.page.locator('[data-tool="printer"]');
    const queued = tool.locator(`[data-queued-label="${labelId}"]`);
    await queued.waitFor();
    // The status read on opening the tab: paper back, cover closed, online.
    await tool.locator('[data-reach="answering"]').waitFor();
    await tool.locator('[data-aspect="paper"][data-level="ok"]').waitFor();
    const item = await queued.innerText();
    expect(item).toContain(DEMO_MEDICATION.display);
    expect(item).toMatch(/out of paper/);
    const panelText = await tool.innerText();
    expect(panelText).not.toContain(rx!.jti);
    expect(panelText).not.toContain(DEMO_MEDICATION.dose);
    await kiosk.screenshot('technician-printer');
    await axe('technician-printer');

    // Reprint: it leaves the queue, and the journal says it was printed as a reprint.
    await action(`tech-printer-reprint-${labelId}`).click();
    await queued.waitFor({ state: 'detached', timeout: 30_000 });
    await tool.locator('[data-queue="0"]').waitFor();
    const printed = ofType(kiosk.journal(), 'LABEL_PRINTED').filter(
      (e) => e.data.labelId === labelId,
    );
    expect(printed.map((e) => e.data)).toEqual([{ labelId, jti: rx!.jti, reprint: true }]);
    const reprint = ofType(kiosk.journal(), 'TECH_ACTION').find(
      (e) => e.data.action === 'label_reprint',
    );
    expect(reprint?.data).toMatchObject({ technicianId: DEMO_TECHNICIAN.id });
    const pages = await kiosk.printedPages();
    const label = pages[pagesBefore];
    expect(label?.text.map((l) => l.trim())).toContain(DEMO_MEDICATION.display);
    expect(label?.qrCodes.map((q) => q.data)).toEqual([
      `RF:${DEMO_SITE.kioskId}:${labelId.slice(2)}`,
    ]);

    // The test page.
    await action('tech-printer-test-page').click();
    await tool.locator('[data-test-page="printed"]').waitFor({ timeout: 30_000 });
    const testPage = (await kiosk.printedPages()).at(-1);
    expect(testPage?.text.map((l) => l.trim())).toContain('PRINTER TEST PAGE');
    expect(testPage?.qrCodes.map((q) => q.data)).toEqual([`TEST:${DEMO_SITE.kioskId}`]);
    const testAction = ofType(kiosk.journal(), 'TECH_ACTION').find(
      (e) => e.data.action === 'printer_test_page',
    );
    expect(testAction?.data).toEqual({
      technicianId: DEMO_TECHNICIAN.id,
      action: 'printer_test_page',
      detail: 'printed',
    });
  });

  it('the vitals tab measures SpO2 and blood pressure on the simulators, with the live gauges', async () => {
    const vitalsBefore = ofType(kiosk.journal(), 'VITALS_MEASURED').length;
    await openTechnicianTool(kiosk, 'vitals');
    const tool = kiosk.page.locator('[data-tool="vitals"]');
    await tool.locator('[data-vitals-link="oximeter"][data-link="ready"]').waitFor();
    await tool.locator('[data-vitals-link="bpCuff"][data-link="ready"]').waitFor();

    await kiosk.simControl('POST', '/oximeter', { spo2: 96, hr: 71, fault: 'clear' });
    await action('tech-vitals-measure-oximeter').click();
    // The same pulse wave the patient sees, while it measures (or the result, if that was quick).
    await tool
      .locator('svg.pleth:not([data-samples="0"]), [data-vitals-phase="done"]')
      .first()
      .waitFor();
    await tool
      .locator('[data-vitals-phase="done"][data-device="oximeter"]')
      .waitFor({ timeout: 30_000 });
    await tool.locator('[data-reading="spo2"][data-value="96"]').waitFor();
    await tool.locator('[data-reading="pulse"][data-value="71"]').waitFor();

    await kiosk.simControl('POST', '/bp', {
      systolic: 124,
      diastolic: 81,
      pulse: 68,
      fault: 'clear',
    });
    await action('tech-vitals-measure-bpCuff').click();
    // The cuff's dial follows the pressure while it inflates.
    await tool.locator('svg.dial[data-pressure]:not([data-pressure=""])').waitFor();
    await kiosk.screenshot('technician-vitals-measuring');
    await tool
      .locator('[data-vitals-phase="done"][data-device="bpCuff"]')
      .waitFor({ timeout: 60_000 });
    await tool.locator('[data-reading="bp"][data-value="124/81"]').waitFor();
    await tool.locator('[data-reading="pulse"][data-value="68"]').waitFor();
    await kiosk.screenshot('technician-vitals');
    await axe('technician-vitals');

    const tests = ofType(kiosk.journal(), 'TECH_ACTION').filter(
      (e) => e.data.action === 'vitals_test',
    );
    expect(tests.map((e) => e.data)).toEqual([
      { technicianId: DEMO_TECHNICIAN.id, action: 'vitals_test', detail: 'oximeter: reading' },
      { technicianId: DEMO_TECHNICIAN.id, action: 'vitals_test', detail: 'bpCuff: reading' },
    ]);
    // A technician's test is nobody's reading.
    expect(ofType(kiosk.journal(), 'VITALS_MEASURED')).toHaveLength(vitalsBefore);
  });
});
