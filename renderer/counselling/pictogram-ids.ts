/**
 * The counselling pictograms (renderer/pictures/Pictogram.tsx draws each). In the counselling
 * texts every piece of advice is keyed by the pictogram that goes with it, so the same picture
 * stands beside the same advice in every language.
 */
export const PICTOGRAM_IDS = [
  'water',
  'food',
  'morning',
  'evening',
  'noAlcohol',
  'drowsy',
  'children',
  'noStop',
] as const;

export type PictogramId = (typeof PICTOGRAM_IDS)[number];

export function isPictogramId(id: string): id is PictogramId {
  return (PICTOGRAM_IDS as readonly string[]).includes(id);
}
