import { err, ok, type Result } from '../../contracts/result';
import type { IsoDate } from './gs1-date';
import type { Gs1Error, Gs1Value } from './gs1-result';

/**
 * The caller-level rule (scanner.md §7): the parser reports what a symbol holds; restock and
 * dispense need GTIN (01), expiry (17) and lot (10), and a serial (21) unless the site's market
 * has no pack serialisation (site config `requireSerial`).
 */

export interface PackFields {
  readonly gtin: string;
  readonly expiry: IsoDate;
  readonly expiryRaw: string;
  readonly lot: string;
  readonly serial?: string;
  readonly other: Readonly<Record<string, string>>;
}

export interface PackFieldOptions {
  /** From the site config; false where packs carry no serial number. */
  readonly requireSerial: boolean;
}

const missing = (ai: string, name: string): Gs1Error => ({
  code: 'missing_ai',
  offset: null,
  ai,
  detail: `the pack has no AI ${ai} (${name})`,
});

/** Reports the first missing AI in the order 01, 17, 10, 21. */
export function requirePackFields(
  value: Gs1Value,
  options: PackFieldOptions,
): Result<PackFields, Gs1Error> {
  const { gtin, expiry, expiryRaw, lot, serial, other } = value;
  if (gtin === undefined) return err(missing('01', 'GTIN'));
  if (expiry === undefined || expiryRaw === undefined) return err(missing('17', 'expiry'));
  if (lot === undefined) return err(missing('10', 'lot'));
  if (serial === undefined && options.requireSerial) return err(missing('21', 'serial'));
  return ok({ gtin, expiry, expiryRaw, lot, ...(serial === undefined ? {} : { serial }), other });
}
