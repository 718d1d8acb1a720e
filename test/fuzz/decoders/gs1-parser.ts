import { isValidGtin } from '../../../hardware/gs1/check-digit';
import { isCset82Char } from '../../../hardware/gs1/charset82';
import { daysInMonth } from '../../../hardware/gs1/gs1-date';
import { gs1AimKind } from '../../../hardware/gs1/gs1-aim';
import type { Gs1Value } from '../../../hardware/gs1/gs1-result';
import { parseGs1 } from '../../../hardware/gs1/parse-gs1';
import { AIM_FLAG, isAllowedScanByte } from '../../../hardware/scanner/protocol';
import { latin1Bytes } from '../bytes';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { FUZZ_TODAY, randomGs1Symbol } from '../valid/gs1-symbols';

/**
 * parseGs1 on scanned symbols. The input is what a serial scanner sends (AIM + data): a leading
 * `]xy` is split off as the AIM, as the scanner codec does. Reference (scanner.md §4, §7): a non-GS1
 * AIM, empty data or a byte outside printable ASCII + GS must be an error, and a value the parser
 * accepts must hold only valid fields (GTIN check digit, calendar date, set-82 lot and serial).
 */
export const gs1ParserTarget: FuzzTarget = {
  name: 'gs1.parse',
  module: 'hardware/gs1/parse-gs1.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call parses one symbol' },
  magicBytes: [
    0x1d, 0x30, 0x31, 0x37, 0x31, 0x30, 0x32, 0x31, 0x39, 0x5d, 0x7e, 0x25, 0x2f, 0x3f, 0x26, 0x3d,
    0x20,
  ],
  maxRandomLength: 200,
  validFrame(rng) {
    const { aim, text } = randomGs1Symbol(rng);
    return [latin1Bytes(aim + text)];
  },
  createSession() {
    return {
      push(message, _atMs, tally) {
        tally.fed += message.length;
        const { aim, raw } = splitAim(message);
        const parsed = parseGs1(aim, raw, FUZZ_TODAY);
        if (!parsed.ok) {
          tally.errors++;
          return;
        }
        tally.good++;
        tally.accounted += message.length;
        if (!isSound(parsed.value)) tally.owed++;
        tally.keys?.push(valueKey(parsed.value));
      },
    };
  },
  missedError(garbage, tally) {
    const mustReject = garbage.some((m) => {
      const { aim, raw } = splitAim(m);
      return (
        gs1AimKind(aim) === undefined || raw.length === 0 || raw.some((b) => !isAllowedScanByte(b))
      );
    });
    return rejectedSilently(mustReject, tally);
  },
};

function splitAim(message: Uint8Array): { aim: string | null; raw: Uint8Array } {
  if (message.length >= 3 && message[0] === AIM_FLAG) {
    return {
      aim: String.fromCharCode(message[0] ?? 0, message[1] ?? 0, message[2] ?? 0),
      raw: message.subarray(3),
    };
  }
  return { aim: null, raw: message };
}

const isXField = (v: string): boolean =>
  v.length >= 1 && v.length <= 20 && [...v].every((c) => isCset82Char(c.charCodeAt(0)));

/** The spec's promises about an accepted value, checked without the parser's own code paths. */
function isSound(v: Gs1Value): boolean {
  if (v.gtin !== undefined && !(v.gtin.length === 14 && isValidGtin(v.gtin))) return false;
  if (v.expiryRaw !== undefined) {
    if (!/^[0-9]{6}$/.test(v.expiryRaw)) return false;
    const yy = Number(v.expiryRaw.slice(0, 2));
    const month = Number(v.expiryRaw.slice(2, 4));
    const day = Number(v.expiryRaw.slice(4, 6));
    // With today in 2026 the sliding window (−49..+50 years) is 1977–2076.
    const year = yy <= 76 ? 2000 + yy : 1900 + yy;
    if (month < 1 || month > 12 || day > daysInMonth(year, month)) return false;
    if (v.expiry === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(v.expiry)) return false;
  }
  if (v.lot !== undefined && !isXField(v.lot)) return false;
  if (v.serial !== undefined && !isXField(v.serial)) return false;
  return true;
}

function valueKey(v: Gs1Value): string {
  const other = Object.entries(v.other)
    .map(([ai, value]) => `${ai}=${value}`)
    .join(',');
  return `${v.gtin ?? '-'}|${v.expiry ?? '-'}|${v.lot ?? '-'}|${v.serial ?? '-'}|${other}`;
}
