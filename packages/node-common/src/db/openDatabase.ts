import pg from "pg";
import type { Logger } from "../logger.ts";
import { createPoolDatabase } from "./createPoolDatabase.ts";
import { type Database, DatabaseOpenError } from "./database.ts";
import { startPgliteServer } from "./startPgliteServer.ts";
import { createTypeParsers } from "./typeParsers.ts";

export type OpenDatabaseOptions = {
  /** A PostgreSQL URL (postgres://user@host:port/db). Without one, an embedded PGlite is used. */
  readonly url?: string | undefined;
  /**
   * PGlite only (ignored with a url): the directory that holds the database, locked against a second
   * process; in memory (lost on close) without one.
   */
  readonly dataDir?: string | undefined;
  readonly logger: Logger;
  /** PostgreSQL only: the pool size. Default 10. (PGlite always has one connection.) */
  readonly maxConnections?: number | undefined;
  /** Shown in pg_stat_activity. Default "halcyon". */
  readonly applicationName?: string | undefined;
};

/** The URL with its password hidden, for logs and errors. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable database URL>";
  }
}

/**
 * Opens the database: PostgreSQL through a `pg` Pool when `url` is given, otherwise an embedded PGlite
 * (real PostgreSQL compiled to WebAssembly) reached by the same `pg` code over a loopback socket.
 * Checks the connection before returning, so a wrong URL fails here with DatabaseOpenError.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { logger } = options;
  const applicationName = options.applicationName ?? "halcyon";
  const types = createTypeParsers();

  if (options.url !== undefined) {
    const where = redactDatabaseUrl(options.url);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      application_name: applicationName,
      types,
    });
    const db = createPoolDatabase({ kind: "postgres", pool, logger });
    try {
      await db.query("SELECT 1");
    } catch (cause) {
      await db.close().catch(() => {});
      throw new DatabaseOpenError(`cannot reach PostgreSQL at ${where}`, { cause, details: { url: where } });
    }
    logger.info({ url: where }, "database: PostgreSQL");
    return db;
  }

  let server: Awaited<ReturnType<typeof startPgliteServer>>;
  try {
    server = await startPgliteServer({ dataDir: options.dataDir });
  } catch (cause) {
    if (cause instanceof DatabaseOpenError) throw cause;
    throw new DatabaseOpenError("cannot start PGlite", { cause, details: { dataDir: options.dataDir } });
  }
  const pool = new pg.Pool({
    host: server.host,
    port: server.port,
    user: "postgres",
    database: "postgres",
    application_name: applicationName,
    // PGlite is a single session: one connection, kept open, so statements and transactions queue here.
    max: 1,
    idleTimeoutMillis: 0,
    types,
  });
  const db = createPoolDatabase({ kind: "pglite", pool, logger, onClose: () => server.stop() });
  try {
    await db.query("SELECT 1");
  } catch (cause) {
    await db.close().catch(() => {});
    throw new DatabaseOpenError("cannot connect to PGlite", { cause });
  }
  logger.info({ dataDir: options.dataDir ?? "(in memory)" }, "database: embedded PGlite");
  return db;
}
