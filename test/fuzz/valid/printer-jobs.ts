import { encodeLabel, type LabelContent } from '../../../hardware/printer/label';
import { PrinterSimulator, type PrinterSimFault } from '../../../hardware/printer/simulator';
import type { Prng } from '../prng';

/**
 * What goes over the printer line: dispense labels from the kiosk's own label encoder (ESC/POS
 * through the encoder library), and the DLE EOT replies the printer simulator sends for its
 * fault states.
 */

const WORDS = ['Amoxicillin', 'Paracétamol', 'Ibuprofène', 'Metformin', 'ORS', 'Zinc', 'Cotrim'];
const DOSE = [
  'Take 1 capsule three times a day for 7 days.',
  'Prendre 1 comprimé matin et soir pendant 5 jours.',
  'Tomar 2 tabletas cada 8 horas.\nCon comida.',
  'Kunywa kijiko 1 mara 3 kwa siku.',
];

function label(rng: Prng): LabelContent {
  const kioskId = `K-${rng.int(1, 9999)}`;
  return {
    kioskName: rng.pick(['Village Health Post', 'Poste de santé', 'Dispensario Rural']),
    medicineName: rng.pick(WORDS),
    strength: `${rng.int(1, 1000)} mg`,
    doseInstructions: rng.pick(DOSE),
    quantity: `${rng.int(1, 60)} tablets`,
    lot: `L${rng.int(1000, 99999)}`,
    expiry: `20${rng.int(26, 35)}-${String(rng.int(1, 12)).padStart(2, '0')}`,
    dispensedAt: '2026-06-15 10:42',
    kioskId,
    pharmacistPhone: `+255 ${rng.int(100, 999)} ${rng.int(100000, 999999)}`,
    dispenseId: rng.int(1, 2 ** 31),
    // Now and then an over-size payload, which the label prints as text instead of a QR.
    ...(rng.chance(0.1) ? { refillQrPayload: 'X'.repeat(600) } : {}),
    captions: {
      quantity: 'Qty:',
      lot: 'Lot:',
      expiry: 'Exp:',
      dispensed: 'Dispensed:',
      kiosk: 'Kiosk:',
      pharmacist: 'Pharmacist:',
      refill: rng.chance(0.5) ? 'Scan at the kiosk for a refill' : undefined,
    },
  };
}

export function randomLabelJob(rng: Prng): Uint8Array {
  return encodeLabel(label(rng), { columns: rng.chance(0.5) ? 32 : 48 }).bytes;
}

const STATE_FAULTS: readonly PrinterSimFault[] = [
  { kind: 'paperNearEnd' },
  { kind: 'paperOut' },
  { kind: 'coverOpen' },
  { kind: 'cutterJam' },
  { kind: 'unrecoverableError' },
];

/**
 * The simulator's replies to DLE EOT 1, 2, 3 (and 4 for a full read) in a random fault state.
 * Timed faults (overheat, silence) are left out: they need the simulator's clock.
 */
export function randomStatusReplies(rng: Prng): Uint8Array {
  const printer = new PrinterSimulator();
  for (const fault of STATE_FAULTS) if (rng.chance(0.25)) printer.inject(fault);
  const queries = rng.chance(0.5) ? [1, 2, 3, 4] : [1, 2, 3];
  return Uint8Array.from(queries, (n) => printer.statusReply(n));
}
