import { err, ok, type Result } from '../../contracts/result';
import { DEFAULT_HID_LAYOUT, type HidLayout } from './hid-layout';
import { AIM_FLAG, AIM_LENGTH, isAimCodeChar, isAimModifierChar } from './protocol';

/**
 * One HID POS input report ↔ its fields (scanner.md §1, §7). Pure; never throws on bad bytes.
 * Reassembling reports into a barcode is hid-reassembler.ts's job.
 */

export interface HidReport {
  readonly reportId: number;
  /** `]` + code + modifier, or null when the AIM byte is not `]` (§7) or the layout has no AIM. */
  readonly aim: string | null;
  /** The N valid data bytes, copied (node-hid may reuse its buffer). */
  readonly data: Uint8Array;
  /** More reports follow for this barcode. */
  readonly continues: boolean;
}

/**
 * Why a report was dropped. Counts and header bytes only, never data bytes (DESIGN §9). The last
 * two still tell whether the report said "more follows", because the reassembler must then skip the
 * rest of that barcode.
 */
export type HidReportError =
  | { readonly code: 'short_report'; readonly length: number; readonly expected: number }
  | { readonly code: 'wrong_report_id'; readonly reportId: number; readonly expected: number }
  /** N > the layout's maximum (56): the length byte is corrupt, so the data cannot be trusted. */
  | {
      readonly code: 'bad_length';
      readonly length: number;
      readonly max: number;
      readonly aim: string | null;
      readonly continues: boolean;
    }
  /** The AIM byte is `]` but the next two are not a code letter and modifier. */
  | { readonly code: 'bad_aim'; readonly continues: boolean };

export type HidReportErrorCode = HidReportError['code'];

export function decodeHidReport(
  report: Uint8Array,
  layout: HidLayout = DEFAULT_HID_LAYOUT,
): Result<HidReport, HidReportError> {
  // Longer reports are accepted and their tail ignored: some platforms pad to the descriptor's
  // largest report. Shorter ones cannot hold the fields at their offsets.
  if (report.length < layout.reportLength) {
    return err({ code: 'short_report', length: report.length, expected: layout.reportLength });
  }
  // `?? 0`: offsets are inside the report (HidLayoutSchema, length check above).
  const at = (offset: number): number => report[offset] ?? 0;
  const reportId = at(0);
  if (reportId !== layout.reportId) {
    return err({ code: 'wrong_report_id', reportId, expected: layout.reportId });
  }
  const continues =
    layout.continuation !== null &&
    (at(layout.continuation.offset) & layout.continuation.mask) !== 0;

  let aim: string | null = null;
  if (layout.aimOffset !== null && at(layout.aimOffset) === AIM_FLAG) {
    const code = at(layout.aimOffset + 1);
    const modifier = at(layout.aimOffset + 2);
    if (!isAimCodeChar(code) || !isAimModifierChar(modifier)) {
      return err({ code: 'bad_aim', continues });
    }
    aim = String.fromCharCode(AIM_FLAG, code, modifier);
  }

  const length = at(layout.lengthOffset);
  if (length > layout.maxDataLength) {
    return err({ code: 'bad_length', length, max: layout.maxDataLength, aim, continues });
  }
  const data = report.slice(layout.dataOffset, layout.dataOffset + length);
  return ok({ reportId, aim, data, continues });
}

/**
 * The reports a scanner with this layout sends for one barcode: data split into maxDataLength
 * chunks, each report carrying the AIM, all but the last flagged "more follows". For the
 * simulator and test fixtures; like encodeSerialMessage it filters nothing, so tests can send
 * bytes the decoder must refuse. Empty data gives one report with N = 0.
 */
export function encodeHidReports(
  aim: string | null,
  data: Uint8Array,
  layout: HidLayout = DEFAULT_HID_LAYOUT,
): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let start = 0; start === 0 || start < data.length; start += layout.maxDataLength) {
    const chunk = data.subarray(start, start + layout.maxDataLength);
    const report = new Uint8Array(layout.reportLength);
    report[0] = layout.reportId;
    report[layout.lengthOffset] = chunk.length;
    if (layout.aimOffset !== null && aim !== null) {
      for (let i = 0; i < AIM_LENGTH; i++) report[layout.aimOffset + i] = aim.charCodeAt(i) & 0xff;
    }
    report.set(chunk, layout.dataOffset);
    const last = start + layout.maxDataLength >= data.length;
    if (layout.continuation !== null && !last) {
      report[layout.continuation.offset] = layout.continuation.mask;
    }
    reports.push(report);
  }
  return reports;
}
