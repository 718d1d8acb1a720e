import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { err, ok, type Result } from '../../contracts/result';
import { fsyncDirectory } from '../journal/fsync-directory';
import { jwkThumbprint, type EcPublicJwk } from '../keys/jwk-thumbprint';
import { EcPublicJwkSchema } from './trust';
import { describeStrictJsonError, parseStrictJsonBytes } from './strict-json';

/**
 * One ES256 key pair on disk, shared by every key the project keeps in files (prescription issuer,
 * operator root; the kiosk's device key has the same shape): the private key is PKCS#8 PEM with
 * mode 0600, the public JWK beside it carries its RFC 7638 thumbprint as `kid`. Nothing here logs
 * or returns key material beyond the KeyObject the caller signs with.
 */

/** Owner read/write only: a private key never becomes readable by other users. */
export const PRIVATE_KEY_MODE = 0o600;

export interface Es256KeyFileNames {
  /** File name of the PKCS#8 PEM private key inside the key directory. */
  readonly privateFile: string;
  /** File name of the public JWK written beside it. */
  readonly publicFile: string;
}

export interface Es256KeyPair {
  readonly privateKey: KeyObject;
  readonly publicJwk: EcPublicJwk;
  /** RFC 7638 thumbprint of `publicJwk`. */
  readonly kid: string;
  /** True when this call made the key. */
  readonly created: boolean;
  /** True when an existing private key was readable by others and was set back to 0600. */
  readonly permissionsFixed: boolean;
}

export type Es256KeyFileError =
  | { readonly kind: 'invalid_key'; readonly path: string; readonly detail: string }
  | { readonly kind: 'missing'; readonly path: string; readonly detail: string }
  | { readonly kind: 'io'; readonly path: string; readonly detail: string };

export interface LoadEs256KeyOptions {
  /**
   * Make the key when it does not exist (default true). Tools that sign with an existing key
   * (`rx sign`, `rx trust-list`) pass false, so a mistyped directory is an error rather than a
   * new, untrusted key.
   */
  readonly create?: boolean;
}

/** Loads the key pair from `dir` (made 0700 when created), optionally making the key first. */
export async function loadEs256KeyFile(
  dir: string,
  names: Es256KeyFileNames,
  options: LoadEs256KeyOptions = {},
): Promise<Result<Es256KeyPair, Es256KeyFileError>> {
  const privatePath = path.join(dir, names.privateFile);
  try {
    let created = false;
    if (options.create ?? true) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      created = await createIfMissing(privatePath);
    } else if (!(await exists(privatePath))) {
      return err({ kind: 'missing', path: privatePath, detail: 'no key file here' });
    }
    const mode = (await stat(privatePath)).mode & 0o777;
    const permissionsFixed = mode !== PRIVATE_KEY_MODE;
    if (permissionsFixed) await chmod(privatePath, PRIVATE_KEY_MODE);

    const privateKey = parsePrivateKeyPem(await readFile(privatePath, 'utf8'));
    if (!privateKey.ok)
      return err({ kind: 'invalid_key', path: privatePath, detail: privateKey.error });
    const publicJwk = publicJwkOf(privateKey.value);
    const kid = jwkThumbprint(publicJwk);
    await writePublicJwk(path.join(dir, names.publicFile), publicJwk, kid);
    return ok({ privateKey: privateKey.value, publicJwk, kid, created, permissionsFixed });
  } catch (error) {
    return err({ kind: 'io', path: privatePath, detail: messageOf(error) });
  }
}

/** A P-256 private key from PEM, or why it is not one (the message names no key material). */
export function parsePrivateKeyPem(pem: string): Result<KeyObject, string> {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    return err(`not a readable private key: ${messageOf(error)}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    return err(`expected an EC P-256 key, found ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return ok(key);
}

export function publicJwkOf(key: KeyObject): EcPublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new Error('a P-256 key exported an unexpected JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

export interface PublicKeyFile {
  readonly jwk: EcPublicJwk;
  /** RFC 7638 thumbprint, recomputed: a `kid` member in the file is never believed. */
  readonly kid: string;
  readonly publicKey: KeyObject;
}

/**
 * Reads a public JWK file (the root key a kiosk receives at enrollment, an issuer key for a trust
 * list): strict JSON, a P-256 point, no private member.
 */
export async function readPublicJwkFile(file: string): Promise<Result<PublicKeyFile, string>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return err(`cannot read ${file}: ${messageOf(error)}`);
  }
  const json = parseStrictJsonBytes(bytes);
  if (!json.ok) return err(`${file}: ${describeStrictJsonError(json.error)}`);
  return publicKeyFromJson(json.value, file);
}

/** Validates a public JWK value (from a file or a JSON document) into a usable key. */
export function publicKeyFromJson(value: unknown, where: string): Result<PublicKeyFile, string> {
  const parsed = EcPublicJwkSchema.safeParse(value);
  if (!parsed.success) {
    return err(
      `${where}: not a P-256 public JWK (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: { ...parsed.data }, format: 'jwk' });
  } catch {
    return err(`${where}: the JWK is not a point on P-256`);
  }
  return ok({ jwk: parsed.data, kid: jwkThumbprint(parsed.data), publicKey });
}

/**
 * Writes a new key unless one exists: written and fsynced under a temp name, then hard-linked into
 * place, because link refuses to overwrite and two tools started at once must not each keep a
 * different key.
 */
async function createIfMissing(privatePath: string): Promise<boolean> {
  if (await exists(privatePath)) return false;
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const temp = uniqueTempName(privatePath);
  const handle = await open(temp, 'wx', PRIVATE_KEY_MODE);
  try {
    await handle.writeFile(privateKey.export({ type: 'pkcs8', format: 'pem' }), 'utf8');
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

/** The public half, as a trust list or enrollment takes it. Rewritten only when it differs. */
async function writePublicJwk(file: string, jwk: EcPublicJwk, kid: string): Promise<void> {
  const text = `${JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }, null, 2)}\n`;
  if ((await readFile(file, 'utf8').catch(() => null)) === text) return;
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

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Unique per call: two loads in one process must not share a temp file. */
function uniqueTempName(file: string): string {
  return `${file}.${process.pid}-${randomUUID()}.tmp`;
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
