import type { Result } from '../../contracts/result';
import type { IsoDate } from './gs1-date';

/** What the GS1 parser returns (scanner.md §7 "GS1 parser"). */

export type Gs1ErrorCode =
  /** The AIM does not declare GS1 data (no AIM, a plain symbology, an ECI variant). */
  | 'not_gs1'
  /** GS1 AIM but no element after skipping separators. */
  | 'empty'
  /** A byte outside printable ASCII + GS, or outside character set 82 in an X field. */
  | 'bad_char'
  /** A GS, letter or other non-digit inside a numeric field. */
  | 'non_digit'
  | 'bad_check_digit'
  /** Month 00 or > 12, a day past the month's end, a bad time. */
  | 'bad_date'
  /** An AI in no table: its length cannot be known, so nothing after it can be read. */
  | 'unknown_ai'
  | 'duplicate_ai'
  /** A field longer than its format allows, or a fixed field not followed by GS where one is needed. */
  | 'too_long'
  /** The data ends inside a fixed field or an AI. */
  | 'truncated'
  /** A variable field with no characters. */
  | 'empty_field'
  /** A field the caller requires is absent (requirePackFields). */
  | 'missing_ai';

/**
 * Errors never quote field values: the detail names AIs, positions and digits the rules compare,
 * so an error can go to a log or the technician view as is.
 */
export type Gs1Error =
  | {
      readonly code: Exclude<Gs1ErrorCode, 'missing_ai'>;
      /** Character position in the data after the AIM (for a Digital Link: in the URI text). */
      readonly offset: number;
      readonly detail: string;
    }
  | {
      readonly code: 'missing_ai';
      /** Nothing to point at: the AI is absent. */
      readonly offset: null;
      readonly ai: string;
      readonly detail: string;
    };

export interface Gs1Value {
  /** AI 01 as 14 digits, check digit verified. Absent when the symbol has no AI 01. */
  readonly gtin?: string;
  /** AI 17 as a calendar date (DD = 00 resolved to the month's last day). */
  readonly expiry?: IsoDate;
  /** AI 17's six digits as scanned. */
  readonly expiryRaw?: string;
  /** AI 10. */
  readonly lot?: string;
  /** AI 21. */
  readonly serial?: string;
  /** Every further AI → its value as scanned (validated against its format). */
  readonly other: Readonly<Record<string, string>>;
}

export type Gs1Result = Result<Gs1Value, Gs1Error>;

/** One AI and its field, in the order the symbol holds them. */
export interface Gs1Element {
  readonly ai: string;
  readonly value: string;
  /** Where the AI starts. */
  readonly offset: number;
}
