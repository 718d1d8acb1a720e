import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BaseLogger } from 'pino';
import type { HubDatabase } from './hub-database';
import { runMigrations } from './migrations';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';
import type { ScriptableDatabase } from './scriptable-database';

/** Where PGlite keeps its files inside the hub's data directory. */
export const PGLITE_SUBDIR = 'pglite';

export type HubDatabaseOptions =
  /** PGlite in `<dataDir>/pglite`; `dataDir: null` keeps it in memory (tests, the bench). */
  | { dataDir: string | null; logger?: Pick<BaseLogger, 'info' | 'error'> }
  /** PostgreSQL (DATABASE_URL). */
  | { databaseUrl: string; logger?: Pick<BaseLogger, 'info' | 'error'> };

/**
 * The one factory that picks the storage (DESIGN §7): opens PGlite or PostgreSQL and brings the
 * schema up to date before anyone queries it. Safe to call on every start.
 */
export async function openHubDatabase(options: HubDatabaseOptions): Promise<HubDatabase> {
  const { logger } = options;
  let db: ScriptableDatabase;
  if ('databaseUrl' in options) {
    db = openPostgresDatabase(options.databaseUrl, logger);
  } else if (options.dataDir === null) {
    db = await openPgliteDatabase(undefined);
  } else {
    const dir = path.join(options.dataDir, PGLITE_SUBDIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    db = await openPgliteDatabase(dir);
  }
  try {
    const report = await runMigrations(db);
    logger?.info(
      { db: db.kind, applied: report.applied, schema: report.all.at(-1) },
      'hub database ready',
    );
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
}
