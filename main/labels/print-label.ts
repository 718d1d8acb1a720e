import type { JournalEventDataOf } from '../../contracts/journal-events';
import type { Clock } from '../../contracts/clock';
import type { PrinterDriver, PrintError } from '../../hardware/printer/driver';
import { COLUMNS_58MM, COLUMNS_80MM } from '../../hardware/printer/protocol';
import { encodeLabel, type LabelContent } from '../../hardware/printer/label';
import type { LabelInput, LabelOutcome } from '../../state-machines/kiosk-session';
import type { Journal } from '../journal';
import type { SiteConfig } from '../config/site-config';
import { dateTimeInZone } from './date-time-in-zone';
import { LABEL_CAPTIONS, packCountText } from './label-captions';

/**
 * The label after a dispense (issue 6, printer.md §5): what was given, in the patient's language,
 * to the printer. It never holds the patient back: a label that does not print is journaled as
 * LABEL_FAILED with everything it says, and the technician reprints it later. Lots and expiry
 * come from the journaled DISPENSE_INTENTs, so the label says exactly what the motor dropped.
 */
export interface PrintLabelDeps {
  journal: Journal;
  printer: PrinterDriver | null;
  paperWidthMm: 58 | 80;
  site: SiteConfig;
  clock: Clock;
}

type LabelData = JournalEventDataOf<'LABEL_FAILED'>['label'];

export async function printLabel(deps: PrintLabelDeps, input: LabelInput): Promise<LabelOutcome> {
  const givenSeqs = input.results.flatMap((r) => (r.result === 'given' ? [r.intentSeq] : []));
  const intents = await intentsAt(deps.journal, givenSeqs);
  const labelId = `L-${givenSeqs[0] ?? 0}`;
  const jti = input.order.jti;
  const date = dateTimeInZone(deps.clock.now(), deps.site.timeZone);
  const data: LabelData = {
    medication: input.order.medication,
    dose: input.order.dose,
    quantity: givenSeqs.length,
    lots: uniqueLots(intents),
    language: input.language,
    date: date.slice(0, 10),
  };
  if (!deps.printer) return failed(deps, labelId, jti, data, 'no label printer configured');
  const content: LabelContent = {
    kioskName: deps.site.kioskName,
    medicineName: input.order.medication,
    strength: '',
    doseInstructions: input.order.dose,
    quantity: packCountText(input.language, givenSeqs.length),
    lot: data.lots.map((l) => l.lot).join(', '),
    expiry: data.lots.map((l) => l.expiry.slice(0, 7)).join(', '),
    dispensedAt: date,
    kioskId: deps.site.kioskId,
    pharmacistPhone: deps.site.pharmacistPhone,
    dispenseId: givenSeqs[0] ?? 0,
    captions: LABEL_CAPTIONS[input.language],
  };
  const columns = deps.paperWidthMm === 80 ? COLUMNS_80MM : COLUMNS_58MM;
  const printed = await deps.printer.print(encodeLabel(content, { columns }).bytes);
  if (printed.ok) {
    await deps.journal.append('LABEL_PRINTED', { labelId, jti, reprint: false });
    return { ok: true };
  }
  return failed(deps, labelId, jti, data, describePrintError(printed.error), printed.error);
}

async function failed(
  deps: PrintLabelDeps,
  labelId: string,
  jti: string,
  label: LabelData,
  reason: string,
  error?: PrintError,
): Promise<LabelOutcome> {
  await deps.journal.append('LABEL_FAILED', { labelId, jti, reason, label });
  const problem =
    error?.reason === 'PAPER_OUT'
      ? 'paper_out'
      : error?.reason === 'COVER_OPEN'
        ? 'cover_open'
        : 'printer_unavailable';
  return { ok: false, problem };
}

function describePrintError(error: PrintError): string {
  return `${error.kind} ${error.reason}: ${error.detail}`;
}

async function intentsAt(
  journal: Journal,
  seqs: number[],
): Promise<JournalEventDataOf<'DISPENSE_INTENT'>[]> {
  if (seqs.length === 0) return [];
  const wanted = new Set(seqs);
  const found: JournalEventDataOf<'DISPENSE_INTENT'>[] = [];
  for await (const event of journal.events(Math.min(...seqs))) {
    if (event.type === 'DISPENSE_INTENT' && wanted.has(event.seq)) found.push(event.data);
    if (found.length === wanted.size) break;
  }
  return found;
}

function uniqueLots(intents: JournalEventDataOf<'DISPENSE_INTENT'>[]): LabelData['lots'] {
  const byLot = new Map(intents.map((i) => [i.lot, { lot: i.lot, expiry: i.expiry }]));
  return [...byLot.values()];
}
