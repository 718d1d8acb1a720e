import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskBridge, UiEvent, UiSnapshot } from '../../contracts/bridge';
import { startWebHost, type RunningWebHost } from '../../main/web-host/web-host';

const SNAPSHOT: UiSnapshot = {
  version: 1,
  screen: 'attract',
  kioskName: 'Test',
  language: 'en',
  devices: [],
};

function fakeBridge() {
  const received: UiEvent[] = [];
  const bridge: KioskBridge = {
    subscribe: (l) => {
      l(SNAPSHOT);
      return () => {};
    },
    send: (e) => received.push(e),
  };
  return { bridge, received };
}

function connect(url: string, origin: string): Promise<{ ws: WebSocket; first: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('message', (data) => resolve({ ws, first: JSON.parse(data.toString()) }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

describe('web-host', () => {
  let host: RunningWebHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  async function start() {
    const dir = mkdtempSync(join(tmpdir(), 'webhost-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>k</title>');
    const fake = fakeBridge();
    const refused: string[] = [];
    host = await startWebHost({
      bridge: fake.bridge,
      rendererDir: dir,
      onRefused: (w) => refused.push(w),
    });
    const token = new URL(host.url).searchParams.get('token')!;
    const origin = `http://127.0.0.1:${host.port}`;
    return {
      ...fake,
      refused,
      token,
      origin,
      wsUrl: `ws://127.0.0.1:${host.port}/bridge?token=${token}`,
    };
  }

  it('serves the page with a strict CSP and nothing outside the renderer folder', async () => {
    const { origin } = await start();
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${origin}/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/`, { method: 'POST' })).status).toBe(405);
  });

  it('accepts the socket from its own origin with the token, sends snapshots and forwards valid events', async () => {
    const { wsUrl, origin, received } = await start();
    const { ws, first } = await connect(wsUrl, origin);
    expect(first).toEqual({ type: 'snapshot', snapshot: SNAPSHOT });
    ws.send(JSON.stringify({ type: 'event', event: { type: 'START' } }));
    const rejected = new Promise((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ type: 'event', event: { type: 'DISPENSE_EVERYTHING' } }));
    expect(await rejected).toMatchObject({ type: 'rejected' });
    expect(received).toEqual([{ type: 'START' }]);
    ws.close();
  });

  it('refuses a socket with a wrong token or from a foreign origin', async () => {
    const { wsUrl, origin, refused } = await start();
    await expect(connect(wsUrl.replace(/token=[^&]+/, 'token=wrong'), origin)).rejects.toThrow(
      /403/,
    );
    await expect(connect(wsUrl, 'http://evil.example')).rejects.toThrow(/403/);
    expect(refused).toEqual(['websocket refused: bad token', 'websocket refused: foreign origin']);
  });
});
