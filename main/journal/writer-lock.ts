import { randomUUID } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../contracts/result';
import { errorMessage } from './journal-errors';

export const LOCK_FILE_NAME = 'journal.lock';

/** Attempts to take over a stale lock before giving up; a race with another taker is rare. */
const TAKEOVER_ATTEMPTS = 3;

export interface WriterLock {
  readonly path: string;
  release(): Promise<void>;
}

export type LockError = { kind: 'locked'; pid: number } | { kind: 'io'; detail: string };

export interface LockOptions {
  /** Whether a process is running; the default asks the kernel with signal 0. */
  isAlive?: (pid: number) => boolean;
}

/**
 * Takes the journal's exclusive writer lock: `journal.lock` holding this process's pid. A second
 * writer would fork the chain (DESIGN §2), so a live holder makes this fail; a holder that died
 * (kill -9, power cut) leaves a stale file that is taken over.
 */
export async function acquireWriterLock(
  dir: string,
  options: LockOptions = {},
): Promise<Result<WriterLock, LockError>> {
  const isAlive = options.isAlive ?? isProcessAlive;
  const lockPath = path.join(dir, LOCK_FILE_NAME);
  try {
    for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
      if (await createLockFile(lockPath)) return ok(heldLock(lockPath));

      const holder = await readHolder(lockPath);
      if (holder === 'gone') continue;
      if (holder !== null && isAlive(holder)) return err({ kind: 'locked', pid: holder });

      // Stale. Move it aside atomically, then make sure the file we moved is the one we judged:
      // another process may have taken it over between our read and the rename.
      const aside = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
      try {
        await rename(lockPath, aside);
      } catch (error) {
        if (isCode(error, 'ENOENT')) continue;
        throw error;
      }
      const moved = await readHolder(aside);
      if (typeof moved === 'number' && moved !== holder && isAlive(moved)) {
        await link(aside, lockPath).catch(() => undefined);
        await unlink(aside);
        return err({ kind: 'locked', pid: moved });
      }
      await unlink(aside);
    }
    return err({ kind: 'io', detail: `could not take over the stale lock ${lockPath}` });
  } catch (error) {
    return err({ kind: 'io', detail: `journal lock ${lockPath}: ${errorMessage(error)}` });
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return isCode(error, 'EPERM');
  }
}

/**
 * Creates the lock with its pid already inside. The pid goes into a private temp file first
 * (O_EXCL), which is then hard-linked to the lock name; link fails if the name exists, exactly
 * like O_EXCL, but a reader can never see an empty, half-written lock and mistake it for stale.
 */
async function createLockFile(lockPath: string): Promise<boolean> {
  // Unique per attempt: two opens in one process must not share it.
  const temp = `${lockPath}.${process.pid}-${randomUUID()}.tmp`;
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(`${process.pid}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}

/** The pid in a lock file; null when unreadable (damage counts as stale); 'gone' if removed. */
async function readHolder(file: string): Promise<number | null | 'gone'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'gone';
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function heldLock(lockPath: string): WriterLock {
  let released = false;
  return {
    path: lockPath,
    async release() {
      if (released) return;
      released = true;
      // Only remove the lock if it is still ours (a person may have deleted it by hand).
      const holder = await readHolder(lockPath);
      if (holder === process.pid) await unlink(lockPath);
    },
  };
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
