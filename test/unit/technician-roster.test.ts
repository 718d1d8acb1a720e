import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEventDataOf, JournalEventType } from '../../contracts/journal-events';
import { publicJwkOf } from '../../main/prescriptions/es256-key-file';
import { signSignedList } from '../../main/prescriptions/signed-list';
import {
  matchesTechnicianPin,
  ROSTER_TYP,
  signRoster,
  technicianPinCheck,
  verifyRoster,
  type Roster,
} from '../../main/technician/roster';
import {
  installIncomingRoster,
  installRoster,
  openRosterStore,
  ROSTER_FILE,
} from '../../main/technician/roster-store';
import { jwkThumbprint } from '../../main/keys/jwk-thumbprint';
import {
  forgeBadge as forgeWith,
  PIN,
  roster,
  trustWith,
} from '../fixtures/technician/technician-fixture';

const root = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const rootJwk = publicJwkOf(root);
const otherRoot = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

function signed(payload: Roster = roster, key = root): string {
  const jws = signRoster(payload, key);
  if (!jws.ok) throw new Error(jws.error.detail);
  return jws.value;
}

/** A journal stand-in that keeps what was appended. */
function journalFake() {
  const events: { type: string; data: unknown }[] = [];
  return {
    events,
    append: async <T extends JournalEventType>(type: T, data: JournalEventDataOf<T>) => {
      events.push({ type, data });
      return { type, data } as never;
    },
  };
}

describe('technician roster (prescription-token.md §4a)', () => {
  it('round-trips a roster and checks PINs against its scrypt value of "<id>:<PIN>"', () => {
    const verified = verifyRoster(signed(), rootJwk);
    expect(verified).toEqual({ ok: true, value: roster });
    const check = roster.technicians[0]?.pin ?? '';
    expect(check).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(matchesTechnicianPin(check, 'T-1', PIN)).toBe(true);
    expect(matchesTechnicianPin(check, 'T-1', '135793')).toBe(false);
    // The id is part of the hashed text: the same PIN for another id does not match.
    expect(matchesTechnicianPin(check, 'T-2', PIN)).toBe(false);
    expect(matchesTechnicianPin(check, 'T-1', '13579')).toBe(false);
    expect(() => technicianPinCheck('T-1', '12345')).toThrow(/6–12 digits/);
  });

  it('refuses another kind, another root, a changed byte, extra header members and bad payloads', () => {
    const trustJws = signSignedList('trust', trustWith(), root);
    expect(trustJws.ok).toBe(true);
    if (trustJws.ok)
      expect(verifyRoster(trustJws.value, rootJwk)).toMatchObject({
        ok: false,
        error: { code: 'wrong_type' },
      });
    expect(verifyRoster(signed(roster, otherRoot), rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'unknown_kid' },
    });
    const jws = signed();
    const [h, p, s = ''] = jws.split('.');
    const flipped = s.slice(0, 5) + (s[5] === 'A' ? 'B' : 'A') + s.slice(6);
    expect(verifyRoster(`${h}.${p}.${flipped}`, rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'bad_signature' },
    });
    const kid = jwkThumbprint(rootJwk);
    const header = (extra = {}) => JSON.stringify({ alg: 'ES256', kid, typ: ROSTER_TYP, ...extra });
    expect(
      verifyRoster(forgeWith(header({ zip: 'DEF' }), JSON.stringify(roster), root), rootJwk),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad_alg' },
    });
    const twice = { ...roster, technicians: [roster.technicians[0], roster.technicians[0]] };
    expect(verifyRoster(forgeWith(header(), JSON.stringify(twice), root), rootJwk)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', detail: expect.stringMatching(/twice/) },
    });
    const plainPin = { ...roster, technicians: [{ ...roster.technicians[0], pin: PIN }] };
    expect(
      verifyRoster(forgeWith(header(), JSON.stringify(plainPin), root), rootJwk),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    // The signer refuses what every kiosk would refuse.
    expect(signRoster(plainPin as Roster, root)).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
  });
});

describe('roster store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'roster-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('installs a verified roster durably, journals LIST_INSTALLED, and never rolls back', async () => {
    const lists = path.join(dir, 'lists');
    const { store, problem } = await openRosterStore({ dir: lists, rootPublicJwk: rootJwk });
    expect(problem).toBeNull();
    expect(store.current()).toBeUndefined();
    const journal = journalFake();
    const first = signed();
    const installed = await installRoster(journal, store, first);
    expect(installed.ok).toBe(true);
    expect(journal.events).toEqual([
      {
        type: 'LIST_INSTALLED',
        data: {
          kind: 'roster',
          version: 3,
          issuedAt: roster.issuedAt,
          expiresAt: roster.expiresAt,
        },
      },
    ]);
    expect(await readFile(path.join(lists, ROSTER_FILE), 'utf8')).toBe(first);
    expect(store.current()?.jws).toBe(first);

    const same = await installRoster(journal, store, signed());
    expect(same).toMatchObject({ ok: false, error: { code: 'same_version' } });
    const older = await installRoster(journal, store, signed({ ...roster, version: 2 }));
    expect(older).toMatchObject({ ok: false, error: { code: 'rollback' } });
    const forged = await installRoster(
      journal,
      store,
      signed({ ...roster, version: 9 }, otherRoot),
    );
    expect(forged).toMatchObject({ ok: false, error: { code: 'unknown_kid' } });
    expect(journal.events).toHaveLength(1);
    const newer = await installRoster(journal, store, signed({ ...roster, version: 4 }));
    expect(newer.ok).toBe(true);
    expect((await readdir(lists)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    // Re-verified from disk at the next start.
    const reopened = await openRosterStore({ dir: lists, rootPublicJwk: rootJwk });
    expect(reopened.store.current()?.payload.version).toBe(4);
    const otherKey = await openRosterStore({ dir: lists, rootPublicJwk: publicJwkOf(otherRoot) });
    expect(otherKey.store.current()).toBeUndefined();
    expect(otherKey.problem).toMatch(/does not verify/);
  });

  it('installs a roster dropped in incoming/ and renames a refused one', async () => {
    const lists = path.join(dir, 'lists');
    const incoming = path.join(dir, 'incoming');
    await mkdir(incoming);
    const { store } = await openRosterStore({ dir: lists, rootPublicJwk: rootJwk });
    const journal = journalFake();
    expect(await installIncomingRoster(incoming, journal, store)).toEqual({
      installed: false,
      refused: null,
    });
    await writeFile(path.join(incoming, ROSTER_FILE), signed());
    expect(await installIncomingRoster(incoming, journal, store)).toEqual({
      installed: true,
      refused: null,
    });
    expect(await readdir(incoming)).toEqual([]);
    await writeFile(path.join(incoming, ROSTER_FILE), signed({ ...roster, version: 1 }));
    const refused = await installIncomingRoster(incoming, journal, store);
    expect(refused.installed).toBe(false);
    expect(refused.refused).toMatch(/roll-back/);
    expect(await readdir(incoming)).toEqual([`${ROSTER_FILE}.refused`]);
  });
});
