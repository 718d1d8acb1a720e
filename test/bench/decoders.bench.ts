import { CuffFramer } from '../../hardware/bp-cuff/framer';
import { BP_CUFF_BAUD_RATE } from '../../hardware/bp-cuff/protocol';
import { DispenserFramer } from '../../hardware/dispenser/framer';
import { DISPENSER_BAUD_RATE } from '../../hardware/dispenser/protocol';
import { parseGs1 } from '../../hardware/gs1/parse-gs1';
import { OximeterFramer } from '../../hardware/oximeter/framer';
import { OXIMETER_BAUD_RATE } from '../../hardware/oximeter/protocol';
import { EscPosParser } from '../../hardware/printer/escpos';
import { PRINTER_BAUD_RATE } from '../../hardware/printer/protocol';
import { decodeStatus } from '../../hardware/printer/status';
import { decodeSerialMessage, encodeSerialMessage } from '../../hardware/scanner/codec';
import { SerialFramer } from '../../hardware/scanner/framer';
import { ACCESS_IS_HID_LAYOUT } from '../../hardware/scanner/hid-layout';
import { HidReassembler } from '../../hardware/scanner/hid-reassembler';
import { DEFAULT_SERIAL_SETTINGS, GS } from '../../hardware/scanner/protocol';
import { WedgeDecoder } from '../../hardware/scanner/wedge-decoder';
import { concatBytes, latin1Bytes, latin1Text } from '../fuzz/bytes';
import { Prng } from '../fuzz/prng';
import { randomCuffSentence } from '../fuzz/valid/cuff-sentences';
import { randomDispenserFrame } from '../fuzz/valid/dispenser-frames';
import { randomHidBarcode } from '../fuzz/valid/hid-barcodes';
import { FUZZ_TODAY, randomGs1Symbol } from '../fuzz/valid/gs1-symbols';
import { randomOximeterPacket } from '../fuzz/valid/oximeter-packets';
import { randomLabelJob, randomStatusReplies } from '../fuzz/valid/printer-jobs';
import { randomScanPayload } from '../fuzz/valid/scan-payloads';
import type { ReportMeasure, ReportProgress } from './results';

/**
 * Decoder throughput as a multiple of real time: the bytes per second each device decoder handles
 * on valid traffic, divided by the most its link can deliver. A multiple of 100 means the decoder
 * uses at most 1 % of a core when the device talks flat out.
 */
export const name = 'decoders';

/** 8N1 puts 10 bits on the wire per byte. */
const bytesPerSecond8N1 = (baud: number): number => baud / 10;

/**
 * A full-speed USB interrupt endpoint polled every 1 ms moves one 64-byte report per frame
 * (bInterval 1, the fastest a HID POS scanner is polled).
 */
const HID_REPORT_BYTES_PER_SECOND = ACCESS_IS_HID_LAYOUT.reportLength * 1000;
/**
 * A keyboard wedge types at most one character per 1 ms USB poll (a key press and its release
 * take two reports, so real scanners reach about half this).
 */
const WEDGE_CHARS_PER_SECOND = 1000;
/** USB-serial adapters hand over at most 64 bytes per read, so the stream decoders get such chunks. */
const SERIAL_CHUNK_BYTES = 64;
/** Below this a figure is mostly timer noise; each decoder runs at least this long. */
const MIN_SECONDS = 0.5;
/** "Real time with room to spare": the decoder takes ≤ 1 % of a core at full line rate. */
const GOAL_MULTIPLE = 100;

interface DecoderCase {
  /** Measure id part: decoder.<id>.realtime_multiple */
  id: string;
  /** The most bytes per second the device's link can deliver. */
  lineBytesPerSecond: number;
  /** What one pass decodes, as the driver would receive it. */
  chunks: Uint8Array[];
  /** Decodes every chunk on a fresh decoder; returns the good frames (so nothing is optimised away). */
  decode(chunks: readonly Uint8Array[]): number;
}

const ARRIVAL_STEP_MS = 1;

function serialChunks(frames: readonly Uint8Array[]): Uint8Array[] {
  const stream = concatBytes(frames);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length; at += SERIAL_CHUNK_BYTES)
    chunks.push(stream.subarray(at, at + SERIAL_CHUNK_BYTES));
  return chunks;
}

/** Enough frames for about `bytes` of traffic. */
function frames(target: number, make: () => Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let total = 0;
  while (total < target) {
    const frame = make();
    out.push(frame);
    total += frame.length;
  }
  return out;
}

/** The reports of whole barcodes, about `bytes` of them, as an Access-IS scanner sends them. */
function hidReports(bytes: number, rng: Prng): Uint8Array[] {
  const reports: Uint8Array[] = [];
  while (reports.length * ACCESS_IS_HID_LAYOUT.reportLength < bytes)
    reports.push(...randomHidBarcode(rng));
  return reports;
}

function cases(rng: Prng): DecoderCase[] {
  const TRAFFIC = 256 * 1024;
  return [
    {
      id: 'dispenser',
      lineBytesPerSecond: bytesPerSecond8N1(DISPENSER_BAUD_RATE),
      chunks: serialChunks(frames(TRAFFIC, () => randomDispenserFrame(rng))),
      decode(chunks) {
        const framer = new DispenserFramer();
        let good = 0;
        chunks.forEach((c, i) => {
          for (const out of framer.push(c, i * ARRIVAL_STEP_MS)) if (out.kind === 'frame') good++;
        });
        return good;
      },
    },
    {
      id: 'scanner_serial',
      lineBytesPerSecond: bytesPerSecond8N1(DEFAULT_SERIAL_SETTINGS.baudRate),
      chunks: serialChunks(
        frames(TRAFFIC, () => {
          const { aim, text } = randomScanPayload(rng, 4096);
          return encodeSerialMessage(text, aim);
        }),
      ),
      decode(chunks) {
        const framer = new SerialFramer();
        let good = 0;
        chunks.forEach((c, i) => {
          for (const m of framer.push(c, i * ARRIVAL_STEP_MS))
            if (m.ok && decodeSerialMessage(m.value.bytes).ok) good++;
        });
        return good;
      },
    },
    {
      id: 'scanner_hid',
      lineBytesPerSecond: HID_REPORT_BYTES_PER_SECOND,
      chunks: hidReports(TRAFFIC, rng),
      decode(reports) {
        const reassembler = new HidReassembler();
        let good = 0;
        reports.forEach((r, i) => {
          for (const out of reassembler.push(r, i * ARRIVAL_STEP_MS)) if (out.ok) good++;
        });
        return good;
      },
    },
    {
      id: 'scanner_wedge',
      lineBytesPerSecond: WEDGE_CHARS_PER_SECOND,
      chunks: frames(TRAFFIC, () => {
        const { aim, text } = randomScanPayload(rng, 4096);
        return encodeSerialMessage(text, aim).map((b) => (b === GS ? 0x7e : b));
      }),
      decode(batches) {
        const decoder = new WedgeDecoder({ config: { aimPrefix: true, gsSubstitute: '~' } });
        let good = 0;
        batches.forEach((b, i) => {
          for (const out of decoder.push(latin1Text(b), i * ARRIVAL_STEP_MS)) if (out.ok) good++;
        });
        return good;
      },
    },
    {
      id: 'gs1',
      // GS1 data arrives fastest over HID POS.
      lineBytesPerSecond: HID_REPORT_BYTES_PER_SECOND,
      chunks: frames(TRAFFIC, () => {
        const { aim, text } = randomGs1Symbol(rng);
        return latin1Bytes(aim + text);
      }),
      decode(symbols) {
        let good = 0;
        for (const s of symbols)
          if (parseGs1(latin1Text(s.subarray(0, 3)), s.subarray(3), FUZZ_TODAY).ok) good++;
        return good;
      },
    },
    {
      id: 'oximeter',
      lineBytesPerSecond: bytesPerSecond8N1(OXIMETER_BAUD_RATE),
      chunks: serialChunks(frames(TRAFFIC, () => randomOximeterPacket(rng))),
      decode(chunks) {
        const framer = new OximeterFramer();
        let good = 0;
        chunks.forEach((c, i) => {
          for (const out of framer.push(c, i * ARRIVAL_STEP_MS)) if (out.kind === 'packet') good++;
        });
        return good;
      },
    },
    {
      id: 'bp_cuff',
      lineBytesPerSecond: bytesPerSecond8N1(BP_CUFF_BAUD_RATE),
      chunks: serialChunks(frames(TRAFFIC, () => randomCuffSentence(rng))),
      decode(chunks) {
        const framer = new CuffFramer();
        let good = 0;
        chunks.forEach((c, i) => {
          for (const out of framer.push(c, i * ARRIVAL_STEP_MS))
            if (out.kind === 'sentence') good++;
        });
        return good;
      },
    },
    {
      id: 'printer_escpos',
      lineBytesPerSecond: bytesPerSecond8N1(PRINTER_BAUD_RATE),
      chunks: serialChunks(frames(TRAFFIC / 4, () => randomLabelJob(rng))),
      decode(chunks) {
        const parser = new EscPosParser();
        let good = 0;
        for (const c of chunks) for (const t of parser.push(c)) if (t.ok) good++;
        return good;
      },
    },
    {
      id: 'printer_status',
      // Each DLE EOT reply is one byte on the same 115200 line.
      lineBytesPerSecond: bytesPerSecond8N1(PRINTER_BAUD_RATE),
      chunks: frames(TRAFFIC / 8, () => randomStatusReplies(rng)),
      decode(replies) {
        let good = 0;
        for (const r of replies) {
          const decoded = decodeStatus({ 1: r[0] ?? 0, 2: r[1] ?? 0, 3: r[2] ?? 0, 4: r[3] });
          if (decoded.ok) good++;
        }
        return good;
      },
    },
  ];
}

export async function run(report: ReportMeasure, progress: ReportProgress): Promise<void> {
  const rng = new Prng(1);
  for (const c of cases(rng)) {
    const bytes = c.chunks.reduce((n, chunk) => n + chunk.length, 0);
    // One untimed pass: JIT warm-up.
    if (c.decode(c.chunks) === 0)
      throw new Error(`decoder.${c.id}: valid traffic decoded to nothing`);
    let passes = 0;
    const started = performance.now();
    let seconds = 0;
    while (seconds < MIN_SECONDS) {
      c.decode(c.chunks);
      passes++;
      seconds = (performance.now() - started) / 1000;
    }
    const rate = (bytes * passes) / seconds;
    const multiple = rate / c.lineBytesPerSecond;
    progress(
      `${c.id}: ${(rate / 1e6).toFixed(2)} MB/s against a line of ${c.lineBytesPerSecond.toLocaleString('en')} B/s → ${multiple.toFixed(0)}× real time`,
    );
    report({
      id: `decoder.${c.id}.realtime_multiple`,
      value: multiple,
      unit: '×',
      goal: GOAL_MULTIPLE,
      better: 'higher',
    });
    // Yield between decoders so the runner's output is not held back by a long synchronous run.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
