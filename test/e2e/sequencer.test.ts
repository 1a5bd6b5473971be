// The sequencer end to end, as its operators run it: `sequencer/src/main.ts` as a child process, a real
// Hardhat L1 over HTTP on a random port with the contracts deployed by scripts/lib/deployHalcyon.ts,
// PostgreSQL when DATABASE_URL is set (PGlite otherwise), and BullMQ on a redis-server of the test's own
// when REDIS_URL is set (the in-process queue otherwise). Nothing is mocked: deposits, forced
// transactions and withdrawals go through the real Bridge, batches through the real Rollup, and every
// posted batch is replayed from its L1 calldata with packages/protocol alone.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { rollupAbi } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  DEPOSIT_FINALIZED_TOPIC,
  executeBatch,
  GAS_TOKEN_CALL,
  GAS_WITHDRAWAL,
  type Hex,
  hexToBytes,
  L2_BRIDGE_ADDRESS,
  L2State,
  l2TokenAddress,
  MIN_BASE_FEE,
} from "@halcyon/protocol";
import { erc20Abi } from "viem";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { waitFor } from "../../packages/node-common/src/testing/waitFor.ts";
import {
  ONE_ETH,
  TEST_CONFIG,
  type TestWallet,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup } from "../../packages/protocol/src/testing/scenario.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import { testTokenAbi } from "../../scripts/lib/harness/abis.ts";
import { advanceTime, depositEth, readQueueEntries, revertOf, send } from "../../scripts/lib/harness/l1.ts";
import { type HttpL1, startHttpL1 } from "../../sequencer/src/testing/httpL1.ts";
import {
  finalizeWithdrawalArgs,
  type PostedBatch,
  readPostedBatches,
} from "../../sequencer/src/testing/l1Reads.ts";
import { type PrivateRedis, startPrivateRedis } from "./privateRedis.ts";
import {
  type ServiceProcess as SequencerProcess,
  sequencerTestEnv,
  startSequencerProcess,
} from "./serviceProcess.ts";

type Json = Record<string, unknown>;

const whale = testWallet(201);
const alice = testWallet(202);
const carol = testWallet(203);
const WITHDRAW_ETH = ONE_ETH / 10n;
const TOKEN_DEPOSIT = 5n * ONE_ETH;
const WITHDRAW_TOKEN = ONE_ETH;
const FORCED_VALUE = ONE_ETH / 4n;

const useRedis = process.env.REDIS_URL !== undefined && existsSync("/usr/bin/redis-server");

describe("sequencer end to end", () => {
  let l1: HttpL1;
  let dir: string;
  let pg: TestDatabase | undefined;
  let redis: PrivateRedis | undefined;
  let env: Record<string, string>;
  let seq: SequencerProcess;
  let token: Address;
  const nonces = new Map<Address, bigint>();

  async function rpc(
    method: string,
    params: unknown[],
  ): Promise<{ result?: unknown; error?: { message: string } }> {
    const res = await fetch(seq.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await res.json()) as { result?: unknown; error?: { message: string } };
  }
  async function result<T = Json>(method: string, params: unknown[]): Promise<T> {
    const answer = await rpc(method, params);
    if (answer.error !== undefined) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  }

  /** Signs and sends an L2 transaction with the wallet's next nonce; returns its hash. */
  async function sendL2(
    from: TestWallet,
    to: Address,
    value: bigint,
    extra: { data?: Uint8Array; gasLimit?: bigint } = {},
  ) {
    const nonce = nonces.get(from.address) ?? 0n;
    const raw = signTransactionForTest(transferFields({ to, value, nonce, ...extra }), from.privateKey).raw;
    const hash = await result<Hex>("eth_sendRawTransaction", [bytesToHex(raw)]);
    nonces.set(from.address, nonce + 1n);
    return hash;
  }

  async function receipt(hash: Hex): Promise<Json> {
    let found: Json | null = null;
    await waitFor(
      async () => {
        found = await result<Json | null>("eth_getTransactionReceipt", [hash]);
        return found !== null;
      },
      { what: `the receipt of ${hash}`, timeoutMs: 30_000, intervalMs: 50 },
    );
    return found!;
  }

  /** Every batch on L1 after genesis; an index appended twice (or missing) fails here. */
  async function appendedBatches(): Promise<PostedBatch[]> {
    const { indices, batches } = await readPostedBatches(l1);
    assert.deepEqual(
      indices,
      indices.map((_, i) => BigInt(i)),
      "batch indices on L1 are 0, 1, 2, … each once",
    );
    return batches;
  }

  /**
   * Replays every posted batch from its appendBatch calldata with packages/protocol alone (queue entries
   * rebuilt from the Bridge's events): each must reach the state root its record claims, and that root
   * must be the sequencer's for the batch's last L2 block.
   */
  async function replayPostedBatches(): Promise<number> {
    const batches = await appendedBatches();
    const entries = await readQueueEntries(l1, 0n);
    const state = new L2State();
    for (const { record, data, steps } of batches) {
      const run = executeBatch(
        state,
        { data, queueLimit: record.queueLimit, config: TEST_CONFIG, queueEntry: queueLookup(entries) },
        steps,
      );
      assert.equal(bytesToHex(run.stateRoot), record.stateRoot, `batch ${record.index} replays to its root`);
      const batch = await result("rollup_getBatchByIndex", [`0x${record.index.toString(16)}`]);
      const block = await result("eth_getBlockByNumber", [batch.lastBlock, false]);
      assert.equal(block.stateRoot, record.stateRoot);
    }
    return batches.length;
  }

  async function waitUntilAllPosted(): Promise<void> {
    let status: Json = {};
    await waitFor(
      async () => {
        status = await result("rollup_getStatus", []);
        const l2 = status.l2 as Json;
        return l2.safe === l2.head && (status.batches as Json).unposted === 0;
      },
      { what: "every block in a posted batch", timeoutMs: 60_000, intervalMs: 100 },
    ).catch((error: Error) => {
      const log = seq
        .output()
        .split("\n")
        .filter((l) => !l.includes("sealed block"))
        .slice(-40)
        .join("\n");
      throw new Error(`${error.message}: ${JSON.stringify(status)}\n${log}`);
    });
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(200);
    dir = await mkdtemp(join(tmpdir(), "halcyon-e2e-"));
    ({ env } = sequencerTestEnv(l1, dir, {
      SEQUENCER_BLOCK_TIME: "100",
      L1_CONFIRMATIONS: "2",
      L1_STUCK_AFTER: "5000",
      BATCH_MAX_AGE: "500",
      SEQUENCER_DATA_DIR: join(dir, "data"),
    }));
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      pg = await createTestDatabase(adminUrl, "e2e");
      env.DATABASE_URL = pg.url;
    }
    if (useRedis) {
      redis = await startPrivateRedis();
      env.REDIS_URL = redis.url;
      env.SEQUENCER_QUEUE_PREFIX = "halcyon-e2e";
    }
    seq = await startSequencerProcess(env);
  });

  after(async () => {
    await seq?.kill();
    await redis?.close();
    await pg?.drop();
    await l1?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("applies ETH and ERC-20 deposits and a forced transaction from L1, in queue order", async () => {
    const [depositor, tokenHolder, forcer] = l1.others as [
      (typeof l1.others)[0],
      (typeof l1.others)[0],
      (typeof l1.others)[0],
    ];
    await depositEth(l1, depositor, whale.address, 50n * ONE_ETH);
    await depositEth(l1, depositor, alice.address, ONE_ETH);
    token = await l1.deployToken("Test Token", "TT");
    const call = (functionName: "mint" | "approve", args: readonly [Address, bigint]) =>
      send(
        l1,
        tokenHolder.writeContract({
          address: token,
          abi: testTokenAbi,
          functionName,
          args,
          chain: l1.chain,
          account: tokenHolder.account,
        }),
      );
    await call("mint", [tokenHolder.account.address, 10n * ONE_ETH]);
    await call("approve", [l1.deployment.addresses.bridge, TOKEN_DEPOSIT]);
    await send(l1, l1.bridge(tokenHolder).write.depositERC20([token, alice.address, TOKEN_DEPOSIT]));
    // Alice's first L2 transaction goes through L1: it comes after her deposit in the queue.
    const forced = signTransactionForTest(
      transferFields({ to: carol.address, value: FORCED_VALUE, nonce: 0n }),
      alice.privateKey,
    ).raw;
    await send(l1, l1.bridge(forcer).write.forceTransaction([bytesToHex(forced)]));
    nonces.set(alice.address, 1n);

    await waitFor(async () => ((await result("rollup_getStatus", [])).l1 as Json).queueLength === "0x4", {
      what: "four queue entries confirmed",
      timeoutMs: 30_000,
    });
    await waitFor(
      async () => BigInt(await result<Hex>("eth_getBalance", [carol.address, "latest"])) === FORCED_VALUE,
      {
        what: "the forced transfer on L2",
        timeoutMs: 30_000,
      },
    );
    const logs = await result<Json[]>("eth_getLogs", [
      { fromBlock: "0x0", toBlock: "latest", topics: [DEPOSIT_FINALIZED_TOPIC] },
    ]);
    assert.deepEqual(
      logs.map((l) => BigInt((l.topics as Hex[])[1]!)),
      [0n, 1n, 2n],
      "deposits finalized in queue order",
    );
    assert.equal(await result("eth_getTransactionCount", [alice.address, "latest"]), "0x1");
    // Forced: price base MIN_BASE_FEE, so the price is min(maxFee 4x, base + tip 1x) = 2 x MIN_BASE_FEE.
    const fee = 21_000n * 2n * MIN_BASE_FEE;
    assert.equal(
      BigInt(await result<Hex>("eth_getBalance", [alice.address, "latest"])),
      ONE_ETH - FORCED_VALUE - fee,
    );
    const l2Token = l2TokenAddress(token.toLowerCase() as Address);
    const balanceOf = `0x70a08231${alice.address.slice(2).padStart(64, "0")}`;
    assert.equal(
      BigInt(await result<Hex>("eth_call", [{ to: l2Token, data: balanceOf }, "latest"])),
      TOKEN_DEPOSIT,
    );
    assert.equal(
      BigInt(await result<Hex>("eth_call", [{ to: l2Token, data: "0x313ce567" }, "latest"])),
      18n,
      "decimals from L1",
    );
  });

  it("pays L2 withdrawals of ETH and tokens on L1 with rollup_getWithdrawalProof, once the batch is final, once", async () => {
    const l2Token = l2TokenAddress(token.toLowerCase() as Address);
    const withdrawCall = hexToBytes(`0x2e1a7d4d${WITHDRAW_TOKEN.toString(16).padStart(64, "0")}`);
    const ethTx = await sendL2(alice, L2_BRIDGE_ADDRESS, WITHDRAW_ETH, { gasLimit: GAS_WITHDRAWAL });
    const tokenTx = await sendL2(alice, l2Token, 0n, {
      data: withdrawCall,
      gasLimit: GAS_TOKEN_CALL + 16n * 36n,
    });
    for (const hash of [ethTx, tokenTx]) assert.equal((await receipt(hash)).status, "0x1");
    await waitFor(
      async () => (await result("rollup_getTransactionStatus", [tokenTx])).l1Status === "posted",
      {
        what: "the withdrawals' batch posted",
        timeoutMs: 30_000,
      },
    );
    assert.equal((await result("rollup_getWithdrawalProof", [ethTx])).finalizable, false);
    await advanceTime(l1, l1.parameters.challengeWindow + 1n);
    for (const hash of [ethTx, tokenTx]) {
      await waitFor(async () => (await result("rollup_getWithdrawalProof", [hash])).finalizable === true, {
        what: "the batch final",
        timeoutMs: 30_000,
      });
    }
    assert.equal((await result("rollup_getTransactionStatus", [ethTx])).l1Status, "final");

    const payer = l1.others[3]!;
    const ethBefore = await l1.publicClient.getBalance({ address: alice.address });
    const tokenBalance = () =>
      l1.publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [alice.address],
      });
    const tokenBefore = await tokenBalance();
    for (const hash of [ethTx, tokenTx]) {
      const args = finalizeWithdrawalArgs(await result("rollup_getWithdrawalProof", [hash]));
      await send(l1, l1.bridge(payer).write.finalizeWithdrawal(args));
      const again = await l1
        .bridge(payer)
        .write.finalizeWithdrawal(args)
        .catch((e: unknown) => e);
      assert.equal(revertOf(again)?.name, "WithdrawalAlreadyFinalized");
    }
    assert.equal(await l1.publicClient.getBalance({ address: alice.address }), ethBefore + WITHDRAW_ETH);
    assert.equal(await tokenBalance(), tokenBefore + WITHDRAW_TOKEN);
  });

  it("posts batches whose L1 calldata replays, with packages/protocol alone, to the roots they claim", async () => {
    await waitUntilAllPosted();
    assert.ok((await replayPostedBatches()) >= 1);
  });

  it("loses no acknowledged transaction and posts no batch twice when killed -9 under load", async () => {
    const senders = Array.from({ length: 16 }, (_, i) => testWallet(300 + i));
    for (const s of senders) await sendL2(whale, s.address, ONE_ETH);
    await receipt(await sendL2(whale, whale.address, 0n));

    const acknowledged: Hex[] = [];
    let running = true;
    const loads = senders.map(async (s, k) => {
      while (running) {
        try {
          acknowledged.push(await sendL2(s, senders[(k + 1) % senders.length]!.address, 1n));
        } catch {
          return; // the process is gone: this one was not acknowledged
        }
      }
    });
    await waitFor(() => acknowledged.length >= 1_500, { what: "load", timeoutMs: 30_000, intervalMs: 10 });
    await seq.kill();
    running = false;
    await Promise.all(loads);
    const beforeCrash = acknowledged.length;

    seq = await startSequencerProcess(env);
    for (const hash of acknowledged)
      assert.equal((await receipt(hash)).status, "0x1", `acknowledged ${hash}`);
    // The chain goes on: each sender continues from the nonce the chain has for it.
    for (const s of senders)
      nonces.set(s.address, BigInt(await result<Hex>("eth_getTransactionCount", [s.address, "pending"])));
    const after = await Promise.all(senders.map((s) => sendL2(s, whale.address, 1n)));
    for (const hash of after) assert.equal((await receipt(hash)).status, "0x1");
    await waitUntilAllPosted();
    await replayPostedBatches();
    assert.ok(beforeCrash >= 1_500);
  });

  it("lands a batch exactly once when Redis is restarted while it is being submitted", {
    skip: !useRedis && "REDIS_URL is not set",
  }, async () => {
    await waitUntilAllPosted();
    const sequencerAddress = l1.sequencer.account.address;
    const countBefore = await l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "batchCount",
    });
    await l1.setIntervalMining(0);
    await l1.testClient.setAutomine(false);
    try {
      const hash = await sendL2(whale, carol.address, 7n);
      await receipt(hash);
      // The batch's appendBatch is in the L1 mempool, not mined: submission is under way.
      await waitFor(
        async () =>
          (await l1.publicClient.getTransactionCount({ address: sequencerAddress, blockTag: "pending" })) >
          (await l1.publicClient.getTransactionCount({ address: sequencerAddress, blockTag: "latest" })),
        { what: "appendBatch in flight", timeoutMs: 30_000 },
      );
      await redis!.restart();
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await l1.testClient.setAutomine(true);
      await l1.setIntervalMining(200);
    }
    const last = await sendL2(whale, carol.address, 8n);
    await receipt(last);
    await waitUntilAllPosted();
    const events = await appendedBatches();
    assert.ok(BigInt(events.length) >= countBefore, "the batch landed, and every later one");
    await replayPostedBatches();
    assert.equal(seq.child.exitCode, null, "the sequencer rode out the Redis restart");
  });

  it("stops gracefully on SIGTERM", async () => {
    assert.equal(await seq.stop(), 0);
  });
});
