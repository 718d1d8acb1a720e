import type { Language } from '../../contracts/bridge';
import type { LabelCaptions } from '../../hardware/printer/label';

/**
 * The label's captions in each patient language (issue 6: the label is in the patient's
 * language). The printer speaks PC437, so the words keep to characters it has; label.ts
 * transliterates anything else.
 */
export const LABEL_CAPTIONS: Readonly<Record<Language, LabelCaptions>> = {
  en: {
    quantity: 'Quantity:',
    lot: 'Lot:',
    expiry: 'Expires:',
    dispensed: 'Dispensed:',
    kiosk: 'Kiosk:',
    pharmacist: 'Pharmacist:',
    refill: 'Scan at the kiosk for a refill',
  },
  es: {
    quantity: 'Cantidad:',
    lot: 'Lote:',
    expiry: 'Caduca:',
    dispensed: 'Entregado:',
    kiosk: 'Quiosco:',
    pharmacist: 'Farmacéutico:',
    refill: 'Escanee en el quiosco para repetir',
  },
  fr: {
    quantity: 'Quantité :',
    lot: 'Lot :',
    expiry: 'Expire :',
    dispensed: 'Délivré :',
    kiosk: 'Borne :',
    pharmacist: 'Pharmacien :',
    refill: 'Scannez à la borne pour renouveler',
  },
  sw: {
    quantity: 'Idadi:',
    lot: 'Kundi:',
    expiry: 'Mwisho wa matumizi:',
    dispensed: 'Imetolewa:',
    kiosk: 'Kioski:',
    pharmacist: 'Mfamasia:',
    refill: 'Changanua kwenye kioski kupata dawa tena',
  },
};

/** "2 packs" on the label, in the patient's language. */
export function packCountText(language: Language, count: number): string {
  const words: Record<Language, [string, string]> = {
    en: ['pack', 'packs'],
    es: ['caja', 'cajas'],
    fr: ['boîte', 'boîtes'],
    sw: ['pakiti', 'pakiti'],
  };
  const [one, many] = words[language];
  return `${count} ${count === 1 ? one : many}`;
}
