import { isAimCodeChar, isAimModifierChar } from '../../hardware/scanner/protocol';
import type { RestockScan } from './restock-plan';

/**
 * A scan typed or pasted on the command line → what a scanner codec would have delivered.
 * A shell argument cannot easily hold GS (0x1D), so `<GS>` and the four characters `\x1d` stand
 * for it; a real GS byte is kept as is. `\` is outside GS1 character set 82, so `\x1d` can never
 * be pack data; `<GS>` could in theory be part of a lot, which no real lot uses.
 */

const GS = '\u001d';
const GS_ESCAPES = /<GS>|\\x1[dD]/g;
const AIM_LENGTH = 3;

export function scanFromArgument(argument: string): RestockScan {
  const text = argument.replace(GS_ESCAPES, GS);
  // Same rule as the serial codec: `]` + a code letter + a modifier is an AIM, anything else
  // means the scan has none and the GS1 parser refuses it (scanner.md §7, not_gs1).
  const hasAim =
    text.length >= AIM_LENGTH &&
    text[0] === ']' &&
    isAimCodeChar(text.charCodeAt(1)) &&
    isAimModifierChar(text.charCodeAt(2));
  return hasAim
    ? { aim: text.slice(0, AIM_LENGTH), text: text.slice(AIM_LENGTH) }
    : { aim: null, text };
}
