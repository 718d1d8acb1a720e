import type { JournalEventDataOf } from '../../contracts/journal-events';

/** Signs segment checkpoints. The device key (main/keys/device-key.ts) is the real one. */
export interface CheckpointSigner {
  readonly keyId: string;
  /** ES256 over `message`, raw R‖S (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
}

/** Checks a checkpoint signature; given to open/verify when the signer's public key is known. */
export type CheckpointVerifier = (
  keyId: string,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean;

export type CheckpointData = JournalEventDataOf<'CHECKPOINT'>;

/** The signed message: UTF-8 `${segment}:${lastSeq}:${lastHash}`. */
export function checkpointMessage(segment: number, lastSeq: number, lastHash: string): Uint8Array {
  return Buffer.from(`${segment}:${lastSeq}:${lastHash}`, 'utf8');
}

export function signCheckpoint(
  signer: CheckpointSigner,
  segment: number,
  lastSeq: number,
  lastHash: string,
): CheckpointData {
  const signature = signer.sign(checkpointMessage(segment, lastSeq, lastHash));
  return {
    segment,
    lastSeq,
    lastHash,
    keyId: signer.keyId,
    signature: Buffer.from(signature).toString('base64url'),
  };
}

/**
 * Why a checkpoint does not close its segment correctly, or null when it does. `seq`/`prev` are
 * the checkpoint's own envelope members: it must name the event just before it.
 */
export function checkpointProblem(
  data: CheckpointData,
  context: { segment: number; seq: number; prev: string },
  verify: CheckpointVerifier | undefined,
): string | null {
  if (data.segment !== context.segment) {
    return `CHECKPOINT names segment ${data.segment} but is in segment ${context.segment}`;
  }
  if (data.lastSeq !== context.seq - 1) {
    return `CHECKPOINT lastSeq ${data.lastSeq} is not the seq before it (${context.seq - 1})`;
  }
  if (data.lastHash !== context.prev) {
    return 'CHECKPOINT lastHash is not the hash of the event before it';
  }
  if (verify) {
    const signature = Buffer.from(data.signature, 'base64url');
    // Buffer's base64url decoder skips bad characters; insist the text is exactly the encoding.
    const wellFormed = signature.toString('base64url') === data.signature;
    const message = checkpointMessage(data.segment, data.lastSeq, data.lastHash);
    if (!wellFormed || !verify(data.keyId, message, signature)) {
      return `CHECKPOINT signature does not verify for key ${data.keyId}`;
    }
  }
  return null;
}
