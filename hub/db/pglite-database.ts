import { PGlite } from '@electric-sql/pglite';
import type { Queryable, QueryResult } from './hub-database';
import type { ScriptableDatabase, ScriptQueryable } from './scriptable-database';

/**
 * The hub's default storage: PGlite (PostgreSQL compiled to WASM) in a local directory, or in
 * memory when `dataDir` is undefined (tests). It has exactly one connection, and PGlite queues
 * every query and transaction behind one lock, so concurrent `transaction` calls run one after
 * the other instead of interleaving on the same session.
 */
export async function openPgliteDatabase(dataDir: string | undefined): Promise<ScriptableDatabase> {
  const pg = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);

  const query = async <Row>(
    runner: Pick<PGlite, 'query'>,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<Row>> => {
    const result = await runner.query<Row>(sql, params);
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  };

  return {
    kind: 'pglite',
    query: (sql, params) => query(pg, sql, params),
    transaction: (work) =>
      pg.transaction(async (tx) => {
        const scoped: ScriptQueryable & Queryable = {
          query: (sql, params) => query(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return work(scoped);
      }),
    close: () => pg.close(),
  };
}
