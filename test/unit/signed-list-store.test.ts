import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalEventData } from '../../contracts/journal-events';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { openListStore, type ListStore } from '../../main/prescriptions/list-store';
import { emptyRefillList } from '../../main/prescriptions/refill-list';
import { emptyRevocationList } from '../../main/prescriptions/revocation-list';
import {
  signSignedList,
  type SignedListKind,
  type SignedListPayload,
} from '../../main/prescriptions/signed-list';
import { createTrustList } from '../../main/prescriptions/trust';
import { makeIssuer } from '../fixtures/prescriptions/token-forge';

const root = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const rootPublicJwk = publicJwkOf(root);
const otherRoot = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const issuer = makeIssuer();
const JTI = '3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c';

const trustV = (version: number) =>
  createTrustList({
    version,
    issuedAt: 1_000 + version,
    expiresAt: 90_000,
    issuers: [{ iss: 'https://rx.example.org', jwk: issuer.jwk, notBefore: 0 }],
  });
const revocationV = (version: number, jtis: string[] = []) => ({
  ...emptyRevocationList(version, 1_000 + version, 90_000),
  jtis,
});

function jwsOf<K extends SignedListKind>(
  kind: K,
  payload: SignedListPayload<K>,
  key = root,
): string {
  const signed = signSignedList(kind, payload, key);
  if (!signed.ok) throw new Error(signed.error.detail);
  return signed.value;
}

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'lists-')), 'lists');
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

async function open(): Promise<{
  store: ListStore;
  problems: readonly { kind: string; detail: string }[];
}> {
  const opened = await openListStore({ dir, rootPublicJwk });
  if (!opened.ok) throw new Error(opened.error);
  return opened.value;
}

describe('list store', () => {
  it('starts empty, installs a verified list and returns the LIST_INSTALLED data', async () => {
    const { store, problems } = await open();
    expect(problems).toEqual([]);
    expect(store.current('trust')).toBeUndefined();
    expect(store.lists()).toEqual({ trust: undefined });

    const installed = await store.install('trust', jwsOf('trust', trustV(3)));
    expect(installed).toEqual({
      ok: true,
      value: { kind: 'trust', version: 3, issuedAt: 1_003, expiresAt: 90_000 },
    });
    if (!installed.ok) throw new Error();
    expect(JournalEventData.LIST_INSTALLED.safeParse(installed.value).success).toBe(true);

    const current = store.current('trust');
    expect(current?.payload.version).toBe(3);
    expect(current?.index.lookup(issuer.kid).ok).toBe(true);
    expect(store.lists().trust).toBe(current?.index);
    expect(await readFile(path.join(dir, 'trust.jws'), 'utf8')).toBe(current?.jws);
  });

  it('refuses a roll-back and a replay of the installed version, keeping the newer list', async () => {
    const { store } = await open();
    expect((await store.install('revocation', jwsOf('revocation', revocationV(5, [JTI])))).ok).toBe(
      true,
    );
    expect(await store.install('revocation', jwsOf('revocation', revocationV(4)))).toMatchObject({
      ok: false,
      error: { code: 'rollback', installedVersion: 5, offeredVersion: 4 },
    });
    expect(await store.install('revocation', jwsOf('revocation', revocationV(5)))).toMatchObject({
      ok: false,
      error: { code: 'same_version', installedVersion: 5, offeredVersion: 5 },
    });
    expect(store.current('revocation')?.index.hasJti(JTI)).toBe(true);
    expect((await store.install('revocation', jwsOf('revocation', revocationV(6)))).ok).toBe(true);
    expect(store.current('revocation')?.index.hasJti(JTI)).toBe(false);
  });

  it('refuses a list signed by another root, of another kind, or tampered with', async () => {
    const { store } = await open();
    expect(await store.install('trust', jwsOf('trust', trustV(1), otherRoot))).toMatchObject({
      ok: false,
      error: { code: 'unknown_kid' },
    });
    expect(await store.install('trust', jwsOf('revocation', revocationV(9)))).toMatchObject({
      ok: false,
      error: { code: 'wrong_type' },
    });
    const [h, p = '', s] = jwsOf('trust', trustV(2)).split('.');
    expect(await store.install('trust', `${h}.${p.slice(0, -2)}AA.${s}`)).toMatchObject({
      ok: false,
      error: { code: 'bad_signature' },
    });
    expect(store.current('trust')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps lists across a restart, re-verifying them, and removes temp files left by a crash', async () => {
    const first = await open();
    await first.store.install('trust', jwsOf('trust', trustV(3)));
    await first.store.install('refill', jwsOf('refill', emptyRefillList(2, 1_000, 90_000)));
    await writeFile(path.join(dir, 'trust.jws.123-abc.tmp'), 'half a list');

    const second = await open();
    expect(second.problems).toEqual([]);
    expect(second.store.current('trust')?.payload.version).toBe(3);
    expect(second.store.current('refill')?.payload.version).toBe(2);
    expect(second.store.current('revocation')).toBeUndefined();
    expect((await readdir(dir)).sort()).toEqual(['refill.jws', 'trust.jws']);
    // The version kept across the restart still blocks a roll-back.
    expect(await second.store.install('trust', jwsOf('trust', trustV(2)))).toMatchObject({
      ok: false,
      error: { code: 'rollback' },
    });
  });

  it('treats an installed file that no longer verifies as absent and reports it', async () => {
    const first = await open();
    await first.store.install('trust', jwsOf('trust', trustV(3)));
    await writeFile(path.join(dir, 'trust.jws'), jwsOf('trust', trustV(4), otherRoot));
    const second = await open();
    expect(second.store.current('trust')).toBeUndefined();
    expect(second.problems).toEqual([
      { kind: 'trust', detail: expect.stringContaining('does not verify') },
    ]);
    // A good list can be installed over it.
    expect((await second.store.install('trust', jwsOf('trust', trustV(1)))).ok).toBe(true);
  });

  it('runs concurrent installs one at a time, so the version check cannot race', async () => {
    const { store } = await open();
    const results = await Promise.all([
      store.install('revocation', jwsOf('revocation', revocationV(7))),
      store.install('revocation', jwsOf('revocation', revocationV(6))),
      store.install('revocation', jwsOf('revocation', revocationV(8))),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'rollback', 'ok']);
    expect(store.current('revocation')?.payload.version).toBe(8);
  });
});
