import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, SimulatedClock, waitFor } from 'xstate';
import {
  kioskSessionMachine,
  type LabelOutcome,
  type Order,
  type PatientCheckInput,
  type PatientCheckResult,
  type ShortCodeResolution,
  type Verification,
} from '../../state-machines/kiosk-session';
import type { DispensePackOutput } from '../../state-machines/dispense';
import {
  vitalsMachine,
  type AbortBpInput,
  type ConnectDeviceInput,
  type CuffStopResult,
  type CuffReading,
  type DeviceLinkCheck,
  type VitalsOutput,
} from '../../state-machines/vitals';

/**
 * The session's steps around the core flow (issue 6): vitals, counselling, label, help, refill
 * and the typed code. Effects are fakes that record what main would journal.
 */

const ORDER: Order = {
  jti: 'jti-1',
  medication: 'Amlodipine 5 mg',
  dose: 'One each morning',
  packs: 1,
  gtins: ['09506000134352'],
  supplyDays: 28,
  codes: ['C08CA01'],
};

interface Fakes {
  order?: Order;
  verification?: Verification;
  /** Cuff results, one per measurement attempt: a reading or a retry cause. */
  cuff?: (CuffReading | 'movement')[];
  label?: LabelOutcome;
  code?: ShortCodeResolution;
}

function start(fakes: Fakes = {}) {
  const clock = new SimulatedClock();
  const effects: string[] = [];
  const vitalsOutputs: VitalsOutput[] = [];
  const cuff = [...(fakes.cuff ?? [])];
  const vitals = vitalsMachine.provide({
    actors: {
      connectDevice: fromPromise<DeviceLinkCheck, ConnectDeviceInput>(async () => ({
        ready: true,
      })),
      measureBp: fromCallback(({ sendBack }) => {
        const next = cuff.shift() ?? 'movement';
        effects.push(`cuff ${typeof next === 'string' ? next : next.systolic}`);
        sendBack({ type: 'BP.STARTED', seq: 1 });
        sendBack({ type: 'BP.LIVE', batch: { samples: [{ pressure: 150, phase: 'INF' }] } });
        if (next === 'movement') sendBack({ type: 'BP.RETRY', cause: 'movement' });
        else sendBack({ type: 'BP.READING', reading: next });
      }),
      abortBp: fromPromise<CuffStopResult, AbortBpInput>(async () => {
        effects.push('cuff stop');
        return { ok: true };
      }),
    },
  });
  const given: DispensePackOutput = { result: 'given', slot: 1, intentSeq: 7 };
  const machine = kioskSessionMachine.provide({
    actors: {
      verifyPrescription: fromPromise(
        async (): Promise<Verification> =>
          fakes.verification ?? { ok: true, order: fakes.order ?? ORDER, attemptsLeft: 3 },
      ),
      checkPatient: fromPromise<PatientCheckResult, PatientCheckInput>(async () => ({ ok: true })),
      dispensePack: fromPromise(async () => given) as never,
      vitalsStep: vitals,
      printLabel: fromPromise(async () => {
        effects.push('print');
        return fakes.label ?? { ok: true as const };
      }),
      resolveShortCode: fromPromise(async ({ input }: { input: { code: string } }) => {
        effects.push(`resolve ${input.code}`);
        return fakes.code ?? { ok: false as const, reason: 'offline' as const };
      }),
    },
    actions: {
      requestHelp: (_, params) => void effects.push(`help ${params.jti ?? '-'}`),
      requestRefill: (_, params) => void effects.push(`refill ${params.jti}`),
      recordVitals: (_, params) => void vitalsOutputs.push(params.output),
      acknowledgeCounselling: (_, params) => void effects.push(`counselled ${params.jti}`),
    },
  });
  const actor = createActor(machine, { clock, input: { defaultLanguage: 'en' } });
  actor.start();
  return { actor, clock, effects, vitalsOutputs };
}

type Actor = ReturnType<typeof start>['actor'];
const SCAN = { type: 'SCANNED', scan: { text: 'shc:/56', aim: ']Q1' } } as const;
const ANSWER = { type: 'PATIENT_CHECK', birthDate: '1960-05-14', pin: '246810' } as const;
const BP_LIMITS = { bpSystolicMax: 160, bpDiastolicMax: 100 };
const reading = (systolic: number, diastolic: number): CuffReading => ({
  systolic,
  diastolic,
  map: 100,
  pulse: 70,
});

async function toVitals(actor: Actor): Promise<void> {
  actor.send(SCAN);
  await waitFor(actor, (s) => s.matches('identify'));
  actor.send(ANSWER);
  await waitFor(actor, (s) => s.matches({ vitals: 'measuring' }));
}

describe('kioskSession steps', () => {
  it('without vitals limits goes from identify straight to the counselling', async () => {
    const { actor } = start();
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send(ANSWER);
    await waitFor(actor, (s) => s.matches('confirm'));
  });

  it('vitals in range: the result is shown, Next leads to the counselling, the reading is recorded', async () => {
    const { actor, vitalsOutputs } = start({
      order: { ...ORDER, vitals: BP_LIMITS },
      cuff: [reading(128, 82)],
    });
    await toVitals(actor);
    actor.send({ type: 'START_MEASURE' });
    const result = await waitFor(actor, (s) => s.matches({ vitals: 'result' }));
    expect(result.context.vitals?.readings.bp).toMatchObject({ systolic: 128, diastolic: 82 });
    expect(result.context.vitals?.outcome).toBe('in_range');
    expect(vitalsOutputs.map((o) => o.outcome)).toEqual(['in_range']);
    actor.send({ type: 'CONFIRM' });
    await waitFor(actor, (s) => s.matches('confirm'));
  });

  it('vitals out of range: refused with vitals_required, nothing dispensed', async () => {
    const { actor, effects, vitalsOutputs } = start({
      order: { ...ORDER, vitals: BP_LIMITS },
      cuff: [reading(182, 95)],
    });
    await toVitals(actor);
    actor.send({ type: 'START_MEASURE' });
    const refused = await waitFor(actor, (s) => s.matches('refused'));
    expect(refused.context.refusal?.reason).toBe('vitals_required');
    expect(refused.context.refusal?.detail).toContain('out_of_range');
    expect(refused.context.vitals?.breaches).toEqual([
      { limit: 'bpSystolicMax', value: 182, threshold: 160 },
    ]);
    expect(vitalsOutputs).toHaveLength(1);
    expect(effects).not.toContain('print');
    expect(effects.some((e) => e.startsWith('counselled'))).toBe(false);
  });

  it('movement: the patient is asked to keep still and measured again', async () => {
    const { actor, clock, effects } = start({
      order: { ...ORDER, vitals: BP_LIMITS },
      cuff: ['movement', reading(120, 80)],
    });
    await toVitals(actor);
    actor.send({ type: 'START_MEASURE' });
    await waitFor(actor, (s) =>
      JSON.stringify(s.children.vitals?.getSnapshot()).includes('"value":"retry"'),
    );
    clock.increment(5_000);
    await waitFor(actor, (s) =>
      JSON.stringify(s.children.vitals?.getSnapshot()).includes('"value":"instructions"'),
    );
    actor.send({ type: 'START_MEASURE' });
    await waitFor(actor, (s) => s.matches({ vitals: 'result' }));
    expect(effects.filter((e) => e.startsWith('cuff'))).toEqual(['cuff movement', 'cuff 120']);
  });

  it('cancel during vitals goes back to attract and forgets the patient', async () => {
    const { actor } = start({ order: { ...ORDER, vitals: BP_LIMITS } });
    await toVitals(actor);
    actor.send({ type: 'CANCEL' });
    const attract = await waitFor(actor, (s) => s.matches('attract'));
    expect(attract.context.order).toBeNull();
  });

  it('"I understand" is recorded before the dispense, then the label prints and done says so', async () => {
    const { actor, effects } = start();
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send(ANSWER);
    await waitFor(actor, (s) => s.matches('confirm'));
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(effects).toEqual(['counselled jti-1', 'print']);
    expect(done.context.label).toEqual({ ok: true });
  });

  it('paper out: the patient still reaches done, told the label failed', async () => {
    const { actor } = start({ label: { ok: false, problem: 'paper_out' } });
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send(ANSWER);
    await waitFor(actor, (s) => s.matches('confirm'));
    actor.send({ type: 'CONFIRM' });
    const done = await waitFor(actor, (s) => s.matches('done'));
    expect(done.context.label).toEqual({ ok: false, problem: 'paper_out' });
  });

  it('help is journaled once per session, can be reopened, and is forgotten at attract', async () => {
    const { actor, effects } = start();
    actor.send({ type: 'HELP' });
    expect(effects).toEqual([]); // nobody is being served on attract
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('identify'));
    actor.send({ type: 'HELP' });
    expect(actor.getSnapshot().context.help).toEqual({ open: true });
    actor.send({ type: 'CLOSE_HELP' });
    expect(actor.getSnapshot().context.help).toEqual({ open: false });
    actor.send({ type: 'HELP' });
    expect(actor.getSnapshot().context.help).toEqual({ open: true });
    expect(effects).toEqual(['help jti-1']);
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().context.help).toBeNull();
  });

  it('no fills left: the patient can ask for a refill, once', async () => {
    const { actor, effects } = start({
      verification: {
        ok: false,
        reason: 'no_fills_left',
        detail: '2 of 2 fills used',
        refillable: { jti: 'jti-9', medication: 'Amlodipine 5 mg' },
      },
    });
    actor.send(SCAN);
    const refused = await waitFor(actor, (s) => s.matches('refused'));
    expect(refused.context.refill).toEqual({
      jti: 'jti-9',
      medication: 'Amlodipine 5 mg',
      requested: false,
    });
    actor.send({ type: 'REQUEST_REFILL' });
    actor.send({ type: 'REQUEST_REFILL' });
    expect(actor.getSnapshot().context.refill?.requested).toBe(true);
    expect(effects).toEqual(['refill jti-9']);
  });

  it('other refusals offer no refill', async () => {
    const { actor, effects } = start({
      verification: { ok: false, reason: 'expired', detail: 'exp passed' },
    });
    actor.send(SCAN);
    await waitFor(actor, (s) => s.matches('refused'));
    actor.send({ type: 'REQUEST_REFILL' });
    expect(actor.getSnapshot().context.refill).toBeNull();
    expect(effects).toEqual([]);
  });

  it('a typed code offline says so and stays on the code screen; a resolved code is verified', async () => {
    const offline = start();
    offline.actor.send({ type: 'START' });
    offline.actor.send({ type: 'ENTER_CODE' });
    offline.actor.send({ type: 'SUBMIT_CODE', code: 'OD-7KQ2-9F3M' });
    const typing = await waitFor(
      offline.actor,
      (s) => s.matches({ enter_code: 'typing' }) && s.context.codeEntry === 'offline',
    );
    expect(typing.context.codeEntry).toBe('offline');
    expect(offline.effects).toEqual(['resolve OD-7KQ2-9F3M']);

    const online = start({ code: { ok: true, text: 'shc:/5676' } });
    online.actor.send({ type: 'START' });
    online.actor.send({ type: 'ENTER_CODE' });
    online.actor.send({ type: 'SUBMIT_CODE', code: 'OD-7KQ2-9F3M' });
    await waitFor(online.actor, (s) => s.matches('identify'));
  });
});
