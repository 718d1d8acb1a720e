import { z } from 'zod';
import type { JournalEvent } from '../../contracts/journal-events';
import { degreesOutside } from './temperature-band';

/**
 * The cold chain derived from the journal (issue 9 item 7): the excursion under way, the recent
 * excursions for the technician's chart, and the slots blocked until a pharmacist releases them.
 * Pure, so a restart rebuilds exactly what the kiosk decided before it (DESIGN §5).
 */

/** How many past excursions the view keeps (the chart shows at most 7 days). */
export const EXCURSIONS_KEPT = 50;

const seq = z.number().int().positive();

export const Excursion = z.strictObject({
  /** The COLD_CHAIN_EXCURSION's seq: the excursion's id. */
  seq,
  startedAt: z.number().int(),
  /** Null while it lasts. */
  endedAt: z.number().int().nullable(),
  /** The furthest out-of-band temperature journaled so far, °C. */
  peakC: z.number(),
  /** The band in force when it started. */
  minC: z.number(),
  maxC: z.number(),
});
export type Excursion = z.infer<typeof Excursion>;

export const SlotBlock = z.strictObject({
  excursionSeq: seq,
  gtins: z.array(z.string()),
  blockedAt: z.number().int(),
});
export type SlotBlock = z.infer<typeof SlotBlock>;

export const ColdChainStateSchema = z.strictObject({
  /** Oldest first; the last one is under way when its `endedAt` is null. */
  excursions: z.array(Excursion),
  /** Blocked slots by slot number. */
  blocks: z.record(z.string(), SlotBlock),
});
export type ColdChainState = z.infer<typeof ColdChainStateSchema>;

export const emptyColdChain = (): ColdChainState => ({ excursions: [], blocks: {} });

/** The excursion under way, or null. */
export function ongoingExcursion(state: ColdChainState): Excursion | null {
  const last = state.excursions.at(-1);
  return last && last.endedAt === null ? last : null;
}

export function blockedSlots(state: ColdChainState): number[] {
  return Object.keys(state.blocks)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Whether `excursionSeq` names an excursion this kiosk journaled (that the view still holds). */
export function isKnownExcursion(state: ColdChainState, excursionSeq: number): boolean {
  return (
    state.excursions.some((e) => e.seq === excursionSeq) ||
    Object.values(state.blocks).some((b) => b.excursionSeq === excursionSeq)
  );
}

const replaceLast = (list: Excursion[], next: Excursion): Excursion[] => [
  ...list.slice(0, -1),
  next,
];

export function reduceColdChain(state: ColdChainState, event: JournalEvent): ColdChainState {
  switch (event.type) {
    case 'CABINET_READING': {
      const ongoing = ongoingExcursion(state);
      const t = event.data.temperatureC;
      if (!ongoing || t === null) return state;
      const band = { min: ongoing.minC, max: ongoing.maxC };
      if (degreesOutside(t, band) <= degreesOutside(ongoing.peakC, band)) return state;
      return { ...state, excursions: replaceLast(state.excursions, { ...ongoing, peakC: t }) };
    }
    case 'COLD_CHAIN_EXCURSION': {
      const started: Excursion = {
        seq: event.seq,
        startedAt: Date.parse(event.ts),
        endedAt: null,
        peakC: event.data.temperatureC,
        minC: event.data.minC,
        maxC: event.data.maxC,
      };
      return { ...state, excursions: [...state.excursions, started].slice(-EXCURSIONS_KEPT) };
    }
    case 'COLD_CHAIN_RECOVERED': {
      const ongoing = ongoingExcursion(state);
      if (!ongoing || ongoing.seq !== event.data.excursionSeq) return state;
      const ended = { ...ongoing, endedAt: Date.parse(event.ts), peakC: event.data.peakC };
      return { ...state, excursions: replaceLast(state.excursions, ended) };
    }
    case 'SLOT_BLOCKED': {
      const { slot, excursionSeq, gtins } = event.data;
      const block: SlotBlock = { excursionSeq, gtins: [...gtins], blockedAt: Date.parse(event.ts) };
      return { ...state, blocks: { ...state.blocks, [String(slot)]: block } };
    }
    case 'SLOT_RELEASED': {
      const key = String(event.data.slot);
      const block = state.blocks[key];
      // A release for an older excursion does not lift a block made by a newer one.
      if (!block || event.data.excursionSeq < block.excursionSeq) return state;
      const { [key]: _lifted, ...blocks } = state.blocks;
      return { ...state, blocks };
    }
    default:
      return state;
  }
}
