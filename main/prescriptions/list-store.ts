import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../contracts/result';
import type { EcPublicJwk } from '../keys/jwk-thumbprint';

import type { KioskLock } from './kiosk-lock';
import { indexRefillList, type RefillIndex } from './refill-list';
import { indexRevocationList, type RevocationIndex } from './revocation-list';
import {
  SIGNED_LIST_KINDS,
  verifySignedList,
  type SignedListErrorCode,
  type SignedListKind,
  type SignedListPayload,
} from './signed-list';
import { indexTrustList, type TrustIndex } from './trust-index';
import { writeDurably } from '../journal/write-durably';

/**
 * The signed lists this kiosk has installed (prescription-token.md §4a), one file per kind:
 * `<dir>/<kind>.jws` (dir is normally DATA_DIR/lists). A list is installed only when it verifies
 * against the configured root key AND its version is higher than the installed one, so neither a
 * forged list nor a replayed old one (a roll-back that would un-revoke a prescription) can take
 * effect. Writes are tmp → fsync → rename → fsync directory: after a power cut the kiosk has the
 * old list or the new one, never half of one. The in-memory copy holds each list's lookup index,
 * built once per install, so scans never rebuild Sets or recompute thumbprints.
 */

export const LISTS_SUBDIR = 'lists';

export interface ListIndexes {
  trust: TrustIndex;
  revocation: RevocationIndex;
  refill: RefillIndex;
  lock: KioskLock;
}

export interface InstalledList<K extends SignedListKind> {
  readonly kind: K;
  /** The compact JWS as received; re-verified from disk at every start. */
  readonly jws: string;
  readonly payload: SignedListPayload<K>;
  readonly index: ListIndexes[K];
}

/** The data of the LIST_INSTALLED journal event (contracts/journal-events.ts). */
export interface ListInstalled {
  readonly kind: SignedListKind;
  readonly version: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export type ListInstallRefusal =
  | { readonly code: SignedListErrorCode; readonly detail: string }
  | {
      readonly code: 'rollback' | 'same_version';
      readonly installedVersion: number;
      readonly offeredVersion: number;
      readonly detail: string;
    }
  | { readonly code: 'io'; readonly detail: string };

/** What decidePrescription takes as `lists`. */
export interface CurrentLists {
  readonly trust: TrustIndex | undefined;
  readonly revocation?: RevocationIndex;
  readonly refill?: RefillIndex;
}

export interface ListStore {
  readonly dir: string;
  /**
   * Verifies and installs `jws` as the list of `kind`. On success the caller journals the returned
   * data as LIST_INSTALLED (after the file is durable, so the journal never names a list the kiosk
   * does not hold). Installs run one at a time.
   */
  install(kind: SignedListKind, jws: string): Promise<Result<ListInstalled, ListInstallRefusal>>;
  current<K extends SignedListKind>(kind: K): InstalledList<K> | undefined;
  lists(): CurrentLists;
}

export interface ListStoreProblem {
  readonly kind: SignedListKind;
  /** Why the file on disk was not loaded (it stays on disk for the technician). */
  readonly detail: string;
}

export interface OpenedListStore {
  readonly store: ListStore;
  /** Installed files that no longer verify (disk damage, a changed root key): treated as absent. */
  readonly problems: readonly ListStoreProblem[];
}

const INDEXERS: {
  readonly [K in SignedListKind]: (payload: SignedListPayload<K>) => ListIndexes[K];
} = {
  trust: indexTrustList,
  revocation: indexRevocationList,
  refill: indexRefillList,
  lock: (payload) => payload,
};

const LABELS: Readonly<Record<SignedListKind, string>> = {
  trust: 'trust list',
  revocation: 'revocation list',
  refill: 'refill list',
  lock: 'kiosk lock',
};

type Installed = { -readonly [K in SignedListKind]?: InstalledList<K> };

function fileOf(dir: string, kind: SignedListKind): string {
  return path.join(dir, `${kind}.jws`);
}

function build<K extends SignedListKind>(
  kind: K,
  jws: string,
  payload: SignedListPayload<K>,
): InstalledList<K> {
  return { kind, jws, payload, index: INDEXERS[kind](payload) };
}

/**
 * Opens (creating, 0700) the list directory, loads and re-verifies each installed list, and
 * removes temp files a crash left behind. An unreadable directory is an error; a bad list file is
 * a problem the caller reports, and the kiosk runs without that list (which refuses prescriptions
 * as `trust_list_stale` until a good one is installed: fail closed).
 */
export async function openListStore(options: {
  readonly dir: string;
  readonly rootPublicJwk: EcPublicJwk;
}): Promise<Result<OpenedListStore, string>> {
  const { dir, rootPublicJwk } = options;
  const installed: Installed = {};
  const problems: ListStoreProblem[] = [];
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(dir)) {
      if (name.endsWith('.tmp')) await unlink(path.join(dir, name)).catch(() => undefined);
    }
    for (const kind of SIGNED_LIST_KINDS) {
      const loaded = await loadInstalled(dir, kind, rootPublicJwk);
      if (loaded === undefined) continue;
      if ('problem' in loaded) problems.push({ kind, detail: loaded.problem });
      else setInstalled(installed, loaded.list);
    }
  } catch (error) {
    return err(`list directory ${dir}: ${(error as Error).message}`);
  }

  let queue: Promise<unknown> = Promise.resolve();
  const store: ListStore = {
    dir,
    install(kind, jws) {
      const run = queue.then(() => installNow(kind, jws));
      queue = run.catch(() => undefined);
      return run;
    },
    current: (kind) => installed[kind],
    lists: () => ({
      trust: installed.trust?.index,
      ...(installed.revocation && { revocation: installed.revocation.index }),
      ...(installed.refill && { refill: installed.refill.index }),
    }),
  };

  async function installNow(
    kind: SignedListKind,
    jws: string,
  ): Promise<Result<ListInstalled, ListInstallRefusal>> {
    const verified = verifySignedList(kind, jws, rootPublicJwk);
    if (!verified.ok) {
      return err({
        code: verified.error.code,
        detail: `${LABELS[kind]}: ${verified.error.detail}`,
      });
    }
    const offered = verified.value;
    const held = installed[kind];
    if (held && offered.version <= held.payload.version) {
      const rollback = offered.version < held.payload.version;
      return err({
        code: rollback ? 'rollback' : 'same_version',
        installedVersion: held.payload.version,
        offeredVersion: offered.version,
        detail: rollback
          ? `${LABELS[kind]} version ${offered.version} is older than the installed version ${held.payload.version} (roll-back refused)`
          : `${LABELS[kind]} version ${offered.version} is already installed`,
      });
    }
    try {
      await writeDurably(fileOf(dir, kind), jws);
    } catch (error) {
      return err({ code: 'io', detail: `${LABELS[kind]}: ${(error as Error).message}` });
    }
    setInstalled(installed, buildAny(kind, jws, offered));
    return ok({
      kind,
      version: offered.version,
      issuedAt: offered.issuedAt,
      expiresAt: offered.expiresAt,
    });
  }

  return ok({ store, problems });
}

type AnyInstalled = { [K in SignedListKind]: InstalledList<K> }[SignedListKind];
type AnyPayload = { [K in SignedListKind]: SignedListPayload<K> }[SignedListKind];

/** Pairs a kind with its verified payload; `verifySignedList(kind, …)` guarantees they match. */
function buildAny(kind: SignedListKind, jws: string, payload: AnyPayload): AnyInstalled {
  switch (kind) {
    case 'trust':
      return build(kind, jws, payload as SignedListPayload<'trust'>);
    case 'revocation':
      return build(kind, jws, payload as SignedListPayload<'revocation'>);
    case 'refill':
      return build(kind, jws, payload as SignedListPayload<'refill'>);
    case 'lock':
      return build(kind, jws, payload as SignedListPayload<'lock'>);
  }
}

function setInstalled(installed: Installed, list: AnyInstalled): void {
  switch (list.kind) {
    case 'trust':
      installed.trust = list;
      break;
    case 'revocation':
      installed.revocation = list;
      break;
    case 'refill':
      installed.refill = list;
      break;
    case 'lock':
      installed.lock = list;
      break;
  }
}

async function loadInstalled(
  dir: string,
  kind: SignedListKind,
  rootPublicJwk: EcPublicJwk,
): Promise<{ list: AnyInstalled } | { problem: string } | undefined> {
  let jws: string;
  try {
    jws = await readFile(fileOf(dir, kind), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const verified = verifySignedList(kind, jws, rootPublicJwk);
  if (!verified.ok) {
    return {
      problem: `installed ${LABELS[kind]} does not verify: ${verified.error.code}: ${verified.error.detail}`,
    };
  }
  return { list: buildAny(kind, jws, verified.value) };
}
