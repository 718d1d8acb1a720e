import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTrustList,
  findTrustedKey,
  isKeyValidAt,
  isTrustListExpired,
  loadTrustList,
  parseTrustList,
} from '../../main/prescriptions/trust';
import { makeIssuer } from '../fixtures/prescriptions/token-forge';

const a = makeIssuer();
const b = makeIssuer();
const list = createTrustList({
  version: 3,
  issuedAt: 1000,
  expiresAt: 2000,
  issuers: [
    { iss: 'https://a.example.org', jwk: a.jwk, notBefore: 100, notAfter: 500 },
    { iss: 'https://a.example.org', jwk: a.jwk, notBefore: 800 },
    { iss: 'https://b.example.org', jwk: b.jwk },
  ],
});

describe('trust list', () => {
  it('groups keys by issuer and round-trips through parseTrustList', () => {
    expect(list.issuers.map((i) => [i.iss, i.keys.length])).toEqual([
      ['https://a.example.org', 2],
      ['https://b.example.org', 1],
    ]);
    expect(parseTrustList(JSON.parse(JSON.stringify(list)))).toEqual({ ok: true, value: list });
  });

  it('finds a key by its recomputed RFC 7638 thumbprint and merges its windows', () => {
    const found = findTrustedKey(list, a.kid);
    if (!found.ok) throw new Error(found.error.detail);
    expect(found.value.iss).toBe('https://a.example.org');
    expect(isKeyValidAt(found.value, 100)).toBe(true);
    expect(isKeyValidAt(found.value, 500)).toBe(true);
    expect(isKeyValidAt(found.value, 600)).toBe(false);
    expect(isKeyValidAt(found.value, 99)).toBe(false);
    expect(isKeyValidAt(found.value, 10_000)).toBe(true);
  });

  it('ignores a kid member written into the JWK', () => {
    const withKid = parseTrustList({
      ...JSON.parse(JSON.stringify(list)),
      issuers: [
        {
          iss: 'https://c.example.org',
          keys: [{ jwk: { ...b.jwk, kid: 'friendly-name' }, notBefore: 0 }],
        },
      ],
    });
    if (!withKid.ok) throw new Error(withKid.error);
    expect(findTrustedKey(withKid.value, 'friendly-name')).toMatchObject({
      ok: false,
      error: { reason: 'unknown_kid' },
    });
    expect(findTrustedKey(withKid.value, b.kid).ok).toBe(true);
  });

  it('treats a key under two issuers as unknown', () => {
    const clash = createTrustList({
      version: 1,
      issuedAt: 0,
      expiresAt: 10,
      issuers: [
        { iss: 'https://a.example.org', jwk: a.jwk },
        { iss: 'https://evil.example.org', jwk: a.jwk },
      ],
    });
    expect(findTrustedKey(clash, a.kid)).toMatchObject({
      ok: false,
      error: { reason: 'unknown_kid' },
    });
  });

  it('expires after expiresAt (seconds) compared with now (ms)', () => {
    expect(isTrustListExpired(list, 2_000_000)).toBe(false);
    expect(isTrustListExpired(list, 2_000_001)).toBe(true);
  });

  it.each([
    [
      'a private key',
      (l: Record<string, unknown>) =>
        ((l.issuers as { keys: { jwk: object }[] }[])[0]!.keys[0]!.jwk = { ...a.jwk, d: 'AAAA' }),
    ],
    [
      'a P-384 key',
      (l: Record<string, unknown>) =>
        ((l.issuers as { keys: { jwk: object }[] }[])[0]!.keys[0]!.jwk = {
          ...a.jwk,
          crv: 'P-384',
        }),
    ],
    [
      'a point not on the curve',
      (l: Record<string, unknown>) =>
        ((l.issuers as { keys: { jwk: object }[] }[])[0]!.keys[0]!.jwk = { ...a.jwk, y: a.jwk.x }),
    ],
    ['expiresAt before issuedAt', (l: Record<string, unknown>) => (l.expiresAt = 1)],
    [
      'an issuer with a trailing /',
      (l: Record<string, unknown>) =>
        ((l.issuers as { iss: string }[])[0]!.iss = 'https://a.example.org/'),
    ],
    ['no badgeIssuers', (l: Record<string, unknown>) => delete l.badgeIssuers],
  ])('refuses %s', (_name, edit) => {
    const copy = JSON.parse(JSON.stringify(list)) as Record<string, unknown>;
    edit(copy);
    expect(parseTrustList(copy).ok).toBe(false);
  });

  it('loads a file with strict JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(list));
    expect(loadTrustList(good)).toEqual({ ok: true, value: list });
    const dup = join(dir, 'dup.json');
    writeFileSync(dup, JSON.stringify(list).replace('{"version":3', '{"version":3,"version":4'));
    expect(loadTrustList(dup)).toMatchObject({
      ok: false,
      error: expect.stringContaining('duplicate'),
    });
    expect(loadTrustList(join(dir, 'missing.json'))).toMatchObject({
      ok: false,
      error: expect.stringContaining('cannot read'),
    });
  });
});
