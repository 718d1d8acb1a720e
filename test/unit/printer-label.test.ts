import { describe, expect, test } from 'vitest';
import { toCp437Text } from '../../hardware/printer/cp437';
import { qrPayloadsOf } from '../../hardware/printer/escpos';
import {
  encodeLabel,
  isPrintableQrPayload,
  parseRefillReference,
  refillReference,
  type LabelContent,
} from '../../hardware/printer/label';
import { PrinterSimulator, renderQrPng, type PrintedPage } from '../../hardware/printer/simulator';
import { SAMPLE_DOSE_AS_PRINTED, SAMPLE_LABEL } from '../fixtures/printer/sample-label';

// The label goes through the real encoder library and comes back through the simulator's
// ESC/POS parser, so these tests check what would be on paper, not how the bytes were built.

const toHex = (data: Uint8Array): string =>
  [...data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

function printOnSimulator(bytes: Uint8Array, columns = 32): PrintedPage {
  const sim = new PrinterSimulator({ columns });
  sim.receive(bytes);
  const pages = sim.pages();
  expect(pages).toHaveLength(1);
  const page = pages[0];
  if (!page) throw new Error('no page');
  return page;
}

/** The printed lines without blank feed lines and alignment padding. */
const printedLines = (page: PrintedPage): string[] =>
  page.text.map((l) => l.trim()).filter((l) => l.length > 0);

describe('label → ESC/POS → simulator', () => {
  test('every field is on the page, in the layout order of printer.md §5', () => {
    const label = encodeLabel(SAMPLE_LABEL, { columns: 32 });
    const page = printOnSimulator(label.bytes);
    expect(page.issues).toEqual([]);
    expect(page.endedBy).toBe('cut');
    expect(page.cut).toBe('partial');
    expect(printedLines(page)).toEqual([
      'Poste de santé de Kijiji',
      'Amoxicilline 500 mg',
      'Prenez une gélule trois fois par',
      'jour - après le repas, pendant',
      'sept jours. « Ne pas arrêter »',
      'avant la fin du traitement.',
      "Conservez à l'abri de la",
      'chaleur.',
      'Quantité : 21 gélules',
      'Lot : A12345  Exp. : 2027-03',
      'Délivré le 2026-01-01 10:30',
      'Kiosque : K-001',
      'Pharmacien : +254 700 000 000',
      'Renouvellement',
      '[QR RF:K-001:42]',
    ]);
  });

  test('styles: kiosk name centred and bold, medicine double height, QR centred', () => {
    const page = printOnSimulator(encodeLabel(SAMPLE_LABEL).bytes);
    const [name, medicine] = page.lines.filter((l) => l.kind === 'text' && l.text.trim() !== '');
    expect(name).toMatchObject({ bold: true });
    expect(page.text[0]).toBe(`    Poste de santé de Kijiji`);
    expect(medicine).toMatchObject({
      text: 'Amoxicilline 500 mg',
      height: 2,
      width: 1,
      bold: false,
    });
    expect(page.qrCodes).toEqual([
      expect.objectContaining({
        data: 'RF:K-001:42',
        model: 2,
        moduleSize: 6,
        errorLevel: 'M',
        align: 'center',
      }),
    ]);
  });

  test('dose instructions survive wrapping word for word', () => {
    const lines = printedLines(printOnSimulator(encodeLabel(SAMPLE_LABEL).bytes));
    const start = lines.indexOf('Amoxicilline 500 mg') + 1;
    const end = lines.findIndex((l) => l.startsWith('Quantité'));
    expect(lines.slice(start, end).join(' ')).toBe(SAMPLE_DOSE_AS_PRINTED);
  });

  test.each([32, 48])('no printed line is wider than %i columns', (columns) => {
    const long: LabelContent = {
      ...SAMPLE_LABEL,
      doseInstructions: `${'Take one tablet twice daily with water. '.repeat(6)}${'x'.repeat(70)}`,
      pharmacistPhone: '+254 700 000 000 (Mon–Fri 08:00–17:00, Sat 09:00–12:00)',
    };
    const page = printOnSimulator(encodeLabel(long, { columns }).bytes, columns);
    for (const line of page.lines) {
      if (line.kind === 'text') expect(line.text.length * line.width).toBeLessThanOrEqual(columns);
    }
    // Wrapping moves words to the next line and loses nothing.
    const squash = (text: string): string => text.replace(/\s+/g, '');
    const joined = squash(printedLines(page).join(''));
    expect(joined).toContain(squash(`${'Take one tablet twice daily with water.'.repeat(6)}`));
    expect(joined).toContain('x'.repeat(70));
    expect(joined).toContain(squash('+254 700 000 000 (Mon-Fri 08:00-17:00, Sat 09:00-12:00)'));
  });

  test('the bytes use PC437, the QR settings of the layout, feed 3 and a partial cut', () => {
    const { bytes } = encodeLabel(SAMPLE_LABEL);
    const hex = toHex(bytes);
    expect(hex.startsWith('1B 40')).toBe(true);
    expect(hex).toContain('1B 74 00');
    expect(hex).toContain('1D 28 6B 04 00 31 41 32 00'); // model 2
    expect(hex).toContain('1D 28 6B 03 00 31 43 06'); // module 6
    expect(hex).toContain('1D 28 6B 03 00 31 45 31'); // level M
    expect(hex).toContain('1D 28 6B 03 00 31 51 30'); // print
    expect(hex).toMatch(/0A 0A 0A 1D 56 01( 0A)?$/);
    // No CR: the encoder's default "\n\r" is turned off.
    expect(bytes.includes(0x0d)).toBe(false);
    expect(qrPayloadsOf(bytes).map((p) => Buffer.from(p).toString('latin1'))).toEqual([
      'RF:K-001:42',
    ]);
  });

  test('a field cannot smuggle a printer command: controls become spaces', () => {
    const evil: LabelContent = {
      ...SAMPLE_LABEL,
      medicineName: 'Para\u001bd\u00ffcetamol',
      quantity: '10\u001dV\u0001 tablets',
    };
    const page = printOnSimulator(encodeLabel(evil).bytes);
    expect(page.issues).toEqual([]);
    expect(printedLines(page)).toContain('Quantité : 10 V  tablets');
    expect(printedLines(page)).toContain('Para dÿcetamol 500 mg');
    expect(page.cut).toBe('partial');
  });

  test('a QR payload over 512 bytes is never sent: the short reference is printed as text', () => {
    const label = encodeLabel({ ...SAMPLE_LABEL, refillQrPayload: 'X'.repeat(513) });
    expect(label.refill).toBe('text');
    expect(qrPayloadsOf(label.bytes)).toEqual([]);
    const page = printOnSimulator(label.bytes);
    expect(page.qrCodes).toEqual([]);
    expect(printedLines(page)).toContain('RF:K-001:42');
  });

  test('a payload of exactly 512 bytes is still a QR', () => {
    const label = encodeLabel({ ...SAMPLE_LABEL, refillQrPayload: 'Y'.repeat(512) });
    expect(label.refill).toBe('qr');
    expect(printOnSimulator(label.bytes).qrCodes[0]?.data).toBe('Y'.repeat(512));
  });

  test('the printed QR renders to a PNG', async () => {
    const qr = printOnSimulator(encodeLabel(SAMPLE_LABEL).bytes).qrCodes[0];
    if (!qr) throw new Error('no QR printed');
    const png = await renderQrPng(qr);
    expect(toHex(png.subarray(0, 8))).toBe('89 50 4E 47 0D 0A 1A 0A');
  });
});

describe('refill reference', () => {
  test('round trip, with a kiosk id that contains a colon', () => {
    expect(refillReference('K-001', 42)).toBe('RF:K-001:42');
    expect(parseRefillReference('RF:K-001:42')).toEqual({
      ok: true,
      value: { kioskId: 'K-001', dispenseId: 42 },
    });
    expect(parseRefillReference(refillReference('site:7', 9))).toEqual({
      ok: true,
      value: { kioskId: 'site:7', dispenseId: 9 },
    });
  });

  test.each(['', 'RX:K:1', 'RF:K-001', 'RF::5', 'RF:K:0', 'RF:K:-1', 'RF:K:1.5', 'RF:K:01'])(
    '%j is not a refill reference',
    (text) => {
      expect(parseRefillReference(text).ok).toBe(false);
    },
  );

  test('QR payload check', () => {
    expect(isPrintableQrPayload('RF:K-001:42')).toBe(true);
    expect(isPrintableQrPayload('')).toBe(false);
    expect(isPrintableQrPayload('a\nb')).toBe(false);
    expect(isPrintableQrPayload('€')).toBe(false);
  });
});

describe('PC437 text', () => {
  test.each([
    ['é stays é', 'é', 'é'],
    ['ñ, ü, ß, ° stay', 'ñüß°', 'ñüß°'],
    ['curly quotes become straight', '“Hi” ‘x’', '"Hi" \'x\''],
    ['dashes become hyphens', 'a–b—c', 'a-b-c'],
    ['ellipsis', 'wait…', 'wait...'],
    ['letters with marks PC437 lacks lose the mark', 'ő ŕ ș', 'o r s'],
    ['letters with no decomposition', 'Łódź œuvre Øre', 'Lódz oeuvre Ore'],
    ['ligatures', 'ﬁne', 'fine'],
    ['no Latin form', 'ሰላም', '???'],
    ['bullet is not the BEL glyph', '•', '*'],
    ['controls become spaces', 'a\tb\u001bc\u0085d', 'a b c d'],
  ])('%s', (_name, input, expected) => {
    expect(toCp437Text(input)).toBe(expected);
  });
});
