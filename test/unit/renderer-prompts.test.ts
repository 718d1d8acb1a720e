import { describe, expect, it } from 'vitest';
import { LANGUAGES, SCREENS, type UiSnapshot, type VitalsView } from '../../contracts/bridge';
import {
  createPromptController,
  promptChange,
  type AudioLike,
  type PromptTarget,
} from '../../renderer/audio/prompt-player';
import { ManifestEntry } from '../../renderer/audio/prompt-manifest';
import {
  PROMPT_IDS,
  PROMPTS,
  promptFor,
  promptText,
  promptUrl,
} from '../../renderer/audio/prompts';
import { TEXTS } from '../../renderer/i18n';
import { REFUSAL_REASONS } from '../../renderer/refusal-reasons';
import { BP_INSTRUCTIONS } from '../fixtures/renderer/vitals-view';

// Copied from the contract on purpose: each cause must have its own spoken prompt.
const RETRY_CAUSES = [
  'movement',
  'cuffLoose',
  'position',
  'weakSignal',
  'timeout',
  'implausible',
  'fingerOut',
  'artefact',
] as const;

const snapshot = (extra: Partial<UiSnapshot> & Pick<UiSnapshot, 'screen'>): UiSnapshot => ({
  version: 1,
  language: 'en',
  kioskName: 'K',
  devices: [],
  ...extra,
});

describe('which prompt goes with a snapshot', () => {
  it('has a prompt for every screen and every refusal reason', () => {
    for (const screen of SCREENS) expect(PROMPT_IDS).toContain(screen);
    for (const reason of REFUSAL_REASONS) expect(PROMPT_IDS).toContain(`refused-${reason}`);
    expect(PROMPT_IDS).toContain('idle');
  });

  it('is the screen itself for the plain screens', () => {
    for (const screen of ['attract', 'scan', 'verifying', 'confirm', 'dispensing'] as const)
      expect(promptFor(snapshot({ screen }))).toBe(screen);
    expect(promptFor(snapshot({ screen: 'out_of_service' }))).toBe('out_of_service');
  });

  it('says "try again" after a wrong date of birth or PIN', () => {
    expect(promptFor(snapshot({ screen: 'identify' }))).toBe('identify');
    expect(
      promptFor(snapshot({ screen: 'identify', identify: { attemptsLeft: 2, lastWrong: true } })),
    ).toBe('identify-wrong');
  });

  it('never says "take your medicine" when none came out', () => {
    const done = (given: number, states: ('done' | 'failed' | 'uncertain')[]) =>
      promptFor(
        snapshot({
          screen: 'done',
          dispense: {
            given,
            requested: states.length,
            packs: states.map((state, index) => ({ index, state })),
          },
        }),
      );
    expect(done(2, ['done', 'done'])).toBe('done');
    expect(done(1, ['done', 'failed'])).toBe('done-partial');
    expect(done(0, ['failed', 'failed'])).toBe('done-nothing');
    // A pack that may be in the tray is not "nothing".
    expect(done(0, ['uncertain', 'failed'])).toBe('done-partial');
  });

  it('tells the reason for a refusal, and the generic one for a code it does not know', () => {
    const refused = (reason: string) =>
      promptFor(snapshot({ screen: 'refused', refusal: { reason, detail: '' } }));
    expect(refused('expired')).toBe('refused-expired');
    expect(refused('patient_locked')).toBe('refused-patient_locked');
    expect(refused('a_code_from_the_future')).toBe('refused');
    expect(refused('__proto__')).toBe('refused');
  });

  it('says what to do on the code screen for each state of the code', () => {
    const code = (state?: 'typing' | 'resolving' | 'offline' | 'not_found' | 'too_many') =>
      promptFor(snapshot({ screen: 'enter_code', ...(state && { codeEntry: { state } }) }));
    expect([
      code(),
      code('typing'),
      code('resolving'),
      code('offline'),
      code('not_found'),
      code('too_many'),
    ]).toEqual([
      'enter_code',
      'enter_code',
      'enter_code-resolving',
      'enter_code-offline',
      'enter_code-not_found',
      'enter_code-too_many',
    ]);
  });

  it('follows the vitals step: instructions, measuring, each retry cause, stopping and the verdict', () => {
    const view: VitalsView = BP_INSTRUCTIONS;
    const vitals = (extra: Partial<VitalsView>) =>
      promptFor(snapshot({ screen: 'vitals', vitals: { ...view, ...extra } }));
    expect(promptFor(snapshot({ screen: 'vitals' }))).toBe('vitals');
    expect(vitals({ phase: 'connecting' })).toBe('vitals');
    expect(vitals({})).toBe('vitals-bp-instructions');
    expect(vitals({ measurement: 'spo2' })).toBe('vitals-spo2-instructions');
    // After a retry the instructions are spoken again (the cause was spoken on the retry prompt).
    expect(vitals({ retryCause: 'movement' })).toBe('vitals-bp-instructions');
    expect(vitals({ phase: 'measuring', pressureMmHg: 80, cuffPhase: 'inflating' })).toBe(
      'vitals-bp-measuring',
    );
    // The cuff changing from filling to emptying does not restart the voice.
    expect(vitals({ phase: 'measuring', pressureMmHg: 80, cuffPhase: 'deflating' })).toBe(
      'vitals-bp-measuring',
    );
    // Oximeter hints are shown, not spoken: they last seconds, and a lasting one becomes a retry.
    expect(vitals({ phase: 'measuring', measurement: 'spo2', hint: 'fingerOut' })).toBe(
      'vitals-spo2-measuring',
    );
    for (const cause of RETRY_CAUSES) {
      const id = vitals({ phase: 'retry', retryCause: cause });
      expect(id).toBe(`vitals-retry-${cause.toLowerCase()}`);
      expect(PROMPTS[id]).toContain(`screens.vitals.retry.${cause}`);
    }
    expect(vitals({ phase: 'stopping' })).toBe('vitals-stopping');
    expect(vitals({ phase: 'done', outcome: 'in_range' })).toBe('vitals-done');
    expect(
      vitals({
        phase: 'done',
        outcome: 'out_of_range',
        breaches: [{ limit: 'bpSystolicMax', value: 170, threshold: 160 }],
      }),
    ).toBe('vitals-done-bp-high');
    expect(
      vitals({
        phase: 'done',
        outcome: 'out_of_range',
        breaches: [{ limit: 'spo2Min', value: 88, threshold: 92 }],
      }),
    ).toBe('vitals-done-spo2-low');
    expect(vitals({ phase: 'done', outcome: 'device_fault' })).toBe('vitals-done-not-measured');
    expect(vitals({ phase: 'done', outcome: 'cancelled' })).toBe('vitals-done-cancelled');
  });

  it('reads the counselling of the medicine when the catalogue knows it, the generic one otherwise', () => {
    const confirm = (codes: string[]) =>
      promptFor(
        snapshot({ screen: 'confirm', order: { medication: 'M', dose: 'D', packs: 1, codes } }),
      );
    expect(confirm(['09506000134352', 'C08CA01'])).toBe('confirm-c08ca01');
    expect(confirm(['A10BA02'])).toBe('confirm');
    expect(PROMPTS['confirm-c08ca01']).toEqual([
      'screens.confirm.title',
      'counselling.medicines.C08CA01.purpose',
      'counselling.medicines.C08CA01.how.water',
      'counselling.medicines.C08CA01.how.morning',
      'counselling.medicines.C08CA01.warnings.drowsy',
      'counselling.medicines.C08CA01.warnings.noAlcohol',
      'counselling.medicines.C08CA01.warnings.noStop',
      'counselling.medicines.C08CA01.warnings.children',
      'screens.confirm.question',
      'screens.confirm.touchUnderstand',
    ]);
  });

  it('says when the label could not be printed, but never over a dispense that gave nothing', () => {
    const dispense = { given: 2, requested: 2, packs: [] };
    const done = (label: NonNullable<Parameters<typeof snapshot>[0]['label']>, given = 2) =>
      promptFor(snapshot({ screen: 'done', dispense: { ...dispense, given }, label }));
    expect(done({ state: 'printed' })).toBe('done');
    expect(done({ state: 'failed', problem: 'paper_out' })).toBe('done-label-failed');
    expect(done({ state: 'failed', problem: 'paper_out' }, 0)).toBe('done-nothing');
    expect(promptFor(snapshot({ screen: 'printing' }))).toBe('printing');
  });

  it('offers the refill, then says it was sent; explains a refusal after the health check', () => {
    const noFills = { reason: 'no_fills_left', detail: '' };
    expect(promptFor(snapshot({ screen: 'refused', refusal: noFills, refill: 'available' }))).toBe(
      'refused-no_fills_left-refill',
    );
    expect(promptFor(snapshot({ screen: 'refused', refusal: noFills, refill: 'requested' }))).toBe(
      'refused-refill-requested',
    );
    expect(promptFor(snapshot({ screen: 'refused', refusal: noFills }))).toBe(
      'refused-no_fills_left',
    );
    const vitalsRefusal = { reason: 'vitals_required', detail: '' };
    expect(promptFor(snapshot({ screen: 'refused', refusal: vitalsRefusal }))).toBe(
      'refused-vitals_required',
    );
    const done: VitalsView = {
      phase: 'done',
      measurement: 'bp',
      step: 1,
      steps: 1,
      attempt: 1,
      maxAttempts: 3,
      retryCause: null,
      hint: null,
      pressureMmHg: null,
      cuffPhase: null,
      pleth: [],
      readings: {},
      bpCategory: null,
      outcome: 'out_of_range',
      breaches: [{ limit: 'bpDiastolicMax', value: 104, threshold: 100 }],
    };
    const refused = (vitals: VitalsView) =>
      promptFor(snapshot({ screen: 'refused', refusal: vitalsRefusal, vitals }));
    expect(refused(done)).toBe('refused-vitals-bp-high');
    expect(refused({ ...done, breaches: [{ limit: 'spo2Min', value: 89, threshold: 92 }] })).toBe(
      'refused-vitals-spo2-low',
    );
    expect(refused({ ...done, outcome: 'could_not_measure', breaches: [] })).toBe(
      'refused-vitals-not-measured',
    );
  });

  it('speaks the help message while it shows, but not on attract', () => {
    const help = { requested: true, callWithinMinutes: 15 };
    expect(promptFor(snapshot({ screen: 'scan', help }))).toBe('help');
    expect(promptFor(snapshot({ screen: 'scan', help: { ...help, requested: false } }))).toBe(
      'scan',
    );
    expect(promptFor(snapshot({ screen: 'attract', help }))).toBe('attract');
  });

  it('names every prompt as a file the manifest accepts, with words and no placeholders in each language', () => {
    for (const prompt of PROMPT_IDS) {
      expect(
        ManifestEntry.shape.file.safeParse(`en/${prompt}.wav`).success,
        `${prompt} is not a valid file name`,
      ).toBe(true);
      for (const language of LANGUAGES) {
        const text = promptText((key) => {
          const value = key
            .split('.')
            .reduce<unknown>((v, part) => (v as Record<string, unknown>)?.[part], TEXTS[language]);
          if (typeof value !== 'string') throw new Error(`${language}: no text for ${key}`);
          return value;
        }, prompt);
        expect({ language, prompt, placeholder: /\{\{/.test(text) }).toEqual({
          language,
          prompt,
          placeholder: false,
        });
      }
    }
  });

  it('lives at a relative URL per language', () => {
    expect(promptUrl('sw', 'refused-expired')).toBe('audio/sw/refused-expired.wav');
  });
});

describe('when a prompt is spoken', () => {
  const target = (screenUrl: string, idleWarning = false): PromptTarget => ({
    screenUrl,
    idleUrl: screenUrl.replace(/\/[^/]+$/, '/idle.wav'),
    idleWarning,
  });

  it.each([
    ['the first screen', null, target('audio/en/attract.wav'), 'audio/en/attract.wav', true],
    [
      'a new screen',
      target('audio/en/scan.wav'),
      target('audio/en/verifying.wav'),
      'audio/en/verifying.wav',
      true,
    ],
    [
      'a new language',
      target('audio/en/scan.wav'),
      target('audio/sw/scan.wav'),
      'audio/sw/scan.wav',
      true,
    ],
    [
      'the idle warning appearing',
      target('audio/en/scan.wav'),
      target('audio/en/scan.wav', true),
      'audio/en/idle.wav',
      true,
    ],
    [
      'the idle warning going away (a touch)',
      target('audio/en/scan.wav', true),
      target('audio/en/scan.wav'),
      'audio/en/scan.wav',
      false,
    ],
  ] as const)('on %s', (_name, previous, next, url, play) => {
    expect(promptChange(previous, next)).toEqual({ url, play });
  });

  it('not again for a snapshot that changes nothing the patient hears', () => {
    expect(promptChange(target('audio/en/scan.wav'), target('audio/en/scan.wav'))).toBeNull();
    expect(
      promptChange(target('audio/en/scan.wav', true), target('audio/en/scan.wav', true)),
    ).toBeNull();
  });
});

/** An audio element whose play() answers as the test says. */
function fakeAudio(answer: () => Promise<void> = () => Promise.resolve()) {
  const listeners = new Map<string, () => void>();
  const audio = {
    src: '',
    played: [] as string[],
    paused: 0,
    play() {
      audio.played.push(audio.src);
      return answer();
    },
    pause() {
      audio.paused += 1;
    },
    addEventListener(type: 'ended' | 'error', listener: () => void) {
      listeners.set(type, listener);
    },
    fire: (type: 'ended' | 'error') => listeners.get(type)?.(),
  };
  return audio satisfies AudioLike;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the prompt player', () => {
  it('plays the selected prompt, cutting off the one before', async () => {
    const audio = fakeAudio();
    const prompts = createPromptController(() => audio);
    prompts.select('audio/en/scan.wav', true);
    prompts.select('audio/en/verifying.wav', true);
    await settle();
    expect(audio.played).toEqual(['audio/en/scan.wav', 'audio/en/verifying.wav']);
    expect(audio.paused).toBe(2);
    expect(prompts.state()).toBe('playing');
    audio.fire('ended');
    expect(prompts.state()).toBe('ended');
  });

  it('stays silent while muted, plays what was missed on unmute, and replays on request', async () => {
    const audio = fakeAudio();
    const prompts = createPromptController(() => audio);
    prompts.setMuted(true);
    prompts.select('audio/fr/confirm.wav', true);
    expect(audio.played).toEqual([]);
    // Replay is the patient asking: it plays even while muted.
    prompts.replay();
    expect(audio.played).toEqual(['audio/fr/confirm.wav']);
    prompts.setMuted(false);
    expect(audio.played).toEqual(['audio/fr/confirm.wav', 'audio/fr/confirm.wav']);
    prompts.select('audio/fr/confirm.wav', false);
    expect(audio.played).toHaveLength(2);
  });

  it('muting stops what is playing', async () => {
    const audio = fakeAudio();
    const prompts = createPromptController(() => audio);
    prompts.select('audio/en/done.wav', true);
    await settle();
    prompts.setMuted(true);
    expect(audio.paused).toBe(2);
    expect(prompts.state()).toBe('idle');
  });

  it('does not break when the browser refuses to play (no autoplay flag)', async () => {
    const refused = new DOMException('play() needs a user gesture', 'NotAllowedError');
    const audio = fakeAudio(() => Promise.reject(refused));
    const prompts = createPromptController(() => audio);
    const states: string[] = [];
    prompts.subscribe(() => states.push(prompts.state()));
    prompts.select('audio/sw/attract.wav', true);
    await settle();
    expect(prompts.state()).toBe('blocked');
    expect(states).toEqual(['loading', 'blocked']);
    expect(prompts.current()).toBe('audio/sw/attract.wav');
  });

  it('reports a missing file as failed, and a throwing play() too', async () => {
    const audio = fakeAudio(() =>
      Promise.reject(new DOMException('no source', 'NotSupportedError')),
    );
    const prompts = createPromptController(() => audio);
    prompts.select('audio/en/scan.wav', true);
    await settle();
    expect(prompts.state()).toBe('failed');

    const throwing = createPromptController(() => ({
      ...fakeAudio(),
      play: () => {
        throw new Error('old engine');
      },
    }));
    expect(() => throwing.select('audio/en/scan.wav', true)).not.toThrow();
    expect(throwing.state()).toBe('failed');
  });

  it('lets only the newest play() decide the state', async () => {
    let rejectFirst: (error: unknown) => void = () => {};
    let call = 0;
    const audio = fakeAudio(() => {
      call += 1;
      return call === 1
        ? new Promise<void>((_resolve, reject) => (rejectFirst = reject))
        : Promise.resolve();
    });
    const prompts = createPromptController(() => audio);
    prompts.select('audio/en/scan.wav', true);
    prompts.select('audio/en/verifying.wav', true);
    await settle();
    expect(prompts.state()).toBe('playing');
    rejectFirst(new DOMException('interrupted', 'AbortError'));
    await settle();
    expect(prompts.state()).toBe('playing');
  });

  it('creates no audio element until something is played (Node has none)', () => {
    let created = 0;
    const prompts = createPromptController(() => {
      created += 1;
      return fakeAudio();
    });
    prompts.select('audio/en/scan.wav', false);
    prompts.setMuted(true);
    expect(created).toBe(0);
  });
});
