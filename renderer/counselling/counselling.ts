import en from '../i18n/en.json';
import type { TextKey } from '../i18n/text-key';
import { isPictogramId, type PictogramId } from './pictogram-ids';

/**
 * The counselling screen's words for a medicine: what it is for, how to take it and the main
 * warnings, each piece of advice with its pictogram. The texts live in the i18n files under
 * `counselling.medicines.<code>` (code: the ATC code, e.g. C08CA01 for amlodipine) and are found
 * by the order's codes. A medicine the catalogue does not know gets `counselling.generic`: the
 * prescriber's dose (shown beside it) is then the whole instruction.
 *
 * The structure (which advice, which pictogram, in which order) is read from en.json; every
 * other language has exactly its keys (a unit test holds them to it), so only the words differ.
 */

type Catalogue = typeof en.counselling.medicines;
export type CounsellingCode = keyof Catalogue & string;

export interface CounsellingAdvice {
  /** Null for advice whose key names no pictogram (then the words stand alone). */
  pictogram: PictogramId | null;
  text: TextKey;
}

export interface Counselling {
  /** The catalogue entry used: a medicine's code, or `generic`. */
  entry: CounsellingCode | 'generic';
  purpose: TextKey;
  how: CounsellingAdvice[];
  warnings: CounsellingAdvice[];
}

const CATALOGUE: Record<string, { how?: object; warnings?: object }> = en.counselling.medicines;

/** Codes compared as the catalogue writes them: ATC codes are upper case, without spaces. */
const normalise = (code: string) => code.trim().toUpperCase();

/** The first of the order's codes the catalogue has an entry for, or null. */
export function counsellingCode(codes: readonly string[] | undefined): CounsellingCode | null {
  for (const code of codes ?? []) {
    const key = normalise(code);
    if (Object.hasOwn(CATALOGUE, key)) return key as CounsellingCode;
  }
  return null;
}

function adviceOf(prefix: string, section: object | undefined): CounsellingAdvice[] {
  return Object.keys(section ?? {}).map((id) => ({
    pictogram: isPictogramId(id) ? id : null,
    text: `${prefix}.${id}` as TextKey,
  }));
}

export function counsellingFor(codes: readonly string[] | undefined): Counselling {
  const code = counsellingCode(codes);
  if (code === null) {
    return {
      entry: 'generic',
      purpose: 'counselling.generic.purpose',
      how: [],
      warnings: adviceOf('counselling.generic.warnings', en.counselling.generic.warnings),
    };
  }
  const prefix = `counselling.medicines.${code}`;
  const entry = CATALOGUE[code]!;
  return {
    entry: code,
    purpose: `${prefix}.purpose` as TextKey,
    how: adviceOf(`${prefix}.how`, entry.how),
    warnings: adviceOf(`${prefix}.warnings`, entry.warnings),
  };
}

/** Every catalogue entry, for the spoken prompts (one per medicine) and the tests. */
export const COUNSELLING_CODES = Object.keys(CATALOGUE) as CounsellingCode[];
