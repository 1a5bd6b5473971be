// Test helper for the services: a fresh database per test, real PostgreSQL when DATABASE_URL is set
// (CI) and an embedded PGlite in a temporary directory otherwise. `open()` may be called again after
// closing, to test a restart on the same data.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../db/database.ts";
import { openDatabase } from "../db/openDatabase.ts";
import { createSilentLogger, type Logger } from "../logger.ts";
import { createTestDatabase } from "./createTestDatabase.ts";

export type ServiceTestDatabase = {
  readonly kind: "postgres" | "pglite";
  open(): Promise<Database>;
  /** Closes every database this helper opened and deletes the data. */
  cleanup(): Promise<void>;
};

export async function createServiceTestDatabase(
  label: string,
  logger: Logger = createSilentLogger(),
): Promise<ServiceTestDatabase> {
  const opened: Database[] = [];
  const track = (db: Database): Database => {
    opened.push(db);
    return db;
  };
  const closeAll = () => Promise.all(opened.map((db) => db.close().catch(() => {})));
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl !== undefined && adminUrl !== "") {
    const created = await createTestDatabase(adminUrl, label);
    return {
      kind: "postgres",
      open: async () =>
        track(await openDatabase({ url: created.url, logger, applicationName: `test-${label}` })),
      async cleanup() {
        await closeAll();
        await created.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `halcyon-${label}-`));
  return {
    kind: "pglite",
    open: async () => track(await openDatabase({ dataDir, logger })),
    async cleanup() {
      await closeAll();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
