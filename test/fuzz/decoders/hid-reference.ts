import { ACCESS_IS_HID_LAYOUT } from '../../../hardware/scanner/hid-layout';
import {
  AIM_FLAG,
  isAimCodeChar,
  isAimModifierChar,
  isAllowedScanByte,
} from '../../../hardware/scanner/protocol';

/**
 * scanner.md §1 and §7 restated for the Access-IS layout, independently of the codec: the facts
 * about one report that oblige the HID decoders to report an error.
 */

const L = ACCESS_IS_HID_LAYOUT;

/** Short, another report ID, N > 56, or `]` followed by no valid AIM (§7). */
export function isBadReport(report: Uint8Array): boolean {
  if (report.length < L.reportLength) return true;
  if (report[0] !== L.reportId) return true;
  const aimAt = L.aimOffset ?? 0;
  if (
    report[aimAt] === AIM_FLAG &&
    (!isAimCodeChar(report[aimAt + 1] ?? 0) || !isAimModifierChar(report[aimAt + 2] ?? 0))
  ) {
    return true;
  }
  return (report[L.lengthOffset] ?? 0) > L.maxDataLength;
}

/** A good report says more reports follow. */
export function continues(report: Uint8Array): boolean {
  const flag = L.continuation;
  return flag !== null && ((report[flag.offset] ?? 0) & flag.mask) !== 0;
}

/** A good report whose N data bytes include one a scan may not contain. */
export function hasBadDataByte(report: Uint8Array): boolean {
  const n = report[L.lengthOffset] ?? 0;
  for (let i = 0; i < n; i++) if (!isAllowedScanByte(report[L.dataOffset + i] ?? 0)) return true;
  return false;
}
