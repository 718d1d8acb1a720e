import type { Prng } from './prng';

/**
 * Byte-level damage a serial line or a confused device does to frames: bit flips, inserted and
 * dropped bytes, truncation, duplication and two frames spliced together. Each operator returns a
 * new array; the valid frames in the pool are never modified.
 */

export type ByteMutation = (bytes: Uint8Array, rng: Prng, magic: readonly number[]) => Uint8Array;

/** A byte that is often interesting to the decoder (a sync byte, a terminator) or any byte. */
export function noiseByte(rng: Prng, magic: readonly number[]): number {
  return magic.length > 0 && rng.chance(0.5) ? rng.pick(magic) : rng.byte();
}

/** `length` random bytes, a fair share of them magic. */
export function randomBytes(rng: Prng, length: number, magic: readonly number[]): Uint8Array {
  const out = new Uint8Array(length);
  // Four bytes per draw: this runs for every random input, so it is the generator's hot loop.
  for (let i = 0; i < length; i += 4) {
    const word = rng.u32();
    out[i] = word;
    out[i + 1] = word >>> 8;
    out[i + 2] = word >>> 16;
    out[i + 3] = word >>> 24;
  }
  // Half the strings are plain noise (a baud mismatch); the other half get one protocol byte in
  // four, which is what reaches the deeper decoder paths.
  if (magic.length > 0 && rng.chance(0.5)) {
    for (let i = 0; i < length; i++) {
      if ((out[i] ?? 0) < 64) out[i] = magic[rng.below(magic.length)] ?? 0;
    }
  }
  return out;
}

/** A random length: mostly short, sometimes up to `max`, so both paths get most of the time. */
export function randomLength(rng: Prng, max: number): number {
  const r = rng.below(100);
  if (r < 45) return rng.int(0, Math.min(16, max));
  if (r < 90) return rng.int(0, Math.min(256, max));
  return rng.int(0, max);
}

const flipBits: ByteMutation = (bytes, rng) => {
  if (bytes.length === 0) return bytes;
  const out = bytes.slice();
  const flips = rng.int(1, 3);
  for (let i = 0; i < flips; i++) {
    const at = rng.below(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << rng.below(8));
  }
  return out;
};

const setByte: ByteMutation = (bytes, rng, magic) => {
  if (bytes.length === 0) return bytes;
  const out = bytes.slice();
  out[rng.below(out.length)] = noiseByte(rng, magic);
  return out;
};

const insertBytes: ByteMutation = (bytes, rng, magic) => {
  const count = rng.int(1, 8);
  const at = rng.int(0, bytes.length);
  const out = new Uint8Array(bytes.length + count);
  out.set(bytes.subarray(0, at), 0);
  for (let i = 0; i < count; i++) out[at + i] = noiseByte(rng, magic);
  out.set(bytes.subarray(at), at + count);
  return out;
};

const deleteBytes: ByteMutation = (bytes, rng) => {
  if (bytes.length === 0) return bytes;
  const at = rng.below(bytes.length);
  const count = Math.min(rng.int(1, 8), bytes.length - at);
  const out = new Uint8Array(bytes.length - count);
  out.set(bytes.subarray(0, at), 0);
  out.set(bytes.subarray(at + count), at);
  return out;
};

const truncateTail: ByteMutation = (bytes, rng) => bytes.slice(0, rng.below(bytes.length + 1));

const truncateHead: ByteMutation = (bytes, rng) =>
  bytes.slice(rng.int(1, Math.max(1, bytes.length)));

const duplicateSlice: ByteMutation = (bytes, rng) => {
  if (bytes.length === 0) return bytes;
  const start = rng.below(bytes.length);
  const end = rng.int(start + 1, bytes.length);
  const at = rng.int(0, bytes.length);
  const slice = bytes.subarray(start, end);
  const out = new Uint8Array(bytes.length + slice.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(slice, at);
  out.set(bytes.subarray(at), at + slice.length);
  return out;
};

/** The same byte value at every position of a run: a stuck line, a flood. */
const repeatByte: ByteMutation = (bytes, rng, magic) => {
  const count = rng.int(1, 64);
  const value = noiseByte(rng, magic);
  const at = rng.int(0, bytes.length);
  const out = new Uint8Array(bytes.length + count);
  out.set(bytes.subarray(0, at), 0);
  out.fill(value, at, at + count);
  out.set(bytes.subarray(at), at + count);
  return out;
};

export const BYTE_MUTATIONS: readonly ByteMutation[] = [
  flipBits,
  flipBits,
  setByte,
  insertBytes,
  deleteBytes,
  truncateTail,
  truncateHead,
  duplicateSlice,
  repeatByte,
];

/** The head of one frame joined to the tail of another, as when a byte run is lost mid-frame. */
export function splice(a: Uint8Array, b: Uint8Array, rng: Prng): Uint8Array {
  const head = a.subarray(0, rng.int(0, a.length));
  const tail = b.subarray(rng.int(0, b.length));
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** Applies 1–3 random byte mutations. */
export function mutateBytes(bytes: Uint8Array, rng: Prng, magic: readonly number[]): Uint8Array {
  let out = bytes;
  const rounds = rng.int(1, 3);
  for (let i = 0; i < rounds; i++) out = rng.pick(BYTE_MUTATIONS)(out, rng, magic);
  return out;
}
