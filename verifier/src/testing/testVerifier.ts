// Test helper: a verifier on a real database (PostgreSQL when DATABASE_URL is set, as in CI; an
// embedded PGlite in a temporary directory otherwise) and a real job queue (BullMQ when REDIS_URL is
// set, in-process otherwise), pointed at a test L1 over HTTP. `open()` can be called again on the same
// data to test a restart.
import { randomBytes } from "node:crypto";
import {
  createL1Clients,
  createLogger,
  createMetrics,
  type Database,
  type LogLevel,
} from "@halcyon/node-common";
import type { Hex } from "viem";
import { deleteRedisKeys } from "../../../packages/node-common/src/testing/deleteRedisKeys.ts";
import { createServiceTestDatabase } from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import { createVerifier, type Verifier, type VerifierOptions } from "../verifier.ts";
import type { TestL1 } from "./testL1.ts";

export type TestVerifierOptions = Partial<
  Pick<VerifierOptions, "confirmations" | "maxBlockRange" | "pollIntervalMs" | "progressIntervalMs">
> & {
  /** The challenger's key; watch-only without one. */
  readonly privateKey?: Hex;
  readonly logLevel?: LogLevel;
};

export type TestVerifierHandle = {
  readonly databaseKind: "postgres" | "pglite";
  readonly queueKind: "bullmq" | "memory";
  /** Opens a verifier on this handle's database (again, after close, to restart it). */
  open(): Promise<Verifier>;
  /** Opens the database alone (to look at or tamper with what the verifier stored). */
  openDatabase(): Promise<Database>;
  /** Stops the open verifier and closes its database (a restart can follow). */
  close(): Promise<void>;
  /** Closes everything and deletes the data. */
  cleanup(): Promise<void>;
};

export async function createTestVerifier(
  l1: TestL1,
  label: string,
  options: TestVerifierOptions = {},
): Promise<TestVerifierHandle> {
  const logger = createLogger({
    level: options.logLevel ?? (process.env.VERIFIER_TEST_LOG as LogLevel | undefined) ?? "silent",
    name: label,
  });
  const redisUrl = process.env.REDIS_URL === "" ? undefined : process.env.REDIS_URL;
  const queuePrefix = `halcyon-verifier-test-${process.pid}-${randomBytes(4).toString("hex")}`;
  const database = await createServiceTestDatabase(`verifier_${label}`, logger);
  let open: { verifier: Verifier; db: Database } | undefined;
  const openDb = () => database.open();

  const handle: TestVerifierHandle = {
    databaseKind: database.kind,
    queueKind: redisUrl === undefined ? "memory" : "bullmq",
    async open() {
      if (open !== undefined) throw new Error("the test verifier is already open");
      const clients = createL1Clients({
        rpcUrl: l1.url,
        chainId: l1.deployment.l1ChainId,
        privateKey: options.privateKey,
        pollingIntervalMs: 50,
      });
      const db = await openDb();
      try {
        const verifier = await createVerifier({
          deployment: l1.deployment,
          client: clients.publicClient,
          wallet: clients.walletClient,
          db,
          logger,
          metrics: createMetrics({ prefix: "halcyon_verifier_" }),
          redisUrl,
          queuePrefix,
          confirmations: options.confirmations ?? 0,
          pollIntervalMs: options.pollIntervalMs ?? 50,
          maxBlockRange: options.maxBlockRange ?? 1_000,
          recoveryThreads: 1,
          receiptTimeoutMs: 20_000,
          jobBackoffMs: 100,
          ...(options.progressIntervalMs === undefined
            ? {}
            : { progressIntervalMs: options.progressIntervalMs }),
        });
        open = { verifier, db };
        return verifier;
      } catch (error) {
        await db.close();
        throw error;
      }
    },
    openDatabase: openDb,
    async close() {
      if (open === undefined) return;
      const { verifier, db } = open;
      open = undefined;
      await verifier.stop();
      await db.close();
    },
    async cleanup() {
      await handle.close();
      await database.cleanup();
      if (redisUrl !== undefined) await deleteRedisKeys(redisUrl, queuePrefix);
    },
  };
  return handle;
}
