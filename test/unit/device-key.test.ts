import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEVICE_PRIVATE_KEY_FILE,
  DEVICE_PUBLIC_JWK_FILE,
  loadOrCreateDeviceKey,
  verifyEs256,
  type DeviceKey,
  type DeviceKeyOptions,
} from '../../main/keys';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'device-key-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function recordingLogger(): { logger: NonNullable<DeviceKeyOptions['logger']>; lines: string[] } {
  const lines: string[] = [];
  const log = (fields: unknown, message?: string): void => {
    lines.push(JSON.stringify({ fields, message }));
  };
  return { logger: { info: log, warn: log } as NonNullable<DeviceKeyOptions['logger']>, lines };
}

async function load(options: DeviceKeyOptions = {}): Promise<DeviceKey> {
  const loaded = await loadOrCreateDeviceKey(dir, options);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

const message = Buffer.from('1:42:' + 'ab'.repeat(32), 'utf8');

describe('device key', () => {
  it('is made at first boot with a 0600 private key and kept across restarts', async () => {
    const first = await load();
    const privateFile = path.join(dir, DEVICE_PRIVATE_KEY_FILE);
    expect((await stat(privateFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(privateFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const second = await load();
    expect(second.keyId).toBe(first.keyId);
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(second.verify(message, first.sign(message))).toBe(true);
  });

  it('uses the RFC 7638 thumbprint as keyId and writes the public JWK for enrollment', async () => {
    const key = await load();
    expect(key.publicJwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: expect.any(String),
      y: expect.any(String),
    });
    expect(key.keyId).toBe(await calculateJwkThumbprint(key.publicJwk, 'sha256'));
    const written = JSON.parse(
      await readFile(path.join(dir, DEVICE_PUBLIC_JWK_FILE), 'utf8'),
    ) as object;
    expect(written).toEqual({ ...key.publicJwk, kid: key.keyId, alg: 'ES256', use: 'sig' });
    expect(written).not.toHaveProperty('d');
  });

  it('signs ES256 as raw 64-byte R‖S that a JWK-only verifier accepts', async () => {
    const key = await load();
    const signature = key.sign(message);
    expect(signature).toHaveLength(64);
    const publicKey = createPublicKey({ key: { ...key.publicJwk }, format: 'jwk' });
    expect(
      verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
    expect(verifyEs256(key.publicJwk, message, signature)).toBe(true);

    const tampered = Buffer.from(signature);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(key.verify(message, tampered)).toBe(false);
    expect(key.verify(Buffer.from('other'), signature)).toBe(false);
    expect(key.verify(message, signature.subarray(0, 63))).toBe(false);
    expect(key.verifyCheckpoint(key.keyId, message, signature)).toBe(true);
    expect(key.verifyCheckpoint('another-key', message, signature)).toBe(false);
  });

  it('tightens a private key file that others can read, and says so', async () => {
    const key = await load();
    const privateFile = path.join(dir, DEVICE_PRIVATE_KEY_FILE);
    await chmod(privateFile, 0o644);
    const { logger, lines } = recordingLogger();
    const again = await load({ logger });
    expect(again.keyId).toBe(key.keyId);
    expect((await stat(privateFile)).mode & 0o777).toBe(0o600);
    expect(lines.some((line) => line.includes('0600') && line.includes('"mode":"644"'))).toBe(true);
  });

  it('never logs key material', async () => {
    const { logger, lines } = recordingLogger();
    const key = await load({ logger });
    await load({ logger });
    const pem = await readFile(path.join(dir, DEVICE_PRIVATE_KEY_FILE), 'utf8');
    const pemBody = pem.split('\n').slice(1, -2).join('');
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const secretPart of pemBody.match(/.{16}/g) ?? []) expect(all).not.toContain(secretPart);
    expect(all).not.toContain(key.publicJwk.x);
    expect(all).not.toContain('PRIVATE KEY');
  });

  it('gives two simultaneous first boots the same key', async () => {
    const [a, b] = await Promise.all([load(), load()]);
    expect(a.keyId).toBe(b.keyId);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(path.join(dir, DEVICE_PRIVATE_KEY_FILE), 'not a key', { mode: 0o600 });
    const loaded = await loadOrCreateDeviceKey(dir);
    expect(!loaded.ok && loaded.error.kind).toBe('invalid_key');
    expect(await readFile(path.join(dir, DEVICE_PRIVATE_KEY_FILE), 'utf8')).toBe('not a key');
  });

  it('refuses a key that is not P-256', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await writeFile(
      path.join(dir, DEVICE_PRIVATE_KEY_FILE),
      privateKey.export({ type: 'pkcs8', format: 'pem' }),
      { mode: 0o600 },
    );
    const loaded = await loadOrCreateDeviceKey(dir);
    expect(!loaded.ok && loaded.error.kind).toBe('invalid_key');
  });
});
