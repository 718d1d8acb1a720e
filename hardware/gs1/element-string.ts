import { err, ok, type Result } from '../../contracts/result';
import { AI_MAX_DIGITS, AI_MIN_DIGITS, findAiFormat, isKnownAiPrefix } from './ai-table';
import { GS_CODE, checkField, isScanChar } from './field';
import type { IsoDate } from './gs1-date';
import type { Gs1Element, Gs1Error } from './gs1-result';

/**
 * Splits a GS1 element string (FNC1-in-first-position data, FNC1 separators sent as GS) into
 * validated elements (scanner.md §4 and §7). Left to right, stopping at the first error, because
 * once one field is wrong the position of every later AI is unknown.
 */

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

type ReadAi = Result<{ ai: string; end: number }, Gs1Error>;

/** Reads the AI starting at `at` (a non-GS character). */
function readAi(text: string, at: number): ReadAi {
  const first = text.charCodeAt(at);
  if (!isScanChar(first)) {
    return err({
      code: 'bad_char',
      offset: at,
      detail: `byte 0x${first.toString(16)} where an AI belongs`,
    });
  }
  let digits = '';
  while (digits.length < AI_MAX_DIGITS && at + digits.length < text.length) {
    const code = text.charCodeAt(at + digits.length);
    if (!isDigit(code)) break;
    digits += text[at + digits.length];
    // AIs are prefix-free, so the first table hit is the only possible one.
    if (digits.length >= AI_MIN_DIGITS && findAiFormat(digits)) {
      return ok({ ai: digits, end: at + digits.length });
    }
  }
  const endedWithData = at + digits.length === text.length;
  if (endedWithData && digits.length < AI_MAX_DIGITS && isKnownAiPrefix(digits)) {
    return err({ code: 'truncated', offset: at, detail: 'the data ends inside an AI' });
  }
  return err({
    code: 'unknown_ai',
    offset: at,
    detail: digits.length > 0 ? `AI starting ${digits} is not in the AI table` : 'no AI digits',
  });
}

export function splitElementString(text: string, today: IsoDate): Result<Gs1Element[], Gs1Error> {
  const elements: Gs1Element[] = [];
  const seen = new Set<string>();
  let at = 0;
  for (;;) {
    // A GS wherever an AI is expected is skipped: leading, doubled, after a fixed field, trailing.
    while (at < text.length && text.charCodeAt(at) === GS_CODE) at++;
    if (at >= text.length) break;

    const read = readAi(text, at);
    if (!read.ok) return read;
    const { ai, end: valueStart } = read.value;
    if (seen.has(ai)) {
      return err({ code: 'duplicate_ai', offset: at, detail: `AI ${ai} appears twice` });
    }
    seen.add(ai);
    const format = findAiFormat(ai);
    if (!format) throw new Error(`readAi returned ${ai}, which has no format`); // invariant

    let valueEnd: number;
    if (format.minLength === format.maxLength) {
      // Fixed length: exactly that many characters, a GS among them included (then non_digit).
      valueEnd = Math.min(valueStart + format.maxLength, text.length);
    } else {
      const gs = text.indexOf('\u001d', valueStart);
      valueEnd = gs === -1 ? text.length : gs;
    }
    const value = text.slice(valueStart, valueEnd);
    const fault = checkField(format, value, valueStart, today);
    if (fault) return err(fault);

    // A fixed-length AI outside the predefined list still needs a separator (or the end) after it:
    // without one, more characters follow inside its field.
    if (
      format.minLength === format.maxLength &&
      !format.predefinedLength &&
      valueEnd < text.length &&
      text.charCodeAt(valueEnd) !== GS_CODE
    ) {
      return err({
        code: 'too_long',
        offset: valueEnd,
        detail: `AI ${ai} is ${format.maxLength} characters and must end at GS or the end of data`,
      });
    }
    elements.push({ ai, value, offset: at });
    at = valueEnd;
  }
  if (elements.length === 0) {
    return err({ code: 'empty', offset: text.length, detail: 'no element after the AIM' });
  }
  return ok(elements);
}
