import { assign, fromPromise, setup } from 'xstate';
import type { DispenseOutcome, Pack } from '../contracts/journal-events';

/**
 * One pack of one line item (DESIGN §3, dispenser.md §6): reserve a pack (FEFO) → write the
 * fsynced DISPENSE_INTENT → drive the slot and wait for the board's final status (the drive
 * actor persists DISPENSE_RESULT before the board is acknowledged) → done.
 *
 * A failed drive (jam, no drop…) is retried once on the same slot with a new intent, then once on
 * another slot holding the same medicine; after that the pack is reported as not given. An
 * UNCERTAIN drive is never retried: it counts as dispensed and goes to the pharmacist.
 */

/** A pack picked for this line item, with the slot it sits in. */
export interface ReservedPack {
  slot: number;
  pack: Pack;
}

export interface ReserveRequest {
  gtins: string[];
  supplyDays: number;
  excludeSlots: number[];
  preferSlot: number | null;
}

export interface IntentRequest {
  jti: string;
  reserved: ReservedPack;
}

export interface DriveRequest {
  intentSeq: number;
  slot: number;
}

export interface DispensePackInput {
  jti: string;
  /** GTINs that satisfy the prescription. */
  gtins: string[];
  /** A pack must stay in date for this many days (the prescription's supply duration). */
  supplyDays: number;
}

export type DispensePackOutput =
  | { result: 'given'; slot: number; intentSeq: number }
  | { result: 'uncertain'; slot: number; intentSeq: number; detail: string }
  | {
      result: 'not_given';
      reason: 'no_stock' | 'failed' | 'device_unavailable';
      detail: string;
      lastOutcome?: DispenseOutcome;
    };

export interface DriveReport {
  outcome: DispenseOutcome;
  detail: string;
}

interface DispenseContext {
  input: DispensePackInput;
  reserved: ReservedPack | null;
  intentSeq: number | null;
  /** Drives tried on the current slot. */
  attemptsOnSlot: number;
  /** Slots that failed and must not be picked again for this pack. */
  failedSlots: number[];
  last: DriveReport | null;
  failure: { reason: 'no_stock' | 'failed' | 'device_unavailable'; detail: string } | null;
  ending: 'given' | 'uncertain' | 'not_given' | null;
}

/** A jammed spiral often frees itself on a second turn; a third try on the same slot does not help. */
const MAX_DRIVES_PER_SLOT = 2;
/** Beyond the first slot, try one alternate slot with the same medicine before giving up. */
const MAX_SLOTS_TRIED = 2;

export const dispenseMachine = setup({
  types: {
    input: {} as DispensePackInput,
    context: {} as DispenseContext,
    output: {} as DispensePackOutput,
  },
  actors: {
    reservePack: fromPromise<ReservedPack | null, ReserveRequest>(async () => {
      throw new Error('reservePack must be provided by main');
    }),
    writeIntent: fromPromise<number, IntentRequest>(async () => {
      throw new Error('writeIntent must be provided by main');
    }),
    drivePack: fromPromise<DriveReport, DriveRequest>(async () => {
      throw new Error('drivePack must be provided by main');
    }),
  },
  guards: {
    nothingToReserve: ({ event }) =>
      (event as unknown as { output: ReservedPack | null }).output === null,
    driveSucceeded: ({ event }) =>
      (event as unknown as { output: DriveReport }).output.outcome === 'SUCCESS',
    driveUncertain: ({ event }) =>
      (event as unknown as { output: DriveReport }).output.outcome === 'UNCERTAIN',
    maySameSlotAgain: ({ context }) => context.attemptsOnSlot < MAX_DRIVES_PER_SLOT,
    mayTryAnotherSlot: ({ context }) => context.failedSlots.length < MAX_SLOTS_TRIED,
  },
}).createMachine({
  id: 'dispense',
  context: ({ input }) => ({
    input,
    reserved: null,
    intentSeq: null,
    attemptsOnSlot: 0,
    failedSlots: [],
    last: null,
    failure: null,
    ending: null,
  }),
  initial: 'reserving',
  states: {
    reserving: {
      invoke: {
        src: 'reservePack',
        input: ({ context }) => ({
          gtins: context.input.gtins,
          supplyDays: context.input.supplyDays,
          excludeSlots: context.failedSlots,
          preferSlot: context.attemptsOnSlot > 0 && context.reserved ? context.reserved.slot : null,
        }),
        onDone: [
          {
            guard: 'nothingToReserve',
            target: 'notGiven',
            actions: assign({
              failure: ({ context }) =>
                context.last
                  ? {
                      reason: 'failed' as const,
                      detail: `last drive ended ${context.last.outcome}: ${context.last.detail}`,
                    }
                  : {
                      reason: 'no_stock' as const,
                      detail: 'no usable pack of this medicine in the cabinet',
                    },
            }),
          },
          {
            target: 'writingIntent',
            actions: assign({
              reserved: ({ event }) => event.output,
              attemptsOnSlot: ({ context, event }) =>
                context.reserved && event.output && context.reserved.slot === event.output.slot
                  ? context.attemptsOnSlot
                  : 0,
            }),
          },
        ],
        onError: {
          target: 'notGiven',
          actions: assign({
            failure: ({ event }) => ({
              reason: 'device_unavailable' as const,
              detail: String(event.error),
            }),
          }),
        },
      },
    },
    writingIntent: {
      invoke: {
        src: 'writeIntent',
        input: ({ context }) => ({ jti: context.input.jti, reserved: context.reserved! }),
        onDone: { target: 'driving', actions: assign({ intentSeq: ({ event }) => event.output }) },
        // A journal that cannot write is fatal for the whole kiosk; main stops the kiosk.
        onError: {
          target: 'notGiven',
          actions: assign({
            failure: ({ event }) => ({
              reason: 'device_unavailable' as const,
              detail: String(event.error),
            }),
          }),
        },
      },
    },
    driving: {
      entry: assign({ attemptsOnSlot: ({ context }) => context.attemptsOnSlot + 1 }),
      invoke: {
        src: 'drivePack',
        input: ({ context }) => ({ intentSeq: context.intentSeq!, slot: context.reserved!.slot }),
        onDone: [
          {
            guard: 'driveSucceeded',
            target: 'given',
            actions: assign({ last: ({ event }) => event.output }),
          },
          {
            guard: 'driveUncertain',
            target: 'uncertain',
            actions: assign({ last: ({ event }) => event.output }),
          },
          { target: 'driveFailed', actions: assign({ last: ({ event }) => event.output }) },
        ],
        // The drive actor persists a result for every intent it was given; an error here means
        // it could not, so the outcome is unknown and must be treated as UNCERTAIN.
        onError: {
          target: 'uncertain',
          actions: assign({
            last: ({ event }) => ({ outcome: 'UNCERTAIN' as const, detail: String(event.error) }),
          }),
        },
      },
    },
    driveFailed: {
      always: [
        { guard: 'maySameSlotAgain', target: 'reserving' },
        {
          guard: 'mayTryAnotherSlot',
          target: 'reserving',
          actions: assign({
            failedSlots: ({ context }) => [...context.failedSlots, context.reserved!.slot],
            attemptsOnSlot: 0,
          }),
        },
        {
          target: 'notGiven',
          actions: assign({
            failure: ({ context }) => ({
              reason: 'failed' as const,
              detail: `${context.last!.outcome}: ${context.last!.detail}`,
            }),
          }),
        },
      ],
    },
    given: { type: 'final', entry: assign({ ending: 'given' as const }) },
    uncertain: { type: 'final', entry: assign({ ending: 'uncertain' as const }) },
    notGiven: { type: 'final', entry: assign({ ending: 'not_given' as const }) },
  },
  output: ({ context }) => {
    const state = context.ending;
    if (state === 'given')
      return { result: 'given', slot: context.reserved!.slot, intentSeq: context.intentSeq! };
    if (state === 'uncertain')
      return {
        result: 'uncertain',
        slot: context.reserved!.slot,
        intentSeq: context.intentSeq!,
        detail: context.last?.detail ?? '',
      };
    return {
      result: 'not_given',
      reason: context.failure?.reason ?? 'failed',
      detail: context.failure?.detail ?? '',
      ...(context.last ? { lastOutcome: context.last.outcome } : {}),
    };
  },
});
