import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { err, ok, type Result } from '../../contracts/result';
import { toCp437Text } from './cp437';
import { COLUMNS_58MM, COLUMNS_80MM, LABEL_QR, MAX_QR_PAYLOAD_BYTES } from './protocol';

/**
 * The dispense label (printer.md §5 "Label layout") → ESC/POS bytes, through the encoder library.
 * Language-neutral: every string arrives already translated and formatted by the caller (dose
 * text in the patient's language, dates in the site's time zone, captions with their own
 * punctuation); this module only lays them out, fits them to PC437 and wraps them to the paper.
 */

/** Captions printed before a value, with their punctuation as the language writes it ("Lot:", "Lot :"). */
export interface LabelCaptions {
  quantity: string;
  lot: string;
  expiry: string;
  dispensed: string;
  kiosk: string;
  pharmacist: string;
  /** Optional line above the refill QR, e.g. "Scan at the kiosk for a refill". */
  refill?: string | undefined;
}

export interface LabelContent {
  /** Site config `kioskName`: centred, bold, first line. */
  kioskName: string;
  /** e.g. "Amoxicillin". Printed with the strength in double height. */
  medicineName: string;
  /** e.g. "500 mg". */
  strength: string;
  /** In the patient's language; "\n" separates paragraphs. Wrapped to the paper width. */
  doseInstructions: string;
  /** e.g. "21 capsules". */
  quantity: string;
  lot: string;
  /** Formatted by the caller, e.g. "2027-03". */
  expiry: string;
  /** Date and time of the dispense, formatted in the site's time zone. */
  dispensedAt: string;
  kioskId: string;
  pharmacistPhone: string;
  /** The journal seq of the DISPENSE_INTENT (DESIGN §5). */
  dispenseId: number;
  /**
   * What the refill QR holds. Default `refillReference(kioskId, dispenseId)`, the short reference
   * the kiosk recognises when it is scanned back. A payload over 512 bytes (or with characters
   * outside ISO-8859-1, which the QR command cannot carry) is never sent as a QR: the short
   * reference is printed as text instead (printer.md §5 "Over-size QR").
   */
  refillQrPayload?: string | undefined;
  captions: LabelCaptions;
}

export interface LabelOptions {
  /** Characters per line: 32 (58 mm) or 48 (80 mm), from the hardware config. Default 32. */
  columns?: number;
}

export interface EncodedLabel {
  bytes: Uint8Array;
  /** How the refill reference went on paper: as a QR, or as text because the payload was unfit. */
  refill: 'qr' | 'text';
  /** The QR payload sent, when `refill` is 'qr'. */
  qrPayload?: string;
}

const REFILL_PREFIX = 'RF:';
/** Feed before the partial cut, so the last line clears the cutter (printer.md §5). */
const FEED_LINES_BEFORE_CUT = 3;

/** `RF:<kiosk id>:<dispenseId>`: the short reference in the refill QR (printer.md §5). */
export function refillReference(kioskId: string, dispenseId: number): string {
  return `${REFILL_PREFIX}${kioskId}:${dispenseId}`;
}

export type RefillReferenceError = { code: 'NOT_A_REFILL_REFERENCE'; detail: string };

/** The kiosk id and dispenseId of a scanned refill reference. The kiosk id may contain ':'. */
export function parseRefillReference(
  text: string,
): Result<{ kioskId: string; dispenseId: number }, RefillReferenceError> {
  const fail = (detail: string): { ok: false; error: RefillReferenceError } =>
    err({ code: 'NOT_A_REFILL_REFERENCE', detail });
  if (!text.startsWith(REFILL_PREFIX)) return fail(`does not start with ${REFILL_PREFIX}`);
  const rest = text.slice(REFILL_PREFIX.length);
  const cut = rest.lastIndexOf(':');
  if (cut <= 0) return fail('no kiosk id');
  const kioskId = rest.slice(0, cut);
  const idText = rest.slice(cut + 1);
  if (!/^[1-9][0-9]{0,15}$/.test(idText)) return fail('dispenseId is not a positive integer');
  const dispenseId = Number(idText);
  if (!Number.isSafeInteger(dispenseId)) return fail('dispenseId is out of range');
  return ok({ kioskId, dispenseId });
}

/** True when the QR command can carry this payload (ISO-8859-1, at most 512 bytes, no controls). */
export function isPrintableQrPayload(payload: string): boolean {
  if (payload.length === 0 || payload.length > MAX_QR_PAYLOAD_BYTES) return false;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c > 0xff) return false;
  }
  return true;
}

/** The label as ESC/POS: initialise, PC437, the layout top to bottom, feed 3, partial cut. */
export function encodeLabel(content: LabelContent, options: LabelOptions = {}): EncodedLabel {
  const columns = options.columns ?? COLUMNS_58MM;
  if (!Number.isInteger(columns) || columns < 16 || columns > COLUMNS_80MM * 2) {
    throw new RangeError(`label: ${columns} columns is not a paper width (32 or 48)`);
  }
  const { captions } = content;
  const text = (value: string): string => toCp437Text(value).trim();
  const captioned = (caption: string, value: string): string =>
    [text(caption), text(value)].filter((s) => s.length > 0).join(' ');

  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns,
    // LF alone: the library's default "\n\r" would send a CR after every line.
    newline: '\n',
    errors: 'strict',
  });
  encoder.initialize().codepage('cp437');

  encoder.align('center').bold(true).line(text(content.kioskName)).bold(false).align('left');
  encoder
    .size(1, 2)
    .line(text(`${content.medicineName} ${content.strength}`))
    .size(1, 1);
  for (const paragraph of content.doseInstructions.split(/\r?\n/)) {
    const line = text(paragraph);
    if (line.length > 0) encoder.line(line);
  }
  encoder.line(captioned(captions.quantity, content.quantity));
  encoder.line(
    `${captioned(captions.lot, content.lot)}  ${captioned(captions.expiry, content.expiry)}`,
  );
  encoder.line(captioned(captions.dispensed, content.dispensedAt));
  encoder.line(captioned(captions.kiosk, content.kioskId));
  encoder.line(captioned(captions.pharmacist, content.pharmacistPhone));

  const reference = refillReference(content.kioskId, content.dispenseId);
  const payload = content.refillQrPayload ?? reference;
  const asQr = isPrintableQrPayload(payload);
  if (captions.refill) encoder.align('center').line(text(captions.refill)).align('left');
  if (asQr) {
    encoder
      .align('center')
      .qrcode(payload, {
        model: LABEL_QR.model,
        size: LABEL_QR.moduleSize,
        errorlevel: 'm',
      })
      .align('left');
  } else {
    encoder.align('center').line(text(reference)).align('left');
  }
  encoder.newline(FEED_LINES_BEFORE_CUT).cut('partial');

  const result: EncodedLabel = { bytes: encoder.encode(), refill: asQr ? 'qr' : 'text' };
  if (asQr) result.qrPayload = payload;
  return result;
}
