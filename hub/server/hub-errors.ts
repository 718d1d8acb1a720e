import type { FastifyReply } from 'fastify';
import type { HubError, HubErrorCode } from '../../contracts/hub-api';

/** The HTTP status of each refusal (contracts/hub-api.ts HubErrorCode). */
export const HUB_ERROR_STATUS: Readonly<Record<HubErrorCode, number>> = {
  bad_request: 400,
  too_large: 413,
  bad_signature: 401,
  stale_date: 401,
  replayed: 401,
  unknown_kiosk: 401,
  revoked_kiosk: 403,
  bad_enrollment_code: 400,
  gap: 409,
  chain_broken: 400,
  fork: 409,
  unauthorized: 401,
  forbidden: 403,
  locked_out: 429,
  not_found: 404,
  unknown_code: 404,
  revoked: 410,
  wrong_kiosk: 403,
  rate_limited: 429,
};

/**
 * A refusal raised inside a transaction so the transaction rolls back (every refusal changes
 * nothing), then answered as `HubError`. Only for expected refusals; bugs stay plain errors (500).
 */
export class HubRefusal extends Error {
  constructor(readonly body: HubError) {
    super(body.message);
    this.name = 'HubRefusal';
  }
}

export const refusal = (
  error: HubErrorCode,
  message: string,
  extra: Pick<HubError, 'lastSeq' | 'lastHash'> = {},
): HubRefusal => new HubRefusal({ error, message, ...extra });

export function sendHubError(reply: FastifyReply, body: HubError): FastifyReply {
  return reply.code(HUB_ERROR_STATUS[body.error]).type('application/json').send(body);
}
