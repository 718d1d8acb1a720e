import { z } from 'zod';
import { isCset82Char } from '../gs1/charset82';

/**
 * How a keyboard-wedge scanner is programmed (scanner.md §3, §7; technician's hardware config).
 * GS1 data is accepted from a wedge only when the scanner sends an AIM prefix AND types a
 * printable stand-in for GS, because a wedge loses GS otherwise and a lot field then swallows the
 * serial (example 4). The type makes "AIM without a GS substitute" unrepresentable.
 */

/**
 * A GS stand-in must be a printable character that can never be GS1 data: outside character set 82
 * and not space. Otherwise a real `%` in a lot would be read as a separator.
 */
export function isValidGsSubstitute(substitute: string): boolean {
  if (substitute.length !== 1) return false;
  const code = substitute.charCodeAt(0);
  return code > 0x20 && code <= 0x7e && !isCset82Char(code);
}

export const WedgeConfigSchema = z.discriminatedUnion('aimPrefix', [
  /** Default: no AIM, so nothing from this scanner is ever taken as GS1 data. */
  z.strictObject({ aimPrefix: z.literal(false) }),
  z.strictObject({
    aimPrefix: z.literal(true),
    gsSubstitute: z
      .string()
      .refine(
        isValidGsSubstitute,
        'gsSubstitute must be one printable ASCII character outside GS1 character set 82 ' +
          '(one of # $ @ [ \\ ] ^ ` { | } ~)',
      ),
  }),
]);

export type WedgeConfig = z.infer<typeof WedgeConfigSchema>;

export const DEFAULT_WEDGE_CONFIG: WedgeConfig = { aimPrefix: false };
