import { describe, expect, it } from 'vitest';
import { SCREENS, type UiSnapshot } from '../../contracts/bridge';
import {
  createPromptController,
  promptChange,
  type AudioLike,
  type PromptTarget,
} from '../../renderer/audio/prompt-player';
import { PROMPT_IDS, promptFor, promptUrl } from '../../renderer/audio/prompts';
import { REFUSAL_REASONS } from '../../renderer/refusal-reasons';

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
