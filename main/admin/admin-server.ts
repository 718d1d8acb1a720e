import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BaseLogger } from 'pino';
import { z } from 'zod';
import { removeAdminEndpoint, writeAdminEndpoint } from './admin-endpoint-file';

/**
 * The kiosk's local admin endpoint (DESIGN §2): operator CLIs (`npm run diag`, `npm run tech --
 * install`) ask the running kiosk to act, because the journal holds an exclusive lock and a second
 * writer could fork it. HTTP on 127.0.0.1 only; `POST /admin/<operation>` with a JSON body that the
 * operation's zod schema validates and `Authorization: Bearer <token>`, the token random per start
 * and kept in DATA_DIR/admin.json (0600). A request with an `Origin` header, or a `Host` that is
 * not this address, is refused: a web page in a local browser must never reach it.
 *
 * Operations are provided by the composition root (main/app.ts) as a record of handlers; each
 * returns JSON. Expected failures are values in that JSON; a handler that throws is a bug (500).
 */

export interface AdminHandler<S extends z.ZodType = z.ZodType> {
  readonly body: S;
  handle(body: z.infer<S>): Promise<unknown>;
}

/** Pairs a body schema with its handler so the handler's argument is typed. */
export function adminHandler<S extends z.ZodType>(
  body: S,
  handle: (body: z.infer<S>) => Promise<unknown>,
): AdminHandler {
  return { body, handle } as unknown as AdminHandler;
}

export type AdminHandlers = Readonly<Record<string, AdminHandler>>;

/** Thrown by a handler that cannot act now (e.g. a patient is being served): 409 with the reason. */
export class AdminRefusal extends Error {}

export interface RunningAdminServer {
  readonly url: string;
  /** Closes the server and removes DATA_DIR/admin.json. */
  stop(): Promise<void>;
}

export interface AdminServerOptions {
  readonly dataDir: string;
  readonly handlers: AdminHandlers;
  /** Default 0: a free port, published in admin.json. */
  readonly port?: number;
  readonly logger?: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
}

/** A roster for a large fleet is well under this; anything bigger is not an admin request. */
export const MAX_ADMIN_BODY_BYTES = 4 * 1024 * 1024;
const OPERATION = /^\/admin\/([A-Za-z][A-Za-z0-9]{0,63})$/;

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_ADMIN_BODY_BYTES)
      throw new RequestProblem(413, `body over ${MAX_ADMIN_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startAdminServer(options: AdminServerOptions): Promise<RunningAdminServer> {
  const token = randomBytes(32).toString('base64url');
  const expectedAuth = Buffer.from(`Bearer ${token}`);
  let expectedHost = '';
  const { handlers, logger } = options;

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.headers.origin !== undefined || req.headers.host !== expectedHost) {
        throw new RequestProblem(403, 'requests from a browser or another host are refused');
      }
      const auth = Buffer.from(req.headers.authorization ?? '');
      if (auth.length !== expectedAuth.length || !timingSafeEqual(auth, expectedAuth)) {
        throw new RequestProblem(401, 'missing or wrong bearer token (see DATA_DIR/admin.json)');
      }
      if (req.method !== 'POST') throw new RequestProblem(405, 'only POST /admin/<operation>');
      const match = OPERATION.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      const op = match?.[1];
      if (!op || !Object.hasOwn(handlers, op)) {
        throw new RequestProblem(404, `no operation; known: ${Object.keys(handlers).join(', ')}`);
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new RequestProblem(415, 'the body must be application/json');
      }
      const text = await readBody(req);
      let json: unknown;
      try {
        json = text.length > 0 ? JSON.parse(text) : {};
      } catch {
        throw new RequestProblem(400, 'the body is not JSON');
      }
      const handler = handlers[op] as AdminHandler;
      const parsed = handler.body.safeParse(json);
      if (!parsed.success) throw new RequestProblem(400, z.prettifyError(parsed.error));
      logger?.info({ op }, 'admin request');
      reply(res, 200, (await handler.handle(parsed.data)) ?? {});
    } catch (error) {
      if (error instanceof RequestProblem) {
        reply(res, error.status, { error: error.message });
      } else if (error instanceof AdminRefusal) {
        reply(res, 409, { error: error.message });
      } else {
        logger?.error({ err: (error as Error).message }, 'admin operation failed');
        reply(res, 500, { error: (error as Error).message });
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  expectedHost = `127.0.0.1:${port}`;
  const url = `http://${expectedHost}`;
  await writeAdminEndpoint(options.dataDir, { url, token, pid: process.pid });

  return {
    url,
    async stop() {
      await removeAdminEndpoint(options.dataDir, token);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A CLI's idle keep-alive connection would otherwise hold close() for seconds.
      server.closeAllConnections();
      await closed;
    },
  };
}
