import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSET_82_CHARS,
  daysInMonth,
  gtinCheckDigit,
  isValidGtin,
  parseGs1,
  type Gs1ErrorCode,
  type Gs1Result,
} from '../../hardware/gs1';

const GS = '\u001d';
const ERROR_CODES: readonly Gs1ErrorCode[] = [
  'not_gs1',
  'empty',
  'bad_char',
  'non_digit',
  'bad_check_digit',
  'bad_date',
  'unknown_ai',
  'duplicate_ai',
  'too_long',
  'truncated',
  'empty_field',
];
const AIMS = [null, ']d2', ']Q3', ']C1', ']e0', ']E0', ']Q1', ']d1', ']d5', ']Q4', ']Q5'];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Any calendar day from 1990 to 2089, as the kiosk would pass `today`. */
const todayArb = fc
  .record({
    year: fc.integer({ min: 1990, max: 2089 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${pad(month, 2)}-${pad(day, 2)}`);

/** A typed answer: a value with well-formed fields, or an error with a known code and a position in the data. */
function expectTyped(result: Gs1Result, length: number): void {
  if (result.ok) {
    const { gtin, expiry, expiryRaw, lot, serial, other } = result.value;
    if (gtin !== undefined) expect(isValidGtin(gtin) && gtin.length === 14).toBe(true);
    if (expiry !== undefined) expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (expiryRaw !== undefined) expect(expiryRaw).toMatch(/^\d{6}$/);
    if (lot !== undefined) expect(lot.length).toBeGreaterThan(0);
    if (serial !== undefined) expect(serial.length).toBeGreaterThan(0);
    expect(typeof other).toBe('object');
    return;
  }
  const error = result.error;
  expect(ERROR_CODES).toContain(error.code);
  expect(error.offset).not.toBeNull();
  expect(Number.isInteger(error.offset)).toBe(true);
  expect(error.offset).toBeGreaterThanOrEqual(0);
  expect(error.offset).toBeLessThanOrEqual(length);
  expect(typeof error.detail).toBe('string');
}

describe('parseGs1 never throws on scan data', () => {
  it('random bytes under any AIM', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AIMS),
        fc.uint8Array({ maxLength: 120 }),
        todayArb,
        (aim, raw, today) => {
          expectTyped(parseGs1(aim, raw, today), raw.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('strings built from GS1-ish pieces (digits, GS, AIs, odd characters), which get deeper', () => {
    const piece = fc.constantFrom(
      ...'0123456789',
      GS,
      'A',
      '~',
      ' ',
      '\u0000',
      '\u00ff',
      '01',
      '17',
      '10',
      '21',
      '7003',
      '240',
      '00',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(']d2', ']Q3', ']E0'),
        fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
        todayArb,
        (aim, text, today) => {
          expectTyped(parseGs1(aim, text, today), text.length);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('Digital-Link-shaped text', () => {
    const segment = fc.oneof(
      fc.constantFrom('01', '10', '21', '17', '22', '99', '09506000134352', '%', '%2', '%zz', ''),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 8 }),
        fc.array(fc.tuple(segment, segment), { maxLength: 3 }),
        todayArb,
        (path, query, today) => {
          const text =
            'https://id.gs1.org/' +
            path.join('/') +
            (query.length ? '?' + query.map(([k, v]) => `${k}=${v}`).join('&') : '');
          expectTyped(parseGs1(']Q1', text, today), text.length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

interface Pack {
  readonly gtin: string;
  readonly yymmdd: string;
  readonly expiry: string;
  readonly lot: string;
  readonly serial: string | undefined;
}

/** A valid pack for `today`: any GTIN with its check digit, a date inside the century window. */
const packArb = (today: string): fc.Arbitrary<Pack> => {
  const currentYear = Number(today.slice(0, 4));
  const cset82 = fc.constantFrom(...CSET_82_CHARS);
  const field = fc.array(cset82, { minLength: 1, maxLength: 20 }).map((c) => c.join(''));
  return fc
    .record({
      body: fc.stringMatching(/^[0-9]{13}$/),
      year: fc.integer({ min: currentYear - 49, max: currentYear + 50 }),
      month: fc.integer({ min: 1, max: 12 }),
      dayPick: fc.nat(31),
      lot: field,
      serial: fc.option(field, { nil: undefined }),
    })
    .map(({ body, year, month, dayPick, lot, serial }) => {
      const last = daysInMonth(year, month);
      const day = dayPick % (last + 1); // 0 = "last day of the month"
      return {
        gtin: body + String(gtinCheckDigit(body)),
        yymmdd: pad(year % 100, 2) + pad(month, 2) + pad(day, 2),
        expiry: `${year}-${pad(month, 2)}-${pad(day === 0 ? last : day, 2)}`,
        lot,
        serial,
      };
    });
};

describe('a generated valid element string round-trips', () => {
  it('in any order, with GS only where needed or also where allowed', () => {
    const caseArb = todayArb.chain((today) =>
      fc.record({
        today: fc.constant(today),
        pack: packArb(today),
        order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
        extraGs: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        aim: fc.constantFrom(']d2', ']Q3', ']C1', ']e0'),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ today, pack, order, extraGs, aim }) => {
        const elements = [
          { text: '01' + pack.gtin, variable: false },
          { text: '17' + pack.yymmdd, variable: false },
          { text: '10' + pack.lot, variable: true },
          ...(pack.serial === undefined ? [] : [{ text: '21' + pack.serial, variable: true }]),
        ];
        const ordered = order.flatMap((i) => (elements[i] ? [elements[i]] : []));
        let text = extraGs[4] ? GS : ''; // a leading GS is tolerated
        ordered.forEach((element, i) => {
          const last = i === ordered.length - 1;
          text += element.text;
          // Variable fields need GS unless last; fixed ones may have one anyway.
          if ((element.variable && !last) || (!element.variable && extraGs[i])) text += GS;
        });
        if (extraGs[5]) text += GS; // and a trailing one
        const result = parseGs1(aim, text, today);
        expect(result).toEqual({
          ok: true,
          value: {
            gtin: pack.gtin,
            expiry: pack.expiry,
            expiryRaw: pack.yymmdd,
            lot: pack.lot,
            ...(pack.serial === undefined ? {} : { serial: pack.serial }),
            other: {},
          },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('and the same pack as a GS1 Digital Link gives the same value', () => {
    const caseArb = todayArb.chain((today) =>
      fc.record({ today: fc.constant(today), pack: packArb(today) }),
    );
    fc.assert(
      fc.property(caseArb, ({ today, pack }) => {
        const path =
          `/01/${pack.gtin}/10/${encodeURIComponent(pack.lot)}` +
          (pack.serial === undefined ? '' : `/21/${encodeURIComponent(pack.serial)}`);
        const viaLink = parseGs1(']Q1', `https://id.gs1.org${path}?17=${pack.yymmdd}`, today);
        const viaString = parseGs1(
          ']d2',
          `01${pack.gtin}17${pack.yymmdd}10${pack.lot}` +
            (pack.serial === undefined ? '' : `${GS}21${pack.serial}`),
          today,
        );
        expect(viaLink.ok).toBe(true);
        expect(viaLink).toEqual(viaString);
      }),
      { numRuns: 200 },
    );
  });
});
