import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { type DataDirLock, lockDataDir } from "./lockDataDir.ts";

/** An embedded PGlite served over the PostgreSQL wire protocol on a free loopback port. */
export type PgliteServer = {
  readonly host: string;
  readonly port: number;
  /** Stops the socket server, then closes PGlite (flushing a dataDir). */
  stop(): Promise<void>;
};

/**
 * Starts PGlite (`dataDir` for a database kept on disk, in memory without one) and a socket server for
 * it, so that `pg` can connect. PGlite is one PostgreSQL session: connect with a single connection.
 * `maxConnections` is 16 because pglite-socket counts a closing connection until it has gone, and pg
 * may reconnect before then (TOOLCHAIN.md). A dataDir is locked against a second process (lockDataDir).
 */
export async function startPgliteServer(options: { dataDir?: string | undefined }): Promise<PgliteServer> {
  const lock: DataDirLock | undefined =
    options.dataDir === undefined ? undefined : await lockDataDir(options.dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer;
  try {
    db = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
    server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 });
    await server.start();
  } catch (error) {
    await db?.close();
    await lock?.release();
    throw error;
  }
  const pglite = db;
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
  return {
    host: "127.0.0.1",
    port,
    async stop() {
      try {
        await server.stop();
      } finally {
        try {
          if (!pglite.closed) await pglite.close();
        } finally {
          await lock?.release();
        }
      }
    },
  };
}
