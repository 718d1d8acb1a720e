import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Journal } from '../journal';
import type { ListStore } from '../prescriptions/list-store';
import { SIGNED_LIST_KINDS, type SignedListKind } from '../prescriptions/signed-list';

/**
 * Signed downloads dropped in DATA_DIR/incoming/ — by the demo at every start, and by a
 * technician's USB stick where there is no link — installed at start exactly as sync will install
 * them: verified against the root key, never a rollback, LIST_INSTALLED journaled. A refused file
 * is renamed `.refused` and reported, never half-applied.
 */
export const INCOMING_DIR = 'incoming';
const SyncStamp = z.strictObject({ at: z.number().int(), source: z.enum(['hub', 'demo', 'test']) });

export async function installList(
  journal: Pick<Journal, 'append'>,
  store: ListStore,
  kind: SignedListKind,
  jws: string,
): Promise<string | null> {
  const installed = await store.install(kind, jws.trim());
  if (!installed.ok) return installed.error.detail;
  await journal.append('LIST_INSTALLED', { ...installed.value });
  return null;
}

export async function installIncoming(
  dataDir: string,
  journal: Journal,
  store: ListStore,
  log: Logger,
): Promise<void> {
  const dir = join(dataDir, INCOMING_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const kind of SIGNED_LIST_KINDS) {
    const name = `${kind}.jws`;
    if (!names.includes(name)) continue;
    const file = join(dir, name);
    const refused = await installList(journal, store, kind, await readFile(file, 'utf8'));
    if (refused) {
      log.warn({ kind, why: refused }, 'incoming signed list refused');
      await rename(file, `${file}.refused`);
    } else {
      log.info({ kind }, 'signed list installed');
      await unlink(file);
    }
  }
  if (names.includes('sync-stamp.json')) {
    const file = join(dir, 'sync-stamp.json');
    const stamp = SyncStamp.safeParse(JSON.parse(await readFile(file, 'utf8').catch(() => 'null')));
    if (stamp.success) await journal.append('SYNC_COMPLETED', stamp.data);
    else log.warn('incoming sync stamp refused: not {at, source}');
    await unlink(file);
  }
}
