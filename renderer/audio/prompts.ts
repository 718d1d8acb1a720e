import type { Language, Screen, UiSnapshot } from '../../contracts/bridge';
import type en from '../i18n/en.json';
import { REFUSAL_REASONS, refusalKey, type RefusalReason } from '../refusal-reasons';
import { doneOutcome } from '../screens/done-outcome';

/**
 * The spoken prompts: for each screen (and for the few variants whose words differ enough that
 * one recording would mislead, such as a dispense that gave nothing), the text keys that are read
 * aloud, in order. scripts/make-prompts.ts turns them into one WAV per prompt per language with
 * espeak-ng; the renderer plays `audio/<language>/<prompt>.wav` when the prompt changes.
 */

/** Every dotted path to a string in en.json, so a prompt cannot name a key that does not exist. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type TextKey = Leaves<typeof en>;

export type PromptId =
  Screen | 'identify-wrong' | 'done-partial' | 'done-nothing' | `refused-${RefusalReason}` | 'idle';

const SCREEN_PROMPTS: Record<Screen, readonly TextKey[]> = {
  attract: ['screens.attract.title', 'screens.attract.message', 'language.choose'],
  scan: ['screens.scan.title', 'screens.scan.message'],
  verifying: ['screens.verifying.title', 'screens.verifying.message'],
  identify: ['screens.identify.title', 'screens.identify.message'],
  confirm: ['screens.confirm.title', 'screens.confirm.question'],
  dispensing: ['screens.dispensing.title', 'screens.dispensing.message'],
  done: ['screens.done.title', 'screens.done.message'],
  // A code the renderer does not know is told as the generic refusal.
  refused: ['screens.refused.title', 'refusal.unknown.reason', 'refusal.unknown.next'],
  out_of_service: ['screens.out_of_service.title', 'screens.out_of_service.message'],
};

/** One prompt per refusal reason: the reason is the part a patient who cannot read must hear. */
function refusalPrompts(): Record<`refused-${RefusalReason}`, readonly TextKey[]> {
  const prompts = {} as Record<`refused-${RefusalReason}`, readonly TextKey[]>;
  for (const reason of REFUSAL_REASONS) {
    prompts[`refused-${reason}`] = [
      'screens.refused.title',
      `refusal.${reason}.reason`,
      `refusal.${reason}.next`,
    ];
  }
  return prompts;
}

export const PROMPTS: Record<PromptId, readonly TextKey[]> = {
  ...SCREEN_PROMPTS,
  'identify-wrong': ['screens.identify.tryAgain', 'screens.identify.message'],
  'done-partial': [
    'screens.done.title',
    'screens.done.partialPrompt',
    'screens.done.pharmacistTold',
  ],
  'done-nothing': ['screens.done.nothingTitle', 'screens.done.pharmacistTold'],
  ...refusalPrompts(),
  idle: ['idle.question', 'idle.hint'],
};

export const PROMPT_IDS = Object.keys(PROMPTS) as PromptId[];

/** The prompt that goes with what a snapshot shows. */
export function promptFor(snapshot: UiSnapshot): PromptId {
  switch (snapshot.screen) {
    case 'identify':
      return snapshot.identify?.lastWrong ? 'identify-wrong' : 'identify';
    case 'done': {
      const outcome = doneOutcome(snapshot.dispense);
      return outcome === 'complete' ? 'done' : `done-${outcome}`;
    }
    case 'refused': {
      const key = refusalKey(snapshot.refusal?.reason);
      return key === 'unknown' ? 'refused' : `refused-${key}`;
    }
    default:
      return snapshot.screen;
  }
}

/** Where the build puts a prompt (vite.config.ts copies assets/audio to dist/renderer/audio). */
export function promptPath(language: Language, prompt: PromptId): string {
  return `${language}/${prompt}.wav`;
}

/** Relative, like every URL of the build, so it works from web-host and from Electron's file://. */
export function promptUrl(language: Language, prompt: PromptId): string {
  return `audio/${promptPath(language, prompt)}`;
}

/**
 * The words of one prompt, as spoken: the texts in order, each ended as a sentence so the voice
 * pauses between a title and the message under it.
 */
export function promptText(resolve: (key: TextKey) => string, prompt: PromptId): string {
  return PROMPTS[prompt]
    .map((key) => resolve(key).trim())
    .map((text) => (/[.!?…]$/u.test(text) ? text : `${text}.`))
    .join(' ');
}
