import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { toCp437Text } from '../../../../hardware/printer/cp437';
import { COLUMNS_58MM, COLUMNS_80MM } from '../../../../hardware/printer/protocol';

/**
 * The technician's printer test page, through the same encoder library and code page as the
 * dispense label (hardware/printer/label.ts), so a page that prints well says the label will too:
 * who printed it and when, the paper width, a ruler across every column, a line of each character
 * class the labels use (capitals, small letters, digits, punctuation, the accented letters of
 * French and Spanish in PC437), bold and double size, and a small QR code.
 */

export interface TestPageInput {
  kioskName: string;
  kioskId: string;
  /** Date and time, already formatted in the site's time zone. */
  printedAt: string;
  paperWidthMm: 58 | 80;
}

/** What the small QR code holds: the scanner can read it back as a test. */
export function testPageQrPayload(kioskId: string): string {
  return `TEST:${kioskId}`;
}

export const TEST_PAGE_CHARACTER_LINES = [
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  '!"#$%&\'()*+,-./:;<=>?',
  '@[\\]^_`{|}~',
  'àâäçéèêëîïôöùûü ñÑ ÄÖÜÅÉ',
] as const;

/** Small: a test, not a label's refill code (which uses module 6). */
const TEST_QR_MODULE = 3;
const FEED_LINES_BEFORE_CUT = 3;

/** One digit per column, the tens marked every ten: a cut-off right edge shows at once. */
export function columnRuler(columns: number): string {
  let ruler = '';
  for (let i = 1; i <= columns; i++) ruler += String(i % 10);
  return ruler;
}

export function encodeTestPage(input: TestPageInput): Uint8Array {
  const columns = input.paperWidthMm === 80 ? COLUMNS_80MM : COLUMNS_58MM;
  const text = (value: string): string => toCp437Text(value).trim();
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns,
    // LF alone, as the label: the library's default "\n\r" would send a CR after every line.
    newline: '\n',
    errors: 'strict',
  });
  encoder.initialize().codepage('cp437');
  encoder.align('center').bold(true).line(text(input.kioskName)).bold(false);
  encoder.line('PRINTER TEST PAGE').align('left');
  encoder.line(text(`Kiosk: ${input.kioskId}`));
  encoder.line(text(`Printed: ${input.printedAt}`));
  encoder.line(`Paper: ${input.paperWidthMm} mm, ${columns} columns`);
  encoder.line(columnRuler(columns));
  for (const line of TEST_PAGE_CHARACTER_LINES) encoder.line(text(line));
  encoder.bold(true).line('Bold').bold(false);
  encoder.size(2, 2).line('Large').size(1, 1);
  encoder
    .align('center')
    .qrcode(testPageQrPayload(input.kioskId), {
      model: 2,
      size: TEST_QR_MODULE,
      errorlevel: 'm',
    })
    .align('left');
  encoder.newline(FEED_LINES_BEFORE_CUT).cut('partial');
  return encoder.encode();
}
