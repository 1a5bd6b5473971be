// Test helper: Halcyon as users meet it, for the SDK's and the CLI's end-to-end tests. A real Hardhat L1
// over HTTP on a random port with the contracts deployed by deployHalcyon (sequencer/src/testing/httpL1.ts),
// the deployment file written as scripts/deploy.ts writes it, and the real sequencer process
// (sequencer/src/main.ts) on a random port: PostgreSQL in a throwaway database when DATABASE_URL is set,
// PGlite otherwise; the in-process job queue. Imported by path from tests only.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HttpL1, SEQUENCER_L1_KEY, startHttpL1 } from "../../../../sequencer/src/testing/httpL1.ts";
import { type ServiceProcess, startSequencerProcess } from "../../../../test/e2e/serviceProcess.ts";
import { serializeDeployment } from "../../../node-common/src/l1/deployment.ts";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../../node-common/src/testing/createTestDatabase.ts";
import { TEST_CONFIG } from "../../../protocol/src/testing/fixtures.ts";

export type TestRollup = {
  readonly l1: HttpL1;
  readonly sequencer: ServiceProcess;
  /** The sequencer's JSON-RPC URL. */
  readonly l2Url: string;
  readonly deploymentFile: string;
  /** A scratch directory removed by stop(). */
  readonly dir: string;
  stop(): Promise<void>;
};

/**
 * Starts the L1 (a block every 200 ms besides automine) and the sequencer (100 ms blocks, batches cut
 * within 300 ms, one L1 confirmation). `name` prefixes the throwaway database and the scratch directory.
 */
export async function startTestRollup(name: string): Promise<TestRollup> {
  const l1 = await startHttpL1();
  let dir: string | undefined;
  let pg: TestDatabase | undefined;
  try {
    await l1.setIntervalMining(200);
    dir = await mkdtemp(join(tmpdir(), `halcyon-${name}-`));
    const deploymentFile = join(dir, "deployment.json");
    await writeFile(deploymentFile, serializeDeployment(l1.deployment));
    const env: Record<string, string> = {
      HALCYON_DEPLOYMENT: deploymentFile,
      L1_RPC_URL: l1.url,
      SEQUENCER_L1_PRIVATE_KEY: SEQUENCER_L1_KEY,
      HALCYON_FEE_VAULT: TEST_CONFIG.feeVault,
      HALCYON_CHAIN_ID: TEST_CONFIG.chainId.toString(),
      SEQUENCER_RPC_PORT: "0",
      SEQUENCER_BLOCK_TIME: "100",
      L1_CONFIRMATIONS: "1",
      L1_POLL_INTERVAL: "100",
      BATCH_MAX_AGE: "300",
      BATCH_RESUBMIT_INTERVAL: "300",
      SEQUENCER_DATA_DIR: join(dir, "sequencer"),
      // The process helper waits for an info line ("L1 services started").
      LOG_LEVEL: "info",
    };
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      pg = await createTestDatabase(adminUrl, name);
      env.DATABASE_URL = pg.url;
    }
    const sequencer = await startSequencerProcess(env);
    const scratch = dir;
    return {
      l1,
      sequencer,
      l2Url: sequencer.url,
      deploymentFile,
      dir: scratch,
      async stop() {
        await sequencer.stop();
        await pg?.drop();
        await l1.close();
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await pg?.drop();
    await l1.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
