import type { FastifyReply, FastifyRequest } from 'fastify';
import { refusal } from '../server/hub-errors';
import { resumeSession } from './console-sessions';
import type { Pharmacist } from './pharmacist-accounts';
import { sessionTokenFrom } from './session-cookie';

/**
 * Console requests are authenticated by the session cookie. State-changing requests must also
 * come from the hub's own pages: SameSite=Strict already keeps other sites' requests cookie-less,
 * and a foreign Origin header is refused outright (defence in depth for old browsers).
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requirePharmacist on console routes. */
    pharmacist?: Pharmacist;
  }
}

/** Refuses a cross-site request: its Origin names another host than the one it was sent to. */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined || request.method === 'GET' || request.method === 'HEAD') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw refusal('forbidden', 'the request comes from another site');
  }
  if (host !== request.headers.host)
    throw refusal('forbidden', 'the request comes from another site');
}

export function requirePharmacist(now: () => number) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    assertSameOrigin(request);
    const token = sessionTokenFrom(request.headers.cookie);
    if (!token) throw refusal('unauthorized', 'sign in first');
    const { db } = request.server.hub;
    const pharmacist = await resumeSession(db, token, now());
    if (!pharmacist) throw refusal('unauthorized', 'your session has ended: sign in again');
    request.pharmacist = pharmacist;
  };
}

/** The pharmacist of an authenticated request; a route without the preHandler is a bug. */
export function pharmacistOf(request: FastifyRequest): Pharmacist {
  if (!request.pharmacist) throw new Error('console route registered without requirePharmacist');
  return request.pharmacist;
}
