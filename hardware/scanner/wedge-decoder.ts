import { err, type Result } from '../../contracts/result';
import { buildScanEvent, decodeSerialMessage } from './codec';
import { SerialFramer } from './framer';
import { AIM_LENGTH, GS, findSymbology } from './protocol';
import type { ScanError, ScanEvent } from './scan-event';
import type { WedgeConfig } from './wedge-config';

/**
 * Keyboard-wedge keystrokes → ScanEvents (scanner.md §3, §7). The renderer forwards the keys the
 * UI does not use as `WEDGE_KEYS` events (Enter as `\r`); main feeds their `keys` here with the
 * arrival time. A message ends at CR; the rules every transport shares (printable ASCII + GS, the
 * 4,096-byte cap) apply as on serial. §7 applies no inter-key gap to the wedge.
 */

export type WedgeDecoderError = ScanError;
export type WedgeDecoderOutput = Result<ScanEvent, WedgeDecoderError>;

export interface WedgeDecoderOptions {
  readonly config: WedgeConfig;
}

const encoder = new TextEncoder();

export class WedgeDecoder {
  private readonly config: WedgeConfig;
  // The serial framer already does CR / CR+LF boundaries and the overflow reset; with no gap
  // (Infinity) it is exactly the wedge's framing.
  private readonly framer = new SerialFramer({ interByteGapMs: Number.POSITIVE_INFINITY });

  constructor(options: WedgeDecoderOptions) {
    this.config = options.config;
  }

  /** Characters held for the message in progress (as bytes). */
  get pendingBytes(): number {
    return this.framer.pendingBytes;
  }

  /** Feeds one WEDGE_KEYS batch; returns the scans and errors it completed, in order. */
  push(keys: string, arrivalMs: number): WedgeDecoderOutput[] {
    // UTF-8 on purpose: a character a non-US layout produced becomes non-ASCII bytes, which the
    // codec rejects (bad_byte) rather than passing a corrupted character on.
    return this.framer
      .push(encoder.encode(keys), arrivalMs)
      .map((framed) => (framed.ok ? this.decode(framed.value.bytes) : framed));
  }

  reset(): void {
    this.framer.reset();
  }

  private decode(message: Uint8Array): WedgeDecoderOutput {
    // Without a programmed prefix, a leading `]` is data: trusting it would let typed text claim a
    // GS1 symbology whose separators the wedge has lost.
    if (!this.config.aimPrefix) return buildScanEvent('wedge', null, message);

    const serial = decodeSerialMessage(message);
    if (!serial.ok) return err(serial.error);
    const { aim, raw } = serial.value;
    const offsetBase = aim === null ? 0 : AIM_LENGTH;
    // Only GS1 symbologies carry FNC1 separators; in any other symbology (a Digital Link URL in a
    // plain QR, say) the substitute character is data and stays as it is.
    if (!findSymbology(aim)?.gs1) return buildScanEvent('wedge', aim, raw, offsetBase);
    const substitute = this.config.gsSubstitute.charCodeAt(0);
    const restored = raw.map((byte) => (byte === substitute ? GS : byte));
    return buildScanEvent('wedge', aim, restored, offsetBase);
  }
}
