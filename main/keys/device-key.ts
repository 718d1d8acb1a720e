import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BaseLogger } from 'pino';
import { err, ok, type Result } from '../../contracts/result';
import { fsyncDirectory } from '../journal/fsync-directory';
import { signEs256, verifyEs256 } from './es256';
import { jwkThumbprint, type EcPublicJwk } from './jwk-thumbprint';

export const DEVICE_PRIVATE_KEY_FILE = 'device-key.private.pem';
export const DEVICE_PUBLIC_JWK_FILE = 'device-key.public.jwk';

/** Owner read/write only: the private key never leaves this kiosk user. */
const PRIVATE_KEY_MODE = 0o600;

/**
 * The kiosk's ES256 identity: signs journal CHECKPOINTs and, after enrollment, hub requests.
 * Holds the private key in a closure; nothing here exposes or logs key material.
 */
export interface DeviceKey {
  /** RFC 7638 thumbprint of the public key. */
  readonly keyId: string;
  readonly publicJwk: EcPublicJwk;
  /** ES256, raw R‖S (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
  /** A CheckpointVerifier that accepts this key's signatures only. */
  verifyCheckpoint(keyId: string, message: Uint8Array, signature: Uint8Array): boolean;
}

export type DeviceKeyError =
  | { kind: 'invalid_key'; path: string; detail: string }
  | { kind: 'io'; path: string; detail: string };

export interface DeviceKeyOptions {
  /** Default: silent. Only the keyId and paths are logged. */
  logger?: Pick<BaseLogger, 'info' | 'warn'>;
}

/**
 * Loads the device key from `dir`, making it on first boot: a P-256 key pair whose private key is
 * written as PKCS#8 PEM with mode 0600 (a looser mode found later is tightened and logged), and
 * whose public JWK is written beside it for enrollment.
 */
export async function loadOrCreateDeviceKey(
  dir: string,
  options: DeviceKeyOptions = {},
): Promise<Result<DeviceKey, DeviceKeyError>> {
  const { logger } = options;
  const privatePath = path.join(dir, DEVICE_PRIVATE_KEY_FILE);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (await createIfMissing(privatePath)) {
      logger?.info({ dir }, 'device key created');
    }
    const mode = (await stat(privatePath)).mode & 0o777;
    if (mode !== PRIVATE_KEY_MODE) {
      await chmod(privatePath, PRIVATE_KEY_MODE);
      logger?.warn(
        { path: privatePath, mode: mode.toString(8) },
        'device key file was readable by others; set it to 0600',
      );
    }
    const pem = await readFile(privatePath, 'utf8');
    const privateKey = parsePrivateKey(pem);
    if (!privateKey.ok)
      return err({ kind: 'invalid_key', path: privatePath, detail: privateKey.error });

    const key = deviceKeyFrom(privateKey.value);
    await writePublicJwk(path.join(dir, DEVICE_PUBLIC_JWK_FILE), key);
    logger?.info({ keyId: key.keyId }, 'device key loaded');
    return ok(key);
  } catch (error) {
    return err({
      kind: 'io',
      path: privatePath,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Writes a new private key unless one exists. The PEM is written and fsynced under a temp name,
 * then hard-linked into place: link refuses to overwrite, so two processes starting at once
 * cannot each keep a different key.
 */
async function createIfMissing(privatePath: string): Promise<boolean> {
  try {
    await stat(privatePath);
    return false;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const temp = uniqueTempName(privatePath);
  const handle = await open(temp, 'wx', PRIVATE_KEY_MODE);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, privatePath);
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp);
  }
  await fsyncDirectory(path.dirname(privatePath));
  return true;
}

/**
 * A key that lives only in memory, for tests, the bench and tools that need a signer but must not
 * touch the kiosk's real key.
 */
export function createEphemeralDeviceKey(): DeviceKey {
  return deviceKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

function parsePrivateKey(pem: string): Result<KeyObject, string> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    return err(
      `not a readable private key: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return err(`expected an EC P-256 key, found ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return ok(key);
}

function deviceKeyFrom(privateKey: KeyObject): DeviceKey {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new Error('a P-256 key exported an unexpected JWK');
  }
  const publicJwk: EcPublicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  const keyId = jwkThumbprint(publicJwk);
  const verify = (message: Uint8Array, signature: Uint8Array): boolean =>
    verifyEs256(publicKey, message, signature);
  return {
    keyId,
    publicJwk,
    sign: (message) => signEs256(privateKey, message),
    verify,
    verifyCheckpoint: (signerKeyId, message, signature) =>
      signerKeyId === keyId && verify(message, signature),
  };
}

/** The public half, as the hub receives it at enrollment. Rewritten only when it differs. */
async function writePublicJwk(file: string, key: DeviceKey): Promise<void> {
  const text = `${JSON.stringify({ ...key.publicJwk, kid: key.keyId, alg: 'ES256', use: 'sig' }, null, 2)}\n`;
  const current = await readFile(file, 'utf8').catch(() => null);
  if (current === text) return;
  const temp = uniqueTempName(file);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await fsyncDirectory(path.dirname(file));
}

/** Unique per call: two loads in one process must not share a temp file. */
function uniqueTempName(file: string): string {
  return `${file}.${process.pid}-${randomUUID()}.tmp`;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
