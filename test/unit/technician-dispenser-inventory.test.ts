import { describe, expect, it } from 'vitest';
import type { JournalEvent, Pack } from '../../contracts/journal-events';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory/inventory-state';

/**
 * The inventory reducer on a technician's rotate test (STOCK_ADJUSTMENT_INTENT → STOCK_ADJUSTMENT):
 * the expected pack leaves the slot with the intent, comes back to the front when the result
 * says nothing moved, and is never taken twice, even from a slot of identical unserialised packs.
 */

let seq = 0;
function ev<T extends JournalEvent['type']>(
  type: T,
  data: Extract<JournalEvent, { type: T }>['data'],
): JournalEvent {
  seq += 1;
  return {
    seq,
    id: crypto.randomUUID(),
    ts: '2026-01-01T00:00:00Z',
    type,
    data,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  } as JournalEvent;
}
const replay = (events: JournalEvent[], from: InventoryState = emptyInventory()) =>
  events.reduce(reduceInventory, from);

const GTIN = '09506000134352';
const serialised = (serial: string): Pack => ({
  gtin: GTIN,
  lot: 'L1',
  expiry: '2027-01-31',
  serial,
});
// Sites without serialisation: packs of one lot are indistinguishable.
const plain: Pack = { gtin: GTIN, lot: 'L2', expiry: '2027-02-28' };
const REASON = 'technician motor test (rotate slot)';

function rotate(slot: number, pack: Pack | null) {
  const intent = ev('STOCK_ADJUSTMENT_INTENT', {
    technicianId: 'T-DEMO',
    slot,
    pack,
    reason: REASON,
  });
  const result = (outcome: 'SUCCESS' | 'FAIL_JAM' | 'UNCERTAIN', packs: Pack[]) =>
    ev('STOCK_ADJUSTMENT', {
      technicianId: 'T-DEMO',
      intentSeq: intent.seq,
      slot,
      outcome,
      packs,
      reason: REASON,
    });
  return { intent, result };
}

describe('inventory: stock adjustments', () => {
  const stocked = () =>
    replay([
      ev('RESTOCK', { slot: 1, packs: [serialised('A'), serialised('B'), serialised('C')] }),
    ]);

  it('takes the pack out with the intent and keeps it out on SUCCESS or UNCERTAIN', () => {
    for (const outcome of ['SUCCESS', 'UNCERTAIN'] as const) {
      const { intent, result } = rotate(1, serialised('A'));
      const open = replay([intent], stocked());
      expect(open.slots['1']).toEqual([serialised('B'), serialised('C')]);
      expect(open.openAdjustments[String(intent.seq)]).toEqual({
        slot: 1,
        pack: serialised('A'),
        technicianId: 'T-DEMO',
        reason: REASON,
      });
      const closed = replay([result(outcome, [serialised('A')])], open);
      expect(closed.slots['1']).toEqual([serialised('B'), serialised('C')]);
      expect(closed.openAdjustments).toEqual({});
      // Not a dispense: no fill, nothing in the dispense review list, no open dispense intent.
      expect(closed.fills).toEqual({});
      expect(closed.uncertain).toEqual([]);
      expect(closed.openIntents).toEqual({});
      expect(InventoryStateSchema.safeParse(closed).success).toBe(true);
    }
  });

  it('puts the pack back at the front when nothing moved', () => {
    const { intent, result } = rotate(1, serialised('A'));
    const closed = replay([intent, result('FAIL_JAM', [])], stocked());
    expect(closed.slots['1']).toEqual([serialised('A'), serialised('B'), serialised('C')]);
  });

  it('never takes a second identical pack for the one that dropped', () => {
    const { intent, result } = rotate(4, plain);
    const state = replay([
      ev('RESTOCK', { slot: 4, packs: [plain, plain, plain] }),
      intent,
      result('SUCCESS', [plain]),
    ]);
    expect(state.slots['4']).toEqual([plain, plain]);
  });

  it('an empty slot changes nothing; an unknown or repeated result is ignored', () => {
    const { intent, result } = rotate(2, null);
    const before = stocked();
    const after = replay([intent, result('FAIL_JAM', [])], before);
    expect(after.slots).toEqual(before.slots);
    expect(after.openAdjustments).toEqual({});
    const { intent: dropped, result: droppedResult } = rotate(1, serialised('A'));
    const once = replay([dropped, droppedResult('SUCCESS', [serialised('A')])], stocked());
    expect(replay([droppedResult('SUCCESS', [serialised('A')])], once)).toEqual(once);
  });

  it('a view file written before adjustments existed is refused by the schema, so it is rebuilt', () => {
    const { openAdjustments: _new, ...old } = stocked();
    expect(InventoryStateSchema.safeParse(old).success).toBe(false);
  });
});
