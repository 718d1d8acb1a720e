import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptableDatabase } from './scriptable-database';

/** hub/db/migrations/: `NNN_name.sql`, applied in name order, each exactly once. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/**
 * Any constant of our own: every hub instance that starts against the same PostgreSQL takes this
 * advisory lock before it looks at schema_migrations, so two instances starting together cannot
 * both apply the same migration.
 */
const MIGRATION_LOCK_KEY = 7_010_001;

export interface MigrationReport {
  /** Names applied by this call (empty on a restart with nothing new). */
  applied: string[];
  /** Every name recorded as applied, after this call. */
  all: string[];
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction
 * together with its record, so a failing migration leaves neither half its changes nor a record.
 */
export async function runMigrations(
  db: ScriptableDatabase,
  dir: string = MIGRATIONS_DIR,
): Promise<MigrationReport> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name), 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           name       text PRIMARY KEY,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (seen.rows.length > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (ran) applied.push(name);
  }
  const all = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return { applied, all: all.rows.map((r) => r.name) };
}
