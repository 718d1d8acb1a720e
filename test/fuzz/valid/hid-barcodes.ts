import { encodeHidReports } from '../../../hardware/scanner/hid-report-codec';
import { latin1Bytes } from '../bytes';
import type { Prng } from '../prng';
import { randomScanPayload } from './scan-payloads';

/** The reports an Access-IS scanner sends for one barcode, from the codec's own encoder. */
export function randomHidBarcode(rng: Prng): Uint8Array[] {
  const { aim, text } = randomScanPayload(rng, 4096);
  return encodeHidReports(aim, latin1Bytes(text));
}
