import { inflateRawSync } from 'node:zlib';
import { err, ok, type Result } from '../../contracts/result';

/**
 * Raw DEFLATE (RFC 1951) with the caps of prescription-token.md §4 step 5: at most 64 KiB out and
 * at most 100 bytes out per byte in, so a tiny token cannot expand into a memory bomb; and no
 * bytes after the end block, so nothing unsigned-looking can ride along in a signed payload.
 */

export const MAX_INFLATED_BYTES = 64 * 1024;
export const MAX_INFLATE_RATIO = 100;

export type InflateError =
  | { readonly code: 'too_large'; readonly limit: number }
  | { readonly code: 'corrupt' }
  | { readonly code: 'trailing_data'; readonly extraBytes: number };

export interface InflateCaps {
  readonly maxBytes?: number;
  readonly maxRatio?: number;
}

/** What zlib returns with `info: true` (typed as a Buffer in @types/node): output + engine state. */
interface InflateInfo {
  buffer: Buffer;
  engine: { bytesWritten: number };
}

function isInflateInfo(value: unknown): value is InflateInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<InflateInfo>;
  return Buffer.isBuffer(v.buffer) && typeof v.engine?.bytesWritten === 'number';
}

export function inflateRawCapped(
  compressed: Uint8Array,
  caps: InflateCaps = {},
): Result<Uint8Array, InflateError> {
  const limit = Math.min(
    caps.maxBytes ?? MAX_INFLATED_BYTES,
    compressed.length * (caps.maxRatio ?? MAX_INFLATE_RATIO),
  );
  if (limit < 1) return err({ code: 'corrupt' });
  let result: unknown;
  try {
    // `maxOutputLength` makes zlib stop and throw as soon as the output would pass the limit,
    // so the bomb is never fully expanded in memory.
    result = inflateRawSync(compressed, { maxOutputLength: limit, info: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return err({ code: 'too_large', limit });
    }
    return err({ code: 'corrupt' });
  }
  if (!isInflateInfo(result)) return err({ code: 'corrupt' });
  // zlib stops at the final block and ignores the rest; `bytesWritten` is the input it consumed.
  const extraBytes = compressed.length - result.engine.bytesWritten;
  if (extraBytes !== 0) return err({ code: 'trailing_data', extraBytes });
  return ok(new Uint8Array(result.buffer));
}
