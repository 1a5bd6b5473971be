import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import type { Logger } from "../logger.ts";
import { type Database, DatabaseUsageError, type Queryable, type QueryResult } from "./database.ts";

type TransactionScope = { open: boolean };

function toResult<R>(result: pg.QueryResult | pg.QueryResult[]): QueryResult<R> {
  // A parameterless query may hold several statements (simple protocol): its result is the last one's.
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  if (last === undefined) return { rows: [], rowCount: 0 };
  return { rows: last.rows as R[], rowCount: last.rowCount ?? last.rows.length };
}

function run<R>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params?: readonly unknown[],
): Promise<QueryResult<R>> {
  const pending = params === undefined ? target.query(sql) : target.query(sql, [...params]);
  return (pending as Promise<pg.QueryResult | pg.QueryResult[]>).then((r) => toResult<R>(r));
}

/**
 * A Database over a `pg` Pool: the one implementation both backends share (for PGlite the pool has a
 * single connection, so transactions and queries are serialized by the pool itself).
 * `onClose` runs after the pool has ended (PGlite uses it to stop its server).
 */
export function createPoolDatabase(options: {
  kind: Database["kind"];
  pool: pg.Pool;
  logger: Logger;
  onClose?: () => Promise<void>;
}): Database {
  const { kind, pool, logger } = options;
  const scope = new AsyncLocalStorage<TransactionScope>();
  let closing: Promise<void> | undefined;

  // An idle connection that breaks (server restart, network) is reported here; the pool replaces it.
  pool.on("error", (error) => logger.warn({ err: error, kind }, "idle database connection failed"));

  function check(what: string): void {
    if (closing !== undefined) throw new DatabaseUsageError(`${what} after the database was closed`);
    if (scope.getStore()?.open === true) {
      throw new DatabaseUsageError(`${what} inside a transaction callback: use the callback's tx argument`, {
        details: { kind },
      });
    }
  }

  async function transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    check("transaction()");
    const client = await pool.connect();
    const state: TransactionScope = { open: true };
    const tx: Queryable = {
      query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
        if (!state.open) {
          return Promise.reject(new DatabaseUsageError("tx.query() after its transaction ended"));
        }
        return run<R>(client, sql, params);
      },
    };
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await scope.run(state, () => fn(tx));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackError) {
        // The connection is unusable: destroy it rather than return it to the pool.
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      state.open = false;
      client.release(broken);
    }
  }

  return {
    kind,
    query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      try {
        check("query()");
      } catch (error) {
        return Promise.reject(error);
      }
      return run<R>(pool, sql, params);
    },
    transaction,
    close(): Promise<void> {
      closing ??= (async () => {
        await pool.end();
        await options.onClose?.();
      })();
      return closing;
    },
  };
}
