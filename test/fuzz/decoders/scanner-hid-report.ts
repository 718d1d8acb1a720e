import { ACCESS_IS_HID_LAYOUT } from '../../../hardware/scanner/hid-layout';
import { decodeHidReport } from '../../../hardware/scanner/hid-report-codec';
import { toHex } from '../bytes';
import { rejectedSilently, type FuzzTarget } from '../fuzz-target';
import { HID_MAGIC } from './hid-magic';
import { isBadReport } from './hid-reference';
import { randomHidBarcode } from '../valid/hid-barcodes';

/** decodeHidReport on single reports: a short, foreign, over-long or bad-AIM report is an error. */
export const scannerHidReportTarget: FuzzTarget = {
  name: 'scanner.hid.report',
  module: 'hardware/scanner/hid-report-codec.ts',
  shape: 'message',
  resync: { gapMs: null, why: 'stateless: each call decodes one report' },
  magicBytes: HID_MAGIC,
  maxRandomLength: ACCESS_IS_HID_LAYOUT.reportLength + 16,
  validFrame: (rng) => [rng.pick(randomHidBarcode(rng))],
  createSession() {
    return {
      push(report, _atMs, tally) {
        tally.fed += report.length;
        const decoded = decodeHidReport(report);
        if (decoded.ok) {
          const { aim, data, continues } = decoded.value;
          tally.good++;
          tally.accounted += report.length;
          tally.keys?.push(`${aim ?? '-'}|${toHex(data)}|${continues ? '+' : '.'}`);
        } else {
          tally.errors++;
        }
      },
    };
  },
  missedError: (garbage, tally) => rejectedSilently(garbage.some(isBadReport), tally),
};
