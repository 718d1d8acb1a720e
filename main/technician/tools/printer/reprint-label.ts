import { Language } from '../../../../contracts/bridge';
import type { LabelContent } from '../../../../hardware/printer/label';
import type { SiteConfig } from '../../../config/site-config';
import { LABEL_CAPTIONS, packCountText } from '../../../labels/label-captions';
import { dateTimeInZone } from '../../../labels/date-time-in-zone';
import type { QueuedLabelEntry } from './label-queue';

/**
 * A queued label → the label content, as main/labels/print-label.ts laid it out in the patient's
 * session: the same captions and pack words in the patient's language, the lots and expiry the
 * motor dropped, the time it was dispensed (when it failed, in the site's time zone) and the
 * refill QR of its DISPENSE_INTENT (`L-<seq>` carries that seq).
 */
export function reprintContent(entry: QueuedLabelEntry, site: SiteConfig): LabelContent {
  const parsed = Language.safeParse(entry.label.language);
  // A language this kiosk no longer offers: English captions, the dose text as journaled.
  const language = parsed.success ? parsed.data : 'en';
  const { label } = entry;
  return {
    kioskName: site.kioskName,
    medicineName: label.medication,
    strength: '',
    doseInstructions: label.dose,
    quantity: packCountText(language, label.quantity),
    lot: label.lots.map((l) => l.lot).join(', '),
    expiry: label.lots.map((l) => l.expiry.slice(0, 7)).join(', '),
    dispensedAt: dateTimeInZone(entry.failedAt, site.timeZone),
    kioskId: site.kioskId,
    pharmacistPhone: site.pharmacistPhone,
    dispenseId: dispenseIdOf(entry.labelId),
    captions: LABEL_CAPTIONS[language],
  };
}

/** `L-<seq>` → seq (0 when the id has another form: the refill reference then says so). */
export function dispenseIdOf(labelId: string): number {
  const match = /^L-([1-9][0-9]{0,15})$/.exec(labelId);
  const seq = match ? Number(match[1]) : 0;
  return Number.isSafeInteger(seq) ? seq : 0;
}
