import { AIM_QR_PLAIN } from '../../../hardware/scanner/protocol';
import type { Prng } from '../prng';
import { randomGs1Symbol } from './gs1-symbols';

/**
 * What a kiosk scanner reads in practice: prescription QRs in numeric `shc:/` form (long), GS1
 * pack symbols, refill references from the kiosk's own label, and short plain codes.
 */

export interface ScanPayload {
  aim: string;
  text: string;
}

const PRINTABLE = Array.from({ length: 0x5f }, (_, i) => String.fromCharCode(0x20 + i)).join('');

export function randomScanPayload(rng: Prng, maxLength: number): ScanPayload {
  const r = rng.below(10);
  if (r < 3) {
    // A real token is about 2,000 digits; shorter ones keep the generator quick.
    const digits = rng.chance(0.05)
      ? rng.int(1500, Math.min(2600, maxLength - 10))
      : rng.int(20, 400);
    return { aim: AIM_QR_PLAIN, text: `shc:/${rng.string('0123456789', digits)}` };
  }
  if (r < 8) return randomGs1Symbol(rng);
  if (r < 9)
    return { aim: AIM_QR_PLAIN, text: `RF:KIOSK-${rng.int(1, 999)}:${rng.int(1, 999999)}` };
  return {
    aim: rng.pick([']d1', ']Q1', ']E0', ']C0']),
    text: rng.string(PRINTABLE, rng.int(1, 80)),
  };
}
