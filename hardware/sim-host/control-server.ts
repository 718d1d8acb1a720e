import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * A small JSON-over-HTTP control API on 127.0.0.1 (DESIGN §8 "Simulator control"), used by
 * `npm run sim`, the e2e tests and the kiosk's test clock. Every request carries the bearer token
 * written, mode 0600, beside the run's other files, so another local user cannot drive it.
 */

export interface ControlRoute<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  body?: S;
  handle(body: z.infer<S>): Promise<unknown> | unknown;
}

export function route<S extends z.ZodType>(r: ControlRoute<S>): ControlRoute {
  return r as unknown as ControlRoute;
}

/** An error a handler throws on purpose: answered 400 with its message. */
export class ControlRequestError extends Error {}

export interface RunningControlServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ControlRequestError(`body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startControlServer(
  routes: ControlRoute[],
  port = 0,
): Promise<RunningControlServer> {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const server = createServer(async (req, res) => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      reply(res, 401, { error: 'missing or wrong bearer token' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const found = routes.find((r) => r.path === path && r.method === req.method);
    if (!found) {
      const known = routes.map((r) => `${r.method} ${r.path}`).join(', ');
      reply(res, 404, { error: `no route ${req.method} ${path}; known: ${known}` });
      return;
    }
    try {
      let body: unknown = undefined;
      if (found.body) {
        const text = await readBody(req);
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          throw new ControlRequestError('body is not JSON');
        }
        const parsed = found.body.safeParse(json);
        if (!parsed.success) throw new ControlRequestError(z.prettifyError(parsed.error));
        body = parsed.data;
      }
      reply(res, 200, (await found.handle(body)) ?? { ok: true });
    } catch (e) {
      if (e instanceof ControlRequestError) reply(res, 400, { error: e.message });
      else reply(res, 500, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Client side, for the CLI and tests. Throws with the server's error text on a non-2xx answer. */
export async function callControl(
  endpoint: { url: string; token: string },
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${endpoint.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}
