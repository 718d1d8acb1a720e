import { err, ok, type Result } from '../../contracts/result';
import {
  CAN,
  CR,
  CUT_FEED_FULL,
  CUT_FEED_PARTIAL,
  CUT_FULL,
  CUT_PARTIAL,
  DC4,
  DLE,
  ENQ,
  EOT,
  ESC,
  ESC_ABSOLUTE_POSITION,
  ESC_ALIGN,
  ESC_CHAR_SPACING,
  ESC_CHARSET,
  ESC_LINE_SPACING,
  ESC_LINE_SPACING_DEFAULT,
  ESC_PULSE,
  ESC_RELATIVE_POSITION,
  ESC_ROTATE,
  ESC_UPSIDE_DOWN,
  ESC_BIT_IMAGE,
  ESC_BOLD,
  ESC_CODE_PAGE,
  ESC_DOUBLE_STRIKE,
  ESC_FEED_DOTS,
  ESC_FEED_LINES,
  ESC_FONT,
  ESC_INITIALIZE,
  ESC_ITALIC,
  ESC_PANEL,
  ESC_PRINT_MODE,
  ESC_UNDERLINE,
  FF,
  FS,
  FS_CANCEL_KANJI,
  FS_KANJI,
  GS,
  GS_ASB,
  GS_BARCODE,
  GS_BARCODE_HEIGHT,
  GS_BARCODE_WIDTH,
  GS_HRI_FONT,
  GS_HRI_POSITION,
  GS_LEFT_MARGIN,
  GS_PRINT_WIDTH,
  GS_CHAR_SIZE,
  GS_CUT,
  GS_PAREN,
  GS_PAREN_RESPONSE,
  GS_PAREN_SYMBOL,
  GS_RASTER_IMAGE,
  GS_REVERSE,
  HT,
  LF,
  QR_ERROR_LEVELS,
  QR_FN_ERROR_LEVEL,
  QR_FN_MODEL,
  QR_FN_MODULE_SIZE,
  QR_FN_PRINT,
  QR_FN_SIZE_INFO,
  QR_FN_STORE,
  RESPONSE_FN_AFTER_PRINT,
  SYMBOL_QR,
  type QrErrorLevel,
} from './protocol';

/**
 * A pure, streaming tokenizer for the ESC/POS the kiosk sends (printer.md §1–§3): bytes in any
 * chunking → commands and typed issues. It only finds command boundaries and reads parameters;
 * what a command does to the page is the simulator's business. It never throws: an unknown or
 * malformed command is an issue value, and the bytes after it are parsed as usual, as a printer
 * would. The driver reuses it to check a job before sending it.
 */

export type Alignment = 'left' | 'center' | 'right';

export type EscPosCommand =
  /** A run of printable bytes (0x20–0xFF), in the current code page. */
  | { kind: 'text'; bytes: Uint8Array }
  /** LF, or FF (standard mode): print the line buffer and feed one line. */
  | { kind: 'lineFeed' }
  | { kind: 'carriageReturn' }
  | { kind: 'tab' }
  /** CAN: cancel page-mode data. */
  | { kind: 'cancel' }
  /** ESC @ */
  | { kind: 'initialize' }
  /** ESC d n */
  | { kind: 'feedLines'; lines: number }
  /** ESC J n */
  | { kind: 'feedDots'; dots: number }
  /** ESC a n */
  | { kind: 'align'; align: Alignment }
  /** ESC E n, ESC G n */
  | { kind: 'bold'; on: boolean }
  /** ESC - n */
  | { kind: 'underline'; thickness: 0 | 1 | 2 }
  /** ESC ! n */
  | {
      kind: 'printMode';
      fontB: boolean;
      bold: boolean;
      doubleHeight: boolean;
      doubleWidth: boolean;
      underline: boolean;
    }
  /** GS ! n: width and height multipliers, 1..8. */
  | { kind: 'charSize'; width: number; height: number }
  /** ESC t n */
  | { kind: 'codePage'; table: number }
  /** ESC M n */
  | { kind: 'font'; font: 'A' | 'B' | 'C' }
  /** ESC 4 n */
  | { kind: 'italic'; on: boolean }
  /** GS B n */
  | { kind: 'reverse'; on: boolean }
  /** A setting with no effect on the text rendering (line spacing, margins, barcode height …). */
  | { kind: 'setting'; name: string; params: Uint8Array }
  /** GS ( k … 31 41 n1 n2: 1, 2, or 3 for Micro QR. */
  | { kind: 'qrModel'; model: number }
  /** GS ( k … 31 43 n */
  | { kind: 'qrModuleSize'; dots: number }
  /** GS ( k … 31 45 n */
  | { kind: 'qrErrorLevel'; level: QrErrorLevel }
  /** GS ( k pL pH 31 50 30 d1..dk */
  | { kind: 'qrStore'; data: Uint8Array }
  /** GS ( k 03 00 31 51 30 */
  | { kind: 'qrPrint' }
  /** GS ( k … 31 52 30 */
  | { kind: 'qrSizeInfo' }
  /** GS k m …: `format` A (NUL-terminated, m 0..6) or B (with a length, m 0x41..). */
  | { kind: 'barcode'; symbology: number; format: 'A' | 'B'; data: Uint8Array }
  /** GS V m [n] */
  | { kind: 'cut'; mode: 'full' | 'partial'; feedDots: number }
  /** DLE EOT n: real-time status query. */
  | { kind: 'statusQuery'; n: number }
  /** DLE ENQ n: real-time request. */
  | { kind: 'realtimeRequest'; n: number }
  /** DLE DC4 fn …: real-time pulse / power-off / clear buffer. */
  | { kind: 'realtimeCommand'; fn: number; params: Uint8Array }
  /** GS ( H 06 00 30 30 d1..d4: transmission after print, with its 4-byte process id. */
  | { kind: 'afterPrintRequest'; id: Uint8Array }
  /** A bit or raster image (not printed by the kiosk; skipped whole). */
  | { kind: 'image'; dataBytes: number }
  /** Any other GS ( fn (or a 2D symbol other than QR), skipped whole. */
  | { kind: 'extended'; fn: number; params: Uint8Array }
  /** FS . / FS &: Kanji mode off / on. */
  | { kind: 'kanjiMode'; on: boolean };

export type EscPosIssueCode =
  /** ESC/GS/FS/DLE followed by a byte the kiosk's printers do not know. */
  | 'UNKNOWN_COMMAND'
  /** A control byte (0x00–0x1F) that is no command on its own. */
  | 'UNKNOWN_CONTROL'
  /** A known command with a parameter outside its range; the command is ignored. */
  | 'BAD_PARAMETER'
  /** A command whose declared length is over the parser's limit; its bytes are skipped. */
  | 'TOO_LARGE'
  /** A command that cannot be well-formed (e.g. GS ( k with fewer than 2 parameter bytes). */
  | 'MALFORMED'
  /** The stream ended (flush) in the middle of a command. */
  | 'TRUNCATED';

export interface EscPosIssue {
  code: EscPosIssueCode;
  /** The bytes concerned (at most the first 16 of a long command). */
  bytes: Uint8Array;
  detail: string;
}

export type EscPosToken = Result<EscPosCommand, EscPosIssue>;

export interface EscPosParserOptions {
  /**
   * Longest command kept in memory while its bytes arrive. A longer declared length is a
   * TOO_LARGE issue and its bytes are skipped as they come. Default 1 MiB, above the largest
   * GS ( command (65 540 bytes), so only images can exceed it.
   */
  maxCommandBytes?: number;
}

const DEFAULT_MAX_COMMAND_BYTES = 1 << 20;
/** Format A barcodes end with NUL; no symbology has more than 255 data bytes. */
const MAX_FORMAT_A_DATA = 255;
const ISSUE_PREVIEW_BYTES = 16;

type Step =
  | { status: 'more' }
  | { status: 'token'; length: number; token: EscPosToken }
  /** The command is `total` bytes long, too long to keep: report and skip it. */
  | { status: 'skip'; total: number; issue: EscPosIssue };

/**
 * Streaming tokenizer: `push` each chunk as it arrives; a command split across chunks is kept
 * until complete. `flush` at the end of a stream reports an unfinished command.
 */
export class EscPosParser {
  private pending: Uint8Array = new Uint8Array(0);
  private skipRemaining = 0;
  private readonly maxCommandBytes: number;

  constructor(options: EscPosParserOptions = {}) {
    this.maxCommandBytes = options.maxCommandBytes ?? DEFAULT_MAX_COMMAND_BYTES;
  }

  /** Bytes held for an unfinished command. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  /** True when the last byte pushed ended a command: a status query now would not split one. */
  get atCommandBoundary(): boolean {
    return this.pending.length === 0 && this.skipRemaining === 0;
  }

  push(chunk: Uint8Array): EscPosToken[] {
    const tokens: EscPosToken[] = [];
    let data = chunk;
    if (this.skipRemaining > 0) {
      const skipped = Math.min(this.skipRemaining, data.length);
      this.skipRemaining -= skipped;
      data = data.subarray(skipped);
    }
    const buf = this.pending.length === 0 ? data : concat(this.pending, data);
    let i = 0;
    while (i < buf.length) {
      const step = parseAt(buf, i, this.maxCommandBytes);
      if (step.status === 'more') break;
      if (step.status === 'token') {
        tokens.push(step.token);
        i += step.length;
        continue;
      }
      tokens.push(err(step.issue));
      const available = buf.length - i;
      if (step.total <= available) {
        i += step.total;
        continue;
      }
      this.skipRemaining = step.total - available;
      i = buf.length;
    }
    this.pending = buf.slice(i);
    return tokens;
  }

  /**
   * End of stream: an unfinished command becomes a TRUNCATED issue. That includes an oversized
   * command still being skipped (noise can look like the header of a 4 GB raster): the skip ends
   * here, so the next stream is parsed from its first byte instead of being swallowed.
   */
  flush(): EscPosToken[] {
    if (this.skipRemaining > 0) {
      const left = this.skipRemaining;
      this.skipRemaining = 0;
      this.pending = new Uint8Array(0);
      return [
        err(
          issue(
            'TRUNCATED',
            new Uint8Array(0),
            `stream ended ${left} bytes before the end of a skipped command`,
          ),
        ),
      ];
    }
    if (this.pending.length === 0) return [];
    const bytes = this.pending;
    this.pending = new Uint8Array(0);
    return [
      err(issue('TRUNCATED', bytes, `stream ended inside a command (${bytes.length} bytes)`)),
    ];
  }

  reset(): void {
    this.pending = new Uint8Array(0);
    this.skipRemaining = 0;
  }
}

/** All tokens of a complete byte string (push + flush). */
export function parseEscPos(bytes: Uint8Array, options?: EscPosParserOptions): EscPosToken[] {
  const parser = new EscPosParser(options);
  return [...parser.push(bytes), ...parser.flush()];
}

// ---------------------------------------------------------------------------------------------
// One command at buf[i]
// ---------------------------------------------------------------------------------------------

function parseAt(buf: Uint8Array, i: number, max: number): Step {
  const b = byteAt(buf, i);
  if (b >= 0x20) {
    let end = i + 1;
    while (end < buf.length && byteAt(buf, end) >= 0x20) end++;
    return token(end - i, ok({ kind: 'text', bytes: buf.slice(i, end) }));
  }
  switch (b) {
    case LF:
    case FF:
      return token(1, ok({ kind: 'lineFeed' }));
    case CR:
      return token(1, ok({ kind: 'carriageReturn' }));
    case HT:
      return token(1, ok({ kind: 'tab' }));
    case CAN:
      return token(1, ok({ kind: 'cancel' }));
    case DLE:
      return parseDle(buf, i);
    case ESC:
      return parseEsc(buf, i, max);
    case GS:
      return parseGs(buf, i, max);
    case FS:
      return parseFs(buf, i);
    default:
      return token(
        1,
        err(issue('UNKNOWN_CONTROL', buf.subarray(i, i + 1), `control byte ${hex(b)} ignored`)),
      );
  }
}

function parseDle(buf: Uint8Array, i: number): Step {
  if (buf.length < i + 2) return MORE;
  const c = byteAt(buf, i + 1);
  if (c === EOT) {
    if (buf.length < i + 3) return MORE;
    const n = byteAt(buf, i + 2);
    // n = 7 and 8 (ink and slip status on other models) carry one more byte.
    if (n === 7 || n === 8) {
      if (buf.length < i + 4) return MORE;
      return token(4, ok({ kind: 'statusQuery', n }));
    }
    return token(3, ok({ kind: 'statusQuery', n }));
  }
  if (c === ENQ) {
    if (buf.length < i + 3) return MORE;
    return token(3, ok({ kind: 'realtimeRequest', n: byteAt(buf, i + 2) }));
  }
  if (c === DC4) {
    if (buf.length < i + 3) return MORE;
    const fn = byteAt(buf, i + 2);
    // fn 8 (clear buffers) has 7 parameter bytes; fn 1, 2, 7 have 2.
    const total = fn === 8 ? 10 : 5;
    if (buf.length < i + total) return MORE;
    return token(total, ok({ kind: 'realtimeCommand', fn, params: buf.slice(i + 3, i + total) }));
  }
  // A DLE that starts no real-time command is a stray control byte; what follows is parsed anew.
  return token(
    1,
    err(issue('UNKNOWN_CONTROL', buf.subarray(i, i + 2), `DLE ${hex(c)} is no command`)),
  );
}

/** ESC commands with a fixed number of parameter bytes that only change a setting. */
const ESC_SETTINGS: ReadonlyMap<number, { name: string; params: number }> = new Map([
  [ESC_LINE_SPACING_DEFAULT, { name: 'lineSpacingDefault', params: 0 }],
  [ESC_LINE_SPACING, { name: 'lineSpacing', params: 1 }],
  [ESC_CHAR_SPACING, { name: 'charSpacing', params: 1 }],
  [ESC_ABSOLUTE_POSITION, { name: 'absolutePosition', params: 2 }],
  [ESC_RELATIVE_POSITION, { name: 'relativePosition', params: 2 }],
  [ESC_CHARSET, { name: 'internationalCharset', params: 1 }],
  [ESC_ROTATE, { name: 'rotate90', params: 1 }],
  [ESC_UPSIDE_DOWN, { name: 'upsideDown', params: 1 }],
  [0x55, { name: 'unidirectional', params: 1 }],
  [0x25, { name: 'userCharset', params: 1 }],
  [0x3f, { name: 'cancelUserChar', params: 1 }],
  [ESC_PULSE, { name: 'pulse', params: 3 }],
  [0x65, { name: 'reverseFeedLines', params: 1 }],
  [0x4b, { name: 'reverseFeedDots', params: 1 }],
  [0x72, { name: 'color', params: 1 }],
  [0x3d, { name: 'selectPeripheral', params: 1 }],
  [0x4c, { name: 'pageMode', params: 0 }],
  [0x53, { name: 'standardMode', params: 0 }],
  [0x54, { name: 'pageDirection', params: 1 }],
  [0x57, { name: 'pageArea', params: 8 }],
  [0x0c, { name: 'printPage', params: 0 }],
]);

function parseEsc(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length < i + 2) return MORE;
  const c = byteAt(buf, i + 1);
  if (c === ESC_INITIALIZE) return token(2, ok({ kind: 'initialize' }));
  const oneParam = (build: (n: number) => EscPosToken): Step => {
    if (buf.length < i + 3) return MORE;
    return token(3, build(byteAt(buf, i + 2)));
  };
  const bad = (n: number, what: string): EscPosToken =>
    err(
      issue('BAD_PARAMETER', buf.subarray(i, i + 3), `${what}: parameter ${hex(n)} out of range`),
    );
  switch (c) {
    case ESC_FEED_LINES:
      return oneParam((n) => ok({ kind: 'feedLines', lines: n }));
    case ESC_FEED_DOTS:
      return oneParam((n) => ok({ kind: 'feedDots', dots: n }));
    case ESC_ALIGN:
      return oneParam((n) => {
        const align = ALIGNMENTS.get(n);
        return align ? ok({ kind: 'align', align }) : bad(n, 'ESC a');
      });
    case ESC_BOLD:
    case ESC_DOUBLE_STRIKE:
      return oneParam((n) => ok({ kind: 'bold', on: (n & 1) === 1 }));
    case ESC_UNDERLINE:
      return oneParam((n) => {
        const thickness = UNDERLINES.get(n);
        return thickness === undefined ? bad(n, 'ESC -') : ok({ kind: 'underline', thickness });
      });
    case ESC_PRINT_MODE:
      return oneParam((n) =>
        ok({
          kind: 'printMode',
          fontB: (n & 0x01) !== 0,
          bold: (n & 0x08) !== 0,
          doubleHeight: (n & 0x10) !== 0,
          doubleWidth: (n & 0x20) !== 0,
          underline: (n & 0x80) !== 0,
        }),
      );
    case ESC_CODE_PAGE:
      return oneParam((n) => ok({ kind: 'codePage', table: n }));
    case ESC_FONT:
      return oneParam((n) => {
        const font = FONTS.get(n);
        return font ? ok({ kind: 'font', font }) : bad(n, 'ESC M');
      });
    case ESC_ITALIC:
      return oneParam((n) => ok({ kind: 'italic', on: (n & 1) === 1 }));
    case ESC_PANEL:
      // ESC c 3 n, ESC c 4 n, ESC c 5 n: two bytes after 'c'.
      if (buf.length < i + 4) return MORE;
      return token(4, ok({ kind: 'setting', name: 'panel', params: buf.slice(i + 2, i + 4) }));
    case ESC_BIT_IMAGE: {
      if (buf.length < i + 5) return MORE;
      const m = byteAt(buf, i + 2);
      const columns = byteAt(buf, i + 3) + 256 * byteAt(buf, i + 4);
      // Modes 0 and 1 are 8-dot columns (1 byte each), 32 and 33 are 24-dot columns (3 bytes).
      const perColumn = m === 32 || m === 33 ? 3 : 1;
      return sized(buf, i, 5 + columns * perColumn, max, () =>
        ok({ kind: 'image', dataBytes: columns * perColumn }),
      );
    }
    case 0x44: {
      // ESC D n1 … NUL: horizontal tab positions, at most 32, NUL-terminated.
      const end = indexOfByte(buf, 0x00, i + 2, i + 2 + 33);
      if (end === -1) {
        if (buf.length < i + 2 + 33) return MORE;
        return token(2, err(issue('MALFORMED', buf.subarray(i, i + 2), 'ESC D without its NUL')));
      }
      return token(
        end + 1 - i,
        ok({ kind: 'setting', name: 'tabPositions', params: buf.slice(i + 2, end) }),
      );
    }
    default:
      return fixedSetting(buf, i, ESC_SETTINGS, 'ESC');
  }
}

/**
 * An ESC or GS command from a table of settings with a fixed number of parameter bytes, or an
 * UNKNOWN_COMMAND issue for a code in neither the switch nor the table.
 */
function fixedSetting(
  buf: Uint8Array,
  i: number,
  table: ReadonlyMap<number, { name: string; params: number }>,
  prefix: 'ESC' | 'GS',
): Step {
  const c = byteAt(buf, i + 1);
  const setting = table.get(c);
  if (!setting) {
    return token(
      2,
      err(issue('UNKNOWN_COMMAND', buf.subarray(i, i + 2), `${prefix} ${hex(c)} is not supported`)),
    );
  }
  const total = 2 + setting.params;
  if (buf.length < i + total) return MORE;
  return token(
    total,
    ok({ kind: 'setting', name: setting.name, params: buf.slice(i + 2, i + total) }),
  );
}

/** GS commands with a fixed number of parameter bytes that only change a setting. */
const GS_SETTINGS: ReadonlyMap<number, { name: string; params: number }> = new Map([
  [GS_BARCODE_HEIGHT, { name: 'barcodeHeight', params: 1 }],
  [GS_BARCODE_WIDTH, { name: 'barcodeWidth', params: 1 }],
  [GS_HRI_POSITION, { name: 'hriPosition', params: 1 }],
  [GS_HRI_FONT, { name: 'hriFont', params: 1 }],
  [GS_ASB, { name: 'autoStatusBack', params: 1 }],
  [0x62, { name: 'smoothing', params: 1 }],
  [0x72, { name: 'transmitStatus', params: 1 }],
  [0x49, { name: 'transmitPrinterId', params: 1 }],
  [GS_LEFT_MARGIN, { name: 'leftMargin', params: 2 }],
  [GS_PRINT_WIDTH, { name: 'printAreaWidth', params: 2 }],
  [0x50, { name: 'motionUnits', params: 2 }],
  [0x24, { name: 'absoluteVerticalPosition', params: 2 }],
  [0x5c, { name: 'relativeVerticalPosition', params: 2 }],
  [0x2f, { name: 'printDownloadedImage', params: 1 }],
  [0x54, { name: 'lineStart', params: 1 }],
  [0x3a, { name: 'macroDefinition', params: 0 }],
  [0x5e, { name: 'runMacro', params: 3 }],
]);

function parseGs(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length < i + 2) return MORE;
  const c = byteAt(buf, i + 1);
  switch (c) {
    case GS_CHAR_SIZE: {
      if (buf.length < i + 3) return MORE;
      const n = byteAt(buf, i + 2);
      if ((n & 0x88) !== 0) {
        return token(
          3,
          err(
            issue(
              'BAD_PARAMETER',
              buf.subarray(i, i + 3),
              `GS ! ${hex(n)}: size bits out of range`,
            ),
          ),
        );
      }
      return token(
        3,
        ok({ kind: 'charSize', width: ((n >> 4) & 0x07) + 1, height: (n & 0x07) + 1 }),
      );
    }
    case GS_REVERSE: {
      if (buf.length < i + 3) return MORE;
      return token(3, ok({ kind: 'reverse', on: (byteAt(buf, i + 2) & 1) === 1 }));
    }
    case GS_CUT:
      return parseCut(buf, i);
    case GS_BARCODE:
      return parseBarcode(buf, i);
    case GS_RASTER_IMAGE: {
      // GS v 0 m xL xH yL yH d…: (xL + 256·xH) bytes per row × (yL + 256·yH) rows.
      if (buf.length < i + 8) return MORE;
      const width = byteAt(buf, i + 4) + 256 * byteAt(buf, i + 5);
      const height = byteAt(buf, i + 6) + 256 * byteAt(buf, i + 7);
      return sized(buf, i, 8 + width * height, max, () =>
        ok({ kind: 'image', dataBytes: width * height }),
      );
    }
    case 0x2a: {
      // GS * x y d…: define a downloaded bit image of x·y·8 bytes.
      if (buf.length < i + 4) return MORE;
      const size = byteAt(buf, i + 2) * byteAt(buf, i + 3) * 8;
      return sized(buf, i, 4 + size, max, () => ok({ kind: 'image', dataBytes: size }));
    }
    case GS_PAREN:
      return parseGsParen(buf, i, max);
    default:
      return fixedSetting(buf, i, GS_SETTINGS, 'GS');
  }
}

function parseCut(buf: Uint8Array, i: number): Step {
  if (buf.length < i + 3) return MORE;
  const m = byteAt(buf, i + 2);
  if (m === CUT_FULL || m === 0x30) return token(3, ok({ kind: 'cut', mode: 'full', feedDots: 0 }));
  if (m === CUT_PARTIAL || m === 0x31) {
    return token(3, ok({ kind: 'cut', mode: 'partial', feedDots: 0 }));
  }
  // Function B (0x41/0x42) and C/D (0x61/0x62, 0x67/0x68) carry a feed amount n.
  const withFeed = new Map<number, 'full' | 'partial'>([
    [CUT_FEED_FULL, 'full'],
    [CUT_FEED_PARTIAL, 'partial'],
    [0x61, 'full'],
    [0x62, 'partial'],
    [0x67, 'full'],
    [0x68, 'partial'],
  ]).get(m);
  if (withFeed) {
    if (buf.length < i + 4) return MORE;
    return token(4, ok({ kind: 'cut', mode: withFeed, feedDots: byteAt(buf, i + 3) }));
  }
  return token(
    3,
    err(issue('BAD_PARAMETER', buf.subarray(i, i + 3), `GS V ${hex(m)}: unknown cut mode`)),
  );
}

function parseBarcode(buf: Uint8Array, i: number): Step {
  if (buf.length < i + 3) return MORE;
  const m = byteAt(buf, i + 2);
  if (m <= 6) {
    // Format A: data up to a NUL.
    const end = indexOfByte(buf, 0x00, i + 3, i + 3 + MAX_FORMAT_A_DATA + 1);
    if (end === -1) {
      if (buf.length < i + 3 + MAX_FORMAT_A_DATA + 1) return MORE;
      return token(
        3,
        err(issue('MALFORMED', buf.subarray(i, i + 3), 'GS k format A without its NUL')),
      );
    }
    return token(
      end + 1 - i,
      ok({ kind: 'barcode', symbology: m, format: 'A', data: buf.slice(i + 3, end) }),
    );
  }
  if (m >= 0x41 && m <= 0x4f) {
    if (buf.length < i + 4) return MORE;
    const n = byteAt(buf, i + 3);
    const total = 4 + n;
    if (buf.length < i + total) return MORE;
    return token(
      total,
      ok({ kind: 'barcode', symbology: m, format: 'B', data: buf.slice(i + 4, i + total) }),
    );
  }
  return token(
    3,
    err(issue('BAD_PARAMETER', buf.subarray(i, i + 3), `GS k ${hex(m)}: unknown symbology`)),
  );
}

function parseGsParen(buf: Uint8Array, i: number, max: number): Step {
  if (buf.length < i + 5) return MORE;
  const fn = byteAt(buf, i + 2);
  const paramLength = byteAt(buf, i + 3) + 256 * byteAt(buf, i + 4);
  const total = 5 + paramLength;
  return sized(buf, i, total, max, () => {
    const params = buf.subarray(i + 5, i + total);
    if (fn === GS_PAREN_SYMBOL) return symbolCommand(params, buf.subarray(i, i + total));
    if (
      fn === GS_PAREN_RESPONSE &&
      paramLength === 6 &&
      params[0] === RESPONSE_FN_AFTER_PRINT &&
      params[1] === 0x30
    ) {
      return ok({ kind: 'afterPrintRequest', id: params.slice(2, 6) });
    }
    return ok({ kind: 'extended', fn, params: params.slice() });
  });
}

/** GS ( k parameters: cn fn [args]. Only QR (cn = 0x31) is interpreted. */
function symbolCommand(params: Uint8Array, whole: Uint8Array): EscPosToken {
  if (params.length < 2) {
    return err(
      issue('MALFORMED', whole, `GS ( k with ${params.length} parameter bytes (at least 2: cn fn)`),
    );
  }
  const cn = byteAt(params, 0);
  const fn = byteAt(params, 1);
  if (cn !== SYMBOL_QR)
    return ok({ kind: 'extended', fn: GS_PAREN_SYMBOL, params: params.slice() });
  const arg = params.length > 2 ? byteAt(params, 2) : undefined;
  const bad = (what: string): EscPosToken => err(issue('BAD_PARAMETER', whole, `QR ${what}`));
  switch (fn) {
    case QR_FN_MODEL: {
      const model = arg === undefined ? undefined : QR_MODELS.get(arg);
      return model === undefined || params.length !== 4
        ? bad(`model: ${arg === undefined ? 'missing' : hex(arg)}`)
        : ok({ kind: 'qrModel', model });
    }
    case QR_FN_MODULE_SIZE:
      return arg === undefined || arg < 1 || arg > 16 || params.length !== 3
        ? bad(`module size: ${arg === undefined ? 'missing' : arg} (1..16)`)
        : ok({ kind: 'qrModuleSize', dots: arg });
    case QR_FN_ERROR_LEVEL: {
      const level = arg === undefined ? undefined : QR_ERROR_LEVELS.get(arg);
      return level === undefined || params.length !== 3
        ? bad(`error level: ${arg === undefined ? 'missing' : hex(arg)}`)
        : ok({ kind: 'qrErrorLevel', level });
    }
    case QR_FN_STORE:
      return arg !== 0x30
        ? bad('store: m must be 0x30')
        : ok({ kind: 'qrStore', data: params.slice(3) });
    case QR_FN_PRINT:
      return arg !== 0x30 || params.length !== 3
        ? bad('print: m must be 0x30')
        : ok({ kind: 'qrPrint' });
    case QR_FN_SIZE_INFO:
      return ok({ kind: 'qrSizeInfo' });
    default:
      return ok({ kind: 'extended', fn: GS_PAREN_SYMBOL, params: params.slice() });
  }
}

function parseFs(buf: Uint8Array, i: number): Step {
  if (buf.length < i + 2) return MORE;
  const c = byteAt(buf, i + 1);
  if (c === FS_CANCEL_KANJI) return token(2, ok({ kind: 'kanjiMode', on: false }));
  if (c === FS_KANJI) return token(2, ok({ kind: 'kanjiMode', on: true }));
  // FS ! n, FS - n, FS W n, FS C n: one parameter; FS S n1 n2, FS p n m: two.
  const params = new Map<number, number>([
    [0x21, 1],
    [0x2d, 1],
    [0x57, 1],
    [0x43, 1],
    [0x53, 2],
    [0x70, 2],
  ]).get(c);
  if (params !== undefined) {
    const total = 2 + params;
    if (buf.length < i + total) return MORE;
    return token(
      total,
      ok({ kind: 'setting', name: `fs${hex(c)}`, params: buf.slice(i + 2, i + total) }),
    );
  }
  return token(
    2,
    err(issue('UNKNOWN_COMMAND', buf.subarray(i, i + 2), `FS ${hex(c)} is not supported`)),
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const MORE: Step = { status: 'more' };

const ALIGNMENTS: ReadonlyMap<number, Alignment> = new Map<number, Alignment>([
  [0, 'left'],
  [1, 'center'],
  [2, 'right'],
  [0x30, 'left'],
  [0x31, 'center'],
  [0x32, 'right'],
]);

const UNDERLINES: ReadonlyMap<number, 0 | 1 | 2> = new Map<number, 0 | 1 | 2>([
  [0, 0],
  [1, 1],
  [2, 2],
  [0x30, 0],
  [0x31, 1],
  [0x32, 2],
]);

const FONTS: ReadonlyMap<number, 'A' | 'B' | 'C'> = new Map<number, 'A' | 'B' | 'C'>([
  [0, 'A'],
  [1, 'B'],
  [2, 'C'],
  [0x30, 'A'],
  [0x31, 'B'],
  [0x32, 'C'],
]);

const QR_MODELS: ReadonlyMap<number, number> = new Map([
  [0x31, 1],
  [0x32, 2],
  [0x33, 3],
]);

function token(length: number, value: EscPosToken): Step {
  return { status: 'token', length, token: value };
}

/** A command of `total` bytes: wait for it, or skip it when it is over the limit. */
function sized(
  buf: Uint8Array,
  i: number,
  total: number,
  max: number,
  build: () => EscPosToken,
): Step {
  if (total > max) {
    return {
      status: 'skip',
      total,
      issue: issue(
        'TOO_LARGE',
        buf.subarray(i, i + ISSUE_PREVIEW_BYTES),
        `command of ${total} bytes is over the ${max}-byte limit; skipped`,
      ),
    };
  }
  if (buf.length < i + total) return MORE;
  return token(total, build());
}

function issue(code: EscPosIssueCode, bytes: Uint8Array, detail: string): EscPosIssue {
  return { code, bytes: bytes.slice(0, ISSUE_PREVIEW_BYTES), detail };
}

function byteAt(buf: Uint8Array, i: number): number {
  return buf[i] ?? 0;
}

function indexOfByte(buf: Uint8Array, value: number, from: number, to: number): number {
  const end = Math.min(buf.length, to);
  for (let j = from; j < end; j++) if (buf[j] === value) return j;
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** The QR payloads a job stores (GS ( k … 31 50 30), for the driver's size check. */
export function qrPayloadsOf(job: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const t of parseEscPos(job)) if (t.ok && t.value.kind === 'qrStore') out.push(t.value.data);
  return out;
}
