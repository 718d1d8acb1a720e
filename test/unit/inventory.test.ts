import { describe, expect, it } from 'vitest';
import type { JournalEvent } from '../../contracts/journal-events';
import {
  emptyInventory,
  pickPack,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory/inventory-state';

const AML = '09506000134352';
const OTHER = '09506000134369';
let seq = 0;
function ev<T extends JournalEvent['type']>(
  type: T,
  data: Extract<JournalEvent, { type: T }>['data'],
): JournalEvent {
  seq += 1;
  return {
    seq,
    id: crypto.randomUUID(),
    ts: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    type,
    data,
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  } as JournalEvent;
}
const replay = (events: JournalEvent[]): InventoryState =>
  events.reduce(reduceInventory, emptyInventory());

const stock = () =>
  replay([
    ev('RESTOCK', { slot: 1, packs: [{ gtin: AML, lot: 'LATE', expiry: '2028-06-30' }] }),
    ev('RESTOCK', {
      slot: 2,
      packs: [
        { gtin: AML, lot: 'EARLY', expiry: '2027-03-31' },
        { gtin: AML, lot: 'OLD', expiry: '2026-01-20' },
      ],
    }),
    ev('RESTOCK', { slot: 3, packs: [{ gtin: OTHER, lot: 'X', expiry: '2026-12-31' }] }),
  ]);
const request = {
  gtins: [AML],
  today: '2026-01-01',
  supplyDays: 30,
  excludeSlots: [],
  preferSlot: null,
};

describe('inventory', () => {
  it('picks first expiry first out among packs good for the whole supply', () => {
    expect(pickPack(stock(), request)).toMatchObject({ slot: 2, pack: { lot: 'EARLY' } });
  });

  it('never picks a pack expiring within the supply duration', () => {
    const picked = pickPack(stock(), { ...request, supplyDays: 30 });
    expect(picked?.pack.lot).not.toBe('OLD');
    expect(pickPack(stock(), { ...request, supplyDays: 2000 })).toBeNull();
  });

  it('never picks a pack of another GTIN', () => {
    expect(pickPack(stock(), { ...request, gtins: ['09506000134376'] })).toBeNull();
    expect(pickPack(stock(), { ...request, excludeSlots: [1, 2] })).toBeNull();
  });

  it('prefers the slot being retried when it still holds a good pack', () => {
    expect(pickPack(stock(), { ...request, preferSlot: 1 })).toMatchObject({ slot: 1 });
  });

  it('takes a pack out on intent, puts it back after a jam, and counts a fill on success or uncertain', () => {
    const s0 = stock();
    const intent = ev('DISPENSE_INTENT', {
      purpose: 'patient',
      jti: 'j1',
      slot: 2,
      gtin: AML,
      lot: 'EARLY',
      expiry: '2027-03-31',
      qty: 1,
    });
    const s1 = reduceInventory(s0, intent);
    expect(s1.slots['2']!.map((p) => p.lot)).toEqual(['OLD']);
    expect(Object.keys(s1.openIntents)).toEqual([String(intent.seq)]);
    const jammed = reduceInventory(
      s1,
      ev('DISPENSE_RESULT', {
        intentSeq: intent.seq,
        outcome: 'FAIL_JAM',
        statusCode: 3,
        detail: 'jam',
      }),
    );
    expect(jammed.slots['2']!.map((p) => p.lot).sort()).toEqual(['EARLY', 'OLD']);
    expect(jammed.fills).toEqual({});
    const uncertain = reduceInventory(
      s1,
      ev('DISPENSE_RESULT', { intentSeq: intent.seq, outcome: 'UNCERTAIN', detail: 'restart' }),
    );
    expect(uncertain.fills['j1']?.count).toBe(1);
    expect(uncertain.uncertain).toEqual([intent.seq]);
    expect(uncertain.openIntents).toEqual({});
  });

  it('counts one fill per accepted scan, however many packs it gave', () => {
    let state = stock();
    const session = (jti: string, slot: number, lots: string[], expiry: string) => {
      state = reduceInventory(
        state,
        ev('RX_ACCEPTED', { jti, medication: 'Amlodipine', packs: lots.length }),
      );
      for (const lot of lots) {
        const intent = ev('DISPENSE_INTENT', {
          purpose: 'patient',
          jti,
          slot,
          gtin: AML,
          lot,
          expiry,
          qty: 1,
        });
        state = reduceInventory(state, intent);
        state = reduceInventory(
          state,
          ev('DISPENSE_RESULT', {
            intentSeq: intent.seq,
            outcome: 'SUCCESS',
            statusCode: 2,
            detail: 'ok',
          }),
        );
      }
    };
    session('j2', 2, ['EARLY', 'OLD'], '2027-03-31');
    expect(state.fills['j2']?.count).toBe(1);
    session('j2', 1, ['LATE'], '2028-06-30');
    expect(state.fills['j2']?.count).toBe(2);
  });
});
