import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN } from '../../main/demo/prepare-demo';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loginDemoTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The technician panel's dispenser tool (issue 9 item 5), driven in Chromium on the simulators:
 * rotate slot 1 (confirmed) drops a pack recorded as a stock adjustment, never as a dispense; a
 * jammed spiral is reported in words; the drop-sensor check asks the board whether its sensor is
 * on (0x70/0x71 type 0x42) and reads its last drive status; a sensor switched off on the
 * simulated board is reported disabled; the door opened on the simulated board shows as open.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('technician dispenser tool', () => {
  let kiosk: KioskHarness;
  const action = (name: string) => kiosk.page.locator(`[data-action="${name}"]`).first();
  const tool = () => kiosk.page.locator('[data-tool="dispenser"]');

  async function axe(name: string): Promise<void> {
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`),
      name,
    ).toEqual([]);
  }

  async function stockOf(slot: number): Promise<number> {
    const text = await tool()
      .locator(`[data-dispenser-slot="${slot}"] [data-stock]`)
      .getAttribute('data-stock');
    return Number(text);
  }

  async function rotate(slot: number): Promise<void> {
    await tool().locator(`[data-dispenser-slot="${slot}"]`).click();
    await action('dispenser-rotate').click();
    await kiosk.page.locator('[data-dialog="dispenser-rotate"]').waitFor();
    await action('dispenser-rotate-confirm').click();
  }

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('rotates slot 1 as a stock adjustment, reports a jam, checks the drop sensor and shows the door open', async () => {
    await loginDemoTechnician(kiosk);
    await openTechnicianTool(kiosk, 'dispenser');
    const loginSeq = ofType(kiosk.journal(), 'TECH_LOGIN').at(-1)!.seq;
    const before = await stockOf(1);
    expect(before).toBeGreaterThan(0);

    // Rotate slot 1: asked first, with the pack that may drop.
    await tool().locator('[data-dispenser-slot="1"]').click();
    await action('dispenser-rotate').click();
    const dialog = kiosk.page.locator('[data-dialog="dispenser-rotate"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('recorded as a stock adjustment, not a dispense');
    await axe('technician-dispenser-confirm');
    await action('dispenser-rotate-confirm').click();
    const success = tool().locator('[data-rotation="done"][data-outcome="SUCCESS"]');
    await success.waitFor({ timeout: 60_000 });
    expect(await success.textContent()).toContain('a pack dropped');

    const events = await kiosk.waitForJournal((e) => ofType(e, 'STOCK_ADJUSTMENT').length > 0);
    const after = events.filter((e) => e.seq > loginSeq);
    const intent = ofType(after, 'STOCK_ADJUSTMENT_INTENT')[0]!;
    const adjustment = ofType(after, 'STOCK_ADJUSTMENT')[0]!;
    expect(intent.seq).toBeLessThan(adjustment.seq);
    expect(intent.data).toMatchObject({ technicianId: DEMO_TECHNICIAN.id, slot: 1 });
    expect(intent.data.pack).toMatchObject({ lot: 'AML-A1' });
    expect(adjustment.data).toMatchObject({
      technicianId: DEMO_TECHNICIAN.id,
      intentSeq: intent.seq,
      slot: 1,
      outcome: 'SUCCESS',
      packs: [intent.data.pack],
    });
    expect(ofType(after, 'DISPENSE_INTENT')).toEqual([]);
    expect(ofType(after, 'DISPENSE_RESULT')).toEqual([]);
    // The kiosk's stock for the slot dropped by one, and the board really dropped one pack.
    await tool()
      .locator(`[data-dispenser-slot="1"] [data-stock="${before - 1}"]`)
      .waitFor();
    const board = await kiosk.dispenserState();
    expect(board.slots.find((s) => s.slot === 1)?.drops).toBe(1);

    // A stuck spiral: the failure is said in words, and nothing leaves the stock.
    await kiosk.injectFault('jam', 1);
    try {
      await rotate(1);
      const jam = tool().locator('[data-rotation="done"][data-outcome="FAIL_JAM"]');
      await jam.waitFor({ timeout: 60_000 });
      expect(await jam.textContent()).toContain('jammed');
      const jammed = ofType(kiosk.journal(), 'STOCK_ADJUSTMENT').at(-1)!;
      expect(jammed.data).toMatchObject({ outcome: 'FAIL_JAM', packs: [] });
      await tool()
        .locator(`[data-dispenser-slot="1"] [data-stock="${before - 1}"]`)
        .waitFor();
    } finally {
      await kiosk.injectFault('clear');
    }

    // The drop sensor: the jam never reached it, so the answer is the drop it saw before.
    await action('dispenser-drop-sensor-check').click();
    const sensor = tool().locator('[data-drop-sensor="ok"][data-reason="saw_drop"]');
    await sensor.waitFor();
    const check = await kiosk.waitForJournal((e) =>
      ofType(e, 'TECH_ACTION').some((a) => a.data.action === 'drop_sensor_check'),
    );
    expect(
      ofType(check, 'TECH_ACTION').find((a) => a.data.action === 'drop_sensor_check')?.data,
    ).toMatchObject({
      technicianId: DEMO_TECHNICIAN.id,
      detail: expect.stringMatching(/^ok: .*board \(slot 1\): sensor enabled/),
    });
    await sensor.locator('[data-board-sensor="enabled"]').waitFor();

    // The sensor switched off in the board's menu: disabled, whatever the last drive saw.
    await kiosk.injectFault('dropSensorOff');
    try {
      await action('dispenser-drop-sensor-check').click();
      const off = tool().locator('[data-drop-sensor="disabled"][data-reason="board_disabled"]');
      await off.waitFor();
      await off.locator('[data-board-sensor="disabled"]').waitFor();
      expect(await off.textContent()).toContain('switched off');
      await kiosk.screenshot('technician-dispenser-drop-sensor-off');
      await axe('technician-dispenser-drop-sensor-off');
      const checks = (
        await kiosk.waitForJournal(
          (e) =>
            ofType(e, 'TECH_ACTION').filter((a) => a.data.action === 'drop_sensor_check').length >=
            2,
        )
      ).filter((e) => e.type === 'TECH_ACTION' && e.data.action === 'drop_sensor_check');
      expect(checks.at(-1)?.data).toMatchObject({
        technicianId: DEMO_TECHNICIAN.id,
        detail: expect.stringMatching(/^disabled: the board says its drop sensor is switched off/),
      });
    } finally {
      await kiosk.injectFault('dropSensorOn');
    }

    // The door, opened on the simulated board, read now.
    await kiosk.injectFault('doorOpen');
    try {
      await action('dispenser-read-cabinet').click();
      const door = tool().locator('[data-door="open"]');
      await door.waitFor();
      expect(await door.textContent()).toContain('Open');
      await tool().locator('.dispenser-thermometer').waitFor();
      await kiosk.screenshot('technician-dispenser');
      await axe('technician-dispenser');
    } finally {
      await kiosk.injectFault('doorClosed');
    }
  });
});
