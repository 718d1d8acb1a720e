import { AxeBuilder } from '@axe-core/playwright';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TECHNICIAN } from '../../main/demo/prepare-demo';
import { DEMO_GTINS } from '../../main/demo/demo-stock';
import { nextRevocationList } from '../../main/prescriptions/list-builders';
import { loadRootKey } from '../../main/prescriptions/root-key';
import { signSignedList } from '../../main/prescriptions/signed-list';
import { GS1_DATAMATRIX_AIM, isoDaysFrom, packScan } from '../fixtures/gs1-pack-scan';
import { KioskHarness, type JournalLine } from './harness/kiosk-harness';
import { loginDemoTechnician, openTechnicianTool } from './harness/technician-login';

/**
 * The technician panel's restock tool, driven as a technician does it: badge + PIN, the restock
 * tab, a slot, the blind count on the keypad, then packs scanned on the simulated scanner as GS1
 * DataMatrix — every refusal of the restock decision and accepted packs — and a recalled pack
 * taken out through the guided removal list.
 */

const AML = DEMO_GTINS.amlodipine;
const MET = DEMO_GTINS.metformin;
const ofType = (events: JournalLine[], type: string) => events.filter((e) => e.type === type);

describe('technician restock tool', () => {
  let kiosk: KioskHarness;
  const today = new Date().toISOString().slice(0, 10); // the demo site's time zone is UTC
  const good = isoDaysFrom(today, 400);

  beforeAll(async () => {
    kiosk = await KioskHarness.start();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  const entries = () => kiosk.page.locator('[data-tool="restock"] [data-restock-entries] > li');
  const axe = async (name: string) => {
    const results = await new AxeBuilder({ page: kiosk.page }).setLegacyMode().analyze();
    expect(
      results.violations.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`),
    ).toEqual([]);
  };
  const typeCount = async (count: string) => {
    const keypad = kiosk.page.locator('[data-tool="restock"] .keypad');
    for (const digit of count)
      await keypad.getByRole('button', { name: digit, exact: true }).click();
    await kiosk.page.locator('[data-action="restock-count"]').click();
  };
  /** Scans one pack and waits for its line at the top of the visit's list. */
  const scanPack = async (text: string) => {
    const before = await entries().count();
    await kiosk.scan(text, GS1_DATAMATRIX_AIM);
    await kiosk.page
      .locator('[data-tool="restock"] [data-restock-entries] > li')
      .nth(before)
      .waitFor();
    const first = entries().first();
    return {
      outcome: await first.getAttribute('data-outcome'),
      reason: await first.getAttribute('data-reason'),
      text: await first.innerText(),
    };
  };

  it('counts blind, records a discrepancy, refuses every bad pack in words and loads good ones', async () => {
    // A recalled lot: the one demo slot 1 holds.
    const root = await loadRootKey(join(kiosk.root, 'demo', 'root'));
    if (!root.ok) throw new Error(root.error.detail);
    const issuedAt = Math.floor(Date.now() / 1000) + 365 * 86_400; // a version above the demo's
    const list = nextRevocationList(undefined, { lots: [{ gtin: AML, lot: 'AML-A1' }] }, issuedAt, {
      issuedAt: issuedAt - 365 * 86_400,
      expiresAt: issuedAt + 30 * 86_400,
    });
    const jws = signSignedList('revocation', list, root.value.privateKey);
    if (!jws.ok) throw new Error(jws.error.detail);
    await kiosk.kioskControl('/test/lists/install', { kind: 'revocation', jws: jws.value });

    await loginDemoTechnician(kiosk);
    await openTechnicianTool(kiosk, 'restock');
    const slot2 = kiosk.page.locator('[data-restock-slot="2"]');
    await slot2.waitFor();
    // Before the count the slot says what it holds and its capacity, not how many packs.
    expect(await slot2.innerText()).toContain(AML);
    expect(await slot2.innerText()).not.toMatch(/6 of 8/);
    await kiosk.page.locator('[data-restock-slot="1"][data-flagged="true"]').waitFor();

    await slot2.click();
    await kiosk.page.locator('[data-restock-visit="2"][data-step="count"]').waitFor();
    // A pack scanned before the count is not taken, and nothing is journaled for it.
    const beforeEarly = kiosk.journal().length;
    await kiosk.scan(
      packScan({ gtin: AML, lot: 'NEW1', expiry: good, serial: 'EARLY' }),
      GS1_DATAMATRIX_AIM,
    );
    await kiosk.page.locator('[data-restock-notice="count_first"]').waitFor();
    expect(
      kiosk
        .journal()
        .slice(beforeEarly)
        .filter((e) => e.type.startsWith('RESTOCK')),
    ).toEqual([]);
    await axe('count step');
    await typeCount('5');
    const discrepancy = kiosk.page.locator('[data-tool="restock"] [data-discrepancy="true"]');
    await discrepancy.waitFor();
    expect(await discrepancy.innerText()).toMatch(/counted 5.*records say 6.*pharmacist/i);
    const counted = ofType(kiosk.journal(), 'SLOT_COUNTED');
    expect(counted.map((e) => e.data)).toEqual([
      { technicianId: DEMO_TECHNICIAN.id, slot: 2, expected: 6, counted: 5 },
    ]);
    await kiosk.screenshot('technician-restock-count');

    const refusals: [string, string, RegExp][] = [
      ['bad_scan', 'HELLO-NOT-GS1', /could not be read/i],
      [
        'expired',
        packScan({ gtin: AML, lot: 'OLD1', expiry: '2024-01-31', serial: 'E2E-X1' }),
        /expired/i,
      ],
      [
        'expiring_soon',
        packScan({ gtin: AML, lot: 'SOON1', expiry: isoDaysFrom(today, 30), serial: 'E2E-X2' }),
        /expires too soon/i,
      ],
      [
        'recalled',
        packScan({ gtin: AML, lot: 'AML-A1', expiry: good, serial: 'E2E-X3' }),
        /recalled/i,
      ],
      [
        'duplicate_serial',
        packScan({ gtin: AML, lot: 'AML-B2', expiry: good, serial: 'B2S0001' }),
        /serial number is already/i,
      ],
      [
        'wrong_medicine',
        packScan({ gtin: MET, lot: 'MET-9', expiry: good, serial: 'E2E-X4' }),
        /does not belong/i,
      ],
    ];
    for (const [reason, text, words] of refusals) {
      const shown = await scanPack(text);
      expect({ reason, outcome: shown.outcome, shownReason: shown.reason }).toEqual({
        reason,
        outcome: 'refused',
        shownReason: reason,
      });
      expect(shown.text).toMatch(words);
    }
    for (const serial of ['E2E-OK1', 'E2E-OK2'])
      expect(
        (await scanPack(packScan({ gtin: AML, lot: 'NEW1', expiry: good, serial }))).outcome,
      ).toBe('added');
    const full = await scanPack(
      packScan({ gtin: AML, lot: 'NEW1', expiry: good, serial: 'E2E-OK3' }),
    );
    expect([full.outcome, full.reason]).toEqual(['refused', 'slot_full']);
    expect(full.text).toMatch(/full/i);

    const journal = kiosk.journal();
    expect(
      ofType(journal, 'RESTOCK_REFUSED').map((e) => [e.data.reason, e.data.technicianId]),
    ).toEqual(
      [...refusals.map(([reason]) => reason), 'slot_full'].map((r) => [r, DEMO_TECHNICIAN.id]),
    );
    const loaded = ofType(journal, 'RESTOCK').filter(
      (e) => e.data.technicianId === DEMO_TECHNICIAN.id,
    );
    expect(loaded.map((e) => (e.data.packs as { serial: string }[])[0]?.serial)).toEqual([
      'E2E-OK1',
      'E2E-OK2',
    ]);
    await axe('scans');
    await kiosk.screenshot('technician-restock-scans');
  });

  it('takes a recalled pack out through the guided removal list', async () => {
    await kiosk.page.locator('[data-action="restock-done"]').click();
    const listed = kiosk.page.locator('[data-restock-removal] [data-removal-reason="recalled"]');
    await listed.first().waitFor();
    expect(await listed.count()).toBe(6);
    const demoPack = (
      ofType(kiosk.journal(), 'RESTOCK').find((e) => e.data.slot === 1)?.data.packs as {
        gtin: string;
        lot: string;
        expiry: string;
        serial: string;
      }[]
    )[0]!;

    await kiosk.page.locator('[data-restock-slot="1"]').click();
    await typeCount('6');
    await kiosk.page.locator('[data-tool="restock"] [data-discrepancy="false"]').waitFor();
    // A slot with packs to take out opens on removal.
    await kiosk.page.locator('[data-restock-visit="1"][data-step="remove"]').waitFor();

    // A pack of another slot is refused, and nothing is journaled.
    const before = kiosk.journal().length;
    const elsewhere = await scanPack(
      packScan({ gtin: AML, lot: 'NEW1', expiry: good, serial: 'E2E-OK1' }),
    );
    expect([elsewhere.outcome, elsewhere.reason]).toEqual(['not_removed', 'not_in_slot']);
    expect(kiosk.journal()).toHaveLength(before);

    const removed = await scanPack(packScan(demoPack));
    expect([removed.outcome, removed.reason]).toEqual(['removed', 'recalled']);
    expect(ofType(kiosk.journal(), 'PACK_REMOVED').map((e) => e.data)).toEqual([
      { technicianId: DEMO_TECHNICIAN.id, slot: 1, pack: demoPack, reason: 'recalled' },
    ]);
    await kiosk.page
      .locator('[data-restock-visit="1"] [data-restock-removal] [data-removal-reason="recalled"]')
      .nth(4)
      .waitFor();
    expect(
      await kiosk.page
        .locator('[data-restock-visit="1"] [data-restock-removal] [data-removal-reason="recalled"]')
        .count(),
    ).toBe(5);
    await axe('removal');
    await kiosk.screenshot('technician-restock-removal');
  });
});
