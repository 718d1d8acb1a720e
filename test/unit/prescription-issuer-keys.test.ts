import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import {
  ISSUER_PRIVATE_KEY_FILE,
  ISSUER_PUBLIC_JWK_FILE,
  loadOrCreateIssuerKey,
} from '../../main/prescriptions/issuer-keys';

describe('issuer keys', () => {
  it('creates a P-256 pair (private 0600) and loads the same key again', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'issuer-')), 'keys');
    const first = await loadOrCreateIssuerKey(dir);
    if (!first.ok) throw new Error(first.error.detail);
    expect(first.value.created).toBe(true);
    expect(statSync(join(dir, ISSUER_PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(first.value.kid).toBe(jwkThumbprint(first.value.publicJwk));
    const pub = JSON.parse(readFileSync(join(dir, ISSUER_PUBLIC_JWK_FILE), 'utf8')) as Record<
      string,
      string
    >;
    expect(pub).toMatchObject({ ...first.value.publicJwk, kid: first.value.kid, alg: 'ES256' });
    expect(pub.d).toBeUndefined();

    const again = await loadOrCreateIssuerKey(dir);
    expect(again.ok && again.value.created).toBe(false);
    expect(again.ok && again.value.kid).toBe(first.value.kid);
  });

  it('tightens a private key readable by others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'issuer-'));
    await loadOrCreateIssuerKey(dir);
    chmodSync(join(dir, ISSUER_PRIVATE_KEY_FILE), 0o644);
    const loaded = await loadOrCreateIssuerKey(dir);
    expect(loaded.ok && loaded.value.permissionsFixed).toBe(true);
    expect(statSync(join(dir, ISSUER_PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reports an unreadable key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'issuer-'));
    writeFileSync(join(dir, ISSUER_PRIVATE_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(await loadOrCreateIssuerKey(dir)).toMatchObject({
      ok: false,
      error: { kind: 'invalid_key' },
    });
  });
});
