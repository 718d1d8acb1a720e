import QRCode, { type QRCodeSegment } from 'qrcode';
import { err, ok, type Result } from '../../contracts/result';
import { SHC_PREFIX } from './shc-numeric';

/**
 * The printed symbol for a numeric token text (prescription-token.md §2): the prefix in byte mode,
 * the digits in numeric mode, error correction L. Two segments matter: as one byte-mode string the
 * same token would need about 2.4× the bits and no longer fit a version-22 code.
 */

/** §2: one V22-L QR holds a 1,195-character JWS; issuers stay at or under it. */
export const MAX_PRESCRIPTION_QR_VERSION = 22;

export interface RenderedQr {
  readonly png: Buffer;
  readonly svg: string;
  /** QR version chosen (1–40); at most `maxVersion`. */
  readonly version: number;
  readonly errorCorrectionLevel: 'L';
}

export type QrError =
  | { readonly code: 'not_numeric_text'; readonly detail: string }
  | { readonly code: 'too_large'; readonly detail: string };

export interface RenderQrOptions {
  /** `shc:/` (default) or `odb:/` for service badges. */
  readonly prefix?: string;
  /** Default MAX_PRESCRIPTION_QR_VERSION (22). */
  readonly maxVersion?: number;
  /** PNG pixels per module. Default 4. */
  readonly scale?: number;
  /** Quiet zone in modules. Default 4, the minimum the QR standard asks for. */
  readonly margin?: number;
}

function segmentsOf(text: string, prefix: string): QRCodeSegment[] | undefined {
  const digits = text.slice(prefix.length);
  if (!text.startsWith(prefix) || !/^[0-9]+$/.test(digits)) return undefined;
  return [
    { data: new TextEncoder().encode(prefix), mode: 'byte' },
    { data: digits, mode: 'numeric' },
  ];
}

/**
 * The QR version the text needs at ECC L with the two segments above, without rendering it
 * (`rx inspect`); undefined when it is not prefix + digits or fits no version.
 */
export function qrVersionOf(text: string, prefix: string = SHC_PREFIX): number | undefined {
  const segments = segmentsOf(text, prefix);
  if (!segments) return undefined;
  try {
    return QRCode.create(segments, { errorCorrectionLevel: 'L' }).version;
  } catch {
    return undefined;
  }
}

export async function renderTokenQr(
  text: string,
  options: RenderQrOptions = {},
): Promise<Result<RenderedQr, QrError>> {
  const prefix = options.prefix ?? SHC_PREFIX;
  const segments = segmentsOf(text, prefix);
  if (!segments) {
    return err({ code: 'not_numeric_text', detail: `expected ${prefix} followed by digits` });
  }
  const maxVersion = options.maxVersion ?? MAX_PRESCRIPTION_QR_VERSION;
  let version: number;
  try {
    version = QRCode.create(segments, { errorCorrectionLevel: 'L' }).version;
  } catch {
    return err({ code: 'too_large', detail: 'the text does not fit any QR version at ECC L' });
  }
  if (version > maxVersion) {
    return err({ code: 'too_large', detail: `needs QR version ${version} (max ${maxVersion})` });
  }
  const common = {
    errorCorrectionLevel: 'L' as const,
    version,
    margin: options.margin ?? 4,
  };
  const png = await QRCode.toBuffer(segments, {
    ...common,
    type: 'png',
    scale: options.scale ?? 4,
  });
  const svg = await QRCode.toString(segments, { ...common, type: 'svg' });
  return ok({ png, svg, version, errorCorrectionLevel: 'L' });
}
