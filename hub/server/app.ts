import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { ZodType } from 'zod';
import type { Clock } from '../../contracts/clock';
import {
  DownloadsRequest,
  EnrollRequest,
  HUB_API_PREFIX,
  HUB_ROUTES,
  MAX_CLOCK_SKEW_MS,
  MAX_HUB_BODY_BYTES,
  UploadRequest,
  type DownloadsResponse,
  type UploadResponse,
} from '../../contracts/hub-api';
import { publicKeyFromJwk } from '../../main/keys/es256';
import type { RootKey } from '../../main/prescriptions/root-key';
import type { HubDatabase } from '../db/hub-database';
import { scopesOfKiosk } from './download-scopes';
import { createDownloadsStore, type DownloadsStore } from './downloads-store';
import { enrollKiosk } from './enroll';
import { HubRefusal, refusal, sendHubError } from './hub-errors';
import { ingestEvents } from './ingest-events';
import { detectDuplicateFills } from '../pharmacy/duplicate-fills';
import { registerShortCodeRoute } from '../pharmacy/short-code-route';
import { registerLocalControlRoutes } from './local-control';
import { assertKioskActive, authenticateKioskRequest, consumeNonce } from './signed-request';

/**
 * The hub's HTTP app (DESIGN §7, contracts/hub-api.ts): enrollment, the two signed sync endpoints
 * and health. The console (hub/console, hub/pharmacy) registers its own plugin on the returned
 * instance and reaches the storage and the downloads through `app.hub`.
 */

export interface HubAppDeps {
  db: HubDatabase;
  /** The operator root key (prescription-token.md §4a): signs every download. */
  rootKey: RootKey;
  clock: Pick<Clock, 'now'>;
  /** A pino logger (structured; never given keys, codes or patient data). */
  logger: FastifyBaseLogger;
  /** Default: a store over `db` signing with `rootKey`. */
  downloads?: DownloadsStore;
  /** When set, the loopback operator routes of local-control.ts accept this token. */
  localControlToken?: string;
}

/** What the hub's own routes and its plugins (the console) share. */
export interface HubContext {
  db: HubDatabase;
  downloads: DownloadsStore;
  rootKey: RootKey;
  clock: Pick<Clock, 'now'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: HubContext;
  }
}

/** A nonce can be replayed only while its request's date is inside the window, which is at most
 * two windows after the hub first saw it (the kiosk's clock ahead, then behind). */
const NONCE_RETENTION_MS = 2 * MAX_CLOCK_SKEW_MS;
const NONCE_PRUNE_EVERY_MS = 60_000;

type KioskRequest = FastifyRequest<{ Params: { kioskId: string } }>;

export function buildHubApp(deps: HubAppDeps): FastifyInstance {
  const { db, rootKey, clock, logger } = deps;
  const downloads =
    deps.downloads ?? createDownloadsStore({ db, rootKey: rootKey.privateKey, clock });
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    bodyLimit: MAX_HUB_BODY_BYTES,
  });
  app.decorate('hub', { db, downloads, rootKey, clock });

  app.setErrorHandler((error, request, reply) => answerError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendHubError(reply, {
      error: 'not_found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  app.get(`${HUB_API_PREFIX}/health`, async () => {
    await db.query('SELECT 1');
    return { ok: true, db: db.kind };
  });

  // The kiosk API in its own plugin context: its body parser keeps the raw bytes (the signature
  // covers their digest), without changing how the console's routes parse JSON.
  app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    let lastPruneAt = 0;
    const pruneNonces = async (now: number): Promise<void> => {
      if (now - lastPruneAt < NONCE_PRUNE_EVERY_MS) return;
      lastPruneAt = now;
      await db.query('DELETE FROM request_nonces WHERE seen_at < $1::timestamptz', [
        new Date(now - NONCE_RETENTION_MS).toISOString(),
      ]);
    };

    api.post(HUB_ROUTES.enroll, async (request, reply) => {
      const body = parseBody(request.body, EnrollRequest);
      try {
        publicKeyFromJwk(body.devicePublicJwk);
      } catch {
        throw refusal('bad_request', 'devicePublicJwk: not a point on P-256');
      }
      const response = await enrollKiosk(
        { db, downloads, rootPublicJwk: rootKey.publicJwk },
        body,
        clock.now(),
      );
      request.log.info({ kioskId: response.kioskId, siteId: response.siteId }, 'kiosk enrolled');
      return reply.code(201).send(response);
    });

    api.post(`${HUB_API_PREFIX}/kiosks/:kioskId/events`, async (request: KioskRequest, reply) => {
      const now = clock.now();
      const kiosk = await authenticateKioskRequest(request, db, now);
      const body = parseBody(request.body, UploadRequest);
      const result = await ingestEvents(db, kiosk, body.events, now, (fork) =>
        request.log.warn(fork, 'journal fork: kiosk flagged'),
      );
      await pruneNonces(now);
      // Awaited, so a revocation it publishes is there for the kiosk's download that follows;
      // a failure loses nothing: the next upload's run sees the same fills again.
      if (result.stored > 0) {
        try {
          await detectDuplicateFills(db, downloads, { now });
        } catch (error) {
          request.log.error({ err: error }, 'duplicate-fill check failed');
        }
      }
      const response: UploadResponse = {
        storedUpToSeq: result.storedUpToSeq,
        hubTime: clock.now(),
      };
      return reply.send(response);
    });

    api.post(
      `${HUB_API_PREFIX}/kiosks/:kioskId/downloads`,
      async (request: KioskRequest, reply) => {
        const now = clock.now();
        const kiosk = await authenticateKioskRequest(request, db, now);
        const body = parseBody(request.body, DownloadsRequest);
        const response = await db.transaction(async (tx): Promise<DownloadsResponse> => {
          await consumeNonce(tx, kiosk, now);
          const { rows } = await tx.query<{ last_seq: number; status: string }>(
            `UPDATE kiosks SET last_sync_at = $2::timestamptz, clock_offset_ms = $3
           WHERE kiosk_id = $1 RETURNING last_seq, status`,
            [kiosk.kioskId, new Date(now).toISOString(), kiosk.clockOffsetMs],
          );
          const row = rows[0];
          if (row === undefined)
            throw refusal('unknown_kiosk', `no enrolled kiosk "${kiosk.kioskId}"`);
          assertKioskActive(row.status);
          return {
            downloads: await downloads.newerThan(tx, scopesOfKiosk(kiosk), body.have),
            storedUpToSeq: row.last_seq,
            hubTime: clock.now(),
          };
        });
        await pruneNonces(now);
        return reply.send(response);
      },
    );

    // Short codes (DESIGN §9): a typed code → the prescription's QR text.
    registerShortCodeRoute(api, { db, downloads, clock }, parseBody);

    if (deps.localControlToken !== undefined) {
      registerLocalControlRoutes(api, { token: deps.localControlToken, db, clock }, parseBody);
    }
  });

  return app;
}

/** JSON from the raw bytes, then the contract's schema; the message names the field. */
function parseBody<T>(raw: unknown, schema: ZodType<T>): T {
  const text = raw instanceof Uint8Array ? Buffer.from(raw).toString('utf8') : '';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refusal(
      'bad_request',
      text === '' ? 'the body is empty; expected JSON' : 'the body is not valid JSON',
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    throw refusal('bad_request', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function answerError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HubRefusal) {
    request.log.info({ refused: error.body.error, reason: error.body.message }, 'request refused');
    return sendHubError(reply, error.body);
  }
  const code = (error as { code?: unknown }).code;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || statusCode === 413) {
    return sendHubError(reply, {
      error: 'too_large',
      message: `the body is over ${MAX_HUB_BODY_BYTES} bytes`,
    });
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return sendHubError(reply, {
      error: statusCode === 404 ? 'not_found' : 'bad_request',
      message: error instanceof Error ? error.message : 'bad request',
    });
  }
  request.log.error({ err: error }, 'request failed');
  return reply
    .code(500)
    .type('application/json')
    .send({ error: 'internal', message: 'internal error' });
}
