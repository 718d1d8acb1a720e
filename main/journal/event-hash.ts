import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** `prev` of seq 1: there is no earlier event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Every envelope member except `hash`, which is computed over these. */
export interface UnhashedEvent {
  seq: number;
  id: string;
  ts: string;
  type: string;
  data: unknown;
  prev: string;
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON of the event without `hash` (DESIGN §5). */
export function hashEvent(event: UnhashedEvent): string {
  const canonical = canonicalize(event);
  // canonicalize returns undefined only for undefined input; an event object is never that.
  if (canonical === undefined) throw new Error('event could not be canonicalised');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
