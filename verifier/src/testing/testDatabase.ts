// Test helper: a fresh database for one test, real PostgreSQL when DATABASE_URL is set (CI) and an
// embedded PGlite in a temporary directory otherwise. `open()` may be called again after closing, to
// test a restart on the same data.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSilentLogger, type Database, type Logger, openDatabase } from "@halcyon/node-common";
import { createTestDatabase } from "../../../packages/node-common/src/testing/createTestDatabase.ts";

export type VerifierTestDatabase = {
  readonly kind: "postgres" | "pglite";
  open(): Promise<Database>;
  /** Closes every database this helper opened and deletes the data. */
  cleanup(): Promise<void>;
};

export async function createVerifierTestDatabase(
  label: string,
  logger: Logger = createSilentLogger(),
): Promise<VerifierTestDatabase> {
  const opened: Database[] = [];
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl !== undefined && adminUrl !== "") {
    const created = await createTestDatabase(adminUrl, `verifier_${label}`);
    return {
      kind: "postgres",
      async open() {
        const db = await openDatabase({
          url: created.url,
          logger,
          applicationName: `verifier-test-${label}`,
        });
        opened.push(db);
        return db;
      },
      async cleanup() {
        await Promise.all(opened.map((db) => db.close().catch(() => {})));
        await created.drop();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `halcyon-verifier-${label}-`));
  return {
    kind: "pglite",
    async open() {
      const db = await openDatabase({ dataDir, logger });
      opened.push(db);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.map((db) => db.close().catch(() => {})));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
