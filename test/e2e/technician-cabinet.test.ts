import { AxeBuilder } from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { loadRootKey } from '../../main/prescriptions/root-key';
import { INCOMING_DIR } from '../../main/sync/incoming';
import { SLOT_RELEASE_TYP } from '../../main/sync/signed-documents';
import { signRootEnvelope } from '../../main/technician/root-signed-envelope';
import type { SlotReleasePayload } from '../../contracts/slot-release';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loginDemoTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The cold chain (issue 9 item 7), driven on the simulators: the demo's amlodipine is a
 * cold-chain medicine at this site; the cabinet warms out of its band, the kiosk journals the
 * excursion and blocks the slots holding amlodipine, a patient's amlodipine prescription is then
 * refused, the technician sees the excursion and the blocks on the cabinet tab (and cannot lift
 * them), and a pharmacist's signed release lifts them.
 */

const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);
const AML = DEMO_GTINS.amlodipine;

describe('technician cabinet tool', () => {
  let kiosk: KioskHarness;

  async function axe(name: string): Promise<void> {
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} (${v.nodes.length})`),
      name,
    ).toEqual([]);
  }

  const advance = (ms: number) => kiosk.kioskControl('/test/clock/advance', { ms });

  /**
   * Sets the simulated cabinet's temperature, moves the kiosk clock on by `stepMs` and waits for
   * the cabinet monitor's next reading (the jump makes the dispenser link reopen: no POLL "for
   * hours"; the monitor asks again once it is back).
   */
  async function reading(celsius: number, stepMs: number): Promise<void> {
    const before = ofType(kiosk.journal(), 'CABINET_READING').length;
    await kiosk.simControl('POST', '/dispenser/temperature', { celsius });
    await advance(stepMs);
    for (let tries = 0; ofType(kiosk.journal(), 'CABINET_READING').length <= before; tries++) {
      if (tries > 300)
        throw new Error(
          `no cabinet reading of ${celsius} °C was journaled: ${[...new Set(kiosk.journal().map((e) => e.type))].join(',')} ${kiosk.kioskLog.slice(-3000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    kiosk = await KioskHarness.start({
      site: { coldChainGtins: [AML], temperatureBandC: { min: 15, max: 25 } },
    });
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  it('an excursion blocks the cold-chain slots; the technician sees it; a signed release lifts the blocks', async () => {
    // Half a day inside the band, for the chart.
    for (const celsius of [20, 21.5, 23, 22, 19.5, 21]) await reading(celsius, 2 * 3_600_000);
    expect(ofType(kiosk.journal(), 'COLD_CHAIN_EXCURSION')).toEqual([]);

    // Too warm: one excursion, and the two slots holding amlodipine (the demo's slots 1 and 2)
    // are blocked; slot 3 (metformin) is not.
    await reading(30, 31_000);
    let events = await kiosk.waitForJournal((e) => ofType(e, 'SLOT_BLOCKED').length === 2, 60_000);
    const [excursion] = ofType(events, 'COLD_CHAIN_EXCURSION');
    expect(excursion?.data).toEqual({ temperatureC: 30, minC: 15, maxC: 25 });
    expect(ofType(events, 'SLOT_BLOCKED').map((e) => e.data)).toEqual([
      { slot: 1, excursionSeq: excursion!.seq, gtins: [AML] },
      { slot: 2, excursionSeq: excursion!.seq, gtins: [AML] },
    ]);

    // A patient's amlodipine prescription is refused while its slots are blocked; no motor ran.
    const reason = await kiosk.refusedReason(kiosk.demo.prescriptions.valid.qrText);
    expect(['no_usable_lot', 'out_of_stock']).toContain(reason);
    expect((await kiosk.dispenserState()).totalMotorRuns).toBe(0);

    // Warmer still (a new peak), then back inside the band: the excursion ends, the blocks stay.
    await reading(33, 3_600_000);
    await reading(22, 3_600_000);
    events = await kiosk.waitForJournal((e) => ofType(e, 'COLD_CHAIN_RECOVERED').length === 1);
    expect(ofType(events, 'COLD_CHAIN_EXCURSION')).toHaveLength(1);
    expect(ofType(events, 'COLD_CHAIN_RECOVERED')[0]?.data).toMatchObject({
      excursionSeq: excursion!.seq,
      peakC: 33,
    });

    // The technician's cabinet tab: the chart, the excursion and the blocked slots.
    await loginDemoTechnician(kiosk);
    await openTechnicianTool(kiosk, 'cabinet');
    const tool = kiosk.page.locator('[data-tool="cabinet"]');
    const listed = tool.locator(`[data-excursion="${excursion!.seq}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-ongoing')).toBe('false');
    expect(await listed.textContent()).toMatch(/33 °C/);
    for (const slot of [1, 2]) {
      const block = tool.locator(`[data-blocked-slot="${slot}"]`);
      await block.waitFor();
      expect(await block.textContent()).toMatch(/waiting for pharmacist release/i);
      expect(await block.textContent()).toContain(`excursion ${excursion!.seq}`);
    }
    expect(await tool.locator('[data-blocked-slot="3"]').count()).toBe(0);
    const chart = tool.locator('svg[role="img"][data-chart="cabinet-temperature"]');
    expect(await chart.getAttribute('data-range')).toBe('24h');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(8);
    expect(await chart.getAttribute('aria-label')).toMatch(/last 24 hours.*15 to 25 °C/i);
    await tool.locator('[data-door="closed"]').waitFor();
    await tool.locator('[data-excursion-span]').first().waitFor({ state: 'attached' });
    // The technician can only see a block: there is no way to lift it on the kiosk.
    expect(await tool.getByRole('button', { name: /release/i }).count()).toBe(0);
    await kiosk.screenshot('technician-cabinet');
    await axe('technician-cabinet');

    await tool.locator('[data-action="cabinet-range-7d"]').click();
    await tool.locator('svg[data-range="7d"]').waitFor();
    expect(await chart.getAttribute('aria-label')).toMatch(/last 7 days/i);
    expect(
      await tool.locator('[data-action="cabinet-range-7d"]').getAttribute('aria-pressed'),
    ).toBe('true');
    await axe('technician-cabinet-7d');

    // The pharmacist's release (signed with the demo root key, as the hub would), brought on a
    // USB stick and installed at the next start: both blocks are lifted and journaled.
    const root = await loadRootKey(join(kiosk.root, 'demo', 'root'));
    if (!root.ok) throw new Error(`demo root key: ${root.error.detail}`);
    const nowS = Math.floor(Date.now() / 1000);
    const payload: SlotReleasePayload = {
      version: 1,
      issuedAt: nowS,
      expiresAt: nowS + 30 * 86_400,
      releases: [1, 2].map((slot) => ({
        slot,
        excursionSeq: excursion!.seq,
        releasedBy: 'PH-E2E',
        releasedAt: Date.now(),
        note: 'temperature log reviewed',
      })),
    };
    const signed = signRootEnvelope(SLOT_RELEASE_TYP, payload, root.value.privateKey);
    if (!signed.ok) throw new Error(`release: ${signed.error.detail}`);
    writeFileSync(join(kiosk.dataDir, INCOMING_DIR, 'release.jws'), signed.value);
    await kiosk.killAndRestartKiosk();
    events = await kiosk.waitForJournal((e) => ofType(e, 'SLOT_RELEASED').length === 2);
    expect(ofType(events, 'SLOT_RELEASED').map((e) => e.data)).toEqual(
      [1, 2].map((slot) => ({
        slot,
        excursionSeq: excursion!.seq,
        releasedBy: 'PH-E2E',
        releaseVersion: 1,
      })),
    );

    await loginDemoTechnician(kiosk);
    await openTechnicianTool(kiosk, 'cabinet');
    // A new page: the restart opened one.
    const after = kiosk.page.locator('[data-tool="cabinet"]');
    await after.locator('[data-no-blocks]').waitFor();
    expect(await after.locator('[data-blocked-slot]').count()).toBe(0);
    await kiosk.screenshot('technician-cabinet-released');
  });
});
