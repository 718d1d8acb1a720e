import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built React console (hub/console/dist, `npm run build:console`) at /console/, with
 * the same strict policy as its meta tag sent as a header (plus frame-ancestors, which only a
 * header can carry). Everything the page needs comes from the hub itself: offline by design.
 */

export const CONSOLE_PATH = '/console/';
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../console/dist/', import.meta.url));

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // data: for the QR images the API returns.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
  "worker-src 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export async function registerConsoleStatic(
  app: FastifyInstance,
  consoleDir: string = DEFAULT_CONSOLE_DIR,
): Promise<void> {
  app.get('/console', async (_request, reply) => reply.redirect(CONSOLE_PATH));
  if (!existsSync(path.join(consoleDir, 'index.html'))) {
    // The API still works; the page says how to build it instead of a bare 404.
    app.get(`${CONSOLE_PATH}*`, async (request, reply) => {
      request.log.warn({ consoleDir }, 'pharmacist console not built');
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(
          'The pharmacist console is not built. Run `npm run build:console`, then reload this page.\n',
        );
    });
    return;
  }
  await app.register(fastifyStatic, {
    root: consoleDir,
    prefix: CONSOLE_PATH,
    // The hub (or another plugin) may decorate reply.sendFile too.
    decorateReply: false,
    index: ['index.html'],
    setHeaders: (reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cache-control', 'no-cache');
    },
  });
}
