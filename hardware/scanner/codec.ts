import { err, ok, type Result } from '../../contracts/result';
import {
  AIM_FLAG,
  AIM_LENGTH,
  CR,
  LF,
  MAX_MESSAGE_BYTES,
  isAimCodeChar,
  isAimModifierChar,
  isAllowedScanByte,
} from './protocol';
import type { ScanError, ScanEvent, ScanTransportKind } from './scan-event';

/**
 * Pure bytes ↔ ScanEvent for serial/CDC AIM mode (scanner.md §2). Never throws on bad input: every
 * rejection is a typed ScanError.
 */

const latin1 = new TextDecoder('latin1');

/**
 * Applies the rules every transport shares (§7: the 4,096-byte cap and printable ASCII + GS), so
 * the HID and wedge codecs reuse exactly the same checks. `offsetBase` makes `bad_byte` offsets
 * point into the original message rather than into `raw`.
 */
export function buildScanEvent(
  transport: ScanTransportKind,
  aim: string | null,
  raw: Uint8Array,
  offsetBase = 0,
): Result<ScanEvent, ScanError> {
  if (raw.length === 0) return err({ code: 'empty' });
  if (raw.length > MAX_MESSAGE_BYTES) {
    return err({ code: 'too_long', length: raw.length, max: MAX_MESSAGE_BYTES });
  }
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (!isAllowedScanByte(byte)) return err({ code: 'bad_byte', offset: offsetBase + i, byte });
  }
  // Copy: the caller's buffer (a framer's, a transport's) may be reused after we return.
  const copy = Uint8Array.from(raw);
  return ok({ transport, aim, raw: copy, text: latin1.decode(copy) });
}

/**
 * One serial message, terminator already removed by the framer, → ScanEvent. A message that does
 * not start with `]` has no AIM (the scanner was not programmed to send one); the caller decides
 * whether that is acceptable for what it expects.
 */
export function decodeSerialMessage(message: Uint8Array): Result<ScanEvent, ScanError> {
  if (message.length === 0) return err({ code: 'empty' });
  if (message.length > MAX_MESSAGE_BYTES) {
    return err({ code: 'too_long', length: message.length, max: MAX_MESSAGE_BYTES });
  }
  if (message[0] !== AIM_FLAG) return buildScanEvent('serial', null, message);

  // A leading `]` must be a well-formed identifier: accepting `]` + anything as "no AIM" would let
  // a corrupted prefix slip through as data.
  const code = message[1];
  const modifier = message[2];
  if (
    message.length < AIM_LENGTH ||
    code === undefined ||
    modifier === undefined ||
    !isAimCodeChar(code) ||
    !isAimModifierChar(modifier)
  ) {
    return err({ code: 'bad_aim' });
  }
  const aim = String.fromCharCode(AIM_FLAG, code, modifier);
  return buildScanEvent('serial', aim, message.subarray(AIM_LENGTH), AIM_LENGTH);
}

export type SerialLineEnding = 'cr' | 'crlf';

/**
 * The bytes a scanner sends for `text` (used by the simulator and tests). Characters are written
 * as UTF-8 so that a non-ASCII character produces the non-ASCII bytes a real unit would, and the
 * decoder rejects them; nothing is filtered here on purpose.
 */
export function encodeSerialMessage(
  text: string,
  aim: string | null,
  ending: SerialLineEnding = 'cr',
): Uint8Array {
  const body = new TextEncoder().encode((aim ?? '') + text);
  const suffix = ending === 'crlf' ? [CR, LF] : [CR];
  const out = new Uint8Array(body.length + suffix.length);
  out.set(body, 0);
  out.set(suffix, body.length);
  return out;
}
