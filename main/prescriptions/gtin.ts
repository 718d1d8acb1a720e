/** GTIN-14 with its GS1 mod-10 check digit (scanner.md §4). */
export const GTIN_SYSTEM = 'http://www.gs1.org/gtin';

export function isValidGtin14(value: string): boolean {
  if (!/^[0-9]{14}$/.test(value)) return false;
  let sum = 0;
  // Weights 3,1,3,… from the rightmost data digit (the one left of the check digit).
  for (let i = 12; i >= 0; i--) sum += Number(value[i]) * ((12 - i) % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(value[13]);
}
