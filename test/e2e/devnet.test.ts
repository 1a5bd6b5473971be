// `npm run devnet` as a new user gets it (embedded PGlite, in-process queues, ports of its own), used
// through the SDK: deposits of ETH and an ERC-20 from L1 (viem and ethers), a transfer with viem on L2,
// withdrawals through a batch and its challenge window, finalized on L1. Then the devnet is stopped and
// started again on the same data directory: the same L1 blocks, L2 head and balances, and the chain goes
// on. A fresh start is a new chain.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { JsonRpcProvider, Wallet } from "ethers";
import pg from "pg";
import {
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  parseEther,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { l1Chain, readDeployment, testTokenAbi } from "../../packages/node-common/src/index.ts";
import { l2TokenAddress } from "../../packages/protocol/src/index.ts";
import {
  defineHalcyonChain,
  depositEth,
  ethersActions,
  finalizeWithdrawal,
  getWithdrawalProof,
  getWithdrawalStatus,
  halcyonDevnet,
  waitForBatchFinality,
  waitForDeposit,
  waitForTransactionBatch,
  withdrawEth,
} from "../../packages/sdk/src/index.ts";
import { createTestDatabase } from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import { hardhatAccount } from "../../scripts/lib/devnet/devnetAccounts.ts";
import { dropServiceDatabases, serviceDatabaseName } from "../../scripts/lib/devnet/serviceDatabases.ts";
import { type Devnet, DevnetError, startDevnet } from "../../scripts/lib/devnet/startDevnet.ts";
import { startPrivateRedis } from "./privateRedis.ts";

const ONE = parseEther("1");
const useRedis = (process.env.REDIS_URL ?? "") !== "" && existsSync("/usr/bin/redis-server");
const TOKENS = 5n * ONE;

describe("the devnet, through the SDK", { timeout: 300_000 }, () => {
  let dataDir: string;
  let devnet: Devnet | undefined;
  const aliceKey = generatePrivateKey();
  const bobKey = generatePrivateKey();
  const alice = privateKeyToAccount(aliceKey);
  const bob = privateKeyToAccount(bobKey);
  let token: Address;
  let saved: {
    l1Head: { number: bigint; hash: Hex };
    l1Genesis: Hex;
    l2Head: { number: bigint; hash: Hex };
    balances: [bigint, bigint, bigint];
  };

  const start = (fresh = false) =>
    startDevnet({
      dataDir,
      fresh,
      l1Port: 0,
      l2Port: 0,
      verifierPort: 0,
      // What a new user gets, whatever CI's environment says.
      databaseUrl: "",
      redisUrl: "",
      blockTime: 100,
      l1BlockTime: 500,
    });

  function clients(d: Devnet, l2: Chain) {
    const l1 = l1Chain(d.l1ChainId, d.l1Url);
    const l1Transport = http(d.l1Url);
    const l2Transport = http(d.l2Url);
    return {
      l1Public: createPublicClient({ chain: l1, transport: l1Transport, pollingInterval: 100 }),
      l1Test: createTestClient({ chain: l1, mode: "hardhat", transport: l1Transport }),
      l1Wallet: (key: Hex) =>
        createWalletClient({ chain: l1, transport: l1Transport, account: privateKeyToAccount(key) }),
      l2Public: createPublicClient({ chain: l2, transport: l2Transport, pollingInterval: 100 }),
      l2Wallet: (key: Hex) =>
        createWalletClient({ chain: l2, transport: l2Transport, account: privateKeyToAccount(key) }),
    };
  }

  async function l2Balances(d: Devnet): Promise<[bigint, bigint, bigint]> {
    const l2 = createPublicClient({ transport: http(d.l2Url) });
    const tokenBalance = l2.readContract({
      address: l2TokenAddress(token.toLowerCase() as Address),
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [alice.address],
    });
    return Promise.all([
      l2.getBalance({ address: alice.address }),
      l2.getBalance({ address: bob.address }),
      tokenBalance,
    ]);
  }

  /** Runs `check`; if it fails, the services' last log lines join the error. */
  async function withLogs(d: Devnet, check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      const tail = (name: string) =>
        readFileSync(join(d.dataDir, "logs", `${name}.log`), "utf8")
          .trimEnd()
          .split("\n")
          .slice(-30)
          .join("\n");
      throw new Error(
        `${(error as Error).message}\n--- sequencer\n${tail("sequencer")}\n--- verifier\n${tail("verifier")}`,
        {
          cause: error,
        },
      );
    }
  }

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "halcyon-devnet-e2e-"));
  });
  after(async () => {
    await devnet?.stop();
    if (process.env.KEEP_DEVNET === undefined) await rm(dataDir, { recursive: true, force: true });
    else console.error(dataDir);
  });

  it("starts a new chain with the development accounts funded on L1 and L2", async () => {
    devnet = await start();
    assert.equal(devnet.created, true);
    assert.equal(devnet.l1ChainId, 31337);
    assert.equal(devnet.l2ChainId, halcyonDevnet.id, "the SDK's halcyonDevnet is this chain");
    assert.equal(devnet.deploymentFile, join(dataDir, "deployment.json"));
    const fromFile = await readDeployment(devnet.deploymentFile);
    assert.deepEqual(fromFile, devnet.deployment);
    assert.equal(fromFile.parameters.challengeWindow, 300n, "a devnet's window is minutes");
    assert.equal(fromFile.parameters.sequencer, hardhatAccount(1).address);
    assert.equal(devnet.accounts[0]!.address, hardhatAccount(0).address, "the CLI's default key is funded");
    const l2 = defineHalcyonChain(fromFile, { rpcUrl: devnet.l2Url });
    const { l1Public, l2Public } = clients(devnet, l2);
    for (const account of devnet.accounts) {
      assert.equal(await l2Public.getBalance({ address: account.address }), 100n * ONE);
      assert.ok((await l1Public.getBalance({ address: account.address })) > 9_800n * ONE);
    }
    // A second devnet on the same data directory is refused while this one runs, even with fresh,
    // which must not wipe the running one's data.
    for (const fresh of [false, true]) {
      await assert.rejects(
        start(fresh),
        (error: unknown) => error instanceof DevnetError && /already running/.test(error.message),
      );
    }
    assert.ok(existsSync(devnet.deploymentFile));
    // A port in use is refused up front, naming the flag to change.
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const otherDir = await mkdtemp(join(tmpdir(), "halcyon-devnet-busy-"));
    try {
      await assert.rejects(
        startDevnet({
          dataDir: otherDir,
          l1Port: (busy.address() as AddressInfo).port,
          l2Port: 0,
          verifierPort: 0,
        }),
        (error: unknown) => error instanceof DevnetError && /is in use .*--l1-port/.test(error.message),
      );
    } finally {
      busy.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it("deposits, transfers on L2, and withdraws through a final batch, with viem and ethers", async () => {
    const d = devnet!;
    const l2 = defineHalcyonChain(d.deployment, { rpcUrl: d.l2Url });
    const { l1Public, l1Test, l1Wallet, l2Public, l2Wallet } = clients(d, l2);
    const [funded0, funded1] = d.accounts as [Devnet["accounts"][0], Devnet["accounts"][0]];

    // ETH with viem.
    const eth = await depositEth(l1Wallet(funded0.privateKey), {
      deployment: d.deployment,
      to: alice.address,
      amount: 2n * ONE,
    });
    await waitForDeposit(l2Public, { queueIndex: eth.queueIndex, pollingInterval: 100, timeout: 60_000 });
    assert.equal(await l2Public.getBalance({ address: alice.address }), 2n * ONE);

    // An ERC-20 with ethers: a TestToken on L1, minted, then deposited (the SDK approves the Bridge).
    const artifact = readArtifact("TestToken");
    const deployer = l1Wallet(funded1.privateKey);
    const created = await deployer.deployContract({
      abi: testTokenAbi,
      bytecode: artifact.bytecode,
      args: ["Devnet Token", "DVT"],
    });
    token = (await l1Public.waitForTransactionReceipt({ hash: created })).contractAddress!;
    await l1Public.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: token,
        abi: testTokenAbi,
        functionName: "mint",
        args: [funded1.address, 10n * ONE],
      }),
    });
    // ethers' default request cache: the SDK's approval then deposit must not reuse a cached nonce.
    const l1Provider = new JsonRpcProvider(d.l1Url, d.l1ChainId, { staticNetwork: true });
    const erc20 = await ethersActions.depositErc20(new Wallet(funded1.privateKey, l1Provider), {
      deployment: d.deployment,
      l1Token: token,
      to: alice.address,
      amount: TOKENS,
    });
    await waitForDeposit(l2Public, { queueIndex: erc20.queueIndex, pollingInterval: 100, timeout: 60_000 });
    assert.equal((await l2Balances(d))[2], TOKENS);

    // A transfer with viem on L2.
    const aliceL2 = l2Wallet(aliceKey);
    const transfer = await aliceL2.sendTransaction({ to: bob.address, value: ONE / 2n });
    assert.equal((await l2Receipt(l2Public, transfer)).status, "success");
    assert.equal(await l2Public.getBalance({ address: bob.address }), ONE / 2n);

    // Withdrawals: ETH with viem, the token with ethers.
    const ethOut = await withdrawEth(aliceL2, { amount: ONE / 4n });
    const l2Provider = new JsonRpcProvider(d.l2Url, d.l2ChainId, { staticNetwork: true, cacheTimeout: -1 });
    const tokenOut = (await ethersActions.withdrawToken(new Wallet(aliceKey, l2Provider), {
      l1Token: token,
      amount: 2n * ONE,
      l2ChainId: BigInt(d.l2ChainId),
    })) as Hex;
    for (const hash of [ethOut, tokenOut]) {
      assert.equal((await l2Receipt(l2Public, hash)).status, "success");
      await waitForTransactionBatch(l2Public, {
        hash,
        until: "posted",
        pollingInterval: 200,
        timeout: 60_000,
      });
    }
    const ethProof = await getWithdrawalProof(l2Public, { transactionHash: ethOut });
    const tokenProof = await ethersActions.getWithdrawalProof(l2Provider, { transactionHash: tokenOut });
    assert.ok(ethProof !== null && tokenProof !== null);
    const lastBatch =
      ethProof.batch.index > tokenProof.batch.index ? ethProof.batch.index : tokenProof.batch.index;

    // The challenge window, on the devnet's clock; the sequencer finalizes the batches.
    await l1Test.increaseTime({ seconds: Number(d.deployment.parameters.challengeWindow) + 1 });
    await l1Test.mine({ blocks: 1 });
    await waitForBatchFinality(l1Public, {
      deployment: d.deployment,
      batchIndex: lastBatch,
      pollingInterval: 200,
      timeout: 60_000,
    });

    // Anyone may finalize; the L1 recipient (alice, with no L1 ETH) is paid.
    const paid = await finalizeWithdrawal(l1Wallet(funded0.privateKey), {
      deployment: d.deployment,
      proof: ethProof,
    });
    assert.equal(paid.credited, false, "paid out directly, not credited");
    await ethersActions.finalizeWithdrawal(new Wallet(funded1.privateKey, l1Provider), {
      deployment: d.deployment,
      proof: tokenProof,
    });
    assert.equal(await l1Public.getBalance({ address: alice.address }), ONE / 4n);
    assert.equal(
      await l1Public.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [alice.address],
      }),
      2n * ONE,
    );
    const status = await getWithdrawalStatus(l1Public, {
      deployment: d.deployment,
      index: ethProof.withdrawal.index,
    });
    assert.equal(status.finalized, true);

    const [aliceEth, bobEth, aliceTokens] = await l2Balances(d);
    assert.equal(bobEth, ONE / 2n);
    assert.equal(aliceTokens, TOKENS - 2n * ONE);
    assert.ok(aliceEth < 2n * ONE - ONE / 2n - ONE / 4n, "fees paid");

    // The verifier replayed every batch and agreed.
    const verifier = (await (await fetch(`${d.verifierUrl}/status`)).json()) as {
      halted: unknown;
      replay: { rootsDisputed: string; lastVerifiedBatch: string | null };
    };
    assert.equal(verifier.halted, null);
    assert.equal(verifier.replay.rootsDisputed, "0");

    l1Provider.destroy();
    l2Provider.destroy();
    const l1Head = await l1Public.getBlock();
    const l2Head = await l2Public.getBlock();
    saved = {
      l1Head: { number: l1Head.number, hash: l1Head.hash },
      l1Genesis: (await l1Public.getBlock({ blockNumber: 0n })).hash,
      l2Head: { number: l2Head.number, hash: l2Head.hash },
      balances: [aliceEth, bobEth, aliceTokens],
    };
  });

  it("resumes from its data directory: the same L1 blocks, L2 head and balances, and the chain goes on", async () => {
    await devnet!.stop();
    devnet = await start();
    const d = devnet;
    assert.equal(d.created, false);
    const l2 = defineHalcyonChain(d.deployment, { rpcUrl: d.l2Url });
    const { l1Public, l2Public, l2Wallet } = clients(d, l2);
    assert.equal((await l1Public.getBlock({ blockNumber: saved.l1Head.number })).hash, saved.l1Head.hash);
    assert.equal((await l1Public.getBlock({ blockNumber: 0n })).hash, saved.l1Genesis);
    assert.equal(await l2Public.getBlockNumber(), saved.l2Head.number);
    assert.equal((await l2Public.getBlock({ blockNumber: saved.l2Head.number })).hash, saved.l2Head.hash);
    assert.deepEqual(await l2Balances(d), saved.balances);

    // New L2 transactions are sequenced and posted on the resumed L1.
    const hash = await l2Wallet(bobKey).sendTransaction({ to: alice.address, value: 1n });
    await withLogs(d, async () => {
      assert.equal((await l2Receipt(l2Public, hash)).status, "success");
      await waitForTransactionBatch(l2Public, {
        hash,
        until: "posted",
        pollingInterval: 200,
        timeout: 60_000,
      });
    });
    assert.ok((await l1Public.getBlockNumber()) > saved.l1Head.number);
  });

  it("starts a new chain with fresh", async () => {
    await devnet!.stop();
    devnet = await start(true);
    const d = devnet;
    assert.equal(d.created, true);
    const l2 = defineHalcyonChain(d.deployment, { rpcUrl: d.l2Url });
    const { l1Public, l2Public } = clients(d, l2);
    assert.notEqual((await l1Public.getBlock({ blockNumber: 0n })).hash, saved.l1Genesis);
    assert.equal(await l1Public.getCode({ address: token }), undefined, "the old chain's token is gone");
    assert.equal(await l2Public.getBalance({ address: alice.address }), 0n);
    assert.equal(await l2Public.getBalance({ address: d.accounts[0]!.address }), 100n * ONE);
  });
});

/**
 * An L2 receipt, polled. Not viem's waitForTransactionReceipt: it checks on each new block only and
 * skips a block that arrives while its previous check is in flight, so on a chain that seals blocks
 * only for transactions (the sequencer's default) a fast poll can miss the one block that matters and
 * then wait for a block that never comes.
 */
async function l2Receipt(
  client: { getTransactionReceipt(a: { hash: Hex }): Promise<TransactionReceipt> },
  hash: Hex,
) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const receipt = await client.getTransactionReceipt({ hash }).catch((error: unknown) => {
      if (error instanceof TransactionReceiptNotFoundError) return undefined;
      throw error;
    });
    if (receipt !== undefined) return receipt;
    if (Date.now() > deadline) throw new Error(`no receipt for ${hash} after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** KEYS `pattern` on a Redis server, over RESP. */
function redisKeys(port: number, pattern: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.once("connect", () => socket.write(`KEYS ${pattern}\r\n`));
    socket.on("data", (chunk) => {
      data += chunk.toString();
      const lines = data.split("\r\n");
      const count = Number(lines[0]!.slice(1));
      if (lines.length >= 1 + 2 * count) {
        socket.destroy();
        resolve(lines.slice(1, 1 + 2 * count).filter((_, i) => i % 2 === 1));
      }
    });
    socket.once("error", reject);
  });
}

describe("the devnet on PostgreSQL and Redis", {
  timeout: 180_000,
  skip: (process.env.DATABASE_URL ?? "") === "" && "DATABASE_URL is not set",
}, () => {
  it("gives each service a database of its own on the server, and a queue prefix of its own", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "halcyon-devnet-pg-"));
    const server = await createTestDatabase(process.env.DATABASE_URL!, "devnet");
    const redis = useRedis ? await startPrivateRedis() : undefined;
    let devnet: Devnet | undefined;
    try {
      devnet = await startDevnet({
        dataDir,
        l1Port: 0,
        l2Port: 0,
        verifierPort: 0,
        databaseUrl: server.url,
        redisUrl: redis?.url ?? "",
        l1BlockTime: 500,
      });
      const l2 = createPublicClient({ transport: http(devnet.l2Url) });
      assert.equal(await l2.getBalance({ address: devnet.accounts[0]!.address }), 100n * ONE);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        for (const service of ["sequencer", "verifier"]) {
          const name = serviceDatabaseName(server.url, service);
          const url = new URL(server.url);
          url.pathname = `/${name}`;
          const db = new pg.Client({ connectionString: url.toString() });
          await db.connect();
          const tables = await db.query(
            "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
          );
          await db.end();
          assert.ok(tables.rows[0].n > 0, `${service}'s tables are in ${name}`);
        }
        const own = await client.query(
          "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
        );
        assert.equal(own.rows[0].n, 0, "the URL's own database is left alone");
      } finally {
        await client.end();
      }
      if (redis !== undefined) {
        // BullMQ's keys for the sequencer's batch jobs, under the devnet's prefix for this chain.
        const keys = await redisKeys(redis.port, "halcyon-devnet-*");
        assert.ok(
          keys.some((k) => /^halcyon-devnet-\d+-sequencer:/.test(k)),
          keys.join(", "),
        );
      }
      // No embedded database was made.
      assert.equal(existsSync(join(dataDir, "sequencer")), false);
      assert.equal(existsSync(join(dataDir, "verifier")), false);
    } finally {
      await devnet?.stop();
      await redis?.close();
      await dropServiceDatabases(server.url, ["sequencer", "verifier"]);
      await server.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
