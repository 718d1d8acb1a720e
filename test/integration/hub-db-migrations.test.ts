import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../hub/db/migrations';
import { openPgliteDatabase } from '../../hub/db/pglite-database';
import type { ScriptableDatabase } from '../../hub/db/scriptable-database';

/** The migration runner on PGlite in memory, with migrations written by the test. */
describe('hub migrations', () => {
  let dir: string;
  let db: ScriptableDatabase;

  // One PGlite for the file (it takes seconds to start); each test starts from an empty schema.
  beforeAll(async () => {
    db = await openPgliteDatabase(undefined);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hub-migrations-'));
    await db.transaction((tx) => tx.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const tables = async (): Promise<string[]> =>
    (
      await db.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      )
    ).rows.map((r) => r.tablename);

  it('applies files in name order, once, and records them', async () => {
    await writeFile(path.join(dir, '002_b.sql'), 'CREATE TABLE b (a_id int REFERENCES a(id));');
    await writeFile(
      path.join(dir, '001_a.sql'),
      'CREATE TABLE a (id int PRIMARY KEY);\nINSERT INTO a VALUES (1);',
    );
    await writeFile(path.join(dir, 'README.md'), 'not a migration');
    expect(await runMigrations(db, dir)).toEqual({
      applied: ['001_a.sql', '002_b.sql'],
      all: ['001_a.sql', '002_b.sql'],
    });
    expect(await runMigrations(db, dir)).toEqual({ applied: [], all: ['001_a.sql', '002_b.sql'] });
    expect((await db.query('SELECT id FROM a')).rows).toEqual([{ id: 1 }]);
    expect(await tables()).toEqual(['a', 'b', 'schema_migrations']);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    await writeFile(path.join(dir, '001_a.sql'), 'CREATE TABLE a (id int);');
    await writeFile(
      path.join(dir, '002_bad.sql'),
      'CREATE TABLE half (id int);\nINSERT INTO nowhere VALUES (1);',
    );
    await expect(runMigrations(db, dir)).rejects.toThrow(/nowhere/);
    expect(await tables()).toEqual(['a', 'schema_migrations']);
    expect((await db.query('SELECT name FROM schema_migrations')).rows).toEqual([
      { name: '001_a.sql' },
    ]);
  });

  it('runs the real migrations on an empty database', async () => {
    const report = await runMigrations(db);
    expect(report.applied[0]).toBe('001_sync.sql');
    expect(await tables()).toEqual(
      expect.arrayContaining(['events', 'kiosks', 'downloads', 'request_nonces']),
    );
  });
});
