/**
 * The GS1 Application Identifiers the kiosk parses, as data (scanner.md §7 lists the minimum).
 *
 * Source: GS1 Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary, `gs1-syntax-dictionary.txt`,
 * Apache-2.0, maintained by GS1 AISBL), which restates the AI table of the GS1 General
 * Specifications §3.2 (https://www.gs1.org/standards/barcodes/application-identifiers). The
 * dictionary lines these entries come from:
 *
 *   00   * N18,csum,key          # SSCC
 *   01   * N14,csum,key          # GTIN
 *   02   * N14,csum,key          # CONTENT
 *   10     X..20                 # BATCH/LOT
 *   11   * N6,yymmd0             # PROD DATE
 *   13   * N6,yymmd0             # PACK DATE
 *   15   * N6,yymmd0             # BEST BEFORE or BEST BY
 *   17   * N6,yymmd0             # USE BY or EXPIRY
 *   20   * N2                    # VARIANT
 *   21     X..20                 # SERIAL
 *   22     X..20                 # CPV
 *   240    X..30                 # ADDITIONAL ID
 *   241    X..30                 # CUST. PART No.
 *   30     N..8                  # VAR. COUNT
 *   37     N..8                  # COUNT
 *   710–715 X..20                # NHRN PZN / CIP / CN / DRN / AIM / NDC
 *   7003   N6,yymmdd N4,hhmm     # EXPIRY TIME
 *
 * It is embedded rather than imported because no maintained GS1 table package is installed; the
 * GS1 Syntax Engine (WebAssembly build of the same dictionary) would replace this file. An AI not
 * listed here is `unknown_ai`: without its format the parser cannot know where its field ends.
 */

/** Content checks beyond the character set, named as the dictionary's linters. */
export type AiContentCheck =
  /** Mod-10 check digit in the last position (GTIN, SSCC). */
  | 'csum'
  /** YYMMDD, DD = 00 meaning the last day of the month. */
  | 'yymmd0'
  /** YYMMDD (no DD = 00) followed by HHMM. */
  | 'yymmddhhmm';

export interface AiFormat {
  readonly ai: string;
  readonly title: string;
  /** `N`: digits only; `X`: GS1 AI encodable character set 82. */
  readonly charset: 'N' | 'X';
  readonly minLength: number;
  readonly maxLength: number;
  /**
   * `*` in the dictionary: one of the predefined-length AIs (prefixes 00–04, 11–20, 31–36, 41)
   * after which no FNC1/GS separator is needed. Every other AI ends at GS or end of data, even a
   * fixed-length one such as 7003.
   */
  readonly predefinedLength: boolean;
  readonly check?: AiContentCheck;
}

const fixed = (
  ai: string,
  title: string,
  length: number,
  predefinedLength: boolean,
  check?: AiContentCheck,
): AiFormat => ({
  ai,
  title,
  charset: 'N',
  minLength: length,
  maxLength: length,
  predefinedLength,
  ...(check === undefined ? {} : { check }),
});

const variable = (ai: string, title: string, charset: 'N' | 'X', maxLength: number): AiFormat => ({
  ai,
  title,
  charset,
  minLength: 1,
  maxLength,
  predefinedLength: false,
});

const FORMATS: readonly AiFormat[] = [
  fixed('00', 'SSCC', 18, true, 'csum'),
  fixed('01', 'GTIN', 14, true, 'csum'),
  fixed('02', 'CONTENT', 14, true, 'csum'),
  variable('10', 'BATCH/LOT', 'X', 20),
  fixed('11', 'PROD DATE', 6, true, 'yymmd0'),
  fixed('13', 'PACK DATE', 6, true, 'yymmd0'),
  fixed('15', 'BEST BEFORE or BEST BY', 6, true, 'yymmd0'),
  fixed('17', 'USE BY or EXPIRY', 6, true, 'yymmd0'),
  fixed('20', 'VARIANT', 2, true),
  variable('21', 'SERIAL', 'X', 20),
  variable('22', 'CPV', 'X', 20),
  variable('240', 'ADDITIONAL ID', 'X', 30),
  variable('241', 'CUST. PART No.', 'X', 30),
  variable('30', 'VAR. COUNT', 'N', 8),
  variable('37', 'COUNT', 'N', 8),
  variable('710', 'NHRN PZN', 'X', 20),
  variable('711', 'NHRN CIP', 'X', 20),
  variable('712', 'NHRN CN', 'X', 20),
  variable('713', 'NHRN DRN', 'X', 20),
  variable('714', 'NHRN AIM', 'X', 20),
  variable('715', 'NHRN NDC', 'X', 20),
  fixed('7003', 'EXPIRY TIME', 10, false, 'yymmddhhmm'),
];

/** Every AI the parser knows, by its digits. */
export const GS1_AI_FORMATS: ReadonlyMap<string, AiFormat> = new Map(
  FORMATS.map((format) => [format.ai, format]),
);

/** AIs are two to four digits long (GS1 General Specifications §3.1). */
export const AI_MIN_DIGITS = 2;
export const AI_MAX_DIGITS = 4;

export function findAiFormat(ai: string): AiFormat | undefined {
  return GS1_AI_FORMATS.get(ai);
}

/**
 * True when some known AI starts with `digits`: a string that ends there was cut short rather
 * than holding an unknown AI.
 */
export function isKnownAiPrefix(digits: string): boolean {
  for (const ai of GS1_AI_FORMATS.keys()) if (ai.startsWith(digits)) return true;
  return false;
}
