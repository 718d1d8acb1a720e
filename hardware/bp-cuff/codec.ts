import { err, ok, type Result } from '../../contracts/result';
import {
  CHECKSUM_DELIMITER,
  CR,
  ERROR_TEXT_PATTERN,
  FIELD_COUNT,
  LF,
  MAX_LINE_BYTES,
  PHASE_DEFLATE,
  PHASE_INFLATE,
  SENTENCE_START,
  SEQ_MAX,
  SEQ_MIN,
  TALKER,
} from './protocol';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type CuffPhase = 'INF' | 'DEF';

/** One decoded sentence. Host → cuff and cuff → host share one union; `type` is the TYPE field. */
export type CuffSentence =
  | { type: 'START'; seq: number }
  | { type: 'STOP'; seq: number }
  | { type: 'ACK'; seq: number }
  | { type: 'P'; seq: number; phase: CuffPhase; pressure: number }
  | {
      type: 'R';
      seq: number;
      /** As sent; the driver accepts only "mmHg" (vitals.md §C). */
      unit: string;
      systolic: number;
      diastolic: number;
      /** Mean arterial pressure. */
      map: number;
      /** Pulse rate, bpm. */
      pulse: number;
      /** 0x2A35 measurement status bits (16 bits). */
      status: number;
    }
  | {
      type: 'E';
      seq: number;
      /** "E01" … "E07" (any `E` + 2 digits is decoded; unknown codes map to "unknown"). */
      code: string;
      text: string;
    };

export type CuffSentenceType = CuffSentence['type'];

export type CuffCodecErrorCode =
  /** Longer than 96 bytes including CR LF. */
  | 'TOO_LONG'
  /** A byte outside printable ASCII. */
  | 'NOT_ASCII'
  /** Does not start with `$`. */
  | 'BAD_START'
  /** No `*HH` at the end. */
  | 'NO_CHECKSUM'
  /** `HH` is not the XOR of the bytes between `$` and `*`. */
  | 'BAD_CHECKSUM'
  /** The talker is not `BP`. */
  | 'BAD_TALKER'
  /** TYPE is none of START, STOP, ACK, P, R, E. */
  | 'UNKNOWN_TYPE'
  /** The wrong number of fields for the TYPE. */
  | 'BAD_FIELD_COUNT'
  /** A field does not have its form (seq 1..65535, 3 digits, 4 hex digits, INF/DEF, …). */
  | 'BAD_FIELD';

export interface CuffCodecError {
  code: CuffCodecErrorCode;
  detail: string;
  /** The TYPE field when it could be read (logs). */
  type?: string;
}

// ---------------------------------------------------------------------------------------------
// Checksum and helpers
// ---------------------------------------------------------------------------------------------

/** XOR of every byte of `body` (the part between `$` and `*`). */
export function xorChecksum(body: Uint8Array | string): number {
  let x = 0;
  if (typeof body === 'string') {
    for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i) & 0xff;
  } else {
    for (const b of body) x ^= b;
  }
  return x;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0').toUpperCase();
const digits3 = (n: number): string => String(n).padStart(3, '0');

const isPrintableAscii = (b: number): boolean => b >= 0x20 && b <= 0x7e;

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A line as text for logs: printable ASCII as is, CR/LF and others as \xNN. */
export function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) =>
    isPrintableAscii(b) ? String.fromCharCode(b) : `\\x${hex2(b)}`,
  ).join('');
}

// ---------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------

/**
 * The fields of a sentence after `$BP,`, as text. Throws RangeError for a field out of range: the
 * driver and simulator always build encodable sentences, so this is a caller bug.
 */
function fieldsOf(s: CuffSentence): string[] {
  checkSeq(s.seq);
  switch (s.type) {
    case 'START':
    case 'STOP':
    case 'ACK':
      return [s.type, String(s.seq)];
    case 'P':
      check3(s.pressure, 'pressure');
      return [s.type, String(s.seq), s.phase, digits3(s.pressure)];
    case 'R':
      if (!/^[A-Za-z]{1,8}$/.test(s.unit)) throw new RangeError(`bp-cuff codec: unit "${s.unit}"`);
      check3(s.systolic, 'systolic');
      check3(s.diastolic, 'diastolic');
      check3(s.map, 'map');
      check3(s.pulse, 'pulse');
      if (!Number.isInteger(s.status) || s.status < 0 || s.status > 0xffff) {
        throw new RangeError(`bp-cuff codec: status ${s.status} is not 16 bits`);
      }
      return [
        s.type,
        String(s.seq),
        s.unit,
        digits3(s.systolic),
        digits3(s.diastolic),
        digits3(s.map),
        digits3(s.pulse),
        s.status.toString(16).padStart(4, '0').toUpperCase(),
      ];
    case 'E':
      if (!/^E[0-9]{2}$/.test(s.code)) throw new RangeError(`bp-cuff codec: code "${s.code}"`);
      if (!ERROR_TEXT_PATTERN.test(s.text)) {
        throw new RangeError(`bp-cuff codec: E text "${s.text}" is not 1–40 of A-Z0-9_ -`);
      }
      return [s.type, String(s.seq), s.code, s.text];
  }
}

function checkSeq(seq: number): void {
  if (!Number.isInteger(seq) || seq < SEQ_MIN || seq > SEQ_MAX) {
    throw new RangeError(`bp-cuff codec: seq ${seq} is outside ${SEQ_MIN}..${SEQ_MAX}`);
  }
}

function check3(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 999) {
    throw new RangeError(`bp-cuff codec: ${name} ${value} does not fit 3 digits`);
  }
}

/** The sentence without its terminator, e.g. `$BP,START,1*63`. */
export function encodeSentenceText(s: CuffSentence): string {
  const body = [TALKER, ...fieldsOf(s)].join(',');
  return `$${body}*${hex2(xorChecksum(body))}`;
}

/** Sentence → bytes on the wire, CR LF included. Throws RangeError for a caller bug (see above). */
export function encodeSentence(s: CuffSentence): Uint8Array {
  const line = `${encodeSentenceText(s)}\r\n`;
  if (line.length > MAX_LINE_BYTES) {
    throw new RangeError(`bp-cuff codec: ${line.length}-byte line exceeds ${MAX_LINE_BYTES}`);
  }
  return ascii(line);
}

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

const SEQ_FIELD = /^[0-9]{1,5}$/;
const THREE_DIGITS = /^[0-9]{3}$/;
const FOUR_HEX = /^[0-9A-Fa-f]{4}$/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;

const fail = (
  code: CuffCodecErrorCode,
  detail: string,
  type?: string,
): { ok: false; error: CuffCodecError } =>
  err(type === undefined ? { code, detail } : { code, detail, type });

/**
 * One line → sentence. The line may end with CR LF (or LF) or not. Never throws: every malformed
 * input is a CuffCodecError (bad checksum, unknown TYPE and wrong field count are rejected, and
 * the host does not NAK them: vitals.md §B.2).
 */
export function decodeSentence(input: Uint8Array | string): Result<CuffSentence, CuffCodecError> {
  let bytes = typeof input === 'string' ? ascii(input) : input;
  const withTerminator = bytes.length;
  if (bytes.length > 0 && bytes[bytes.length - 1] === LF) {
    bytes = bytes.subarray(0, bytes.length - (bytes[bytes.length - 2] === CR ? 2 : 1));
  }
  // The limit counts CR LF, whether or not this call was given them.
  const lineLength = withTerminator === bytes.length ? bytes.length + 2 : withTerminator;
  if (lineLength > MAX_LINE_BYTES) {
    return fail('TOO_LONG', `${lineLength}-byte line exceeds ${MAX_LINE_BYTES}`);
  }
  for (const b of bytes) {
    if (!isPrintableAscii(b)) return fail('NOT_ASCII', `byte 0x${hex2(b)} is not printable ASCII`);
  }
  if (bytes[0] !== SENTENCE_START) return fail('BAD_START', 'the line does not start with $');
  const star = bytes.lastIndexOf(CHECKSUM_DELIMITER);
  if (star < 0 || bytes.length - star - 1 !== 2) {
    return fail('NO_CHECKSUM', 'the line does not end with *HH');
  }
  const text = String.fromCharCode(...bytes);
  const hh = text.slice(star + 1);
  if (!HEX2.test(hh)) return fail('NO_CHECKSUM', `"${hh}" is not two hex digits`);
  const body = text.slice(1, star);
  const expected = xorChecksum(body);
  if (parseInt(hh, 16) !== expected) {
    return fail('BAD_CHECKSUM', `*${hh.toUpperCase()}, expected *${hex2(expected)}`);
  }
  const parts = body.split(',');
  const [talker, type, ...fields] = parts;
  if (talker !== TALKER) return fail('BAD_TALKER', `talker "${talker ?? ''}", expected BP`);
  if (type === undefined || !(type in FIELD_COUNT)) {
    return fail('UNKNOWN_TYPE', `TYPE "${type ?? ''}"`, type);
  }
  const known = type as CuffSentenceType;
  const want = FIELD_COUNT[known];
  if (fields.length !== want) {
    return fail('BAD_FIELD_COUNT', `${type} with ${fields.length} field(s), needs ${want}`, type);
  }
  const seqText = fields[0] ?? '';
  const seq = SEQ_FIELD.test(seqText) ? Number(seqText) : Number.NaN;
  if (!(seq >= SEQ_MIN && seq <= SEQ_MAX)) {
    return fail('BAD_FIELD', `seq "${seqText}" is not 1..65535`, type);
  }
  switch (known) {
    case 'START':
    case 'STOP':
    case 'ACK':
      return ok({ type: known, seq });
    case 'P': {
      const [, phase = '', pressure = ''] = fields;
      if (phase !== PHASE_INFLATE && phase !== PHASE_DEFLATE) {
        return fail('BAD_FIELD', `phase "${phase}" is not INF or DEF`, type);
      }
      if (!THREE_DIGITS.test(pressure)) {
        return fail('BAD_FIELD', `pressure "${pressure}" is not 3 digits`, type);
      }
      return ok({ type: 'P', seq, phase, pressure: Number(pressure) });
    }
    case 'R': {
      const [, unit = '', sys = '', dia = '', map = '', pulse = '', status = ''] = fields;
      if (!/^[A-Za-z]{1,8}$/.test(unit)) return fail('BAD_FIELD', `unit "${unit}"`, type);
      for (const [name, value] of [
        ['systolic', sys],
        ['diastolic', dia],
        ['map', map],
        ['pulse', pulse],
      ] as const) {
        if (!THREE_DIGITS.test(value)) {
          return fail('BAD_FIELD', `${name} "${value}" is not 3 digits`, type);
        }
      }
      if (!FOUR_HEX.test(status)) {
        return fail('BAD_FIELD', `status "${status}" is not 4 hex digits`, type);
      }
      return ok({
        type: 'R',
        seq,
        unit,
        systolic: Number(sys),
        diastolic: Number(dia),
        map: Number(map),
        pulse: Number(pulse),
        status: parseInt(status, 16),
      });
    }
    case 'E': {
      const [, code = '', text = ''] = fields;
      if (!/^E[0-9]{2}$/.test(code)) return fail('BAD_FIELD', `code "${code}"`, type);
      if (!ERROR_TEXT_PATTERN.test(text)) {
        return fail('BAD_FIELD', `text "${text}" is not 1–40 of A-Z0-9_ -`, type);
      }
      return ok({ type: 'E', seq, code, text });
    }
  }
}

/** Short rendering for logs and the technician's traffic view. */
export function describeSentence(s: CuffSentence): string {
  return encodeSentenceText(s);
}
