import { request } from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callAdmin } from '../../main/admin/admin-client';
import { adminEndpointPath, readAdminEndpoint } from '../../main/admin/admin-endpoint-file';
import {
  AdminRefusal,
  adminHandler,
  startAdminServer,
  type RunningAdminServer,
} from '../../main/admin/admin-server';

let dir: string;
let server: RunningAdminServer;
const calls: unknown[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'admin-'));
  calls.length = 0;
  server = await startAdminServer({
    dataDir: dir,
    handlers: {
      echo: adminHandler(z.strictObject({ n: z.number().int() }), async ({ n }) => {
        calls.push(n);
        return { doubled: n * 2 };
      }),
      broken: adminHandler(z.strictObject({}), async () => {
        throw new Error('a bug');
      }),
      busy: adminHandler(z.strictObject({}), async () => {
        throw new AdminRefusal('a patient is being served');
      }),
    },
  });
});

afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so headers a browser would send (Origin, another Host) can be set. */
function raw(options: {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; body: unknown }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/admin/echo',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('admin endpoint (DESIGN §2)', () => {
  it('publishes its URL and a random token in DATA_DIR/admin.json, mode 0600, and removes it on stop', async () => {
    const file = adminEndpointPath(dir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const endpoint = await readAdminEndpoint(dir);
    expect(endpoint.ok && endpoint.value).toMatchObject({ url: server.url, pid: process.pid });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    if (!endpoint.ok) return;
    expect(
      await callAdmin(endpoint.value, 'echo', { n: 21 }, z.object({ doubled: z.number() })),
    ).toEqual({
      ok: true,
      value: { doubled: 42 },
    });
    await server.stop();
    expect(await readAdminEndpoint(dir)).toEqual({ ok: false, error: { kind: 'missing' } });
    const gone = await callAdmin(endpoint.value, 'echo', { n: 1 }, z.unknown(), 2_000);
    expect(gone).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    server = await startAdminServer({ dataDir: dir, handlers: {} });
  });

  it('refuses a wrong token, a browser (Origin), another Host, other methods, unknown operations and bad bodies', async () => {
    const endpoint = JSON.parse(await readFile(adminEndpointPath(dir), 'utf8')) as {
      token: string;
    };
    const auth = { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ n: 2 });
    expect(await raw({ headers: auth, body })).toEqual({ status: 200, body: { doubled: 4 } });
    expect((await raw({ headers: { ...auth, authorization: 'Bearer nope' }, body })).status).toBe(
      401,
    );
    expect((await raw({ headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await raw({ headers: { ...auth, origin: 'http://evil.example' }, body })).status).toBe(
      403,
    );
    expect((await raw({ headers: { ...auth, host: 'evil.example' }, body })).status).toBe(403);
    expect((await raw({ method: 'GET', headers: auth })).status).toBe(405);
    expect((await raw({ path: '/admin/nope', headers: auth, body })).status).toBe(404);
    expect((await raw({ path: '/admin/constructor', headers: auth, body })).status).toBe(404);
    expect((await raw({ headers: { ...auth, 'content-type': 'text/plain' }, body })).status).toBe(
      415,
    );
    expect((await raw({ headers: auth, body: '{"n":2.5}' })).status).toBe(400);
    expect((await raw({ headers: auth, body: '{"n":2,"extra":1}' })).status).toBe(400);
    expect((await raw({ headers: auth, body: 'not json' })).status).toBe(400);
    expect(await raw({ path: '/admin/broken', headers: auth, body: '{}' })).toEqual({
      status: 500,
      body: { error: 'a bug' },
    });
    expect(await raw({ path: '/admin/busy', headers: auth, body: '{}' })).toEqual({
      status: 409,
      body: { error: 'a patient is being served' },
    });
    expect(calls).toEqual([2]);
  });

  it('tells a stale admin.json (a kiosk killed without stopping) from a live one', async () => {
    const endpoint = JSON.parse(await readFile(adminEndpointPath(dir), 'utf8')) as Record<
      string,
      unknown
    >;
    await writeFile(adminEndpointPath(dir), JSON.stringify({ ...endpoint, pid: 2 ** 22 + 12_345 }));
    expect(await readAdminEndpoint(dir)).toEqual({
      ok: false,
      error: { kind: 'stale', pid: 2 ** 22 + 12_345 },
    });
    await writeFile(adminEndpointPath(dir), '{"url":"http://example.com","token":"x","pid":1}');
    expect(await readAdminEndpoint(dir)).toMatchObject({
      ok: false,
      error: { kind: 'unreadable' },
    });
  });
});
