import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  createSilentLogger,
  type Database,
  type Logger,
  type LogLevel,
  migrate,
  writeDeploymentFile,
} from "@halcyon/node-common";
import {
  createServiceTestDatabase,
  type ServiceTestDatabase,
} from "../../../packages/node-common/src/testing/serviceTestDatabase.ts";
import { TEST_CONFIG } from "../../../packages/protocol/src/testing/fixtures.ts";
import { createL1GameClockSource } from "../l1/gameClocks.ts";
import { type L1Connection, openL1 } from "../l1/openL1.ts";
import { type L1Services, type L1ServicesOptions, startL1Services } from "../l1/startL1Services.ts";
import { type Sequencer, type SequencerOptions, startSequencer } from "../sequencer.ts";
import { SEQUENCER_MIGRATIONS } from "../store/migrations.ts";
import { type HttpL1, SEQUENCER_L1_KEY } from "./httpL1.ts";

// Test helper: the whole sequencer in-process (sequencer, L1 follower, batcher, submitter, finality) on
// a fresh database, against an HttpL1, wired as main.ts wires it, with test-sized periods.

export type TestRollupNode = {
  readonly db: Database;
  readonly l1: L1Connection;
  readonly sequencer: Sequencer;
  readonly services: L1Services;
  readonly url: string;
  /** Stops everything (the database stays until cleanup). */
  stop(): Promise<void>;
  /** Stops, and starts again on the same database (a graceful restart). */
  restart(): Promise<TestRollupNode>;
  /** Stops and deletes the data. */
  close(): Promise<void>;
};

export type TestRollupNodeOptions = {
  readonly services?: Partial<L1ServicesOptions>;
  readonly sequencer?: Partial<Omit<SequencerOptions, "db" | "logger" | "queue" | "chainConfig">>;
  readonly logger?: Logger;
};

export async function startTestRollupNode(
  httpL1: HttpL1,
  label: string,
  options: TestRollupNodeOptions = {},
): Promise<TestRollupNode> {
  const store = await createServiceTestDatabase(label);
  const dir = await mkdtemp(join(tmpdir(), `halcyon-${label}-`));
  const deploymentPath = join(dir, "deployment.json");
  writeDeploymentFile(deploymentPath, httpL1.deployment);
  return start(httpL1, store, deploymentPath, dir, options);
}

async function start(
  httpL1: HttpL1,
  store: ServiceTestDatabase,
  deploymentPath: string,
  dir: string,
  options: TestRollupNodeOptions,
): Promise<TestRollupNode> {
  // HALCYON_TEST_LOG=debug (or info, …) shows the node's logs while debugging a test.
  const level = process.env.HALCYON_TEST_LOG;
  const logger =
    options.logger ??
    (level === undefined
      ? createSilentLogger()
      : createLogger({ level: level as LogLevel, name: "node", env: {} }));
  const db = await store.open();
  await migrate(db, SEQUENCER_MIGRATIONS, { logger });
  const pollIntervalMs = options.services?.pollIntervalMs ?? 50;
  const confirmations = options.services?.confirmations ?? 2;
  let head = () => 0n;
  const l1 = await openL1({
    deploymentPath,
    rpcUrl: httpL1.url,
    privateKey: SEQUENCER_L1_KEY,
    chainConfig: TEST_CONFIG,
    confirmations,
    pollIntervalMs,
    logRange: 1_000,
    stuckAfterMs: options.services?.stuckAfterMs ?? 60_000,
    finalizeBatches: true,
    head: () => head(),
    db,
    logger,
  });
  const sequencer = await startSequencer({
    db,
    logger,
    chainConfig: TEST_CONFIG,
    queue: l1.follower,
    tokenMetadata: l1.tokenMetadata,
    finality: l1.finality,
    l1Status: () => l1.follower.status,
    gameClocks: createL1GameClockSource(l1.publicClient, l1.deployment.addresses.disputeGame),
    rpc: { host: "127.0.0.1", port: 0 },
    blockTimeMs: 50,
    groupWindowMs: 1,
    ...options.sequencer,
  });
  head = () => sequencer.chain.head.number;
  const services = await startL1Services(l1, sequencer, {
    db,
    logger,
    confirmations,
    pollIntervalMs,
    stuckAfterMs: 60_000,
    logRange: 1_000,
    batchLimits: { maxBytes: 120_000, maxSteps: 4_096 },
    batchMaxAgeMs: 300,
    redisUrl: undefined,
    submitterConcurrency: 4,
    resubmitIntervalMs: 500,
    ...options.services,
  });
  let stopped: Promise<void> | undefined;
  const node: TestRollupNode = {
    db,
    l1,
    sequencer,
    services,
    url: sequencer.rpc!.url,
    stop() {
      stopped ??= (async () => {
        await services.close();
        await sequencer.close();
        await db.close();
      })();
      return stopped;
    },
    async restart() {
      await node.stop();
      return start(httpL1, store, deploymentPath, dir, options);
    },
    async close() {
      await node.stop();
      await store.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return node;
}
