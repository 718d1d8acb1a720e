import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DISPENSE_OUTCOMES,
  type DispenseOutcome,
  type JournalEvent,
  type Pack,
} from '../../contracts/journal-events';
import { closeOpenIntentsAsUncertain } from '../../main/dispensing/close-open-intents';
import {
  emptyInventory,
  InventoryStateSchema,
  reduceInventory,
  type InventoryState,
} from '../../main/inventory';
import { openJournal, type Journal } from '../../main/journal';
import { createEphemeralDeviceKey } from '../../main/keys';
import { openViewStore, type ViewStore } from '../../main/views';

/**
 * The inventory view is derived data (DESIGN §5): whatever order restocks, dispenses, failures
 * and restarts come in, the live view must equal a rebuild from the journal.
 */

const key = createEphemeralDeviceKey();
const AML = '09506000134352';
const MET = '09506000134369';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inventory-rebuild-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openAt(sub: string): Promise<Journal> {
  const opened = await openJournal({
    dir: path.join(dir, sub, 'journal'),
    signer: key,
    verifyCheckpoint: key.verifyCheckpoint,
  });
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  return opened.value;
}

const openInventory = (journal: Journal, sub: string, file = 'inventory.json') =>
  openViewStore<InventoryState>({
    file: path.join(dir, sub, 'views', file),
    journal,
    initial: emptyInventory,
    reduce: reduceInventory,
    schema: InventoryStateSchema,
  });

const pack = (gtin: string, lot: string, expiry: string, serial: string): Pack => ({
  gtin,
  lot,
  expiry,
  serial,
});

async function dispense(
  journal: Journal,
  slot: number,
  p: Pack,
  outcome: DispenseOutcome | null,
  jti = 'jti-1',
): Promise<number> {
  const intent = await journal.append('DISPENSE_INTENT', {
    purpose: 'patient',
    jti,
    slot,
    ...p,
    qty: 1,
  });
  if (outcome !== null) {
    await journal.append('DISPENSE_RESULT', {
      intentSeq: intent.seq,
      outcome,
      detail: outcome.toLowerCase(),
    });
  }
  return intent.seq;
}

describe('inventory view rebuilt from the journal equals the live view', () => {
  it('after restocks, refusals, dispenses, failures, a restart and UNCERTAIN intents', async () => {
    let journal = await openAt('k');
    let store = await openInventory(journal, 'k');
    const a1 = pack(AML, 'A1', '2027-06-30', 'S1');
    const a2 = pack(AML, 'A1', '2027-06-30', 'S2');
    const m1 = pack(MET, 'M1', '2027-09-30', 'S1');
    await journal.append('RESTOCK', { slot: 1, packs: [a1, a2] });
    await journal.append('RESTOCK', { slot: 2, packs: [m1] });
    await journal.append('RESTOCK_REFUSED', {
      slot: 2,
      reason: 'wrong_medicine',
      gtin: AML,
      lot: 'A1',
      detail: 'slot 2 holds MET',
    });
    await dispense(journal, 1, a1, 'FAIL_JAM');
    await dispense(journal, 1, a1, 'SUCCESS');
    await dispense(journal, 2, m1, 'FAIL_NO_DROP', 'jti-2');
    await dispense(journal, 2, m1, 'FAIL_MOTOR_OVERRUN', 'jti-2');
    // The kiosk dies with this intent open.
    const open = await dispense(journal, 1, a2, null, 'jti-3');
    await store.close();
    await journal.close();

    // Restart as the kiosk does: view from its file, open intents closed as UNCERTAIN.
    journal = await openAt('k');
    store = await openInventory(journal, 'k');
    expect(store.opened).toEqual({ from: 'file', replayed: 0 });
    expect(await closeOpenIntentsAsUncertain(journal, store)).toEqual([open]);
    await journal.append('RESTOCK', { slot: 2, packs: [pack(MET, 'M2', '2028-01-31', 'S9')] });

    const live = structuredClone(store.state);
    expect(live.slots).toEqual({ '1': [], '2': [pack(MET, 'M2', '2028-01-31', 'S9')] });
    expect(live.slotGtins).toEqual({ '1': AML, '2': MET });
    expect(live.uncertain).toEqual([open]);
    expect(live.openIntents).toEqual({});
    expect(live.fills['jti-1']?.count).toBe(1);
    expect(live.fills['jti-3']?.count).toBe(1);
    expect(live.fills['jti-2']?.count).toBe(1);

    expect(await store.rebuild()).toStrictEqual(live);
    // A second view opened on a fresh file rebuilds from the journal alone: same state.
    const fresh = await openInventory(journal, 'k', 'fresh.json');
    expect(fresh.opened).toMatchObject({ from: 'rebuild', reason: 'missing' });
    expect(fresh.state).toStrictEqual(live);
    await fresh.close();
    await store.close();
    await journal.close();
  });

  it('rebuilds a view file from before slotGtins existed instead of trusting it', async () => {
    const journal = await openAt('old');
    let store = await openInventory(journal, 'old');
    await journal.append('RESTOCK', { slot: 1, packs: [pack(AML, 'A', '2027-06-30', 'S1')] });
    await store.close();
    const { PowerSafeJsonFile } = await import('../../main/views');
    const file = new PowerSafeJsonFile<{ lastSeq: number; lastHash: string; state: unknown }>(
      path.join(dir, 'old', 'views', 'inventory.json'),
    );
    const stored = await file.read();
    const { slotGtins: _gone, ...oldState } = stored!.state as InventoryState;
    await file.write({ ...stored!, state: oldState });

    store = await openInventory(journal, 'old');
    expect(store.opened).toMatchObject({ from: 'rebuild', reason: 'corrupt' });
    expect(store.state.slotGtins).toEqual({ '1': AML });
    await store.close();
    await journal.close();
  });
});

/** Commands the property turns into well-formed events: intents only for packs in stock. */
type Command =
  | { kind: 'restock'; slot: number; packs: number }
  | { kind: 'intent'; pick: number }
  | { kind: 'result'; pick: number; outcome: DispenseOutcome }
  | { kind: 'persist' };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('restock' as const),
    slot: fc.integer({ min: 1, max: 4 }),
    packs: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('intent' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('result' as const),
    pick: fc.nat(),
    outcome: fc.constantFrom(...DISPENSE_OUTCOMES),
  }),
  fc.record({ kind: fc.constant('persist' as const) }),
);

type EventSpec =
  | { type: 'RESTOCK'; data: { slot: number; packs: Pack[] } }
  | {
      type: 'DISPENSE_INTENT';
      data: { purpose: 'patient'; jti: string; slot: number; qty: 1 } & Pack;
    }
  | {
      type: 'DISPENSE_RESULT';
      data: { intentSeq: number; outcome: DispenseOutcome; detail: string };
    };

/** Turns commands into events against a model of the stock, so intents name real packs. */
function* toEvents(
  commands: Command[],
  current: () => InventoryState,
  nextSeq: () => number,
): Generator<EventSpec | 'persist'> {
  let serial = 0;
  for (const c of commands) {
    if (c.kind === 'persist') {
      yield 'persist';
    } else if (c.kind === 'restock') {
      const packs = Array.from({ length: c.packs }, () => {
        serial += 1;
        return pack(
          serial % 2 ? AML : MET,
          `L${serial % 3}`,
          `2027-0${1 + (serial % 9)}-15`,
          `S${serial}`,
        );
      });
      yield { type: 'RESTOCK', data: { slot: c.slot, packs } };
    } else if (c.kind === 'intent') {
      const fronts = Object.entries(current().slots).filter(([, packs]) => packs.length > 0);
      const chosen = fronts[c.pick % Math.max(fronts.length, 1)];
      if (!chosen) continue;
      const [slot, packs] = chosen;
      yield {
        type: 'DISPENSE_INTENT',
        data: {
          purpose: 'patient',
          jti: `j${nextSeq() % 3}`,
          slot: Number(slot),
          qty: 1,
          ...packs[0]!,
        },
      };
    } else {
      const open = Object.keys(current().openIntents);
      const intentSeq = open[c.pick % Math.max(open.length, 1)];
      if (intentSeq === undefined) continue;
      yield {
        type: 'DISPENSE_RESULT',
        data: { intentSeq: Number(intentSeq), outcome: c.outcome, detail: 'x' },
      };
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** No pack is lost or doubled: every restocked pack is in a slot, in an open intent, or gone. */
function packCount(state: InventoryState): number {
  return (
    Object.values(state.slots).reduce((n, packs) => n + packs.length, 0) +
    Object.keys(state.openIntents).length
  );
}

describe('live reduction equals a fresh rebuild (property)', () => {
  it('pure: any sequence, with the view saved and reloaded at random points', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 60 }), (commands) => {
        const events: JournalEvent[] = [];
        // The live view: frozen after every step (a reducer that mutates throws), and at random
        // points round-tripped through JSON as the view file is.
        let live = deepFreeze(emptyInventory());
        let restocked = 0;
        let left = 0;
        for (const spec of toEvents(
          commands,
          () => live,
          () => events.length + 1,
        )) {
          if (spec === 'persist') {
            live = deepFreeze(InventoryStateSchema.parse(JSON.parse(JSON.stringify(live))));
            continue;
          }
          const event = {
            seq: events.length + 1,
            id: crypto.randomUUID(),
            ts: '2026-03-15T08:00:00Z',
            ...spec,
            prev: '0'.repeat(64),
            hash: '0'.repeat(64),
          } as JournalEvent;
          events.push(event);
          if (spec.type === 'RESTOCK') restocked += spec.data.packs.length;
          if (
            spec.type === 'DISPENSE_RESULT' &&
            ['SUCCESS', 'UNCERTAIN', 'FAIL_MOTOR_OVERRUN'].includes(spec.data.outcome)
          )
            left += 1;
          live = deepFreeze(reduceInventory(live, event));
        }
        const rebuilt = events.reduce(reduceInventory, emptyInventory());
        expect(live).toStrictEqual(rebuilt);
        expect(InventoryStateSchema.safeParse(rebuilt).success).toBe(true);
        expect(packCount(rebuilt)).toBe(restocked - left);
      }),
      { numRuns: 300 },
    );
  });

  it('through a real journal and view store: live state equals store.rebuild()', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { maxLength: 25 }), async (commands) => {
        run += 1;
        const journal = await openAt(`run-${run}`);
        let store: ViewStore<InventoryState> = await openInventory(journal, `run-${run}`);
        try {
          for (const spec of toEvents(
            commands,
            () => store.state,
            () => journal.lastSeq + 1,
          )) {
            if (spec === 'persist') {
              // Close and reopen the view: it comes back from its file, not from a rebuild.
              await store.close();
              store = await openInventory(journal, `run-${run}`);
              expect(store.opened.from).toBe('file');
            } else if (spec.type === 'RESTOCK') {
              await journal.append('RESTOCK', spec.data);
            } else if (spec.type === 'DISPENSE_INTENT') {
              await journal.append('DISPENSE_INTENT', spec.data);
            } else {
              await journal.append('DISPENSE_RESULT', spec.data);
            }
          }
          const live = structuredClone(store.state);
          expect(await store.rebuild()).toStrictEqual(live);
        } finally {
          await store.close();
          await journal.close();
        }
      }),
      { numRuns: 12 },
    );
  });
});
