import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Clock } from '../../contracts/clock';
import {
  ResolveShortCodeRequest,
  HUB_API_PREFIX,
  type HubError,
  type ResolveShortCodeResponse,
} from '../../contracts/hub-api';
import type { HubDatabase } from '../db/hub-database';
import { sendHubError } from '../server/hub-errors';
import { authenticateKioskRequest } from '../server/signed-request';
import { lookUpShortCode, type ShortCodeDeps, type ShortCodeLookup } from './short-codes';

/**
 * POST /api/v1/kiosks/:kioskId/short-code (contracts/hub-api.ts): a kiosk asks what a typed code
 * stands for. Signed with the device key like every kiosk request; registered inside the kiosk
 * API's plugin (hub/server/app.ts), whose body parser keeps the raw bytes the signature covers.
 * A bad signature or body changes nothing; every lookup past those is recorded (short-codes.ts).
 */

type KioskRequest = FastifyRequest<{ Params: { kioskId: string } }>;

export function registerShortCodeRoute(
  api: FastifyInstance,
  deps: ShortCodeDeps & { db: HubDatabase; clock: Pick<Clock, 'now'> },
  parseBody: <T>(raw: unknown, schema: ZodType<T>) => T,
): void {
  api.post(`${HUB_API_PREFIX}/kiosks/:kioskId/short-code`, async (request: KioskRequest, reply) => {
    const now = deps.clock.now();
    const kiosk = await authenticateKioskRequest(request, deps.db, now);
    const { code } = parseBody(request.body, ResolveShortCodeRequest);
    const lookup = await lookUpShortCode(deps, kiosk, code, now);
    // Never the code: a near miss logged next to a hit would give the hit away.
    request.log.info({ kioskId: kiosk.kioskId, outcome: lookup.outcome }, 'short code lookup');
    if (lookup.outcome === 'resolved') {
      const response: ResolveShortCodeResponse = { token: lookup.token, hubTime: deps.clock.now() };
      return reply.send(response);
    }
    if (lookup.outcome === 'rate_limited')
      reply.header('retry-after', String(Math.ceil(lookup.retryAfterMs / 1000)));
    return sendHubError(reply, refusalOf(lookup));
  });
}

function refusalOf(lookup: Exclude<ShortCodeLookup, { outcome: 'resolved' }>): HubError {
  switch (lookup.outcome) {
    case 'unknown_code':
      return { error: 'unknown_code', message: 'no prescription has this code' };
    case 'revoked':
      return { error: 'revoked', message: 'the prescription with this code was revoked' };
    case 'wrong_kiosk':
      return {
        error: 'wrong_kiosk',
        message: 'the prescription with this code is for another site or kiosk',
      };
    case 'rate_limited':
      return {
        error: 'rate_limited',
        message: `too many unknown codes from this kiosk: try again in ${Math.ceil(lookup.retryAfterMs / 60_000)} minute(s)`,
      };
  }
}
