import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../contracts/clock';
import { ScannerToolView } from '../../contracts/technician/scanner';
import { gs1Breakdown } from '../../main/technician/tools/scanner/gs1-breakdown';
import { createScannerTool } from '../../main/technician/tools/scanner/scanner-tool';
import { symbologyName } from '../../main/technician/tools/scanner/symbology-name';
import type { TechnicianToolContext } from '../../main/technician/tools/technician-tool';
import { baseClaims, forgeJws, makeIssuer, toQr } from '../fixtures/prescriptions/token-forge';

/**
 * The scanner test (issue 9 item 5): symbology from the AIM, the GS1 breakdown with its checks
 * (GTIN check digit, expiry date incl. day 00 and expired), and tokens never shown or journaled.
 */

const TODAY = '2026-03-10';
const GS = '\u001d';
const GTIN = '09506000134352';
const PACK = `01${GTIN}17271231` + `10ABC123${GS}21SN0001`;

const fieldsOf = (aim: string, text: string) => gs1Breakdown(aim, text, TODAY)?.fields;

describe('symbology from the AIM', () => {
  it('names the identifiers of the scanner table and the families of the others', () => {
    expect(symbologyName(']d2')).toBe('GS1 DataMatrix');
    expect(symbologyName(']Q1')).toBe('QR Code');
    expect(symbologyName(']C0')).toBe('Code 128');
    expect(symbologyName(']A0')).toBe('Code 39');
    expect(symbologyName(']d1')).toBe('Data Matrix');
    expect(symbologyName(']X0')).toBeNull();
    expect(symbologyName(null)).toBeNull();
  });
});

describe('GS1 breakdown', () => {
  it('reads a good pack: GTIN check digit valid, expiry valid, lot and serial', () => {
    expect(gs1Breakdown(']d2', PACK, TODAY)).toEqual({
      fields: [
        { kind: 'gtin', ai: '01', value: GTIN, checkDigit: 'valid', expectedDigit: null },
        {
          kind: 'expiry',
          ai: '17',
          value: '271231',
          verdict: 'valid',
          date: '2027-12-31',
          dayZero: false,
          fault: null,
        },
        { kind: 'lot', ai: '10', title: 'BATCH/LOT', value: 'ABC123' },
        { kind: 'serial', ai: '21', title: 'SERIAL', value: 'SN0001' },
      ],
      error: null,
    });
  });

  it('flags a wrong check digit with the right one, and still reads the rest', () => {
    const fields = fieldsOf(']d2', PACK.replace(GTIN, '09506000134353'));
    expect(fields?.[0]).toEqual({
      kind: 'gtin',
      ai: '01',
      value: '09506000134353',
      checkDigit: 'invalid',
      expectedDigit: 2,
    });
    expect(fields?.map((f) => f.kind)).toEqual(['gtin', 'expiry', 'lot', 'serial']);
  });

  it('flags a wrong check digit in an EAN-13 and in a Digital Link too', () => {
    expect(fieldsOf(']E0', '9506000134352')?.[0]).toMatchObject({ checkDigit: 'valid' });
    expect(fieldsOf(']E0', '9506000134359')?.[0]).toMatchObject({
      checkDigit: 'invalid',
      value: '09506000134359',
      expectedDigit: 2,
    });
    expect(
      fieldsOf(']Q1', 'https://id.gs1.org/01/09506000134350/10/L1?17=280100')?.map((f) =>
        f.kind === 'gtin' ? f.checkDigit : f.kind === 'expiry' ? f.date : f.value,
      ),
    ).toEqual(['invalid', '2028-01-31', 'L1']);
  });

  it('day 00 is the last day of the month; an expiry before today is expired; the day itself is not', () => {
    const expiry = (yymmdd: string) =>
      fieldsOf(']d2', `01${GTIN}17${yymmdd}10L1`)?.find((f) => f.kind === 'expiry');
    expect(expiry('240200')).toMatchObject({
      verdict: 'expired',
      date: '2024-02-29',
      dayZero: true,
    });
    expect(expiry('260300')).toMatchObject({ verdict: 'valid', date: '2026-03-31', dayZero: true });
    expect(expiry('260310')).toMatchObject({ verdict: 'valid', date: '2026-03-10' });
    expect(expiry('260309')).toMatchObject({ verdict: 'expired', date: '2026-03-09' });
  });

  it('an impossible expiry is flagged (month or day) and the fields after it are still read', () => {
    const month = fieldsOf(']d2', `01${GTIN}17261301` + '10L1');
    expect(month?.find((f) => f.kind === 'expiry')).toEqual({
      kind: 'expiry',
      ai: '17',
      value: '261301',
      verdict: 'invalid',
      date: null,
      dayZero: false,
      fault: 'month',
    });
    expect(month?.find((f) => f.kind === 'lot')).toMatchObject({ value: 'L1' });
    expect(
      fieldsOf(']d2', `01${GTIN}17270230` + '10L1')?.find((f) => f.kind === 'expiry'),
    ).toMatchObject({ verdict: 'invalid', fault: 'day', value: '270230' });
  });

  it('lists any other AI with its title from the AI table', () => {
    const fields = fieldsOf(']C1', `01${GTIN}11250101` + `3012${GS}10L1`);
    expect(fields?.filter((f) => f.kind === 'other')).toEqual([
      { kind: 'other', ai: '11', title: 'PROD DATE', value: '250101' },
      { kind: 'other', ai: '30', title: 'VAR. COUNT', value: '12' },
    ]);
  });

  it('says where and why unreadable data stops, and is null for data that is not GS1', () => {
    expect(gs1Breakdown(']d2', `01${GTIN}1725`, TODAY)).toMatchObject({
      fields: [],
      error: { code: 'truncated' },
    });
    expect(gs1Breakdown(']d2', `01${GTIN}10L1${GS}10L2`, TODAY)).toEqual({
      fields: [],
      error: { code: 'duplicate_ai', offset: 21 },
    });
    expect(gs1Breakdown(']Q1', 'hello world', TODAY)).toBeNull();
    expect(gs1Breakdown(']C0', PACK, TODAY)).toBeNull();
    expect(gs1Breakdown(null, PACK, TODAY)).toBeNull();
  });
});

function tool() {
  const clock = createManualClock(Date.UTC(2026, 2, 10, 9, 0, 0));
  const journal: { type: string; data: Record<string, unknown> }[] = [];
  let changed = 0;
  const context = {
    clock,
    logger: pino({ level: 'silent' }),
    site: () => ({ timeZone: 'Africa/Nairobi' }),
    journal: {
      append: (type: string, data: Record<string, unknown>) => {
        journal.push({ type, data });
        return Promise.resolve();
      },
    },
    changed: () => {
      changed += 1;
    },
  } as unknown as TechnicianToolContext;
  return { scanner: createScannerTool(context), journal, changes: () => changed };
}

const WHO = { technicianId: 'T-DEMO', name: 'Demo', roles: [] } as never;

describe('scanner tool', () => {
  it('shows each scan, newest first, and journals each with the technician', () => {
    const { scanner, journal, changes } = tool();
    scanner.scan?.({ text: PACK, aim: ']d2' }, WHO);
    scanner.scan?.({ text: 'HELLO-123', aim: ']C0' }, WHO);
    const view = ScannerToolView.parse(scanner.view());
    expect(view.scans.map((s) => [s.kind, s.symbology, s.text])).toEqual([
      ['text', 'Code 128', 'HELLO-123'],
      ['gs1', 'GS1 DataMatrix', `01${GTIN}17271231` + '10ABC123\u241d21SN0001'],
    ]);
    expect(changes()).toBe(2);
    expect(journal).toHaveLength(2);
    expect(journal[0]).toEqual({
      type: 'TECH_ACTION',
      data: {
        technicianId: 'T-DEMO',
        action: 'scanner_test',
        detail: expect.stringMatching(/^gs1 scan \]d2 GS1 DataMatrix, 41 chars, "01095060…"/),
      },
    });
    expect(journal[0]?.data.detail).toContain('GTIN check digit valid');
    expect(journal[0]?.data.detail).not.toContain(GTIN);
  });

  it('keeps the last 10 scans; Clear and a logout forget them', () => {
    const { scanner } = tool();
    for (let i = 0; i < 12; i++) scanner.scan?.({ text: `CODE-${i}`, aim: ']A0' }, WHO);
    expect(scanner.view().scans.map((s) => s.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `CODE-${11 - i}`),
    );
    scanner.handle({ type: 'TECH_SCANNER_CLEAR' }, WHO);
    expect(scanner.view().scans).toEqual([]);
    scanner.scan?.({ text: 'X', aim: null }, WHO);
    scanner.reset?.();
    expect(scanner.view().scans).toEqual([]);
  });

  it('never shows nor journals a prescription token or a badge: only their kind and length', () => {
    const claims = baseClaims();
    const qr = toQr(forgeJws(makeIssuer(), claims));
    const badge = `odb:/${'8'.repeat(300)}`;
    const { scanner, journal } = tool();
    scanner.scan?.({ text: qr, aim: ']Q1' }, WHO);
    scanner.scan?.({ text: qr.toUpperCase(), aim: ']Q1' }, WHO);
    scanner.scan?.({ text: badge, aim: ']Q1' }, WHO);
    const view = ScannerToolView.parse(scanner.view());
    expect(view.scans.map((s) => [s.kind, s.length, s.text])).toEqual([
      ['badge', badge.length, null],
      ['prescription', qr.length, null],
      ['prescription', qr.length, null],
    ]);
    const everything = JSON.stringify({ view, journal });
    // The test must be able to fail: the needles are really in what was scanned.
    expect(qr).toMatch(/^shc:\/\d{200,}$/);
    for (const needle of [qr.slice(0, 40), qr.slice(-40), badge.slice(0, 20), claims.jti])
      expect(everything).not.toContain(needle);
    expect(journal[0]?.data.detail).toMatch(
      /^prescription scan \]Q1 QR Code, \d+ chars, "shc:\/\d{3}…"$/,
    );
  });
});
