import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, registerConsoleStatic } from '../../hub/pharmacy/console-static';

/** The built console at /console/ with its CSP, and a clear answer when it was never built. */

let empty: string;
let built: string;

beforeAll(async () => {
  empty = await mkdtemp(path.join(os.tmpdir(), 'console-empty-'));
  built = await mkdtemp(path.join(os.tmpdir(), 'console-built-'));
  await writeFile(path.join(built, 'index.html'), '<!doctype html><title>console</title>');
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
  await rm(built, { recursive: true, force: true });
});

describe('console pages', () => {
  it('serves the build with a strict CSP, and /console redirects to /console/', async () => {
    const app = Fastify();
    await registerConsoleStatic(app, built);
    const page = await app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(CONSOLE_CSP).not.toMatch(/unsafe|https?:/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const bare = await app.inject({ method: 'GET', url: '/console' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/');
    expect(
      (await app.inject({ method: 'GET', url: '/console/../package.json' })).statusCode,
    ).not.toBe(200);
    await app.close();
  });

  it('says how to build the console when it was never built', async () => {
    const app = Fastify({ logger: false });
    await registerConsoleStatic(app, empty);
    const page = await app.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run build:console');
    await app.close();
  });
});
