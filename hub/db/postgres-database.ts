import pg from 'pg';
import type { BaseLogger } from 'pino';
import type { QueryResult } from './hub-database';
import type { ScriptableDatabase, ScriptQueryable } from './scriptable-database';

/** int8 (bigint): seqs and versions, always far below 2^53, read as numbers like PGlite does. */
const INT8_OID = 20;

/**
 * PostgreSQL through a pg.Pool, for a fleet (several hub instances against one database). Each
 * transaction takes its own pooled connection, so transactions run in parallel and PostgreSQL's
 * own locking keeps them consistent.
 */
export function openPostgresDatabase(
  databaseUrl: string,
  logger?: Pick<BaseLogger, 'error'>,
): ScriptableDatabase {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : format === 'binary'
            ? pg.types.getTypeParser(oid, 'binary')
            : pg.types.getTypeParser(oid, 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server drops emits 'error' on the pool; unhandled, it would
  // crash the hub. The next query simply takes a fresh connection.
  pool.on('error', (error) =>
    logger?.error({ err: error.message }, 'idle database connection lost'),
  );

  const query = async <Row>(
    runner: pg.Pool | pg.PoolClient,
    sql: string,
    params?: unknown[],
  ): Promise<QueryResult<Row>> => {
    const result = await runner.query(sql, params);
    return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
  };

  return {
    kind: 'postgres',
    query: (sql, params) => query(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const tx: ScriptQueryable = {
          query: (sql, params) => query(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // A connection that cannot even roll back is not given back to the pool.
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
