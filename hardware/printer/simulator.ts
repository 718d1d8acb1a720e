import QRCode from 'qrcode';
import { systemClock, type Clock } from '../../contracts/clock';
import type { Transport } from '../transports/transport';
import { decodeCp437 } from './cp437';
import {
  EscPosParser,
  type Alignment,
  type EscPosCommand,
  type EscPosIssue,
  type EscPosToken,
} from './escpos';
import {
  AFTER_PRINT_REPLY_HEADER,
  COLUMNS_58MM,
  ERROR_AUTO_RECOVERABLE,
  ERROR_AUTOCUTTER,
  ERROR_UNRECOVERABLE,
  FONT_A_CELL_DOTS,
  FONT_B_CELL_DOTS,
  OFFLINE_COVER_OPEN,
  OFFLINE_ERROR,
  OFFLINE_PAPER_END,
  PAPER_END,
  PAPER_NEAR_END,
  PRINTER_OFFLINE,
  QR_SPEC_MAX_BYTES,
  STATUS_HEALTHY,
  type QrErrorLevel,
} from './protocol';

// ---------------------------------------------------------------------------------------------
// The printed page
// ---------------------------------------------------------------------------------------------

export interface PrintedTextLine {
  kind: 'text';
  /** The characters as printed (PC437 decoded), without alignment padding. */
  text: string;
  /** ESC a alignment in effect when the line started. */
  align: Alignment;
  /** Any character on the line was bold. */
  bold: boolean;
  underline: boolean;
  /** Largest width / height multiplier on the line (GS ! or ESC !). */
  width: number;
  height: number;
}

export interface PrintedQr {
  kind: 'qr';
  /** The stored data decoded as ISO-8859-1, as the encoder library sends it. */
  data: string;
  bytes: Uint8Array;
  model: number;
  moduleSize: number;
  errorLevel: QrErrorLevel;
  align: Alignment;
}

export interface PrintedBarcode {
  kind: 'barcode';
  symbology: number;
  data: string;
}

export type PrintedLine = PrintedTextLine | PrintedQr | PrintedBarcode;

/** A simulator-level issue: what a real printer would do silently, made visible to tests. */
export type SimulatorIssue =
  | EscPosIssue
  | { code: 'QR_TOO_LARGE'; bytes: Uint8Array; detail: string }
  | { code: 'QR_NOT_STORED'; bytes: Uint8Array; detail: string }
  | { code: 'UNSUPPORTED_CODE_PAGE'; bytes: Uint8Array; detail: string };

export interface PrintedPage {
  /** Structured lines, top to bottom, blank feed lines included. */
  lines: PrintedLine[];
  /**
   * The page rendered as text, one string per printed line: text lines padded to their ESC a
   * alignment within the paper width, a QR as `[QR <data>]`, a barcode as `[BARCODE <data>]`.
   */
  text: string[];
  /** The QR symbols printed, in order (their payloads decoded from the GS ( k store command). */
  qrCodes: PrintedQr[];
  /** `cut` for a finished label; `paperOut` when the paper ran out mid-page (rest discarded). */
  endedBy: 'cut' | 'paperOut';
  cut?: 'full' | 'partial';
  /** Unknown or malformed commands met while this page was printed. */
  issues: SimulatorIssue[];
}

// ---------------------------------------------------------------------------------------------
// Renderer: tokens → pages. Pure, no I/O, no timers.
// ---------------------------------------------------------------------------------------------

export interface EscPosRendererOptions {
  /** Font A characters per line. Default 32 (58 mm). */
  columns?: number;
  /** Largest QR payload the "device buffer" takes; a bigger store is silently ignored. Default 7089. */
  qrCapacityBytes?: number;
}

interface Style {
  align: Alignment;
  bold: boolean;
  underline: boolean;
  fontB: boolean;
  width: number;
  height: number;
  codePage: number;
}

interface QrSettings {
  model: number;
  moduleSize: number;
  errorLevel: QrErrorLevel;
  stored: Uint8Array | undefined;
}

const DEFAULT_STYLE: Style = {
  align: 'left',
  bold: false,
  underline: false,
  fontB: false,
  width: 1,
  height: 1,
  codePage: 0,
};
/** ESC @ / power-on defaults of GS ( k: model 2, module 3 dots, level L. */
const DEFAULT_QR: QrSettings = { model: 2, moduleSize: 3, errorLevel: 'L', stored: undefined };
/** Default tab stops every 8 characters. */
const TAB_WIDTH = 8;
/** About one text line of default spacing at 203 dpi, for ESC J n. */
const DOTS_PER_LINE = 30;

/**
 * Turns print commands into pages the way a line thermal printer does: characters fill a line
 * buffer that wraps at the paper width (scaled by the character size), LF prints it, GS V cuts
 * and ends the page. Real-time commands are not its business (the simulator answers them).
 */
export class EscPosRenderer {
  private readonly columns: number;
  private readonly qrCapacity: number;
  private style: Style = { ...DEFAULT_STYLE };
  private qr: QrSettings = { ...DEFAULT_QR };
  private lineChars = '';
  private lineDots = 0;
  private lineMeta: Omit<PrintedTextLine, 'kind' | 'text'> | undefined;
  private page: PrintedLine[] = [];
  private pageIssues: SimulatorIssue[] = [];
  private readonly donePages: PrintedPage[] = [];
  private readonly pageListeners = new Set<(page: PrintedPage) => void>();
  private readonly lineListeners = new Set<(line: PrintedLine) => void>();
  /** Out of paper: nothing prints until `resume`, even the rest of a command being applied. */
  private halted = false;

  constructor(options: EscPosRendererOptions = {}) {
    this.columns = options.columns ?? COLUMNS_58MM;
    this.qrCapacity = options.qrCapacityBytes ?? QR_SPEC_MAX_BYTES;
  }

  /** Pages finished so far (cut, or ended by paper out), oldest first. */
  pages(): PrintedPage[] {
    return [...this.donePages];
  }

  /** What has printed since the last cut (the line buffer excluded). */
  currentPage(): PrintedPage {
    return this.snapshot('cut');
  }

  onPage(listener: (page: PrintedPage) => void): () => void {
    this.pageListeners.add(listener);
    return () => this.pageListeners.delete(listener);
  }

  /** Each line as it leaves the print head (the simulator counts them for "paper out after N"). */
  onLine(listener: (line: PrintedLine) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Applies one token. Issues are recorded on the page; nothing throws. */
  apply(token: EscPosToken): void {
    if (this.halted) return;
    if (!token.ok) {
      this.pageIssues.push(token.error);
      return;
    }
    this.command(token.value);
  }

  /** The paper ran out: the page so far is finished as `paperOut`; the line buffer is lost. */
  endPageForPaperOut(): void {
    this.clearLine();
    if (this.page.length > 0) this.finishPage('paperOut');
    this.halted = true;
  }

  /** Paper loaded again: printing resumes with the next command. */
  resume(): void {
    this.halted = false;
  }

  /** Forgets the line buffer and every mode (ESC @, or a power cycle). */
  initialize(): void {
    this.clearLine();
    this.style = { ...DEFAULT_STYLE };
    this.qr = { ...DEFAULT_QR };
  }

  private command(c: EscPosCommand): void {
    switch (c.kind) {
      case 'text':
        return this.addText(c.bytes);
      case 'lineFeed':
        return this.printLine(true);
      case 'tab': {
        const spaces = TAB_WIDTH - (this.lineChars.length % TAB_WIDTH);
        return this.addChars(' '.repeat(spaces));
      }
      case 'carriageReturn':
      case 'cancel':
      case 'kanjiMode':
      case 'setting':
      case 'image':
      case 'extended':
      case 'qrSizeInfo':
      case 'statusQuery':
      case 'realtimeRequest':
      case 'realtimeCommand':
      case 'afterPrintRequest':
        // CR: auto line feed is off, as shipped. Settings and images do not change the text
        // rendering; real-time commands are answered by the simulator before they get here.
        return;
      case 'initialize':
        return this.initialize();
      case 'feedLines':
        this.printLine(false);
        for (let i = 0; i < c.lines; i++) this.emitLine(this.blankLine());
        return;
      case 'feedDots':
        this.printLine(false);
        for (let i = 0; i < Math.floor(c.dots / DOTS_PER_LINE); i++)
          this.emitLine(this.blankLine());
        return;
      case 'align':
        this.style.align = c.align;
        return;
      case 'bold':
        this.style.bold = c.on;
        return;
      case 'underline':
        this.style.underline = c.thickness > 0;
        return;
      case 'printMode':
        this.style.fontB = c.fontB;
        this.style.bold = c.bold;
        this.style.height = c.doubleHeight ? 2 : 1;
        this.style.width = c.doubleWidth ? 2 : 1;
        this.style.underline = c.underline;
        return;
      case 'charSize':
        this.style.width = c.width;
        this.style.height = c.height;
        return;
      case 'codePage':
        this.style.codePage = c.table;
        if (c.table !== 0) {
          this.pageIssues.push({
            code: 'UNSUPPORTED_CODE_PAGE',
            bytes: Uint8Array.of(c.table),
            detail: `ESC t ${c.table}: the simulator renders PC437 only (the project's code page)`,
          });
        }
        return;
      case 'font':
        this.style.fontB = c.font !== 'A';
        return;
      case 'italic':
      case 'reverse':
        return;
      case 'qrModel':
        this.qr.model = c.model;
        return;
      case 'qrModuleSize':
        this.qr.moduleSize = c.dots;
        return;
      case 'qrErrorLevel':
        this.qr.errorLevel = c.level;
        return;
      case 'qrStore':
        if (c.data.length > this.qrCapacity) {
          // A real low-cost module ignores the store silently (printer.md §4).
          this.qr.stored = undefined;
          this.pageIssues.push({
            code: 'QR_TOO_LARGE',
            bytes: c.data.slice(0, 16),
            detail: `QR store of ${c.data.length} bytes is over this printer's ${this.qrCapacity}; ignored`,
          });
          return;
        }
        this.qr.stored = c.data;
        return;
      case 'qrPrint': {
        const stored = this.qr.stored;
        if (!stored) {
          this.pageIssues.push({
            code: 'QR_NOT_STORED',
            bytes: new Uint8Array(0),
            detail: 'QR print with no stored symbol: nothing printed',
          });
          return;
        }
        this.printLine(false);
        this.emitLine({
          kind: 'qr',
          data: latin1(stored),
          bytes: stored.slice(),
          model: this.qr.model,
          moduleSize: this.qr.moduleSize,
          errorLevel: this.qr.errorLevel,
          align: this.style.align,
        });
        return;
      }
      case 'barcode':
        this.printLine(false);
        this.emitLine({ kind: 'barcode', symbology: c.symbology, data: latin1(c.data) });
        return;
      case 'cut':
        this.printLine(false);
        this.finishPage('cut', c.mode);
        return;
    }
  }

  private addText(bytes: Uint8Array): void {
    this.addChars(decodeCp437(bytes));
  }

  private addChars(chars: string): void {
    const cell = (this.style.fontB ? FONT_B_CELL_DOTS : FONT_A_CELL_DOTS) * this.style.width;
    const limit = this.columns * FONT_A_CELL_DOTS;
    for (const ch of chars) {
      // The printer wraps a line that would overflow the paper, as a real one does.
      if (this.lineDots + cell > limit && this.lineDots > 0) this.printLine(true);
      if (!this.lineMeta) {
        this.lineMeta = {
          align: this.style.align,
          bold: false,
          underline: false,
          width: 1,
          height: 1,
        };
      }
      const meta = this.lineMeta;
      meta.bold ||= this.style.bold;
      meta.underline ||= this.style.underline;
      meta.width = Math.max(meta.width, this.style.width);
      meta.height = Math.max(meta.height, this.style.height);
      this.lineChars += ch;
      this.lineDots += cell;
    }
  }

  /** Prints the line buffer; with `evenIfEmpty` an empty buffer prints a blank line (LF). */
  private printLine(evenIfEmpty: boolean): void {
    if (!this.lineMeta && !evenIfEmpty) return;
    const meta = this.lineMeta ?? this.blankMeta();
    const line: PrintedTextLine = { kind: 'text', text: this.lineChars, ...meta };
    this.clearLine();
    this.emitLine(line);
  }

  private blankMeta(): Omit<PrintedTextLine, 'kind' | 'text'> {
    return { align: this.style.align, bold: false, underline: false, width: 1, height: 1 };
  }

  private blankLine(): PrintedTextLine {
    return { kind: 'text', text: '', ...this.blankMeta() };
  }

  private emitLine(line: PrintedLine): void {
    if (this.halted) return;
    this.page.push(line);
    for (const listener of [...this.lineListeners]) listener(line);
  }

  private clearLine(): void {
    this.lineChars = '';
    this.lineDots = 0;
    this.lineMeta = undefined;
  }

  private finishPage(endedBy: PrintedPage['endedBy'], cut?: 'full' | 'partial'): void {
    if (this.halted) return;
    const page = this.snapshot(endedBy, cut);
    this.page = [];
    this.pageIssues = [];
    this.donePages.push(page);
    for (const listener of [...this.pageListeners]) listener(page);
  }

  private snapshot(endedBy: PrintedPage['endedBy'], cut?: 'full' | 'partial'): PrintedPage {
    const lines = [...this.page];
    const page: PrintedPage = {
      lines,
      text: lines.map((l) => this.render(l)),
      qrCodes: lines.filter((l): l is PrintedQr => l.kind === 'qr'),
      endedBy,
      issues: [...this.pageIssues],
    };
    if (cut) page.cut = cut;
    return page;
  }

  private render(line: PrintedLine): string {
    if (line.kind === 'qr') return `[QR ${line.data}]`;
    if (line.kind === 'barcode') return `[BARCODE ${line.data}]`;
    if (line.text.length === 0) return '';
    const capacity = Math.floor(this.columns / line.width);
    const free = Math.max(0, capacity - line.text.length);
    if (line.align === 'center') return ' '.repeat(Math.floor(free / 2)) + line.text;
    if (line.align === 'right') return ' '.repeat(free) + line.text;
    return line.text;
  }
}

// ---------------------------------------------------------------------------------------------
// The printer's side of the wire
// ---------------------------------------------------------------------------------------------

/**
 * Faults of printer.md §4. Each changes the printer's state until cleared with `clear(kind)`, except
 * `headOverheat` and a timed `silent`, which end on their own on the simulator's clock, and
 * `garbledReplies`, which is used up reply by reply. An unplug is not injected here: kill the
 * PTY pair (or call simulateLoss on a memory end).
 */
export type PrinterSimFault =
  /** n = 4 0x1E; printing continues. */
  | { kind: 'paperNearEnd' }
  /**
   * n = 2 bit 5, n = 4 0x7E, offline. Now, or after `afterLines` more printed lines (mid-job):
   * the page so far ends as `paperOut` and the rest of the job is discarded.
   */
  | { kind: 'paperOut'; afterLines?: number }
  /** n = 2 bit 2, offline; data is discarded while open. */
  | { kind: 'coverOpen' }
  /** n = 3 bit 3, offline until cleared (`clear('cutterJam')`, the technician); ESC @ does not clear it. */
  | { kind: 'cutterJam' }
  /** n = 3 bit 6, offline for `durationMs`; print data waits and prints after cooling. */
  | { kind: 'headOverheat'; durationMs: number }
  /** n = 3 bit 5, offline until cleared. */
  | { kind: 'unrecoverableError' }
  /** No reply to status queries (or GS ( H), for `durationMs` or until cleared. */
  | { kind: 'silent'; durationMs?: number }
  /** The next `count` (default 1) replies have their fixed bits wrong. */
  | { kind: 'garbledReplies'; count?: number };

export type PrinterSimFaultKind = PrinterSimFault['kind'];

export interface PrinterSimulatorOptions {
  /** The printer's end of the line (a PTY opened with the serial transport, or a memory end). */
  transport?: Transport;
  /** Timed faults (overheat, silence) read this clock. Default: systemClock. */
  clock?: Clock;
  /** Font A columns of the paper: 32 (58 mm) or 48 (80 mm). Default 32. */
  columns?: number;
  /** Largest QR store the device buffer accepts; larger ones are silently ignored. Default 7089. */
  qrCapacityBytes?: number;
}

export interface PrinterSimulatorStats {
  statusQueries: number;
  repliesSent: number;
  repliesGarbled: number;
  /** Queries left unanswered because of `silent`. */
  repliesSuppressed: number;
  /** Print commands thrown away while offline (cover open, paper out, jam, error). */
  discardedCommands: number;
  /** GS ( H transmission-after-print replies sent. */
  afterPrintReplies: number;
}

/**
 * The receipt/label printer's side of the wire, for development, e2e and integration tests. It
 * answers DLE EOT status queries from its fault state, prints what it receives into pages (text
 * and decoded QR payloads) and supports transmission after print (GS ( H), so a host may use
 * either way of detecting the end of a job (printer.md §5).
 */
export class PrinterSimulator {
  private readonly clock: Clock;
  private readonly renderer: EscPosRenderer;
  private readonly parser = new EscPosParser();
  private transport: Transport | undefined;
  private unsubscribe: Array<() => void> = [];

  private paperNearEnd = false;
  private paperOut = false;
  private paperOutAfterLines: number | undefined;
  private coverOpen = false;
  private cutterJam = false;
  private unrecoverable = false;
  private overheatTimer: unknown;
  private overheated = false;
  private silent = false;
  private silentTimer: unknown;
  private garbleNext = 0;
  /** Print commands held while the head cools; they print after it. */
  private held: EscPosToken[] = [];

  readonly stats: PrinterSimulatorStats = {
    statusQueries: 0,
    repliesSent: 0,
    repliesGarbled: 0,
    repliesSuppressed: 0,
    discardedCommands: 0,
    afterPrintReplies: 0,
  };

  constructor(options: PrinterSimulatorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const rendererOptions: EscPosRendererOptions = {};
    if (options.columns !== undefined) rendererOptions.columns = options.columns;
    if (options.qrCapacityBytes !== undefined) {
      rendererOptions.qrCapacityBytes = options.qrCapacityBytes;
    }
    this.renderer = new EscPosRenderer(rendererOptions);
    this.renderer.onLine(() => this.countLine());
    if (options.transport) this.attach(options.transport);
  }

  /** Listens on a (new) open transport: the cable plugged back in. */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.parser.reset();
    this.unsubscribe = [
      transport.onData((chunk) => this.receive(chunk)),
      transport.onLost(() => this.detach()),
    ];
  }

  detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
  }

  /** Stops listening and clears timers; the transport is the caller's to close. */
  stop(): void {
    this.detach();
    this.clock.clearTimeout(this.overheatTimer);
    this.clock.clearTimeout(this.silentTimer);
  }

  /** Every finished page (cut, or ended by paper out), oldest first. */
  pages(): PrintedPage[] {
    return this.renderer.pages();
  }

  /** The most recent finished page. */
  lastPage(): PrintedPage | undefined {
    return this.renderer.pages().at(-1);
  }

  /** What has printed since the last cut. */
  currentPage(): PrintedPage {
    return this.renderer.currentPage();
  }

  /** Called with each page as it is cut (or ended by paper out). */
  onPage(listener: (page: PrintedPage) => void): () => void {
    return this.renderer.onPage(listener);
  }

  inject(fault: PrinterSimFault): void {
    switch (fault.kind) {
      case 'paperNearEnd':
        this.paperNearEnd = true;
        return;
      case 'paperOut':
        if (fault.afterLines !== undefined && fault.afterLines > 0) {
          this.paperOutAfterLines = fault.afterLines;
        } else {
          this.runOutOfPaper();
        }
        return;
      case 'coverOpen':
        this.coverOpen = true;
        return;
      case 'cutterJam':
        this.cutterJam = true;
        return;
      case 'unrecoverableError':
        this.unrecoverable = true;
        return;
      case 'headOverheat':
        this.overheated = true;
        this.clock.clearTimeout(this.overheatTimer);
        this.overheatTimer = this.clock.setTimeout(() => this.coolDown(), fault.durationMs);
        return;
      case 'silent':
        this.silent = true;
        this.clock.clearTimeout(this.silentTimer);
        if (fault.durationMs !== undefined) {
          this.silentTimer = this.clock.setTimeout(() => {
            this.silent = false;
          }, fault.durationMs);
        }
        return;
      case 'garbledReplies':
        this.garbleNext += fault.count ?? 1;
        return;
    }
  }

  /** Ends a fault (refill paper, close the cover, clear the jam …), or all of them. */
  clear(kind?: PrinterSimFaultKind): void {
    const all = kind === undefined;
    if (all || kind === 'paperNearEnd') this.paperNearEnd = false;
    if (all || kind === 'paperOut') {
      this.paperOut = false;
      this.paperOutAfterLines = undefined;
      this.renderer.resume();
    }
    if (all || kind === 'coverOpen') this.coverOpen = false;
    if (all || kind === 'cutterJam') this.cutterJam = false;
    if (all || kind === 'unrecoverableError') this.unrecoverable = false;
    if (all || kind === 'headOverheat') {
      this.clock.clearTimeout(this.overheatTimer);
      this.coolDown();
    }
    if (all || kind === 'silent') {
      this.clock.clearTimeout(this.silentTimer);
      this.silent = false;
    }
    if (all || kind === 'garbledReplies') this.garbleNext = 0;
  }

  /** The reply byte to DLE EOT n in the current state (before any garbling). 0 for an unknown n. */
  statusReply(n: number): number {
    const error = this.cutterJam || this.unrecoverable || this.overheated;
    switch (n) {
      case 1:
        return STATUS_HEALTHY | (this.online ? 0 : PRINTER_OFFLINE);
      case 2:
        return (
          STATUS_HEALTHY |
          (this.coverOpen ? OFFLINE_COVER_OPEN : 0) |
          (this.paperOut ? OFFLINE_PAPER_END : 0) |
          (error ? OFFLINE_ERROR : 0)
        );
      case 3:
        return (
          STATUS_HEALTHY |
          (this.cutterJam ? ERROR_AUTOCUTTER : 0) |
          (this.unrecoverable ? ERROR_UNRECOVERABLE : 0) |
          (this.overheated ? ERROR_AUTO_RECOVERABLE : 0)
        );
      case 4:
        return (
          STATUS_HEALTHY |
          (this.paperNearEnd || this.paperOut ? PAPER_NEAR_END : 0) |
          (this.paperOut ? PAPER_END : 0)
        );
      default:
        return 0;
    }
  }

  /** Online: can print now. */
  get online(): boolean {
    return (
      !this.paperOut &&
      !this.coverOpen &&
      !this.cutterJam &&
      !this.unrecoverable &&
      !this.overheated
    );
  }

  /**
   * Feeds bytes as if they arrived on the wire. Used by the transport listener; public so a test
   * can drive the simulator without a transport. Never throws on any input.
   */
  receive(chunk: Uint8Array): void {
    for (const token of this.parser.push(chunk)) this.handle(token);
  }

  private handle(token: EscPosToken): void {
    if (token.ok) {
      const c = token.value;
      // Real-time commands are processed on arrival, even offline or with a full buffer.
      if (c.kind === 'statusQuery') return this.answerStatus(c.n);
      if (c.kind === 'realtimeRequest' || c.kind === 'realtimeCommand') return;
      if (c.kind === 'initialize' && !this.online) {
        // ESC @ while offline still resets the modes; it never clears a jam or an error (§4).
        this.renderer.initialize();
        return;
      }
    }
    if (
      this.overheated &&
      !this.paperOut &&
      !this.coverOpen &&
      !this.cutterJam &&
      !this.unrecoverable
    ) {
      // An auto-recoverable error pauses printing; the data waits in the buffer.
      this.held.push(token);
      return;
    }
    if (!this.online) {
      this.stats.discardedCommands++;
      return;
    }
    if (token.ok && token.value.kind === 'afterPrintRequest') {
      // Everything before it has printed (the simulator prints on arrival): answer now.
      if (this.silent) return;
      this.stats.afterPrintReplies++;
      this.send(Uint8Array.of(...AFTER_PRINT_REPLY_HEADER, ...token.value.id, 0x00));
      return;
    }
    this.renderer.apply(token);
  }

  private answerStatus(n: number): void {
    this.stats.statusQueries++;
    if (n < 1 || n > 4) return;
    if (this.silent) {
      this.stats.repliesSuppressed++;
      return;
    }
    let reply = this.statusReply(n);
    if (this.garbleNext > 0) {
      this.garbleNext--;
      this.stats.repliesGarbled++;
      // Flip bit 0 and bit 7, both fixed: the host must see noise, never a status.
      reply ^= 0x81;
    }
    this.stats.repliesSent++;
    this.send(Uint8Array.of(reply));
  }

  private countLine(): void {
    if (this.paperOutAfterLines === undefined) return;
    this.paperOutAfterLines--;
    if (this.paperOutAfterLines <= 0) {
      this.paperOutAfterLines = undefined;
      this.runOutOfPaper();
    }
  }

  private runOutOfPaper(): void {
    if (this.paperOut) return;
    this.paperOut = true;
    this.renderer.endPageForPaperOut();
  }

  private coolDown(): void {
    if (!this.overheated) return;
    this.overheated = false;
    const held = this.held;
    this.held = [];
    for (const token of held) this.handle(token);
  }

  private send(bytes: Uint8Array): void {
    // A failed write means the line is gone; the transport reports it through onLost.
    this.transport?.write(bytes).catch(() => undefined);
  }
}

/** A PNG of a printed QR symbol (byte mode, its error level, its module size as the scale). */
export function renderQrPng(qr: PrintedQr): Promise<Buffer> {
  return QRCode.toBuffer([{ mode: 'byte', data: qr.bytes }], {
    errorCorrectionLevel: qr.errorLevel,
    scale: qr.moduleSize,
    margin: 4,
    type: 'png',
  });
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}
