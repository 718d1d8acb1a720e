import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DownloadsResponse,
  EnrollResponse,
  HUB_ROUTES,
  UploadResponse,
} from '../../contracts/hub-api';
import { GENESIS_HASH, hashEvent } from '../../main/journal/event-hash';
import { createEphemeralDeviceKey } from '../../main/keys/device-key';
import { signRequest } from '../../main/sync/http-message-signature';
import { LOCAL_CONTROL_FILE } from '../../hub/server/local-control';

/**
 * `npm run hub` as an operator runs it: a real child process on a fresh data directory, found by
 * its HUB_READY line; an enrollment code made from a second terminal while it runs; a kiosk that
 * enrolls, uploads and downloads over real HTTP (fetch), the way the sync agent talks to it.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = ['--import', 'tsx', 'hub/cli.ts'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runHub(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function serveHub(
  dataDir: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, 'serve', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^HUB_READY (.*)$/m.exec(stdout);
      if (line) resolve({ child, url: (JSON.parse(line[1]!) as { url: string }).url, exited });
    });
    void exited.then((code) =>
      reject(new Error(`hub exited (${code}) before HUB_READY: ${stderr}`)),
    );
  });
}

describe('npm run hub', () => {
  let dataDir: string;
  let hub: Awaited<ReturnType<typeof serveHub>> | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-cli-'));
  });
  afterAll(async () => {
    hub?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints its usage with --help', async () => {
    const run = await runHub(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Usage: npm run hub/);
    expect(run.stdout).toMatch(/enroll-code/);
    expect(run.stdout).toMatch(/DATABASE_URL/);
  });

  it('refuses an unknown option with the usage', async () => {
    const run = await runHub(['--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/frobnicate/);
  });

  it('serves, makes a code from a second process, and a kiosk enrolls, uploads and downloads over HTTP', async () => {
    hub = await serveHub(dataDir);
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${hub.url}/api/v1/health`)).json()).toEqual({
      ok: true,
      db: 'pglite',
    });

    const made = await runHub(['enroll-code', '--site', 'demo', '--data-dir', dataDir]);
    expect(made.code, made.stderr).toBe(0);
    const code = /^([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})$/m.exec(made.stdout)?.[1];
    expect(code, made.stdout).toBeDefined();
    expect(made.stdout).toMatch(/site demo \(created\)/);
    const stranger = await fetch(`${hub.url}/api/v1/local/enrollment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer guessed' },
      body: JSON.stringify({ siteId: 'demo', ttlMs: 60_000 }),
    });
    expect(stranger.status).toBe(401);
    expect(((await stranger.json()) as { error: string }).error).toBe('unauthorized');

    const key = createEphemeralDeviceKey();
    const enrolled = await fetch(`${hub.url}${HUB_ROUTES.enroll}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, devicePublicJwk: key.publicJwk, kioskName: 'CLI test' }),
    });
    expect(enrolled.status).toBe(201);
    const { kioskId, downloads } = EnrollResponse.parse(await enrolled.json());
    expect(downloads.map((d) => d.kind)).toEqual(['trust', 'revocation', 'refill']);

    const unhashed = {
      seq: 1,
      id: '00000000-0000-4000-8000-000000000001',
      ts: new Date().toISOString(),
      type: 'KIOSK_STARTED',
      data: { appVersion: '1.0.0', hardware: 'simulated' },
      prev: GENESIS_HASH,
    };
    const send = async (url: string, body: unknown) => {
      const bytes = Buffer.from(JSON.stringify(body));
      const headers = signRequest(
        { method: 'POST', path: url, body: bytes },
        { sign: key.sign, keyId: kioskId },
        new Date(),
      );
      return fetch(`${hub!.url}${url}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: bytes,
      });
    };
    const uploaded = await send(HUB_ROUTES.events(kioskId), {
      events: [{ ...unhashed, hash: hashEvent(unhashed) }],
    });
    expect(uploaded.status).toBe(200);
    expect(UploadResponse.parse(await uploaded.json()).storedUpToSeq).toBe(1);
    const fetched = await send(HUB_ROUTES.downloads(kioskId), { have: {} });
    expect(fetched.status).toBe(200);
    expect(DownloadsResponse.parse(await fetched.json()).storedUpToSeq).toBe(1);
  });

  it('refuses a second hub on the same PGlite directory', async () => {
    const second = await runHub(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/already running/);
  });

  it('stops on SIGTERM and removes its control file; codes are then made directly', async () => {
    expect(existsSync(path.join(dataDir, LOCAL_CONTROL_FILE))).toBe(true);
    hub!.child.kill('SIGTERM');
    expect(await hub!.exited).toBe(0);
    hub = undefined;
    expect(existsSync(path.join(dataDir, LOCAL_CONTROL_FILE))).toBe(false);
    const made = await runHub([
      'enroll-code',
      '--site',
      'demo',
      '--name',
      'Ward 2',
      '--data-dir',
      dataDir,
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/m);
    expect(made.stdout).not.toMatch(/created/);
  });
});
