import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import {
  loadEs256KeyFile,
  publicKeyFromJson,
  readPublicJwkFile,
} from '../../main/prescriptions/es256-key-file';
import { loadIssuerKey } from '../../main/prescriptions/issuer-keys';
import {
  ROOT_PRIVATE_KEY_FILE,
  ROOT_PUBLIC_JWK_FILE,
  loadOrCreateRootKey,
  loadRootKey,
  loadRootPublicKey,
} from '../../main/prescriptions/root-key';

describe('root key and the shared ES256 key file', () => {
  it('makes the root key (0600) once, and the kiosk loads its public half by thumbprint', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'root-')), 'root');
    const made = await loadOrCreateRootKey(dir);
    if (!made.ok) throw new Error(made.error.detail);
    expect(made.value.created).toBe(true);
    expect(statSync(join(dir, ROOT_PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const again = await loadRootKey(dir);
    expect(again.ok && again.value.kid).toBe(made.value.kid);
    expect(again.ok && again.value.created).toBe(false);

    const pub = await loadRootPublicKey(join(dir, ROOT_PUBLIC_JWK_FILE));
    if (!pub.ok) throw new Error(pub.error);
    expect(pub.value.jwk).toEqual(made.value.publicJwk);
    expect(pub.value.kid).toBe(jwkThumbprint(made.value.publicJwk));
  });

  it('never makes a key when asked to load an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nokey-'));
    expect(await loadRootKey(dir)).toMatchObject({ ok: false, error: { kind: 'missing' } });
    expect(await loadIssuerKey(dir)).toMatchObject({ ok: false, error: { kind: 'missing' } });
  });

  it('refuses a non-P-256 private key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rsa-'));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    writeFileSync(join(dir, 'k.pem'), rsa.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    expect(
      await loadEs256KeyFile(dir, { privateFile: 'k.pem', publicFile: 'k.jwk' }, { create: false }),
    ).toMatchObject({ ok: false, error: { kind: 'invalid_key' } });
  });

  it('a public JWK file must be strict JSON, P-256, a real point, and hold no private "d"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jwk-'));
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const priv = key.export({ format: 'jwk' });
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const good = { kty: 'EC', crv: 'P-256', x: priv.x, y: priv.y, kid: 'a friendly name' };
    const read = await readPublicJwkFile(write('good.jwk', JSON.stringify(good)));
    expect(read.ok && read.value.kid).toBe(
      jwkThumbprint({ kty: 'EC', crv: 'P-256', x: String(priv.x), y: String(priv.y) }),
    );
    expect((await readPublicJwkFile(write('d.jwk', JSON.stringify(priv)))).ok).toBe(false);
    expect((await readPublicJwkFile(write('dup.jwk', '{"kty":"EC","kty":"EC"}'))).ok).toBe(false);
    expect((await readPublicJwkFile(join(dir, 'missing.jwk'))).ok).toBe(false);
    // 32 bytes of base64url each, but not a point on the curve.
    const offCurve = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) };
    expect(publicKeyFromJson(offCurve, 'test')).toMatchObject({ ok: false });
    expect(readFileSync(join(dir, 'good.jwk'), 'utf8')).not.toContain('"d"');
  });
});
