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

/**
 * A prescription issuer's ES256 key pair on disk (the pharmacy side: `rx:demo`, later `rx keys`
 * and the hub). The private key is PKCS#8 PEM with mode 0600; the public JWK beside it is what goes
 * into the kiosks' trust list, and its RFC 7638 thumbprint is the tokens' `kid`.
 */

export const ISSUER_PRIVATE_KEY_FILE = 'issuer-key.private.pem';
export const ISSUER_PUBLIC_JWK_FILE = 'issuer-key.public.jwk';
const PRIVATE_KEY_MODE = 0o600;

export interface IssuerKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: EcPublicJwk;
  /** RFC 7638 thumbprint of `publicJwk`. */
  readonly kid: string;
  /** True when this call made the key. */
  readonly created: boolean;
  /** True when an existing private key was readable by others and was set back to 0600. */
  readonly permissionsFixed: boolean;
}

export type IssuerKeyError =
  | { readonly kind: 'invalid_key'; readonly path: string; readonly detail: string }
  | { readonly kind: 'io'; readonly path: string; readonly detail: string };

/** Loads the issuer key from `dir`, making the directory (0700) and the key on first use. */
export async function loadOrCreateIssuerKey(
  dir: string,
): Promise<Result<IssuerKey, IssuerKeyError>> {
  const privatePath = path.join(dir, ISSUER_PRIVATE_KEY_FILE);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const created = await createIfMissing(privatePath);
    const mode = (await stat(privatePath)).mode & 0o777;
    const permissionsFixed = mode !== PRIVATE_KEY_MODE;
    if (permissionsFixed) await chmod(privatePath, PRIVATE_KEY_MODE);

    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: await readFile(privatePath, 'utf8'), format: 'pem' });
    } catch (error) {
      return err({ kind: 'invalid_key', path: privatePath, detail: (error as Error).message });
    }
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      return err({ kind: 'invalid_key', path: privatePath, detail: 'expected an EC P-256 key' });
    }
    const publicJwk = publicJwkOf(privateKey);
    const kid = jwkThumbprint(publicJwk);
    await writePublicJwk(path.join(dir, ISSUER_PUBLIC_JWK_FILE), publicJwk, kid);
    return ok({ privateKey, publicJwk, kid, created, permissionsFixed });
  } catch (error) {
    return err({ kind: 'io', path: privatePath, detail: (error as Error).message });
  }
}

export function publicJwkOf(key: KeyObject): EcPublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) {
    throw new Error('a P-256 key exported an unexpected JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

/**
 * Writes a new key unless one exists: written and fsynced under a temp name, then hard-linked into
 * place, because link refuses to overwrite and two tools started at once must not each keep a
 * different key.
 */
async function createIfMissing(privatePath: string): Promise<boolean> {
  try {
    await stat(privatePath);
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  const temp = `${privatePath}.${process.pid}-${randomUUID()}.tmp`;
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
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
  await fsyncDirectory(path.dirname(privatePath));
  return true;
}

async function writePublicJwk(file: string, jwk: EcPublicJwk, kid: string): Promise<void> {
  const text = `${JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }, null, 2)}\n`;
  if ((await readFile(file, 'utf8').catch(() => null)) === text) return;
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
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
