import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../contracts/result';
import type { Journal } from '../journal';

import type { EcPublicJwk } from '../keys/jwk-thumbprint';
import { verifyRoster, type Roster } from './roster';
import { writeDurably } from '../journal/write-durably';

/**
 * The installed technician roster: `DATA_DIR/lists/roster.jws`, beside the other signed lists and
 * with their rules (prescription-token.md §4a): installed only when it verifies against the root
 * key and its version is higher than the installed one (a replayed old roster could bring back a
 * technician the hub removed), written tmp → fsync → rename → fsync directory, re-verified from
 * disk at every start. LIST_INSTALLED {kind: 'roster'} is journaled after the file is durable.
 */

export const ROSTER_FILE = 'roster.jws';

export interface InstalledRoster {
  readonly jws: string;
  readonly roster: Roster;
}

export type RosterInstallRefusal =
  | { readonly code: string; readonly detail: string }
  | { readonly code: 'rollback' | 'same_version'; readonly detail: string };

export interface RosterStore {
  readonly file: string;
  current(): InstalledRoster | undefined;
  /** Verifies and stores; the caller journals (installRoster does both). One at a time. */
  install(jws: string): Promise<Result<Roster, RosterInstallRefusal>>;
}

export interface OpenedRosterStore {
  readonly store: RosterStore;
  /** Why the roster on disk was not loaded (it stays there for the technician), if it was not. */
  readonly problem: string | null;
}

/** Opens DATA_DIR/lists (normally) and loads the installed roster, if any. */
export async function openRosterStore(options: {
  readonly dir: string;
  readonly rootPublicJwk: EcPublicJwk;
}): Promise<OpenedRosterStore> {
  const file = path.join(options.dir, ROSTER_FILE);
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  let installed: InstalledRoster | undefined;
  let problem: string | null = null;
  const onDisk = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (onDisk !== undefined) {
    const verified = verifyRoster(onDisk, options.rootPublicJwk);
    if (verified.ok) installed = { jws: onDisk, roster: verified.value };
    else
      problem = `installed roster does not verify: ${verified.error.code}: ${verified.error.detail}`;
  }

  let queue: Promise<unknown> = Promise.resolve();
  const store: RosterStore = {
    file,
    current: () => installed,
    install(jws) {
      const run = queue.then(() => installNow(jws.trim()));
      queue = run.catch(() => undefined);
      return run;
    },
  };

  async function installNow(jws: string): Promise<Result<Roster, RosterInstallRefusal>> {
    const verified = verifyRoster(jws, options.rootPublicJwk);
    if (!verified.ok) {
      return err({ code: verified.error.code, detail: `roster: ${verified.error.detail}` });
    }
    const offered = verified.value;
    const held = installed?.roster;
    if (held && offered.version <= held.version) {
      const rollback = offered.version < held.version;
      return err({
        code: rollback ? 'rollback' : 'same_version',
        detail: rollback
          ? `roster version ${offered.version} is older than the installed version ${held.version} (roll-back refused)`
          : `roster version ${offered.version} is already installed`,
      });
    }
    try {
      await writeDurably(file, jws);
    } catch (error) {
      return err({ code: 'io', detail: `roster: ${(error as Error).message}` });
    }
    installed = { jws, roster: offered };
    return ok(offered);
  }

  return { store, problem };
}

/** Verifies and stores a roster, then journals LIST_INSTALLED (only once the file is durable). */
export async function installRoster(
  journal: Pick<Journal, 'append'>,
  store: RosterStore,
  jws: string,
): Promise<Result<Roster, RosterInstallRefusal>> {
  const installed = await store.install(jws);
  if (!installed.ok) return installed;
  const { version, issuedAt, expiresAt } = installed.value;
  await journal.append('LIST_INSTALLED', { kind: 'roster', version, issuedAt, expiresAt });
  return installed;
}

/**
 * A roster dropped in DATA_DIR/incoming/ (a technician's USB stick, `npm run tech -- install`
 * with no kiosk running) is installed at start like the other lists there: removed when
 * installed, renamed `.refused` when not. Returns the refusal detail, or null.
 */
export async function installIncomingRoster(
  incomingDir: string,
  journal: Pick<Journal, 'append'>,
  store: RosterStore,
): Promise<{ installed: boolean; refused: string | null }> {
  const file = path.join(incomingDir, ROSTER_FILE);
  let jws: string;
  try {
    jws = await readFile(file, 'utf8');
  } catch {
    return { installed: false, refused: null };
  }
  const result = await installRoster(journal, store, jws);
  if (result.ok) {
    await unlink(file);
    return { installed: true, refused: null };
  }
  await rename(file, `${file}.refused`);
  return { installed: false, refused: result.error.detail };
}
