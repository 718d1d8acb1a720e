import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JournalEvent, Pack } from '../../contracts/journal-events';
import {
  emptyInventory,
  explainNoPick,
  ineligibility,
  pickPack,
  reduceInventory,
  type InventoryState,
  type PickRequest,
} from '../../main/inventory';

const AML = '09506000134352';
const MET = '09506000134369';
const OTHER = '09506000134376';
const TODAY = '2026-03-15';

let seq = 0;
function ev<T extends JournalEvent['type']>(
  type: T,
  data: Extract<JournalEvent, { type: T }>['data'],
): JournalEvent {
  seq += 1;
  return {
    seq,
    id: crypto.randomUUID(),
    ts: '2026-03-15T08:00:00Z',
    type,
    data,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  } as JournalEvent;
}
const restock = (slot: number, ...packs: Pack[]) => ev('RESTOCK', { slot, packs });
const pack = (gtin: string, lot: string, expiry: string, serial?: string): Pack => ({
  gtin,
  lot,
  expiry,
  ...(serial ? { serial } : {}),
});
const replay = (...events: JournalEvent[]): InventoryState =>
  events.reduce(reduceInventory, emptyInventory());

const rules = (extra: Partial<PickRequest> = {}): PickRequest => ({
  gtins: [AML],
  today: TODAY,
  supplyDays: 30,
  excludeSlots: [],
  preferSlot: null,
  mappedSlots: [1, 2, 3, 4],
  ...extra,
});

describe('pickPack: first expiry, first out among eligible front packs', () => {
  const stock = () =>
    replay(
      restock(1, pack(AML, 'L2028', '2028-06-30')),
      restock(2, pack(AML, 'L2027', '2027-03-31')),
      restock(3, pack(AML, 'L2026', '2026-09-30')),
    );

  it('takes the slot whose front pack expires first', () => {
    expect(pickPack(stock(), rules())).toEqual({ slot: 3, pack: pack(AML, 'L2026', '2026-09-30') });
  });

  it('breaks an expiry tie by slot number', () => {
    const s = replay(
      restock(4, pack(AML, 'B', '2027-01-31')),
      restock(2, pack(AML, 'A', '2027-01-31')),
    );
    expect(pickPack(s, rules())?.slot).toBe(2);
  });

  it('only ever offers the front pack of a slot: the spiral pushes out the front one', () => {
    const s = replay(restock(1, pack(AML, 'FRONT', '2028-01-31'), pack(AML, 'BACK', '2026-12-31')));
    expect(pickPack(s, rules())?.pack.lot).toBe('FRONT');
  });

  it('never picks a slot whose front pack is expired, even with a good pack behind it', () => {
    const s = replay(restock(1, pack(AML, 'OLD', '2026-03-14'), pack(AML, 'GOOD', '2028-01-31')));
    expect(pickPack(s, rules())).toBeNull();
    expect(explainNoPick(s, rules())).toBe('no_usable_lot');
  });

  it('never picks a pack that does not outlast the supply (DESIGN §5: expires AFTER today + days)', () => {
    // today + 30 = 2026-04-14.
    const s = replay(
      restock(1, pack(AML, 'ON-LAST-DAY', '2026-04-14')),
      restock(2, pack(AML, 'DAY-AFTER', '2026-04-15')),
    );
    expect(pickPack(s, rules())).toMatchObject({ slot: 2, pack: { lot: 'DAY-AFTER' } });
    expect(pickPack(s, rules({ supplyDays: 31 }))).toBeNull();
    expect(pickPack(s, rules({ supplyDays: 0 }))?.pack.lot).toBe('ON-LAST-DAY');
  });

  it('never picks a pack expired today-1, and takes one expiring today only with no supply days', () => {
    const s = replay(restock(1, pack(AML, 'X', TODAY)));
    expect(pickPack(s, rules({ supplyDays: 0 }))).toBeNull();
    const yesterday = replay(restock(1, pack(AML, 'Y', '2026-03-14')));
    expect(pickPack(yesterday, rules({ supplyDays: 0 }))).toBeNull();
  });

  it('never picks a recalled lot, and falls back to the next good one', () => {
    const recalledLots = [{ gtin: AML, lot: 'L2026' }];
    expect(pickPack(stock(), rules({ recalledLots }))).toMatchObject({ slot: 2 });
    const all = ['L2026', 'L2027', 'L2028'].map((lot) => ({ gtin: AML, lot }));
    expect(pickPack(stock(), rules({ recalledLots: all }))).toBeNull();
  });

  it('a recall names a GTIN and a lot: the same lot text of another GTIN is not recalled', () => {
    expect(pickPack(stock(), rules({ recalledLots: [{ gtin: MET, lot: 'L2026' }] }))?.slot).toBe(3);
  });

  it('compares lots exactly (GS1 data is case-sensitive)', () => {
    expect(pickPack(stock(), rules({ recalledLots: [{ gtin: AML, lot: 'l2026' }] }))?.slot).toBe(3);
  });

  it('never drives a slot whose pack GTIN is not prescribed', () => {
    const s = replay(
      restock(1, pack(MET, 'M', '2028-01-31')),
      restock(2, pack(OTHER, 'O', '2028-01-31')),
    );
    expect(pickPack(s, rules())).toBeNull();
    expect(pickPack(s, rules({ gtins: [MET] }))?.slot).toBe(1);
    // Formulary codes are resolved by the caller into GTINs; any of them fills.
    expect(pickPack(s, rules({ gtins: [AML, OTHER] }))?.slot).toBe(2);
  });

  it('never picks a blocked slot', () => {
    expect(pickPack(stock(), rules({ blockedSlots: [3] }))?.slot).toBe(2);
    expect(pickPack(stock(), rules({ blockedSlots: [1, 2, 3] }))).toBeNull();
  });

  it('never picks a slot missing from the slot map', () => {
    expect(pickPack(stock(), rules({ mappedSlots: [1, 2] }))?.slot).toBe(2);
    expect(pickPack(stock(), rules({ mappedSlots: [] }))).toBeNull();
  });

  it('skips slots that already failed for this item, and prefers the slot being retried', () => {
    expect(pickPack(stock(), rules({ excludeSlots: [3] }))?.slot).toBe(2);
    expect(pickPack(stock(), rules({ preferSlot: 1 }))?.slot).toBe(1);
    expect(pickPack(stock(), rules({ preferSlot: 1, blockedSlots: [1] }))?.slot).toBe(3);
  });

  it('reports the first reason a front pack is not eligible', () => {
    const p = pack(AML, 'L', '2026-03-20');
    expect(ineligibility(9, p, rules())).toBe('unmapped_slot');
    expect(ineligibility(1, p, rules({ blockedSlots: [1] }))).toBe('blocked_slot');
    expect(ineligibility(1, p, rules({ excludeSlots: [1] }))).toBe('excluded_slot');
    expect(ineligibility(1, p, rules({ gtins: [MET] }))).toBe('wrong_product');
    expect(ineligibility(1, p, rules({ recalledLots: [{ gtin: AML, lot: 'L' }] }))).toBe(
      'recalled',
    );
    expect(ineligibility(1, p, rules())).toBe('expiring');
    expect(ineligibility(1, p, rules({ supplyDays: 4 }))).toBeNull();
  });

  it('puts a pack that did not move back at the front of its slot', () => {
    const s0 = replay(
      restock(1, pack(AML, 'FRONT', '2027-01-31'), pack(AML, 'BACK', '2028-01-31')),
    );
    const intent = ev('DISPENSE_INTENT', {
      purpose: 'patient',
      jti: 'j',
      slot: 1,
      gtin: AML,
      lot: 'FRONT',
      expiry: '2027-01-31',
      qty: 1,
    });
    const s1 = reduceInventory(s0, intent);
    const jammed = reduceInventory(
      s1,
      ev('DISPENSE_RESULT', { intentSeq: intent.seq, outcome: 'FAIL_JAM', detail: 'jam' }),
    );
    expect(jammed.slots['1']!.map((p) => p.lot)).toEqual(['FRONT', 'BACK']);
  });
});

describe('explainNoPick (prescription-token.md §4 step 13)', () => {
  it('says nothing when a pack can be picked', () => {
    const s = replay(restock(1, pack(AML, 'A', '2028-01-31')));
    expect(explainNoPick(s, rules())).toBeNull();
  });

  it('product_mismatch: no slot holds or held any prescribed GTIN', () => {
    const s = replay(restock(1, pack(MET, 'M', '2028-01-31')));
    expect(explainNoPick(s, rules())).toBe('product_mismatch');
    expect(explainNoPick(emptyInventory(), rules())).toBe('product_mismatch');
  });

  it('out_of_stock: the slot for it exists but is empty', () => {
    const s0 = replay(restock(2, pack(AML, 'A', '2028-01-31')));
    const intent = ev('DISPENSE_INTENT', {
      purpose: 'patient',
      jti: 'j',
      slot: 2,
      gtin: AML,
      lot: 'A',
      expiry: '2028-01-31',
      qty: 1,
    });
    const s = [
      intent,
      ev('DISPENSE_RESULT', { intentSeq: intent.seq, outcome: 'SUCCESS', detail: 'dropped' }),
    ].reduce(reduceInventory, s0);
    expect(s.slots['2']).toEqual([]);
    expect(explainNoPick(s, rules())).toBe('out_of_stock');
  });

  it('no_usable_lot: packs are there but expired, expiring, recalled or blocked', () => {
    const s = replay(
      restock(1, pack(AML, 'EXPIRING', '2026-04-01')),
      restock(2, pack(AML, 'RECALLED', '2028-01-31')),
      restock(3, pack(AML, 'COLD', '2028-01-31')),
    );
    const r = rules({ recalledLots: [{ gtin: AML, lot: 'RECALLED' }], blockedSlots: [3] });
    expect(pickPack(s, r)).toBeNull();
    expect(explainNoPick(s, r)).toBe('no_usable_lot');
    expect(explainNoPick(s, { ...r, blockedSlots: [] })).toBeNull();
  });

  it('tolerates a view file written before slotGtins existed', () => {
    const { slotGtins: _dropped, ...old } = replay(restock(1, pack(MET, 'M', '2028-01-31')));
    expect(explainNoPick(old as InventoryState, rules())).toBe('product_mismatch');
  });
});

describe('pick and explanation always agree (property)', () => {
  const gtinArb = fc.constantFrom(AML, MET, OTHER);
  const packArb = fc.record({
    gtin: gtinArb,
    lot: fc.constantFrom('A', 'B', 'C'),
    expiry: fc
      .integer({ min: -40, max: 800 })
      .map((d) =>
        new Date(Date.parse(`${TODAY}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10),
      ),
  });
  const stateArb = fc
    .array(
      fc.record({
        slot: fc.integer({ min: 1, max: 6 }),
        packs: fc.array(packArb, { minLength: 1, maxLength: 3 }),
      }),
      {
        maxLength: 6,
      },
    )
    .map((loads) => replay(...loads.map((l) => restock(l.slot, ...l.packs))));
  const slotsArb = fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 6 });
  const rulesArb = fc.record({
    gtins: fc.uniqueArray(gtinArb, { minLength: 1, maxLength: 2 }),
    supplyDays: fc.integer({ min: 0, max: 400 }),
    recalledLots: fc.array(fc.record({ gtin: gtinArb, lot: fc.constantFrom('A', 'B', 'C') }), {
      maxLength: 3,
    }),
    blockedSlots: slotsArb,
    mappedSlots: slotsArb,
    excludeSlots: slotsArb,
  });

  it('a pick exists exactly when there is no reason, and every pick obeys every rule', () => {
    fc.assert(
      fc.property(stateArb, rulesArb, (state, r) => {
        const request: PickRequest = { ...r, today: TODAY, preferSlot: null };
        const picked = pickPack(state, request);
        expect(picked === null).toBe(explainNoPick(state, request) !== null);
        if (picked) {
          const { slot, pack: p } = picked;
          expect(state.slots[String(slot)]![0]).toEqual(p);
          expect(r.gtins).toContain(p.gtin);
          expect(r.mappedSlots).toContain(slot);
          expect(r.blockedSlots).not.toContain(slot);
          expect(r.excludeSlots).not.toContain(slot);
          expect(r.recalledLots.some((l) => l.gtin === p.gtin && l.lot === p.lot)).toBe(false);
          const lastDay = new Date(Date.parse(`${TODAY}T00:00:00Z`) + r.supplyDays * 86_400_000);
          expect(p.expiry > lastDay.toISOString().slice(0, 10)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
