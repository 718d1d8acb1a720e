import { describe, expect, it, test } from 'vitest';
import type { PrinterStatusView } from '../../contracts/technician/printer';
import { decodeStatus, type StatusBytes } from '../../hardware/printer/status';
import { PrinterSimulator } from '../../hardware/printer/simulator';
import {
  printProblemOf,
  printerStatusView,
  problemOfFailureReason,
} from '../../main/technician/tools/printer/printer-status-view';
import {
  TEST_PAGE_CHARACTER_LINES,
  encodeTestPage,
} from '../../main/technician/tools/printer/test-page';
import { printerStatusRows } from '../../renderer/technician/tools/printer/printer-status-rows';

/**
 * The printer tool's status in words: DLE EOT replies (printer.md §3) → the panel's status →
 * rows with a level and words; print errors and LABEL_FAILED reasons → one problem word; and the
 * test page as it comes out of the simulator.
 */

const AT = Date.UTC(2026, 0, 1, 10);

function fromBytes(bytes: StatusBytes): PrinterStatusView {
  const decoded = decodeStatus(bytes);
  if (!decoded.ok) throw new Error(decoded.error.detail);
  return printerStatusView(decoded, AT);
}

describe('printer status → the panel', () => {
  test.each([
    {
      name: 'healthy',
      bytes: { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 },
      view: { paper: 'ok', cover: 'closed', online: true, error: null },
      levels: ['ok', 'ok', 'ok', 'ok'],
    },
    {
      name: 'paper near end (a warning)',
      bytes: { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e },
      view: { paper: 'near_end', cover: 'closed', online: true, error: null },
      levels: ['warn', 'ok', 'ok', 'ok'],
    },
    {
      name: 'out of paper (printer.md common reading)',
      bytes: { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x7e },
      view: { paper: 'out', cover: 'closed', online: false, error: null },
      levels: ['bad', 'ok', 'bad', 'ok'],
    },
    {
      name: 'cover open',
      bytes: { 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 },
      view: { paper: 'ok', cover: 'open', online: false, error: null },
      levels: ['ok', 'bad', 'bad', 'ok'],
    },
    {
      name: 'cutter jam',
      bytes: { 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x12 },
      view: { paper: 'ok', cover: 'closed', online: false, error: 'autocutter' },
      levels: ['ok', 'ok', 'bad', 'bad'],
    },
    {
      name: 'head overheat (clears by itself)',
      bytes: { 1: 0x12, 2: 0x52, 3: 0x52, 4: 0x12 },
      view: { paper: 'ok', cover: 'closed', online: true, error: 'auto_recoverable' },
      levels: ['ok', 'ok', 'ok', 'warn'],
    },
  ])('$name', ({ bytes, view, levels }) => {
    const status = fromBytes(bytes);
    expect(status).toEqual({ reach: 'answering', ...view, checkedAt: AT });
    const rows = printerStatusRows(status);
    expect(rows.map((r) => r.aspect)).toEqual(['paper', 'cover', 'online', 'error']);
    expect(rows.map((r) => r.level)).toEqual(levels);
  });

  it('a printer that does not answer, or is unplugged, says only that; every row is unknown', () => {
    const unreachable = printerStatusView({ ok: false, error: { code: 'UNREACHABLE' } }, AT);
    expect(unreachable).toEqual({
      reach: 'unreachable',
      paper: null,
      cover: null,
      online: null,
      error: null,
      checkedAt: AT,
    });
    expect(printerStatusView({ ok: false, error: { code: 'LOST' } }, AT).reach).toBe('lost');
    expect(printerStatusView({ ok: false, error: { code: 'NOT_OPEN' } }, AT).reach).toBe('lost');
    expect(printerStatusRows(unreachable).map((r) => [r.level, r.text])).toEqual(
      Array.from({ length: 4 }, () => ['unknown', 'unknown']),
    );
  });

  it('rows name the words to show', () => {
    const rows = printerStatusRows(fromBytes({ 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x7e }));
    expect(rows.map((r) => r.text)).toEqual([
      'paperStates.out',
      'coverStates.closed',
      'onlineStates.offline',
      'errors.autocutter',
    ]);
  });
});

describe('why a print failed, in one word', () => {
  test.each([
    [{ kind: 'REFUSED', reason: 'PAPER_OUT' }, 'paper_out'],
    [{ kind: 'REFUSED', reason: 'COVER_OPEN' }, 'cover_open'],
    [{ kind: 'REFUSED', reason: 'PRINTER_ERROR' }, 'printer_error'],
    [{ kind: 'REFUSED', reason: 'OFFLINE' }, 'offline'],
    [{ kind: 'REFUSED', reason: 'UNREACHABLE' }, 'unreachable'],
    [{ kind: 'REFUSED', reason: 'LOST' }, 'lost'],
    [{ kind: 'REFUSED', reason: 'NOT_OPEN' }, 'lost'],
    [{ kind: 'REFUSED', reason: 'BUSY' }, 'busy'],
    [{ kind: 'REFUSED', reason: 'QR_TOO_LARGE' }, 'other'],
    [{ kind: 'PRINT_UNCERTAIN', reason: 'PAPER_OUT' }, 'paper_out'],
    [{ kind: 'PRINT_UNCERTAIN', reason: 'NOT_IDLE' }, 'uncertain'],
    [{ kind: 'PRINT_UNCERTAIN', reason: 'WRITE_TIMEOUT' }, 'uncertain'],
  ] as const)('%o → %s', (error, problem) => {
    expect(printProblemOf(error)).toBe(problem);
  });

  test.each([
    ['REFUSED PAPER_OUT: the printer cannot print: paper out', 'paper_out'],
    ['PRINT_UNCERTAIN NOT_IDLE: the printer was not idle within 10000 ms', 'uncertain'],
    ['REFUSED COVER_OPEN: the printer cannot print: cover open', 'cover_open'],
    ['no label printer configured', 'no_printer'],
    ['something else entirely', 'other'],
  ])('LABEL_FAILED reason "%s" → %s', (reason, problem) => {
    expect(problemOfFailureReason(reason)).toBe(problem);
  });
});

describe('the test page', () => {
  it.each([58, 80] as const)(
    'on %i mm paper: kiosk, time, width, a full-width ruler, every character class, a small QR',
    (paperWidthMm) => {
      const columns = paperWidthMm === 80 ? 48 : 32;
      const sim = new PrinterSimulator({ columns });
      sim.receive(
        encodeTestPage({
          kioskName: 'Poste de santé de Kijiji',
          kioskId: 'K-001',
          printedAt: '2026-01-01 10:30',
          paperWidthMm,
        }),
      );
      const [page] = sim.pages();
      expect(page?.issues).toEqual([]);
      expect(page?.endedBy).toBe('cut');
      const lines = page!.text.map((l) => l.trim());
      expect(lines).toContain('Poste de santé de Kijiji');
      expect(lines).toContain('PRINTER TEST PAGE');
      expect(lines).toContain('Kiosk: K-001');
      expect(lines).toContain('Printed: 2026-01-01 10:30');
      expect(lines).toContain(`Paper: ${paperWidthMm} mm, ${columns} columns`);
      const ruler = lines.find((l) => /^1234567890/.test(l));
      expect(ruler).toHaveLength(columns);
      for (const line of TEST_PAGE_CHARACTER_LINES) expect(lines).toContain(line);
      expect(page!.qrCodes).toEqual([
        expect.objectContaining({ data: 'TEST:K-001', moduleSize: 3 }),
      ]);
    },
  );
});
