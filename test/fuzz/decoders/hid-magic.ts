import { ACCESS_IS_HID_LAYOUT } from '../../../hardware/scanner/hid-layout';
import { AIM_FLAG, GS } from '../../../hardware/scanner/protocol';

/** Report bytes that matter: report IDs, N at and past the limit, the AIM flag, the continuation bit. */
export const HID_MAGIC: readonly number[] = [
  ACCESS_IS_HID_LAYOUT.reportId,
  0x01,
  0x00,
  ACCESS_IS_HID_LAYOUT.maxDataLength,
  ACCESS_IS_HID_LAYOUT.maxDataLength + 1,
  AIM_FLAG,
  GS,
  0x64, // d
  0x32, // 2
  0x0d,
  0x80,
  0xff,
];
