/**
 * The ESC/POS subset the kiosk's receipt/label printer speaks, as data: the real-time status
 * query (DLE EOT n) with the meaning of every reply bit, the command bytes the simulator and the
 * driver recognise, and the timings and limits of the kiosk job protocol. Pure constants, no I/O.
 * Wire format and the project choices: shared/protocols/printer.md.
 */

// ---------------------------------------------------------------------------------------------
// Physical link (printer.md, header)
// ---------------------------------------------------------------------------------------------

/** Project choice: 115200 8N1 with hardware flow control, configurable. A PTY ignores the rate. */
export const PRINTER_BAUD_RATE = 115_200;

/** Character columns of font A on 58 mm paper (384 dots, 12-dot cells). */
export const COLUMNS_58MM = 32;
/** Character columns of font A on 80 mm paper (576 dots, 12-dot cells). */
export const COLUMNS_80MM = 48;
/** Width of one font A character cell in dots; columns × this = printable width. */
export const FONT_A_CELL_DOTS = 12;
/** Width of one font B character cell in dots (42 columns on 58 mm, 64 on 80 mm). */
export const FONT_B_CELL_DOTS = 9;

// ---------------------------------------------------------------------------------------------
// Control bytes
// ---------------------------------------------------------------------------------------------

/** Horizontal tab. */
export const HT = 0x09;
/** Line feed: prints the line buffer and feeds one line. */
export const LF = 0x0a;
/** Form feed (page mode only; in standard mode the kiosk's printers treat it as a line feed). */
export const FF = 0x0c;
/** Carriage return: ignored when auto line feed is off, which is the factory default. */
export const CR = 0x0d;
/** Data link escape: the prefix of the real-time commands. */
export const DLE = 0x10;
/** End of transmission: DLE EOT is the real-time status query. */
export const EOT = 0x04;
/** Enquiry: DLE ENQ n is a real-time request (recover from error, clear buffer). */
export const ENQ = 0x05;
/** Device control 4: DLE DC4 fn … is a real-time pulse/power/clear command. */
export const DC4 = 0x14;
/** Cancel: cancels print data in page mode. */
export const CAN = 0x18;
/** Escape: the prefix of most formatting commands. */
export const ESC = 0x1b;
/** File separator: the prefix of the Kanji (double-byte) commands. */
export const FS = 0x1c;
/** Group separator: the prefix of the graphics, barcode, cut and size commands. */
export const GS = 0x1d;

// ---------------------------------------------------------------------------------------------
// Command bytes after the prefix (printer.md §1, §2). The byte after ESC / GS / FS.
// ---------------------------------------------------------------------------------------------

/** ESC @: initialise; clears the line buffer and every mode (not a cutter jam, see §4). */
export const ESC_INITIALIZE = 0x40;
/** ESC d n: print the buffer and feed n lines. */
export const ESC_FEED_LINES = 0x64;
/** ESC J n: print the buffer and feed n dots. */
export const ESC_FEED_DOTS = 0x4a;
/** ESC a n: alignment, 0/'0' left, 1/'1' centre, 2/'2' right. */
export const ESC_ALIGN = 0x61;
/** ESC E n: bold, bit 0. */
export const ESC_BOLD = 0x45;
/** ESC G n: double-strike, bit 0 (prints like bold). */
export const ESC_DOUBLE_STRIKE = 0x47;
/** ESC - n: underline 0 off, 1 thin, 2 thick ('0'/'1'/'2' accepted, printer.md §5). */
export const ESC_UNDERLINE = 0x2d;
/** ESC ! n: combined print mode (bit 0 font B, 3 bold, 4 double height, 5 double width, 7 underline). */
export const ESC_PRINT_MODE = 0x21;
/** ESC t n: character code table; 0 = PC437, the project's code page (printer.md §5). */
export const ESC_CODE_PAGE = 0x74;
/** ESC M n: character font, 0/'0' font A, 1/'1' font B. */
export const ESC_FONT = 0x4d;
/** ESC 4 n: italic (not in ESC/POS proper; some clones accept it, the encoder library sends it). */
export const ESC_ITALIC = 0x34;
/** ESC 2: default line spacing. No parameter. */
export const ESC_LINE_SPACING_DEFAULT = 0x32;
/** ESC 3 n: line spacing n dots. */
export const ESC_LINE_SPACING = 0x33;
/** ESC SP n: right-side character spacing. */
export const ESC_CHAR_SPACING = 0x20;
/** ESC $ nL nH: absolute print position. */
export const ESC_ABSOLUTE_POSITION = 0x24;
/** ESC \ nL nH: relative print position. */
export const ESC_RELATIVE_POSITION = 0x5c;
/** ESC p m t1 t2: drawer kick pulse. */
export const ESC_PULSE = 0x70;
/** ESC { n: upside-down mode. */
export const ESC_UPSIDE_DOWN = 0x7b;
/** ESC V n: 90° rotation. */
export const ESC_ROTATE = 0x56;
/** ESC R n: international character set. */
export const ESC_CHARSET = 0x52;
/** ESC c 5 n: enable/disable panel buttons. Two parameter bytes after 'c'. */
export const ESC_PANEL = 0x63;
/** ESC * m nL nH d…: bit image, column format. */
export const ESC_BIT_IMAGE = 0x2a;

/** GS ! n: character size, bits 4–6 width − 1, bits 0–2 height − 1 (0x11 = double both). */
export const GS_CHAR_SIZE = 0x21;
/** GS B n: white/black reverse. */
export const GS_REVERSE = 0x42;
/** GS h n: barcode height in dots. */
export const GS_BARCODE_HEIGHT = 0x68;
/** GS w n: barcode module width 2..6. */
export const GS_BARCODE_WIDTH = 0x77;
/** GS H n: HRI position 0 none, 1 above, 2 below, 3 both. */
export const GS_HRI_POSITION = 0x48;
/** GS f n: HRI font. */
export const GS_HRI_FONT = 0x66;
/** GS k m …: print barcode (format A m 0..6 NUL-terminated, format B m 0x41.. with length n). */
export const GS_BARCODE = 0x6b;
/** GS V m [n]: cut. */
export const GS_CUT = 0x56;
/** GS L nL nH: left margin. */
export const GS_LEFT_MARGIN = 0x4c;
/** GS W nL nH: print area width. */
export const GS_PRINT_WIDTH = 0x57;
/** GS v 0 m xL xH yL yH d…: raster bit image. */
export const GS_RASTER_IMAGE = 0x76;
/** GS ( fn pL pH …: the extended command family (QR, graphics, transmission after print). */
export const GS_PAREN = 0x28;
/** GS a n: automatic status back (ASB). Not used by the kiosk. */
export const GS_ASB = 0x61;

/** FS .: cancel Kanji character mode. No parameter. */
export const FS_CANCEL_KANJI = 0x2e;
/** FS &: select Kanji character mode. No parameter. */
export const FS_KANJI = 0x26;

// ---------------------------------------------------------------------------------------------
// Cut (printer.md §1)
// ---------------------------------------------------------------------------------------------

/** GS V 0 / '0': full cut. */
export const CUT_FULL = 0x00;
/** GS V 1 / '1': partial cut. */
export const CUT_PARTIAL = 0x01;
/** GS V 'A' n: feed n dots, then full cut. */
export const CUT_FEED_FULL = 0x41;
/** GS V 'B' n: feed n dots, then partial cut. */
export const CUT_FEED_PARTIAL = 0x42;

// ---------------------------------------------------------------------------------------------
// QR code: GS ( k, cn = 0x31 (printer.md §2)
// ---------------------------------------------------------------------------------------------

/** The function byte after GS ( that selects the 2D-symbol family. */
export const GS_PAREN_SYMBOL = 0x6b;
/** cn for QR Code. (0x30 is PDF417.) */
export const SYMBOL_QR = 0x31;
/** fn 165: select the model; parameters n1 (0x31 model 1, 0x32 model 2), n2 (0x00). */
export const QR_FN_MODEL = 0x41;
/** fn 167: module size in dots, 1..16. */
export const QR_FN_MODULE_SIZE = 0x43;
/** fn 169: error correction, 0x30 L, 0x31 M, 0x32 Q, 0x33 H. */
export const QR_FN_ERROR_LEVEL = 0x45;
/** fn 180: store data, m = 0x30 then the data; pL + 256·pH = k + 3. */
export const QR_FN_STORE = 0x50;
/** fn 181: print the stored symbol, m = 0x30. */
export const QR_FN_PRINT = 0x51;
/** fn 182: transmit the size of the stored symbol. */
export const QR_FN_SIZE_INFO = 0x52;
/** Bytes pL/pH count in a store command besides the data itself: cn, fn, m. */
export const QR_STORE_OVERHEAD = 3;
/** The largest QR payload the spec allows (model 2, level L, numeric). */
export const QR_SPEC_MAX_BYTES = 7_089;
/**
 * Project choice (printer.md §2, §5): the kiosk never sends a QR payload over 512 bytes, because
 * low-cost 58 mm modules silently ignore a GS ( k store beyond their buffer; longer data is
 * printed as a short text reference instead.
 */
export const MAX_QR_PAYLOAD_BYTES = 512;
/** The label's refill QR: model 2, module 6 dots, level M (printer.md §5 "Label layout"). */
export const LABEL_QR = { model: 2, moduleSize: 6, errorLevel: 'M' } as const;

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';
/** fn 169 parameter → level. */
export const QR_ERROR_LEVELS: ReadonlyMap<number, QrErrorLevel> = new Map<number, QrErrorLevel>([
  [0x30, 'L'],
  [0x31, 'M'],
  [0x32, 'Q'],
  [0x33, 'H'],
]);

// ---------------------------------------------------------------------------------------------
// Transmission after print: GS ( H (printer.md §5 "Idle after a job")
// ---------------------------------------------------------------------------------------------

/** The function byte after GS ( for "request transmission of response or status". */
export const GS_PAREN_RESPONSE = 0x48;
/** fn 48 (0x30): transmission after print; m = 0x30, then a 4-byte process id. */
export const RESPONSE_FN_AFTER_PRINT = 0x30;
/** Header of the reply: 0x37 0x22 id1..id4 NUL, sent once everything before it has printed. */
export const AFTER_PRINT_REPLY_HEADER = [0x37, 0x22] as const;

// ---------------------------------------------------------------------------------------------
// Real-time status: DLE EOT n = 10 04 n (printer.md §3)
// ---------------------------------------------------------------------------------------------

/** n = 1: printer status. */
export const STATUS_PRINTER = 1;
/** n = 2: offline cause. */
export const STATUS_OFFLINE_CAUSE = 2;
/** n = 3: error cause. */
export const STATUS_ERROR_CAUSE = 3;
/** n = 4: continuous paper sensor. */
export const STATUS_PAPER_SENSOR = 4;

export type StatusQuery = 1 | 2 | 3 | 4;
/** The four queries the kiosk sends before a job, in order. */
export const ALL_STATUS_QUERIES: readonly StatusQuery[] = [1, 2, 3, 4];
/** The three queries polled after a job until the printer is idle (n = 4 once at the end). */
export const POLL_STATUS_QUERIES: readonly StatusQuery[] = [1, 2, 3];

/** The three bytes of a status query: DLE EOT n. */
export function statusQuery(n: StatusQuery): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/**
 * Every reply byte has bit 0 = 0, bit 1 = 1, bit 4 = 1 and bit 7 = 0. A byte whose fixed bits
 * differ is line noise or a desynchronised stream, never a status (printer.md §3 decoder rules).
 */
export const STATUS_FIXED_MASK = 0b1001_0011;
/** The value of the fixed bits: 0x12. Also the healthy reply to every n. */
export const STATUS_FIXED_VALUE = 0b0001_0010;
export const STATUS_HEALTHY = STATUS_FIXED_VALUE;

// n = 1, printer status
/** Bit 2: drawer kick-out connector pin 3 is HIGH. Irrelevant to the kiosk (no drawer). */
export const PRINTER_DRAWER_PIN3_HIGH = 1 << 2;
/** Bit 3: the printer is offline (cover open, paper end, error, or feeding by the button). */
export const PRINTER_OFFLINE = 1 << 3;
/** Bit 5: waiting for online recovery (after an error the printer wants DLE ENQ or a reset). */
export const PRINTER_WAITING_RECOVERY = 1 << 5;
/** Bit 6: the paper-feed button is being pressed. */
export const PRINTER_FEED_BUTTON = 1 << 6;

// n = 2, offline cause
/** Bit 2: the cover is open. */
export const OFFLINE_COVER_OPEN = 1 << 2;
/** Bit 3: paper is being fed by the FEED button. */
export const OFFLINE_FEED_BUTTON = 1 << 3;
/** Bit 5: printing stopped because the paper ran out. */
export const OFFLINE_PAPER_END = 1 << 5;
/** Bit 6: an error occurred; n = 3 says which. */
export const OFFLINE_ERROR = 1 << 6;

// n = 3, error cause
/** Bit 2: recoverable error (e.g. a mechanical error the printer can retry after DLE ENQ). */
export const ERROR_RECOVERABLE = 1 << 2;
/** Bit 3: auto-cutter error (jam); the printer stays offline until reset, and ESC @ does not clear it. */
export const ERROR_AUTOCUTTER = 1 << 3;
/** Bit 5: unrecoverable error (e.g. head or board fault); needs a technician. */
export const ERROR_UNRECOVERABLE = 1 << 5;
/** Bit 6: auto-recoverable error (e.g. head overheat); clears on its own after cooling. */
export const ERROR_AUTO_RECOVERABLE = 1 << 6;

// n = 4, paper sensor
/** Bits 2 and 3: paper near end (both set = 0x0C). A warning, never an error (printer.md §5). */
export const PAPER_NEAR_END = (1 << 2) | (1 << 3);
/** Bits 5 and 6: paper end / out (both set = 0x60). */
export const PAPER_END = (1 << 5) | (1 << 6);

/** Reference replies (printer.md §3, §4), as the simulator sends them. */
export const REPLY = {
  healthy: STATUS_HEALTHY,
  /** n = 1 when offline: 0x1A. */
  offline: STATUS_HEALTHY | PRINTER_OFFLINE,
  /** n = 2 with the paper out: 0x32. */
  paperEnd: STATUS_HEALTHY | OFFLINE_PAPER_END,
  /** n = 4 with the paper out: 0x7E. */
  paperSensorOut: STATUS_HEALTHY | PAPER_NEAR_END | PAPER_END,
  /** n = 4 with the paper near its end: 0x1E. */
  paperSensorNearEnd: STATUS_HEALTHY | PAPER_NEAR_END,
  /** n = 2 with the cover open: 0x16. */
  coverOpen: STATUS_HEALTHY | OFFLINE_COVER_OPEN,
} as const;

// ---------------------------------------------------------------------------------------------
// Kiosk job protocol timings (printer.md §3 "Kiosk job protocol", §5)
// ---------------------------------------------------------------------------------------------

/** No reply to a status query within 500 ms: the printer is UNREACHABLE. */
export const STATUS_REPLY_TIMEOUT_MS = 500;
/** A reply with wrong fixed bits is re-queried up to 3 times, then the printer is UNREACHABLE. */
export const MAX_STATUS_REQUERIES = 3;
/** After the job, n = 1, 2, 3 are polled every 250 ms. */
export const JOB_POLL_INTERVAL_MS = 250;
/** Idle = this many consecutive clean polls after the cut. */
export const IDLE_CONSECUTIVE_POLLS = 2;
/** Not idle within 10 s of the job: the label is PRINT_UNCERTAIN. */
export const JOB_IDLE_DEADLINE_MS = 10_000;
/** A job write the OS has not taken within 2 s (printer holding flow control): PRINT_UNCERTAIN. */
export const WRITE_TIMEOUT_MS = 2_000;
