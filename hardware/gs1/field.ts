import type { AiFormat } from './ai-table';
import { isCset82Char } from './charset82';
import { gtinCheckDigit } from './check-digit';
import { decodeGs1Date, type IsoDate } from './gs1-date';
import type { Gs1Error } from './gs1-result';

/**
 * Checks one field's value against its AI format, left to right, so the first fault in the data
 * is the one reported. Shared by the element-string and Digital Link readers: both find where a
 * value ends their own way and then apply exactly these rules.
 */

export const GS_CODE = 0x1d;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;

/** Printable ASCII or GS: anything else cannot come from a scanner codec (scanner.md §7). */
export const isScanChar = (code: number): boolean =>
  (code >= 0x20 && code <= 0x7e) || code === GS_CODE;

type FieldError = Extract<Gs1Error, { offset: number }>;

const fail = (code: FieldError['code'], offset: number, detail: string): FieldError => ({
  code,
  offset,
  detail,
});

/**
 * `value` is the field's characters as read; `offset` is where they start. Returns null when the
 * field is valid.
 */
export function checkField(
  format: AiFormat,
  value: string,
  offset: number,
  today: IsoDate,
): FieldError | null {
  const ai = format.ai;
  for (let i = 0; i < value.length; i++) {
    if (i === format.maxLength) {
      return fail('too_long', offset + i, `AI ${ai} holds at most ${format.maxLength} characters`);
    }
    const code = value.charCodeAt(i);
    if (!isScanChar(code)) {
      return fail('bad_char', offset + i, `byte 0x${code.toString(16)} in AI ${ai}`);
    }
    if (format.charset === 'N' && !isDigit(code)) {
      return fail('non_digit', offset + i, `AI ${ai} is numeric`);
    }
    if (format.charset === 'X' && !isCset82Char(code)) {
      return fail('bad_char', offset + i, `AI ${ai} allows only GS1 character set 82`);
    }
  }
  if (value.length === 0 && format.minLength !== format.maxLength) {
    return fail('empty_field', offset, `AI ${ai} has no characters`);
  }
  if (value.length < format.minLength) {
    return fail(
      'truncated',
      offset + value.length,
      `AI ${ai} needs ${format.minLength} digits, the data ends after ${value.length}`,
    );
  }
  switch (format.check) {
    case 'csum': {
      const expected = gtinCheckDigit(value.slice(0, -1));
      const got = value.charCodeAt(value.length - 1) - 0x30;
      if (expected !== got) {
        return fail(
          'bad_check_digit',
          offset + value.length - 1,
          `AI ${ai} check digit: expected ${expected}, got ${got}`,
        );
      }
      return null;
    }
    case 'yymmd0':
    case 'yymmddhhmm': {
      const date = decodeGs1Date(value.slice(0, 6), today, {
        allowDayZero: format.check === 'yymmd0',
      });
      if (!date.ok) return fail('bad_date', offset, `AI ${ai}: ${date.error}`);
      if (format.check === 'yymmddhhmm') {
        const hours = Number(value.slice(6, 8));
        const minutes = Number(value.slice(8, 10));
        if (hours > 23 || minutes > 59) {
          return fail('bad_date', offset + 6, `AI ${ai}: time is not HHMM 0000–2359`);
        }
      }
      return null;
    }
    case undefined:
      return null;
  }
}
