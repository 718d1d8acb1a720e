import {
  HID_LATE_CONTINUATION_WINDOW_MS,
  HidReassembler,
  type HidReassemblerOutput,
} from '../../../hardware/scanner/hid-reassembler';
import { rejectedSilently, type FuzzTarget, type Tally } from '../fuzz-target';
import { HID_MAGIC } from './hid-magic';
import { continues, hasBadDataByte, isBadReport } from './hid-reference';
import { randomHidBarcode } from '../valid/hid-barcodes';
import { scanKey } from './scan-key';

/**
 * HID POS reports with arrival times through HidReassembler, with the driver's gap timer
 * (expire at gapDeadlineMs) emulated between reports, as hid-driver.ts arms it.
 */
export const scannerHidReassemblerTarget: FuzzTarget = {
  name: 'scanner.hid',
  module: 'hardware/scanner/hid-reassembler.ts',
  shape: 'reports',
  resync: {
    gapMs: HID_LATE_CONTINUATION_WINDOW_MS,
    why:
      'reports of a discarded barcode with the same AIM are dropped for 1 s after its last ' +
      'report (scanner.md §7), so a new scan is taken only after that window',
  },
  magicBytes: HID_MAGIC,
  maxRandomLength: 6,
  validFrame: randomHidBarcode,
  createSession() {
    const reassembler = new HidReassembler();
    const count = (tally: Tally, outputs: readonly HidReassemblerOutput[]): void => {
      for (const output of outputs) {
        if (output.ok) {
          tally.good++;
          tally.keys?.push(scanKey(output.value));
        } else {
          tally.errors++;
        }
      }
    };
    return {
      push(report, atMs, tally) {
        tally.fed++;
        tally.accounted++;
        const deadline = reassembler.gapDeadlineMs;
        if (deadline !== null && atMs >= deadline) count(tally, reassembler.expire(deadline));
        count(tally, reassembler.push(report, atMs));
      },
    };
  },
  missedError(garbage, tally) {
    // Reports are not byte-accounted (a barcode's reports are not returned with the scan), so
    // the spec decides: a bad report, a bad data byte, or a barcode left open must be reported.
    let lastGood: Uint8Array | undefined;
    let mustReject = false;
    for (const report of garbage) {
      if (isBadReport(report)) {
        mustReject = true;
        continue;
      }
      if (hasBadDataByte(report)) mustReject = true;
      lastGood = report;
    }
    if (lastGood && continues(lastGood)) mustReject = true;
    return rejectedSilently(mustReject, tally);
  },
};
