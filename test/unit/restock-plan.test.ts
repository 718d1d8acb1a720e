import { describe, expect, it } from 'vitest';
import type { JournalEvent, Pack } from '../../contracts/journal-events';
import {
  emptyInventory,
  planRestock,
  reduceInventory,
  RESTOCK_REFUSAL_REASONS,
  type InventoryState,
  type PlanRestockInput,
  type RestockRefusalReason,
} from '../../main/inventory';

const AML = '09506000134352';
const MET = '09506000134369';
const TODAY = '2026-03-15';
const GS = '\u001d';

/** A GS1 DataMatrix pack scan: AIM ]d2, then 01, 17, 10 and (after GS) 21. */
function scan(f: { gtin?: string; expiry?: string; lot?: string; serial?: string }) {
  const gtin = f.gtin ?? AML;
  const expiry = f.expiry ?? '281231';
  const lot = f.lot ?? 'LOT1';
  const serial = f.serial === undefined ? `${GS}21SN0001` : f.serial ? `${GS}21${f.serial}` : '';
  return { aim: ']d2', text: `01${gtin}17${expiry}10${lot}${serial}` };
}

let seq = 0;
function restocked(...loads: { slot: number; packs: Pack[] }[]): InventoryState {
  return loads.reduce(
    (state, data) =>
      reduceInventory(state, {
        seq: ++seq,
        id: crypto.randomUUID(),
        ts: '2026-03-15T08:00:00Z',
        type: 'RESTOCK',
        data,
        prev: '0'.repeat(64),
        hash: '0'.repeat(64),
      } as JournalEvent),
    emptyInventory(),
  );
}
const aml = (serial: string, lot = 'LOT1'): Pack => ({
  gtin: AML,
  lot,
  expiry: '2028-12-31',
  serial,
});

function input(extra: Partial<PlanRestockInput> = {}): PlanRestockInput {
  return {
    slot: 1,
    scan: scan({}),
    inventory: emptyInventory(),
    slotMap: [
      { slot: 1, capacity: 3 },
      { slot: 2, capacity: 10 },
    ],
    assignedGtins: null,
    recalledLots: [],
    today: TODAY,
    restockMarginDays: 90,
    requireSerial: true,
    ...extra,
  };
}

function refusal(extra: Partial<PlanRestockInput>) {
  const plan = planRestock(input(extra));
  if (plan.ok) throw new Error(`expected a refusal, got ${JSON.stringify(plan.value)}`);
  return plan.error;
}

describe('planRestock accepts a good pack', () => {
  it('returns the pack as the journal records it', () => {
    expect(planRestock(input())).toEqual({
      ok: true,
      value: { gtin: AML, lot: 'LOT1', expiry: '2028-12-31', serial: 'SN0001' },
    });
  });

  it('reads DD=00 as the last day of the month, leap years included', () => {
    const plan = planRestock(input({ scan: scan({ expiry: '280200' }) }));
    expect(plan).toMatchObject({ ok: true, value: { expiry: '2028-02-29' } });
    expect(planRestock(input({ scan: scan({ expiry: '270200' }) }))).toMatchObject({
      ok: true,
      value: { expiry: '2027-02-28' },
    });
  });

  it('applies the restock margin to a DD=00 expiry at its month end', () => {
    // today + 90 = 2026-06-13: "260600" is 2026-06-30, after it; "260500" is 2026-05-31, within.
    expect(planRestock(input({ scan: scan({ expiry: '260600' }) }))).toMatchObject({
      ok: true,
      value: { expiry: '2026-06-30' },
    });
    expect(refusal({ scan: scan({ expiry: '260500' }) })).toMatchObject({
      reason: 'expiring_soon',
      detail: expect.stringContaining('2026-05-31'),
    });
  });

  it('with requireSerial false, accepts a pack without AI 21 and records no serial', () => {
    const noSerial = scan({ serial: '' });
    expect(planRestock(input({ scan: noSerial, requireSerial: false }))).toEqual({
      ok: true,
      value: { gtin: AML, lot: 'LOT1', expiry: '2028-12-31' },
    });
    expect(refusal({ scan: noSerial })).toMatchObject({
      reason: 'bad_scan',
      detail: expect.stringMatching(/^missing_ai: .*AI 21/),
      gtin: AML,
      lot: 'LOT1',
    });
  });

  it('loads more packs of the same GTIN into a slot that holds it', () => {
    const inventory = restocked({ slot: 1, packs: [aml('SN0002')] });
    expect(planRestock(input({ inventory })).ok).toBe(true);
  });

  it('loads any GTIN into an empty unassigned slot, and only an assigned one into an assigned slot', () => {
    expect(planRestock(input({ scan: scan({ gtin: MET }) })).ok).toBe(true);
    expect(planRestock(input({ scan: scan({ gtin: MET }), assignedGtins: [MET] })).ok).toBe(true);
  });
});

describe('planRestock refuses, with the RESTOCK_REFUSED reasons', () => {
  const cases: [string, RestockRefusalReason, Partial<PlanRestockInput>, RegExp][] = [
    [
      'a slot not in the slot map',
      'unknown_slot',
      { slot: 7 },
      /slot 7 .*slot map \(slots: 1, 2\)/,
    ],
    [
      'a bad GTIN check digit',
      'bad_scan',
      { scan: scan({ gtin: '09506000134353' }) },
      /^bad_check_digit at \d+: /,
    ],
    [
      'no GS1 AIM (keyboard wedge)',
      'bad_scan',
      { scan: { aim: null, text: scan({}).text } },
      /^not_gs1 at 0: /,
    ],
    ['month 13', 'bad_scan', { scan: scan({ expiry: '281301' }) }, /^bad_date /],
    [
      'a pack without a lot',
      'bad_scan',
      { scan: { aim: ']d2', text: `01${AML}17281231` } },
      /^missing_ai: .*AI 10/,
    ],
    [
      'a recalled lot',
      'recalled',
      { recalledLots: [{ gtin: AML, lot: 'LOT1' }] },
      /lot LOT1 of 09506000134352 is recalled/,
    ],
    ['an expired pack', 'expired', { scan: scan({ expiry: '260314' }) }, /expired 2026-03-14/],
    [
      'a pack expiring within the margin',
      'expiring_soon',
      { scan: scan({ expiry: '260613' }) },
      /90-day .* after 2026-06-13/,
    ],
    [
      'another GTIN than the slot holds',
      'wrong_medicine',
      { scan: scan({ gtin: MET }), inventory: restocked({ slot: 1, packs: [aml('SN0009')] }) },
      /slot 1 holds 09506000134352/,
    ],
    [
      'a GTIN the config does not assign to the slot',
      'wrong_medicine',
      { assignedGtins: [MET] },
      /assigned 09506000134369, not 09506000134352/,
    ],
    [
      'a full slot',
      'slot_full',
      { inventory: restocked({ slot: 1, packs: [aml('A'), aml('B'), aml('C')] }) },
      /slot 1 holds 3 of 3 packs/,
    ],
  ];

  it.each(cases)('%s → %s', (_name, reason, extra, detail) => {
    const error = refusal(extra);
    expect(error.reason).toBe(reason);
    expect(error.detail).toMatch(detail);
  });

  it('covers every reason of the RESTOCK_REFUSED enum in contracts', () => {
    const covered = new Set([...cases.map((c) => c[1]), 'duplicate_serial']);
    expect([...covered].sort()).toEqual([...RESTOCK_REFUSAL_REASONS].sort());
  });

  it('names the GTIN and lot when the scan got that far, and not for a bad scan', () => {
    expect(refusal({ scan: scan({ expiry: '260314' }) })).toMatchObject({ gtin: AML, lot: 'LOT1' });
    const bad = refusal({ scan: scan({ gtin: '09506000134353' }) });
    expect(bad).not.toHaveProperty('gtin');
    expect(bad).not.toHaveProperty('lot');
  });

  it('refuses an expired pack as expired even with a zero margin, and a pack expiring today as expiring_soon', () => {
    expect(refusal({ scan: scan({ expiry: '260314' }), restockMarginDays: 0 }).reason).toBe(
      'expired',
    );
    expect(refusal({ scan: scan({ expiry: '260315' }), restockMarginDays: 0 }).reason).toBe(
      'expiring_soon',
    );
    expect(planRestock(input({ scan: scan({ expiry: '260316' }), restockMarginDays: 0 })).ok).toBe(
      true,
    );
  });

  it('refuses a serial already in stock in any slot, or in an open dispense', () => {
    const inventory = restocked({ slot: 2, packs: [aml('SN0001', 'OTHERLOT')] });
    expect(refusal({ inventory })).toMatchObject({
      reason: 'duplicate_serial',
      detail: 'serial SN0001 of 09506000134352 is already in slot 2',
    });
    const intent = reduceInventory(inventory, {
      seq: 99,
      id: crypto.randomUUID(),
      ts: '2026-03-15T08:00:00Z',
      type: 'DISPENSE_INTENT',
      data: { purpose: 'service', slot: 2, ...aml('SN0001', 'OTHERLOT'), qty: 1 },
      prev: '0'.repeat(64),
      hash: '0'.repeat(64),
    } as JournalEvent);
    expect(intent.slots['2']).toEqual([]);
    expect(refusal({ inventory: intent })).toMatchObject({
      reason: 'duplicate_serial',
      detail: expect.stringContaining('open dispense 99'),
    });
  });

  it('treats the same serial of another GTIN as another pack', () => {
    const inventory = restocked({ slot: 2, packs: [{ ...aml('SN0001'), gtin: MET }] });
    expect(planRestock(input({ inventory })).ok).toBe(true);
  });

  it('counts a pack in an open dispense toward the slot capacity', () => {
    const inventory = restocked({ slot: 1, packs: [aml('A'), aml('B'), aml('C')] });
    const withIntent = reduceInventory(inventory, {
      seq: 100,
      id: crypto.randomUUID(),
      ts: '2026-03-15T08:00:00Z',
      type: 'DISPENSE_INTENT',
      data: { purpose: 'patient', jti: 'j', slot: 1, ...aml('A'), qty: 1 },
      prev: '0'.repeat(64),
      hash: '0'.repeat(64),
    } as JournalEvent);
    expect(refusal({ inventory: withIntent }).reason).toBe('slot_full');
  });

  it('puts what is wrong with the pack before whether it fits the slot', () => {
    const full = restocked({ slot: 1, packs: [aml('A'), aml('B'), aml('C')] });
    expect(refusal({ inventory: full, recalledLots: [{ gtin: AML, lot: 'LOT1' }] }).reason).toBe(
      'recalled',
    );
    expect(refusal({ inventory: full, scan: scan({ expiry: '260101' }) }).reason).toBe('expired');
    expect(refusal({ slot: 9, scan: { aim: null, text: 'junk' } }).reason).toBe('unknown_slot');
  });
});
