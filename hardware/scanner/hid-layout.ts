import { z } from 'zod';

/**
 * Where the fields of a HID POS scanner's input report sit (scanner.md §1). Vendors differ, so the
 * codec takes the layout as configuration (project choice) and defaults to the Access-IS layout.
 */

/** HID Point of Sale usage page (USB-IF HID POS Usage Tables v1.02). */
export const HID_POS_USAGE_PAGE = 0x8c;
/** Usage 0x02 on that page: Bar Code Scanner, the top-level collection of a HID POS scanner. */
export const HID_POS_BAR_CODE_SCANNER_USAGE = 0x02;

export interface HidLayout {
  /** Byte 0 of every report we read: the report ID (node-hid delivers it as the first byte). */
  readonly reportId: number;
  /** Bytes in one report, report ID included; a shorter report is dropped. */
  readonly reportLength: number;
  /** The byte holding N, the number of valid data bytes (AIM bytes not counted). */
  readonly lengthOffset: number;
  /** First of the three AIM bytes (`]`, code, modifier), or null when the layout carries none. */
  readonly aimOffset: number | null;
  /** First data byte. */
  readonly dataOffset: number;
  /** Largest valid N; a larger one is a corrupt report. */
  readonly maxDataLength: number;
  /** Where the "more reports follow" flag is, or null when every report is a whole barcode. */
  readonly continuation: { readonly offset: number; readonly mask: number } | null;
}

/**
 * Access-IS ATR110 / LSR116 / LSR118 "HID reports – Receive data" (scanner.md §1 table): ID 0x02,
 * 64 bytes, N at 1, AIM at 2..4, data 5..60, byte 61 vendor symbology id and 62 reserved (both
 * ignored), byte 63 bit0 = continuation.
 */
export const ACCESS_IS_HID_LAYOUT: HidLayout = {
  reportId: 0x02,
  reportLength: 64,
  lengthOffset: 1,
  aimOffset: 2,
  dataOffset: 5,
  maxDataLength: 56,
  continuation: { offset: 63, mask: 0x01 },
};

/**
 * Microscan "HID Report Format" as scanner.md §1 describes it: ID 1, N at 1, 62 data bytes, no AIM
 * and no continuation flag, so its scans carry `aim: null` and a barcode must fit one report. Not
 * checked against a unit: here to show a second vendor is configuration, not code.
 */
export const MICROSCAN_HID_LAYOUT: HidLayout = {
  reportId: 0x01,
  reportLength: 64,
  lengthOffset: 1,
  aimOffset: null,
  dataOffset: 2,
  maxDataLength: 62,
  continuation: null,
};

export const DEFAULT_HID_LAYOUT = ACCESS_IS_HID_LAYOUT;

const byteIndex = z.number().int().min(0).max(1023);

/**
 * The layout as it comes from the technician's hardware config: every field must lie inside the
 * report and the data area must not overlap the header bytes, so the codec can index without
 * bounds checks of its own.
 */
export const HidLayoutSchema = z
  .strictObject({
    reportId: z.number().int().min(0).max(255),
    reportLength: z.number().int().min(2).max(1024),
    lengthOffset: byteIndex,
    aimOffset: byteIndex.nullable(),
    dataOffset: byteIndex,
    maxDataLength: z.number().int().min(1).max(255),
    continuation: z
      .strictObject({ offset: byteIndex, mask: z.number().int().min(1).max(255) })
      .nullable(),
  })
  .superRefine((layout, ctx) => {
    const inside = (name: string, start: number, length: number): void => {
      if (start < 1 || start + length > layout.reportLength) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} must lie within bytes 1..${layout.reportLength - 1} (byte 0 is the report ID)`,
        });
      }
    };
    inside('lengthOffset', layout.lengthOffset, 1);
    if (layout.aimOffset !== null) inside('aimOffset', layout.aimOffset, 3);
    inside('dataOffset', layout.dataOffset, layout.maxDataLength);
    if (layout.continuation !== null) inside('continuation', layout.continuation.offset, 1);
    const dataEnd = layout.dataOffset + layout.maxDataLength;
    const overlaps = (at: number, length: number): boolean =>
      at < dataEnd && at + length > layout.dataOffset;
    if (
      overlaps(layout.lengthOffset, 1) ||
      (layout.aimOffset !== null && overlaps(layout.aimOffset, 3)) ||
      (layout.continuation !== null && overlaps(layout.continuation.offset, 1))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['dataOffset'],
        message: 'the data bytes overlap the length, AIM or continuation byte',
      });
    }
  });
