/**
 * The hub's one way to reach its storage (DESIGN §7): PGlite in a local directory by default,
 * PostgreSQL when DATABASE_URL is set. Both speak the same SQL, so every query and every
 * migration in hub/db/migrations/ runs unchanged on either. Parameters are `$1, $2, …`.
 */
export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted, where the statement reports it. */
  affectedRows: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

export interface HubDatabase extends Queryable {
  /** 'pglite' or 'postgres', for logs and the bench. */
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction (BEGIN … COMMIT; ROLLBACK and rethrow on error). Concurrent
   * calls are serialised on PGlite; on PostgreSQL each takes its own pooled connection.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
