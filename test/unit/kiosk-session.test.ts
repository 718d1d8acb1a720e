import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, waitFor } from 'xstate';
import {
  dispenseMachine,
  type DriveReport,
  type DriveRequest,
  type IntentRequest,
  type ReservedPack,
  type ReserveRequest,
} from '../../state-machines/dispense';
import {
  IDLE_DELAYS,
  kioskSessionMachine,
  packsGiven,
  type PatientCheckInput,
  type PatientCheckResult,
  type Verification,
} from '../../state-machines/kiosk-session';

const PACK = { gtin: '09506000134352', lot: 'LOT1', expiry: '2030-01-31' };
const ORDER = {
  jti: 'jti-1',
  medication: 'Amlodipine 5 mg',
  dose: 'One each morning',
  packs: 2,
  gtins: [PACK.gtin],
  supplyDays: 30,
  codes: ['C08CA01'],
};

interface Fakes {
  verification?: Verification;
  /** Outcomes the board reports, one per drive, in order. */
  driveOutcomes?: DriveReport['outcome'][];
  /** Slots holding the medicine. */
  slots?: number[];
  /** What main answers to each PATIENT_CHECK, in order (default ok). */
  patientAnswers?: ('ok' | 'wrong' | 'locked')[];
}

function start(fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  const log: string[] = [];
  let seq = 0;
  const outcomes = [...(fakes.driveOutcomes ?? [])];
  const slots = fakes.slots ?? [1];
  const dispense = dispenseMachine.provide({
    actors: {
      reservePack: fromPromise(async ({ input }: { input: ReserveRequest }) => {
        const free = slots.filter((s) => !input.excludeSlots.includes(s));
        const slot =
          input.preferSlot !== null && free.includes(input.preferSlot) ? input.preferSlot : free[0];
        log.push(`reserve ${slot ?? 'none'}`);
        return slot === undefined
          ? null
          : ({ slot, pack: PACK } satisfies ReservedPack as ReservedPack | null);
      }),
      writeIntent: fromPromise(async ({ input }: { input: IntentRequest }) => {
        seq += 1;
        log.push(`intent ${seq} slot ${input.reserved.slot}`);
        return seq;
      }),
      drivePack: fromPromise(async ({ input }: { input: DriveRequest }) => {
        const outcome = outcomes.shift() ?? 'SUCCESS';
        log.push(`drive ${input.intentSeq} slot ${input.slot} ${outcome}`);
        return { outcome, detail: outcome } as DriveReport;
      }),
    },
  });
  const machine = kioskSessionMachine.provide({
    actors: {
      verifyPrescription: fromPromise(
        async (): Promise<Verification> =>
          fakes.verification ?? { ok: true, order: ORDER, attemptsLeft: 3 },
      ),
      checkPatient: fromPromise(
        async ({ input }: { input: PatientCheckInput }): Promise<PatientCheckResult> => {
          log.push(`check ${input.jti}`);
          const answer = (fakes.patientAnswers ?? []).shift() ?? 'ok';
          if (answer === 'ok') return { ok: true };
          if (answer === 'locked') return { ok: false, reason: 'patient_locked' };
          return { ok: false, reason: 'patient_mismatch', attemptsLeft: 1 };
        },
      ),
      dispensePack: dispense,
    },
  });
  const actor = createActor(machine, { clock, input: { defaultLanguage: 'en' } });
  actor.start();
  return { actor, clock, log };
}

const SCAN = { type: 'SCANNED', scan: { text: 'shc:/56', aim: ']Q1' } } as const;
const ANSWER = { type: 'PATIENT_CHECK', birthDate: '1960-05-14', pin: '246810' } as const;

async function scanAndIdentify(actor: ReturnType<typeof start>['actor']): Promise<void> {
  actor.send(SCAN);
  await waitFor(actor, (s) => s.matches('identify'));
  actor.send(ANSWER);
  await waitFor(actor, (s) => s.matches('confirm'));
}

describe('kioskSession', () => {
  it('goes from a scan to confirm to two packs dispensed, then back to attract', async () => {
    const { actor, clock, log } = start();
    await scanAndIdentify(actor);
    expect(actor.getSnapshot().context.order).toEqual(ORDER);
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(packsGiven(done.context.results)).toBe(2);
    expect(done.context.packs.map((p) => p.state)).toEqual(['done', 'done']);
    expect(log.filter((l) => !l.startsWith('check'))).toEqual([
      'reserve 1',
      'intent 1 slot 1',
      'drive 1 slot 1 SUCCESS',
      'reserve 1',
      'intent 2 slot 1',
      'drive 2 slot 1 SUCCESS',
    ]);
    clock.increment(IDLE_DELAYS.RESULT_SCREEN_MS);
    expect(actor.getSnapshot().value).toBe('attract');
    expect(actor.getSnapshot().context.order).toBeNull();
  });

  it('asks for date of birth and PIN before confirm, and never keeps them in the context', async () => {
    const { actor } = start({ patientAnswers: ['wrong', 'ok'] });
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    expect(actor.getSnapshot().context.identify).toEqual({ attemptsLeft: 3, lastWrong: false });
    actor.send(ANSWER);
    const wrong = await waitFor(
      actor,
      (s) => s.matches('identify') && s.context.identify?.lastWrong === true,
    );
    expect(wrong.context.identify).toEqual({ attemptsLeft: 1, lastWrong: true });
    actor.send(ANSWER);
    const confirm = await waitFor(actor, (s) => s.matches('confirm'));
    expect(JSON.stringify(confirm.context)).not.toContain('246810');
    expect(JSON.stringify(confirm.context)).not.toContain('1960-05-14');
  });

  it('refuses with patient_locked when main says the prescription is locked', async () => {
    const { actor } = start({ patientAnswers: ['locked'] });
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send(ANSWER);
    const refused = await waitFor(actor, (s) => s.matches('refused'));
    expect(refused.context.refusal?.reason).toBe('patient_locked');
  });

  it('keeps the language the patient picked for the session and forgets it at attract', async () => {
    const { actor, clock } = start();
    actor.send({ type: 'SET_LANGUAGE', language: 'sw' });
    actor.send({ type: 'START' });
    expect(actor.getSnapshot().context.language).toBe('sw');
    clock.increment(IDLE_DELAYS.IDLE_TIMEOUT_MS);
    expect(actor.getSnapshot().value).toBe('attract');
    expect(actor.getSnapshot().context.language).toBe('en');
  });

  it('explains a refusal with the verifier reason', async () => {
    const { actor } = start({
      verification: {
        ok: false,
        reason: 'bad_signature',
        detail: 'ES256 signature did not verify',
      },
    });
    actor.send(SCAN);
    const s = await waitFor(actor, (x) => x.matches('refused'));
    expect(s.context.refusal).toEqual({
      reason: 'bad_signature',
      detail: 'ES256 signature did not verify',
    });
  });

  it('retries a jam once on the same slot, then moves to another slot with the same medicine', async () => {
    const { actor, log } = start({
      driveOutcomes: ['FAIL_JAM', 'FAIL_JAM', 'FAIL_JAM', 'SUCCESS'],
      slots: [3, 4],
    });
    await scanAndIdentify(actor);
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(log.filter((l) => l.startsWith('drive'))).toEqual([
      'drive 1 slot 3 FAIL_JAM',
      'drive 2 slot 3 FAIL_JAM',
      'drive 3 slot 4 FAIL_JAM',
      'drive 4 slot 4 SUCCESS',
      'drive 5 slot 3 SUCCESS',
    ]);
    expect(log.filter((l) => l.startsWith('intent'))).toHaveLength(5); // a new intent for every drive
    expect(done.context.results[0]).toMatchObject({ result: 'given', slot: 4 });
  });

  it('gives up on a pack after two slots fail and says how many were given', async () => {
    const { actor } = start({
      driveOutcomes: ['FAIL_JAM', 'FAIL_JAM', 'FAIL_JAM', 'FAIL_JAM'],
      slots: [3],
    });
    await scanAndIdentify(actor);
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(packsGiven(done.context.results)).toBe(0);
    expect(done.context.results[0]).toMatchObject({
      result: 'not_given',
      reason: 'failed',
      lastOutcome: 'FAIL_JAM',
    });
    expect(done.context.packs.map((p) => p.state)).toEqual(['failed', 'failed']);
  });

  it('never retries an UNCERTAIN drive', async () => {
    const { actor, log } = start({ driveOutcomes: ['UNCERTAIN'] });
    await scanAndIdentify(actor);
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(done.context.results[0]).toMatchObject({ result: 'uncertain' });
    expect(log.filter((l) => l.startsWith('drive'))).toHaveLength(2); // one per pack, none repeated
  });

  it('returns to attract and forgets the patient when idle on confirm, but not before the timeout', async () => {
    const { actor, clock } = start();
    await scanAndIdentify(actor);
    clock.increment(IDLE_DELAYS.IDLE_TIMEOUT_MS - 1);
    actor.send({ type: 'ACTIVITY' });
    clock.increment(IDLE_DELAYS.IDLE_TIMEOUT_MS - 1);
    expect(actor.getSnapshot().value).toBe('confirm');
    clock.increment(1);
    expect(actor.getSnapshot().value).toBe('attract');
    expect(actor.getSnapshot().context.order).toBeNull();
  });

  it('ignores CANCEL while a pack is being dispensed', async () => {
    const { actor } = start();
    await scanAndIdentify(actor);
    actor.send({ type: 'CONFIRM' });
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().matches('dispensing')).toBe(true);
    await waitFor(actor, (s) => s.matches('done'));
  });
});
