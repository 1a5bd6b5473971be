// Test helper: Halcyon as developers meet it, for the SDK's and the CLI's end-to-end tests: the devnet
// of `npm run devnet` (scripts/lib/devnet/startDevnet.ts: a Hardhat L1 with the contracts deployed by the
// deploy script's code and the development accounts funded on L1 and L2, the real sequencer and verifier
// as child processes) on random ports in a scratch directory. Its own PostgreSQL databases when
// DATABASE_URL is set (PGlite otherwise) and in-process job queues, so parallel runs share nothing.
// Plus what a test does to L1 besides: move its time, deploy a token, open a game. Imported by path from
// tests only.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { readArtifact } from "../../../../scripts/lib/artifacts.ts";
import { dropServiceDatabases } from "../../../../scripts/lib/devnet/serviceDatabases.ts";
import { type Devnet, startDevnet } from "../../../../scripts/lib/devnet/startDevnet.ts";
import { disputeGameAbi, testTokenAbi } from "../../../node-common/src/l1/abis.ts";
import { l1Chain } from "../../../node-common/src/l1/createL1Clients.ts";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../../node-common/src/testing/createTestDatabase.ts";
import type { BatchRecord } from "../types.ts";

type L1Wallet = WalletClient<Transport, Chain, Account>;

/** What a test needs to know of a running devnet, however it was started. */
export type DevnetHandle = Pick<
  Devnet,
  "l1Url" | "l2Url" | "l1ChainId" | "l2ChainId" | "deploymentFile" | "deployment" | "accounts"
>;

export type TestRollup = {
  readonly devnet: DevnetHandle;
  readonly l1Url: string;
  /** The sequencer's JSON-RPC URL. */
  readonly l2Url: string;
  readonly deploymentFile: string;
  readonly deployment: Devnet["deployment"];
  readonly l1Chain: Chain;
  readonly l1Public: PublicClient<Transport, Chain>;
  /** A scratch directory removed by stop(). */
  readonly dir: string;
  /** The devnet's funded development accounts (#0 and #2 to #9), on L1 and L2. */
  readonly accounts: Devnet["accounts"];
  /** An L1 wallet of funded account `accounts[i]`, signing locally. */
  wallet(i: number): L1Wallet;
  /** Moves L1 time forward by `seconds` and mines a block there. */
  advanceTime(seconds: bigint): Promise<void>;
  /** Deploys contracts/test/TestToken.sol (anyone can mint) from `accounts[i]` and mints it `amount`. */
  deployToken(i: number, amount: bigint): Promise<Address>;
  /** Opens a game against a posted batch from `accounts[i]` with the challenger bond. */
  openGame(i: number, record: BatchRecord): Promise<void>;
  stop(): Promise<void>;
};

/**
 * A throwaway PostgreSQL database for a devnet's services to name theirs after (none without
 * DATABASE_URL: they use PGlite), and a scratch directory; release() drops and removes them all.
 */
export async function createDevnetScratch(name: string): Promise<{
  dir: string;
  databaseUrl: string | undefined;
  release(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), `halcyon-${name}-`));
  const adminUrl = process.env.DATABASE_URL;
  let pg: TestDatabase | undefined;
  try {
    if (adminUrl !== undefined && adminUrl !== "") pg = await createTestDatabase(adminUrl, name);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    databaseUrl: pg?.url,
    async release() {
      if (pg !== undefined) {
        await dropServiceDatabases(pg.url, ["sequencer", "verifier"]);
        await pg.drop();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts a fresh devnet for a test (in this process); `name` prefixes its scratch directory and databases. */
export async function startTestRollup(name: string): Promise<TestRollup> {
  const scratch = await createDevnetScratch(name);
  let devnet: Devnet;
  try {
    devnet = await startDevnet({
      dataDir: join(scratch.dir, "devnet"),
      fresh: true,
      l1Port: 0,
      l2Port: 0,
      verifierPort: 0,
      databaseUrl: scratch.databaseUrl ?? "",
      redisUrl: "",
      blockTime: 100,
      l1BlockTime: 250,
    });
  } catch (error) {
    await scratch.release();
    throw error;
  }
  return attachTestRollup(devnet, scratch.dir, async () => {
    await devnet.stop();
    await scratch.release();
  });
}

/** The test handle of a running devnet; `stop` stops it and cleans up after it. */
export function attachTestRollup(devnet: DevnetHandle, dir: string, stop: () => Promise<void>): TestRollup {
  const chain = l1Chain(devnet.l1ChainId, devnet.l1Url);
  const transport = http(devnet.l1Url);
  const l1Public = createPublicClient({ chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ chain, mode: "hardhat", transport });
  const wallet = (i: number): L1Wallet =>
    createWalletClient({ chain, transport, account: privateKeyToAccount(devnet.accounts[i]!.privateKey) });
  const mined = async (hash: Promise<Hex>) => {
    const receipt = await l1Public.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`L1 transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  return {
    devnet,
    l1Url: devnet.l1Url,
    l2Url: devnet.l2Url,
    deploymentFile: devnet.deploymentFile,
    deployment: devnet.deployment,
    l1Chain: chain,
    l1Public,
    dir,
    accounts: devnet.accounts,
    wallet,
    async advanceTime(seconds) {
      await testClient.increaseTime({ seconds: Number(seconds) });
      await testClient.mine({ blocks: 1 });
    },
    async deployToken(i, amount) {
      const from = wallet(i);
      const receipt = await mined(
        from.deployContract({
          abi: testTokenAbi,
          bytecode: readArtifact("TestToken").bytecode,
          args: ["Test Token", "TT"],
        }),
      );
      const token = receipt.contractAddress!;
      await mined(
        from.writeContract({
          address: token,
          abi: testTokenAbi,
          functionName: "mint",
          args: [from.account.address, amount],
        }),
      );
      return token;
    },
    async openGame(i, record) {
      await mined(
        wallet(i).writeContract({
          address: devnet.deployment.addresses.disputeGame,
          abi: disputeGameAbi,
          functionName: "openGame",
          args: [record],
          value: devnet.deployment.parameters.challengerBond,
        }),
      );
    },
    stop,
  };
}
