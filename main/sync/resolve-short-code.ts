import type { Logger } from 'pino';
import type { Clock } from '../../contracts/clock';
import type { ShortCodeResolution } from '../../state-machines/kiosk-session';
import type { Journal } from '../journal';
import { createHubClient, type HubCallError, type RequestSigner } from './hub-client';

/**
 * The kiosk's side of short codes (DESIGN §9): the code a patient types when the QR will not scan
 * is sent to the hub (a signed request, like sync) and the QR text it answers with goes into the
 * same verification as a scan, so every offline rule still applies. Without a hub to ask (not
 * enrolled, no answer, the hub refusing this kiosk) the patient is told to call the pharmacist.
 * Neither the code nor the token is logged or journaled; a refusal by the hub is journaled as
 * RX_REFUSED, like any refused prescription.
 */

/** Long enough for a slow link, short enough for a patient standing at the screen. */
export const SHORT_CODE_TIMEOUT_MS = 8_000;

export interface ShortCodeResolverOptions {
  /** The enrolled kiosk's hub; null before enrollment (there is nobody to ask). */
  hub: { hubUrl: string; kioskId: string; signer: RequestSigner } | null;
  clock: Clock;
  journal: Pick<Journal, 'append'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Default SHORT_CODE_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Seam for tests. */
  fetch?: typeof fetch;
}

export type ShortCodeResolver = (code: string) => Promise<ShortCodeResolution>;

const OFFLINE: ShortCodeResolution = { ok: false, reason: 'offline' };

export function createShortCodeResolver(options: ShortCodeResolverOptions): ShortCodeResolver {
  const { hub, journal, logger } = options;
  if (hub === null) return async () => OFFLINE;
  const client = createHubClient({
    ...hub,
    clock: options.clock,
    timeoutMs: options.timeoutMs ?? SHORT_CODE_TIMEOUT_MS,
    ...(options.fetch && { fetch: options.fetch }),
  });

  return async (code) => {
    let answer = await client.resolveShortCode(code);
    // The refusal taught the client the hub's clock (hub-client.ts): one retry is then dated right.
    if (!answer.ok && answer.error.kind === 'refused' && answer.error.error.error === 'stale_date')
      answer = await client.resolveShortCode(code);
    if (answer.ok) {
      logger.info({ outcome: 'resolved' }, 'short code resolved by the hub');
      return { ok: true, text: answer.value.body.token };
    }
    const failure = answer.error;
    const refused = failure.kind === 'refused' ? failure.error.error : null;
    logger.info(
      { outcome: refused ?? failure.kind, ...describe(failure) },
      'short code not resolved',
    );
    if (refused === 'unknown_code') return { ok: false, reason: 'not_found' };
    // Too many unknown codes from this kiosk lately: typing again now would only be refused.
    if (refused === 'rate_limited') return { ok: false, reason: 'too_many' };
    if (refused === 'revoked' || refused === 'wrong_kiosk') {
      const detail =
        refused === 'revoked'
          ? 'the hub refused a typed short code: its prescription is revoked'
          : 'the hub refused a typed short code: its prescription is for another site or kiosk';
      await journal.append('RX_REFUSED', { reason: refused, detail });
      return { ok: false, reason: 'refused', refusal: refused, detail };
    }
    // No answer, or the hub refusing the kiosk itself:
    // nothing a patient can fix by typing again.
    if (refused !== null) logger.warn({ refused }, 'the hub refused a short code lookup');
    return OFFLINE;
  };
}

/** What went wrong, for the log: the kind and the hub's message, never the request. */
function describe(failure: HubCallError): Record<string, unknown> {
  return failure.kind === 'refused'
    ? { status: failure.status }
    : { kind: failure.kind, message: failure.message };
}
