import { bpCuffCodecTarget } from './decoders/bp-cuff-codec';
import { bpCuffFramerTarget } from './decoders/bp-cuff-framer';
import { dispenserCodecTarget } from './decoders/dispenser-codec';
import { dispenserFramerTarget } from './decoders/dispenser-framer';
import { gs1ParserTarget } from './decoders/gs1-parser';
import { oximeterCodecTarget } from './decoders/oximeter-codec';
import { oximeterFramerTarget } from './decoders/oximeter-framer';
import { printerEscPosTarget } from './decoders/printer-escpos';
import { printerStatusTarget } from './decoders/printer-status';
import { scannerHidReassemblerTarget } from './decoders/scanner-hid-reassembler';
import { scannerHidReportTarget } from './decoders/scanner-hid-report';
import { scannerSerialCodecTarget } from './decoders/scanner-serial-codec';
import { scannerSerialFramerTarget } from './decoders/scanner-serial-framer';
import { scannerWedgeTarget } from './decoders/scanner-wedge';
import type { FuzzTarget } from './fuzz-target';

/**
 * Every decoder and framer in hardware/ that takes bytes from a device, one fuzz target each.
 * A new device decoder adds its target here; `npm run fuzz`, the fuzz bench and the unit test
 * all read this list.
 */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  dispenserFramerTarget,
  dispenserCodecTarget,
  scannerSerialFramerTarget,
  scannerSerialCodecTarget,
  scannerHidReassemblerTarget,
  scannerHidReportTarget,
  scannerWedgeTarget,
  gs1ParserTarget,
  oximeterFramerTarget,
  oximeterCodecTarget,
  bpCuffFramerTarget,
  bpCuffCodecTarget,
  printerStatusTarget,
  printerEscPosTarget,
];

/**
 * The targets whose name equals or starts with one of `names` (`scanner` picks every scanner
 * target); all of them when `names` is empty. Throws on a name that matches nothing.
 */
export function selectTargets(names: readonly string[]): FuzzTarget[] {
  if (names.length === 0) return [...FUZZ_TARGETS];
  const picked = new Set<FuzzTarget>();
  for (const name of names) {
    const matches = FUZZ_TARGETS.filter((t) => t.name === name || t.name.startsWith(`${name}.`));
    if (matches.length === 0) {
      throw new Error(
        `no fuzz target "${name}"; known: ${FUZZ_TARGETS.map((t) => t.name).join(', ')}`,
      );
    }
    for (const t of matches) picked.add(t);
  }
  return FUZZ_TARGETS.filter((t) => picked.has(t));
}
