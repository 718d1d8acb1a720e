import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KioskBridge } from '../../contracts/bridge';
import { ClientMessage, WEB_BRIDGE_PATH, type ServerMessage } from '../../contracts/web-bridge';
import { readStaticFile } from './static-files';

/**
 * The kiosk bridge over HTTP + WebSocket on 127.0.0.1 (DESIGN §2), for machines without Electron
 * and for the browser e2e tests. The page URL carries a per-launch token; the socket is accepted
 * only from this server's own origin and with that token, so another local page cannot drive it.
 */

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** A bridge socket sends at most this much per message; a UiEvent is far smaller. */
const MAX_MESSAGE_BYTES = 16 * 1024;

export interface WebHostOptions {
  bridge: KioskBridge;
  /** Built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Reported for every refused connection or message; never contains message contents. */
  onRefused?: (why: string) => void;
}

export interface RunningWebHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const token = randomBytes(24).toString('base64url');
  const refused = options.onRefused ?? (() => {});
  let origin = '';

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const file = await readStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const why =
      url.pathname !== WEB_BRIDGE_PATH
        ? 'wrong path'
        : req.headers.origin !== origin
          ? 'foreign origin'
          : !sameToken(url.searchParams.get('token'), token)
            ? 'bad token'
            : null;
    if (why) {
      refused(`websocket refused: ${why}`);
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const attach = (ws: WebSocket): void => {
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = options.bridge.subscribe((snapshot) =>
      send({ type: 'snapshot', snapshot }),
    );
    ws.on('message', (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(raw.toString());
      } catch {
        refused('bridge message is not JSON');
        send({ type: 'rejected', reason: 'not JSON' });
        return;
      }
      const parsed = ClientMessage.safeParse(json);
      if (!parsed.success) {
        refused('bridge message failed the schema');
        send({
          type: 'rejected',
          reason: `invalid event: ${parsed.error.issues[0]?.message ?? 'schema'}`,
        });
        return;
      }
      options.bridge.send(parsed.data.event);
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
