import type { HubDatabase, Queryable } from './hub-database';

/**
 * What the migration runner needs beyond HubDatabase: a transaction that can also run a whole
 * multi-statement SQL file (a migration). Both adapters implement it; the rest of the hub sees
 * only HubDatabase.
 */
export interface ScriptQueryable extends Queryable {
  /** Runs a script of one or more statements, with no parameters and no result. */
  exec(sql: string): Promise<void>;
}

export interface ScriptableDatabase extends HubDatabase {
  transaction<T>(work: (tx: ScriptQueryable) => Promise<T>): Promise<T>;
}
