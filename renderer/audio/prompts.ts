import type { Language, Screen, UiSnapshot, VitalsView } from '../../contracts/bridge';
import {
  COUNSELLING_CODES,
  counsellingFor,
  type CounsellingCode,
} from '../counselling/counselling';
import type { TextKey } from '../i18n/text-key';
import { offersHelp } from '../offers-help';
import { REFUSAL_REASONS, refusalKey, type RefusalReason } from '../refusal-reasons';
import { doneOutcome } from '../screens/done-outcome';
import { labelNotice } from '../screens/label-notice';
import { VERDICT_TEXT, vitalsVerdict } from '../vitals/vitals-verdict';

export type { TextKey } from '../i18n/text-key';

/**
 * The spoken prompts: for each screen (and for the few variants whose words differ enough that
 * one recording would mislead, such as a dispense that gave nothing), the text keys that are read
 * aloud, in order. scripts/make-prompts.ts turns them into one WAV per prompt per language with
 * espeak-ng; the renderer plays `audio/<language>/<prompt>.wav` when the prompt changes.
 *
 * A prompt is recorded once, so its texts hold no numbers (the help message says "soon" where the
 * screen gives the minutes) and nothing from the prescription (the dose is read on screen only).
 * Prompt ids are lower case: they are file names.
 */

type Measurement = NonNullable<VitalsView['measurement']>;
type RetryCause = NonNullable<VitalsView['retryCause']>;
// A Record, so a cause added to the contract is a type error here until it has a prompt.
const RETRY_CAUSES = Object.keys({
  movement: true,
  cuffLoose: true,
  position: true,
  weakSignal: true,
  timeout: true,
  implausible: true,
  fingerOut: true,
  artefact: true,
} satisfies Record<RetryCause, true>) as RetryCause[];

type VitalsDonePrompt =
  | 'vitals-done'
  | 'vitals-done-bp-high'
  | 'vitals-done-spo2-low'
  | 'vitals-done-not-measured'
  | 'vitals-done-cancelled';
type RefusedVitalsPrompt =
  'refused-vitals-bp-high' | 'refused-vitals-spo2-low' | 'refused-vitals-not-measured';

export type PromptId =
  | Screen
  | 'identify-wrong'
  | 'done-partial'
  | 'done-nothing'
  | 'done-label-failed'
  | `refused-${RefusalReason}`
  | 'refused-no_fills_left-refill'
  | 'refused-refill-requested'
  | RefusedVitalsPrompt
  | 'enter_code-resolving'
  | 'enter_code-offline'
  | 'enter_code-not_found'
  | 'enter_code-too_many'
  | `vitals-${Measurement}-instructions`
  | `vitals-${Measurement}-measuring`
  | `vitals-retry-${Lowercase<RetryCause>}`
  | 'vitals-stopping'
  | VitalsDonePrompt
  | `confirm-${Lowercase<CounsellingCode>}`
  | 'help'
  | 'idle';

const SCREEN_PROMPTS: Record<Screen, readonly TextKey[]> = {
  attract: ['screens.attract.title', 'screens.attract.message', 'language.choose'],
  scan: ['screens.scan.title', 'screens.scan.message'],
  verifying: ['screens.verifying.title', 'screens.verifying.message'],
  enter_code: ['screens.enter_code.title', 'screens.enter_code.message'],
  identify: ['screens.identify.title', 'screens.identify.message'],
  // Getting the device ready, or a vitals snapshot without its view.
  vitals: ['screens.vitals.title', 'screens.vitals.connecting'],
  // A medicine the counselling catalogue does not know: the generic counselling.
  confirm: counsellingPrompt(undefined),
  dispensing: ['screens.dispensing.title', 'screens.dispensing.message'],
  printing: ['screens.printing.title', 'screens.printing.message'],
  done: ['screens.done.title', 'screens.done.message'],
  // A code the renderer does not know is told as the generic refusal.
  refused: ['screens.refused.title', 'refusal.unknown.reason', 'refusal.unknown.next'],
  out_of_service: ['screens.out_of_service.title', 'screens.out_of_service.message'],
  // A technician reads the screen: the title only says that service mode opened.
  technician: ['screens.technician.title'],
};

/** Counselling read aloud: what the medicine is for, the catalogue's advice, and the question. */
function counsellingPrompt(code: CounsellingCode | undefined): TextKey[] {
  const counselling = counsellingFor(code ? [code] : []);
  return [
    'screens.confirm.title',
    counselling.purpose,
    ...counselling.how.map((advice) => advice.text),
    ...counselling.warnings.map((advice) => advice.text),
    'screens.confirm.question',
    'screens.confirm.touchUnderstand',
  ];
}

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

function retryPromptId(cause: RetryCause): `vitals-retry-${Lowercase<RetryCause>}` {
  return `vitals-retry-${cause.toLowerCase() as Lowercase<RetryCause>}`;
}

function retryPrompts(): Record<`vitals-retry-${Lowercase<RetryCause>}`, readonly TextKey[]> {
  const prompts = {} as Record<`vitals-retry-${Lowercase<RetryCause>}`, readonly TextKey[]>;
  for (const cause of RETRY_CAUSES)
    prompts[retryPromptId(cause)] = ['screens.vitals.retryTitle', `screens.vitals.retry.${cause}`];
  return prompts;
}

function confirmPromptId(code: CounsellingCode): `confirm-${Lowercase<CounsellingCode>}` {
  return `confirm-${code.toLowerCase() as Lowercase<CounsellingCode>}`;
}

function counsellingPrompts(): Record<`confirm-${Lowercase<CounsellingCode>}`, readonly TextKey[]> {
  const prompts = {} as Record<`confirm-${Lowercase<CounsellingCode>}`, readonly TextKey[]>;
  for (const code of COUNSELLING_CODES) prompts[confirmPromptId(code)] = counsellingPrompt(code);
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
  'done-label-failed': ['screens.done.title', 'screens.done.labelFailed'],
  ...refusalPrompts(),
  'refused-no_fills_left-refill': [
    'screens.refused.title',
    'refusal.no_fills_left.reason',
    'screens.refused.refillOffer',
  ],
  'refused-refill-requested': ['screens.refused.refillRequested'],
  // The check's verdict already says the medicine cannot be given: no title before it.
  'refused-vitals-bp-high': [VERDICT_TEXT.bp_high, 'help.touchHelp'],
  'refused-vitals-spo2-low': [VERDICT_TEXT.spo2_low, 'help.touchHelp'],
  'refused-vitals-not-measured': [VERDICT_TEXT.not_measured, 'help.touchHelp'],
  'enter_code-resolving': ['screens.enter_code.resolving'],
  'enter_code-offline': ['screens.enter_code.offline', 'help.touchHelp'],
  'enter_code-not_found': ['screens.enter_code.notFound'],
  'enter_code-too_many': ['screens.enter_code.tooMany', 'help.touchHelp'],
  'vitals-bp-instructions': [
    'screens.vitals.bp.title',
    'screens.vitals.bp.sit',
    'screens.vitals.bp.cuff',
    'screens.vitals.bp.still',
    'screens.vitals.bp.start',
  ],
  'vitals-spo2-instructions': [
    'screens.vitals.spo2.title',
    'screens.vitals.spo2.finger',
    'screens.vitals.spo2.still',
    'screens.vitals.spo2.start',
  ],
  'vitals-bp-measuring': ['screens.vitals.bp.measuring', 'screens.vitals.bp.inflating'],
  'vitals-spo2-measuring': ['screens.vitals.spo2.measuring'],
  ...retryPrompts(),
  'vitals-stopping': ['screens.vitals.stoppingTitle', 'screens.vitals.stopping'],
  'vitals-done': ['screens.vitals.doneTitle', 'screens.vitals.inRange'],
  'vitals-done-bp-high': [VERDICT_TEXT.bp_high, 'help.touchHelp'],
  'vitals-done-spo2-low': [VERDICT_TEXT.spo2_low, 'help.touchHelp'],
  'vitals-done-not-measured': [VERDICT_TEXT.not_measured, 'help.touchHelp'],
  'vitals-done-cancelled': [VERDICT_TEXT.cancelled],
  ...counsellingPrompts(),
  help: ['help.title', 'help.spoken'],
  idle: ['idle.question', 'idle.hint'],
};

export const PROMPT_IDS = Object.keys(PROMPTS) as PromptId[];

const VERDICT_PROMPT = {
  in_range: 'vitals-done',
  bp_high: 'vitals-done-bp-high',
  spo2_low: 'vitals-done-spo2-low',
  not_measured: 'vitals-done-not-measured',
  cancelled: 'vitals-done-cancelled',
} as const satisfies Record<NonNullable<ReturnType<typeof vitalsVerdict>>, PromptId>;

/**
 * The vitals step's prompt. Hints while the oximeter measures (finger out, movement) are shown
 * but not spoken: they last at most a few seconds, and one that lasts becomes a retry, which is.
 * The cuff filling and then letting air out is one prompt, not two, so the voice does not start
 * again halfway through a measurement.
 */
function vitalsPrompt(view: VitalsView | undefined): PromptId {
  if (!view) return 'vitals';
  const m = view.measurement;
  switch (view.phase) {
    case 'connecting':
      return 'vitals';
    case 'instructions':
      return m ? `vitals-${m}-instructions` : 'vitals';
    case 'measuring':
      return m ? `vitals-${m}-measuring` : 'vitals';
    case 'retry':
      return view.retryCause ? retryPromptId(view.retryCause) : 'vitals';
    case 'stopping':
      return 'vitals-stopping';
    case 'done': {
      const verdict = vitalsVerdict(view);
      return verdict ? VERDICT_PROMPT[verdict] : 'vitals';
    }
  }
}

function refusedPrompt(snapshot: UiSnapshot): PromptId {
  if (snapshot.refill === 'requested') return 'refused-refill-requested';
  const key = refusalKey(snapshot.refusal?.reason);
  if (snapshot.refill === 'available' && key === 'no_fills_left')
    return 'refused-no_fills_left-refill';
  if (key === 'vitals_required') {
    const verdict = vitalsVerdict(snapshot.vitals);
    if (verdict === 'bp_high') return 'refused-vitals-bp-high';
    if (verdict === 'spo2_low') return 'refused-vitals-spo2-low';
    if (verdict === 'not_measured') return 'refused-vitals-not-measured';
  }
  return key === 'unknown' ? 'refused' : `refused-${key}`;
}

/** The prompt that goes with what a snapshot shows. */
export function promptFor(snapshot: UiSnapshot): PromptId {
  // The help message covers the screen, so it is what is heard until it is closed.
  if (offersHelp(snapshot.screen) && snapshot.help?.requested) return 'help';
  switch (snapshot.screen) {
    case 'identify':
      return snapshot.identify?.lastWrong ? 'identify-wrong' : 'identify';
    case 'enter_code': {
      const state = snapshot.codeEntry?.state ?? 'typing';
      return state === 'typing' ? 'enter_code' : `enter_code-${state}`;
    }
    case 'vitals':
      return vitalsPrompt(snapshot.vitals);
    case 'confirm': {
      const entry = counsellingFor(snapshot.order?.codes).entry;
      return entry === 'generic' ? 'confirm' : confirmPromptId(entry);
    }
    case 'done': {
      const outcome = doneOutcome(snapshot.dispense);
      if (outcome !== 'complete') return `done-${outcome}`;
      return labelNotice(snapshot.label, outcome) === 'failed' ? 'done-label-failed' : 'done';
    }
    case 'refused':
      return refusedPrompt(snapshot);
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
