/**
 * The short code printed under a prescription QR (DESIGN §9: the fallback when a scan fails), as
 * the patient types it: `OD-` and two groups of four letters or digits. The renderer only checks
 * its shape (the same one the SUBMIT_CODE schema checks); main asks the hub what it stands for.
 */

export const SHORT_CODE_PREFIX = 'OD';
/** The characters after the prefix, without the dash between the two groups. */
export const SHORT_CODE_LENGTH = 8;
const GROUP = 4;

/** What the keypad offers: every character the code can hold, digits first as on a phone. */
export const SHORT_CODE_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;
export const SHORT_CODE_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

const ONE_CHARACTER = /^[0-9A-Z]$/;

/** A key of the code keypad. */
export type CodeTypingAction = { type: 'key'; key: string } | { type: 'delete' };

/**
 * What has been typed after one more key (a reducer for useReducer): a character the code can
 * hold is added while there is room; anything else, or a ninth character, changes nothing.
 */
export function codeTyping(typed: string, action: CodeTypingAction): string {
  if (action.type === 'delete') return typed.slice(0, -1);
  return typed.length < SHORT_CODE_LENGTH && ONE_CHARACTER.test(action.key)
    ? typed + action.key
    : typed;
}

/** `OD-7KQ2-____`: what has been typed, with a place shown for each character still to come. */
export function shortCodeDisplay(typed: string): string {
  const padded = typed.slice(0, SHORT_CODE_LENGTH).padEnd(SHORT_CODE_LENGTH, '_');
  return `${SHORT_CODE_PREFIX}-${padded.slice(0, GROUP)}-${padded.slice(GROUP)}`;
}

/** The code to send (`OD-7KQ2-9F3M`) once all eight characters are typed, otherwise null. */
export function shortCodeOf(typed: string): string | null {
  if (typed.length !== SHORT_CODE_LENGTH || ![...typed].every((c) => ONE_CHARACTER.test(c)))
    return null;
  return `${SHORT_CODE_PREFIX}-${typed.slice(0, GROUP)}-${typed.slice(GROUP)}`;
}
