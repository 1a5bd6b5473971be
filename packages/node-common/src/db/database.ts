import { BaseError } from "../errors.ts";

/** What a query returns. `rowCount` is the number of rows returned or affected (0 for other commands). */
export type QueryResult<R> = { readonly rows: R[]; readonly rowCount: number };

/**
 * Something that runs SQL: the database itself, or the `tx` handle inside `Database.transaction`.
 * Parameters are `$1, $2, …`; a bigint or a Uint8Array can be passed directly.
 * Server errors are node-postgres's `DatabaseError`, with the SQLSTATE in `.code`, on both backends.
 */
export type Queryable = {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
};

/**
 * A PostgreSQL database: a server reached through `pg`, or an embedded PGlite reached through the same
 * `pg` code over a loopback socket. Both parse types identically (db/typeParsers.ts).
 */
export type Database = Queryable & {
  readonly kind: "postgres" | "pglite";
  /**
   * Runs `fn` in a transaction: COMMIT when it resolves, ROLLBACK when it throws (the error is rethrown).
   * Inside `fn`, use only `tx`: calling the database itself from inside `fn` throws, because with
   * PGlite (one session) it would wait forever for the transaction to end.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Waits for running queries, then closes connections (and stops PGlite). Idempotent. */
  close(): Promise<void>;
};

/** The database was used in a way that cannot work: after close, or from inside a transaction. */
export class DatabaseUsageError extends BaseError {
  override name = "DatabaseUsageError";
}

/** The database could not be opened (unreachable server, bad URL, PGlite failed to start). */
export class DatabaseOpenError extends BaseError {
  override name = "DatabaseOpenError";
}
