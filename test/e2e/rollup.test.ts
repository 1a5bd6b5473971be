// The whole rollup on an honest chain, as its operators and users run it: a real Hardhat L1 over HTTP
// that mines on an interval, `sequencer/src/main.ts` and `verifier/src/main.ts` as child processes (the
// verifier with its own L1 key and store), PostgreSQL per service when DATABASE_URL is set (PGlite
// otherwise), BullMQ on a redis-server of the test's own when REDIS_URL is set. Users go through the SDK
// and plain JSON-RPC. What is checked is what each party can see: the L1 contracts, the sequencer's RPC,
// and the verifier's /status, /metrics and logs. In order: a long run of thousands of transactions, a
// withdrawal round trip, a second verifier started late, a verifier killed and restarted, an L1 reorg
// under a batch both verifiers had verified, and a graceful stop.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  type Hex,
  hexToBytes,
  L2_BRIDGE_ADDRESS,
  l2TokenAddress,
  requiredGas,
} from "@halcyon/protocol";
import {
  type Account,
  type Chain,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  http,
  parseAbi,
  type Transport,
  type WalletClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  createTestDatabase,
  type TestDatabase,
} from "../../packages/node-common/src/testing/createTestDatabase.ts";
import { waitFor } from "../../packages/node-common/src/testing/waitFor.ts";
import {
  ONE_ETH,
  type TestWallet,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../packages/protocol/src/tx/testing.ts";
import {
  defineHalcyonChain,
  depositErc20,
  finalizeWithdrawal,
  getBatchFinality,
  getWithdrawalProof,
  getWithdrawalStatus,
  depositEth as sdkDepositEth,
  type WithdrawalProof,
  waitForBatchFinality,
  withdrawEth,
  withdrawToken,
} from "../../packages/sdk/src/index.ts";
import { testTokenAbi } from "../../scripts/lib/harness/abis.ts";
import { advanceTime, depositEth, revertOf, send, type Wallet } from "../../scripts/lib/harness/l1.ts";
import { type HttpL1, startHttpL1 } from "../../sequencer/src/testing/httpL1.ts";
import { type PostedBatch, readPostedBatches } from "../../sequencer/src/testing/l1Reads.ts";
import { createL2Rpc, type RpcAnswer } from "./l2Rpc.ts";
import { type PrivateRedis, startPrivateRedis } from "./privateRedis.ts";
import { type LogLine, logBigint, logLines } from "./serviceLogs.ts";
import {
  type ServiceProcess,
  sequencerTestEnv,
  startSequencerProcess,
  startVerifierProcess,
} from "./serviceProcess.ts";

type Json = Record<string, unknown>;

/** Accounts of the long run; each sends ROUNDS transactions, one per round. */
const SENDERS = 120;
const ROUNDS = 40;
/** The first TOKEN_HOLDERS senders also move and withdraw the bridged token. */
const TOKEN_HOLDERS = 12;
/** Steps per batch at most: a few thousand transactions make dozens of batches. */
const BATCH_MAX_STEPS = 150;

const whale = testWallet(601);
const alice = testWallet(602);
const bob = testWallet(603);
const senders = Array.from({ length: SENDERS }, (_, i) => testWallet(700 + i));

/** A bridged token's L2 withdraw call (docs/protocol.md §3.5). */
const l2TokenAbi = parseAbi(["function withdraw(uint256 amount)"]);
const transferData = (to: Address, amount: bigint) =>
  hexToBytes(encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }));
const withdrawTokenData = (amount: bigint) =>
  hexToBytes(encodeFunctionData({ abi: l2TokenAbi, functionName: "withdraw", args: [amount] }));

describe("the rollup end to end on an honest chain", () => {
  let l1: HttpL1;
  let dir: string;
  const databases: TestDatabase[] = [];
  let redis: PrivateRedis | undefined;
  let sequencerEnv: Record<string, string>;
  let deploymentPath: string;
  let seq: ServiceProcess;
  let verifier: ServiceProcess;
  let firstVerifierEnv: Record<string, string>;
  let lateVerifier: ServiceProcess | undefined;
  const verifierKey = generatePrivateKey();
  let token: Address;
  let l2Token: Address;
  /** L2 transactions the tests sent (each must be in exactly one batch the verifier replayed). */
  let l2TxCount = 0;
  const nonces = new Map<Address, bigint>();
  const rpc = createL2Rpc(() => seq.url);

  function sign(from: TestWallet, to: Address, value: bigint, data: Uint8Array = new Uint8Array(0)): Hex {
    const nonce = nonces.get(from.address) ?? 0n;
    nonces.set(from.address, nonce + 1n);
    const gasLimit = requiredGas(to, data.length);
    return bytesToHex(
      signTransactionForTest(transferFields({ to, value, nonce, data, gasLimit }), from.privateKey).raw,
    );
  }

  /** Sends signed transactions in one JSON-RPC batch; every one must be accepted. */
  async function sendAll(raws: readonly Hex[]): Promise<Hex[]> {
    const answers = await rpc.batch(raws.map((raw) => ["eth_sendRawTransaction", [raw]] as const));
    const refused = answers.filter((a) => a.error !== undefined);
    assert.deepEqual(refused, [], "every transaction accepted");
    l2TxCount += raws.length;
    return answers.map((a) => a.result as Hex);
  }

  /** Waits for the receipts of `hashes`; each must have succeeded. */
  async function expectSucceeded(hashes: readonly Hex[]): Promise<void> {
    for (let start = 0; start < hashes.length; start += 500) {
      const chunk = hashes.slice(start, start + 500);
      let answers: RpcAnswer[] = [];
      await waitFor(
        async () => {
          answers = await rpc.batch(chunk.map((h) => ["eth_getTransactionReceipt", [h]] as const));
          return answers.every((a) => a.result !== null && a.result !== undefined);
        },
        { what: `${chunk.length} receipts`, timeoutMs: 60_000, intervalMs: 100 },
      );
      const failed = answers.filter((a) => (a.result as Json).status !== "0x1");
      assert.equal(failed.length, 0, `transactions that failed: ${JSON.stringify(failed.slice(0, 3))}`);
    }
  }

  /** What a transaction paid in L2 fees, from its receipt. */
  async function feeOf(hash: Hex): Promise<bigint> {
    const receipt = await rpc.call("eth_getTransactionReceipt", [hash]);
    return BigInt(receipt.gasUsed as Hex) * BigInt(receipt.effectiveGasPrice as Hex);
  }

  async function l2Balance(address: Address): Promise<bigint> {
    return BigInt(await rpc.call<Hex>("eth_getBalance", [address, "latest"]));
  }

  async function l2TokenBalance(address: Address): Promise<bigint> {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: "balanceOf", args: [address] });
    return BigInt(await rpc.call<Hex>("eth_call", [{ to: l2Token, data }, "latest"]));
  }

  async function verifierStatus(service: ServiceProcess): Promise<Json> {
    const res = await fetch(`${service.url}/status`);
    assert.equal(res.status, 200);
    return (await res.json()) as Json;
  }

  async function batchCount(): Promise<bigint> {
    return l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "batchCount",
    });
  }

  async function waitUntilAllPosted(): Promise<void> {
    let status: Json = {};
    await waitFor(
      async () => {
        status = await rpc.call("rollup_getStatus");
        const l2 = status.l2 as Json;
        return l2.safe === l2.head && (status.batches as Json).unposted === 0;
      },
      { what: "every L2 block in a posted batch", timeoutMs: 90_000, intervalMs: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(status)}\n${seq.output().slice(-4000)}`);
    });
  }

  /** Waits until `service` has verified every batch on L1 (the last one's index in its /status). */
  async function waitUntilVerified(service: ServiceProcess, timeoutMs = 60_000): Promise<Json> {
    const last = (await batchCount()) - 1n;
    let status: Json = {};
    await waitFor(
      async () => {
        status = await verifierStatus(service);
        return (status.replay as Json).lastVerifiedBatch === last.toString();
      },
      { what: `the verifier at batch ${last}`, timeoutMs, intervalMs: 100 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(status)}\n${service.output().slice(-4000)}`);
    });
    return status;
  }

  /** Every batch appended on L1 after genesis; L1's indices must be 0, 1, 2, … each once. */
  async function postedBatches(): Promise<PostedBatch[]> {
    const { indices, batches } = await readPostedBatches(l1);
    assert.deepEqual(
      indices,
      indices.map((_, i) => BigInt(i)),
    );
    return batches;
  }

  /**
   * The "batch verified" log lines of a verifier's output (and of its earlier runs') by batch index: a
   * batch verified twice fails here.
   */
  function verifiedBatches(output: string): Map<bigint, LogLine> {
    const byIndex = new Map<bigint, LogLine>();
    for (const line of logLines(output, "batch verified")) {
      const index = logBigint(line.batch);
      assert.ok(!byIndex.has(index), `batch ${index} verified once`);
      byIndex.set(index, line);
    }
    return byIndex;
  }

  /**
   * What an honest chain looks like from the verifier's side: every batch on L1 verified with the root L1
   * holds, none disputed, no game on L1, and /status saying so.
   */
  async function assertAgreesWithL1(
    service: ServiceProcess,
    batches: readonly PostedBatch[],
    earlierOutput = "",
  ) {
    const output = earlierOutput + service.output();
    const verified = verifiedBatches(output);
    for (const { record } of batches) {
      const line = verified.get(record.index);
      assert.ok(line !== undefined, `batch ${record.index} verified`);
      assert.equal(line.computedRoot, record.stateRoot, `batch ${record.index}: the root L1 holds`);
    }
    assert.deepEqual(logLines(output, "batch DISPUTED"), []);
    const status = await verifierStatus(service);
    const replay = status.replay as Json;
    const last = batches.at(-1)!.record;
    assert.equal(replay.lastVerifiedBatch, last.index.toString());
    assert.equal(replay.lastVerifiedRoot, last.stateRoot);
    assert.equal(
      replay.lastVerifiedRoot,
      await l1.publicClient.readContract({
        address: l1.deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "lastStateRoot",
      }),
    );
    assert.equal(replay.lastResult, "agreed");
    assert.equal(replay.rootsAgreed, String(batches.length + 1), "genesis and every batch");
    assert.equal(replay.rootsDisputed, "0");
    assert.deepEqual((status.challenger as Json).games, []);
    assert.equal(status.halted, null);
    const gameLogs = await l1.publicClient.getContractEvents({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      fromBlock: l1.deployment.deployBlock,
    });
    assert.deepEqual(gameLogs, [], "no game on L1");
    return { status, verified };
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(200);
    dir = await mkdtemp(join(tmpdir(), "halcyon-rollup-e2e-"));
    await l1.testClient.setBalance({
      address: privateKeyToAccount(verifierKey).address,
      value: 100n * ONE_ETH,
    });
    ({ env: sequencerEnv, deploymentPath } = sequencerTestEnv(l1, dir, {
      SEQUENCER_BLOCK_TIME: "100",
      // No trailing empty block: the reorg test snapshots L1 around the one batch of one transfer.
      SEQUENCER_TRAILING_BLOCK: "false",
      // Deeper than the verifiers' 2, so that the reorg test can drop a batch the verifiers verified
      // while the sequencer still waits for it to be confirmed.
      L1_CONFIRMATIONS: "4",
      L1_STUCK_AFTER: "5000",
      BATCH_MAX_AGE: "500",
      BATCH_MAX_STEPS: String(BATCH_MAX_STEPS),
      SEQUENCER_DATA_DIR: join(dir, "sequencer"),
    }));
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      const db = await createTestDatabase(adminUrl, "e2e_rollup_sequencer");
      databases.push(db);
      sequencerEnv.DATABASE_URL = db.url;
    }
    if (process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== "") {
      redis = await startPrivateRedis();
      sequencerEnv.REDIS_URL = redis.url;
      sequencerEnv.SEQUENCER_QUEUE_PREFIX = "halcyon-e2e-rollup";
    }
    seq = await startSequencerProcess(sequencerEnv);
    firstVerifierEnv = await verifierEnv("verifier", verifierKey);
    verifier = await startVerifierProcess(firstVerifierEnv);
  });

  /** A verifier's environment: its own database or data directory, and queue prefix. */
  async function verifierEnv(name: string, privateKey?: Hex): Promise<Record<string, string>> {
    const env: Record<string, string> = {
      HALCYON_DEPLOYMENT: deploymentPath,
      L1_RPC_URL: l1.url,
      VERIFIER_DATA_DIR: join(dir, name),
      VERIFIER_CONFIRMATIONS: "2",
      VERIFIER_POLL_INTERVAL: "100",
      VERIFIER_STATUS_PORT: "0",
      LOG_LEVEL: "info",
    };
    if (privateKey !== undefined) env.VERIFIER_PRIVATE_KEY = privateKey;
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      const db = await createTestDatabase(adminUrl, `e2e_rollup_${name}`);
      databases.push(db);
      env.DATABASE_URL = db.url;
    }
    if (redis !== undefined) {
      env.REDIS_URL = redis.url;
      env.VERIFIER_QUEUE_PREFIX = `halcyon-e2e-rollup-${name}`;
    }
    return env;
  }

  after(async () => {
    await lateVerifier?.kill();
    await verifier?.kill();
    await seq?.kill();
    await redis?.close();
    for (const db of databases) await db.drop();
    await l1?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("a long honest run: thousands of transfers, token transfers, withdrawals and deposits over dozens of batches, every root agreed and no game", async () => {
    const started = performance.now();
    const phases: string[] = [];
    const phase = (name: string) =>
      phases.push(`${name} ${Math.round((performance.now() - started) / 1000)} s`);
    // Funds on L1: ETH and a token deposited to the whale, who funds the senders on L2.
    const [depositor, tokenHolder] = l1.others as [Wallet, Wallet];
    await depositEth(l1, depositor, whale.address, 500n * ONE_ETH);
    token = await l1.deployToken("Rollup Token", "RT");
    l2Token = l2TokenAddress(token.toLowerCase() as Address);
    const tokenCall = (functionName: "mint" | "approve", args: readonly [Address, bigint]) =>
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
    await tokenCall("mint", [tokenHolder.account.address, 1_000_000n * ONE_ETH]);
    await tokenCall("approve", [l1.deployment.addresses.bridge, 1_000_000n * ONE_ETH]);
    await send(l1, l1.bridge(tokenHolder).write.depositERC20([token, whale.address, 1_000n * ONE_ETH]));
    await waitFor(async () => (await l2TokenBalance(whale.address)) === 1_000n * ONE_ETH, {
      what: "the deposits on L2",
      timeoutMs: 30_000,
      intervalMs: 100,
    });

    // The whale funds every sender with ETH and the first ones with tokens (16 at a time: the mempool
    // keeps no nonce more than 16 above the account's).
    const funding = [
      ...senders.map((s) => sign(whale, s.address, ONE_ETH)),
      ...senders
        .slice(0, TOKEN_HOLDERS)
        .map((s) => sign(whale, l2Token, 0n, transferData(s.address, 50n * ONE_ETH))),
    ];
    for (let start = 0; start < funding.length; start += 16) {
      await expectSucceeded(await sendAll(funding.slice(start, start + 16)));
    }
    phase("funded");

    // Every sender's transactions, signed up front: ETH transfers around the ring of senders, and mixed
    // in, ETH withdrawals, token transfers and token withdrawals.
    const rounds: Hex[][] = [];
    let withdrawals = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const round: Hex[] = [];
      for (let i = 0; i < SENDERS; i++) {
        const from = senders[i]!;
        const next = senders[(i + 1 + r) % SENDERS]!;
        if ((i + r) % 37 === 0) {
          round.push(sign(from, L2_BRIDGE_ADDRESS, 1_000n + BigInt(r)));
          withdrawals++;
        } else if (i < TOKEN_HOLDERS && r % 3 === 0) {
          round.push(sign(from, l2Token, 0n, transferData(senders[(i + 1) % TOKEN_HOLDERS]!.address, 7n)));
        } else if (i < TOKEN_HOLDERS && r % 10 === 5) {
          round.push(sign(from, l2Token, 0n, withdrawTokenData(3n)));
          withdrawals++;
        } else {
          round.push(sign(from, next.address, 1_000_000n + BigInt(r * SENDERS + i)));
        }
      }
      rounds.push(round);
    }
    // The rounds go out about one L2 block apart, with L1 deposits to senders in between.
    const hashes: Hex[] = [];
    let deposits = 0;
    for (let r = 0; r < ROUNDS; r++) {
      hashes.push(...(await sendAll(rounds[r]!)));
      if (r % 8 === 4) {
        await depositEth(l1, depositor, senders[r % SENDERS]!.address, ONE_ETH / 2n);
        deposits++;
      }
      await sleep(120);
    }
    phase("sent");
    await expectSucceeded(hashes);
    phase("executed");
    const txs = SENDERS * ROUNDS;
    assert.equal(hashes.length, txs);
    assert.ok(withdrawals >= 100 && deposits >= 5);

    await waitUntilAllPosted();
    phase("posted");
    const status = await waitUntilVerified(verifier);
    phase("verified");
    const batches = await postedBatches();
    assert.ok(batches.length >= 25, `${batches.length} batches`);
    const { verified } = await assertAgreesWithL1(verifier, batches);
    // Every transaction sent, and every queue entry, was replayed by the verifier, and all were valid.
    let replayedTxs = 0n;
    let includedTxs = 0n;
    let queueEntries = 0n;
    for (const line of verified.values()) {
      replayedTxs += logBigint(line.txs);
      includedTxs += logBigint(line.included);
      queueEntries += logBigint(line.queueEntries);
    }
    assert.equal(replayedTxs, BigInt(l2TxCount));
    assert.equal(includedTxs, BigInt(l2TxCount));
    const queueLength = await l1.bridge(l1.deployer).read.queueLength();
    assert.equal(queueEntries, queueLength);
    assert.equal((status.derivation as Json).queueEntries, queueLength.toString());
    assert.equal((status.replay as Json).transactions, String(l2TxCount));
    const challenger = status.challenger as Json;
    assert.equal(challenger.mode, "challenger");
    assert.equal(challenger.address, privateKeyToAccount(verifierKey).address);
    assert.equal(challenger.bondsLockedWei, "0");

    // The same in Prometheus form.
    const metrics = await (await fetch(`${verifier.url}/metrics`)).text();
    const metric = (name: string) => {
      const match = new RegExp(`^halcyon_verifier_${name} (\\S+)$`, "m").exec(metrics);
      assert.ok(match !== null, `metric ${name} in\n${metrics.slice(0, 2000)}`);
      return Number(match[1]);
    };
    // Genesis counts as a root agreed, as in /status.
    assert.equal(metric('batches_replayed_total\\{result="agreed"\\}'), batches.length + 1);
    assert.doesNotMatch(metrics, /^halcyon_verifier_batches_replayed_total\{result="disputed"\} [1-9]/m);
    assert.equal(metric("last_verified_batch"), batches.length);
    assert.equal(metric("transactions_replayed_total"), l2TxCount);
    assert.equal(metric("games_open"), 0);
    assert.equal(metric("bond_balance_wei"), Number(100n * ONE_ETH));
    assert.equal((await fetch(`${verifier.url}/healthz`)).status, 200);
    process.stdout.write(
      `# long run: ${l2TxCount} L2 transactions, ${deposits + 2} deposits, ${withdrawals} withdrawals, ` +
        `${batches.length} batches (${phases.join(", ")})\n`,
    );
  });
  it("a withdrawal round trip through the SDK, ETH and an ERC-20: deposit on L1, transfer and withdraw on L2, paid on L1 exactly once when final", async () => {
    const [depositor, tokenHolder, , payer] = l1.others as [Wallet, Wallet, Wallet, Wallet];
    const { deployment } = l1;
    // Deposits on L1 through the SDK.
    const ethDeposit = await sdkDepositEth(depositor, {
      deployment,
      to: alice.address,
      amount: 2n * ONE_ETH,
    });
    const tokenDeposit = await depositErc20(tokenHolder, {
      deployment,
      l1Token: token,
      to: alice.address,
      amount: 1_000n,
    });
    assert.equal(tokenDeposit.amount, 1_000n);
    assert.equal(tokenDeposit.l2Token.toLowerCase(), l2Token);
    assert.equal(tokenDeposit.queueIndex, ethDeposit.queueIndex + 1n);
    await waitFor(
      async () =>
        (await l2Balance(alice.address)) === 2n * ONE_ETH && (await l2TokenBalance(alice.address)) === 1_000n,
      { what: "alice's deposits on L2", timeoutMs: 30_000, intervalMs: 100 },
    );

    // On L2, viem wallets on the chain the SDK defines from the deployment file.
    const chain = defineHalcyonChain(deployment, { rpcUrl: seq.url });
    const l2Wallet = (w: TestWallet): WalletClient<Transport, Chain, Account> =>
      createWalletClient({
        account: privateKeyToAccount(bytesToHex(w.privateKey)),
        chain,
        transport: http(),
      });
    const aliceL2 = l2Wallet(alice);
    const bobL2 = l2Wallet(bob);
    const ethTransfer = await aliceL2.sendTransaction({ to: bob.address, value: ONE_ETH / 2n });
    const tokenTransfer = await aliceL2.writeContract({
      address: l2Token,
      abi: erc20Abi,
      functionName: "transfer",
      args: [bob.address, 300n],
    });
    await expectSucceeded([ethTransfer, tokenTransfer]);
    const ethWithdrawal = await withdrawEth(bobL2, { amount: ONE_ETH / 5n });
    const tokenWithdrawal = await withdrawToken(bobL2, { l1Token: token, amount: 100n });
    await expectSucceeded([ethWithdrawal, tokenWithdrawal]);
    l2TxCount += 4;

    // Balances on L2: exactly what moved, less the fees the receipts show.
    assert.equal(
      await l2Balance(alice.address),
      2n * ONE_ETH - ONE_ETH / 2n - (await feeOf(ethTransfer)) - (await feeOf(tokenTransfer)),
    );
    assert.equal(
      await l2Balance(bob.address),
      ONE_ETH / 2n - ONE_ETH / 5n - (await feeOf(ethWithdrawal)) - (await feeOf(tokenWithdrawal)),
    );
    assert.equal(await l2TokenBalance(alice.address), 700n);
    assert.equal(await l2TokenBalance(bob.address), 200n);

    // The proofs, once the withdrawals' batch is on L1.
    const proofs: WithdrawalProof[] = [];
    await waitFor(
      async () => {
        proofs.length = 0;
        for (const transactionHash of [ethWithdrawal, tokenWithdrawal]) {
          const proof = await getWithdrawalProof(bobL2, { transactionHash });
          if (proof === null) return false;
          proofs.push(proof);
        }
        return true;
      },
      { what: "the withdrawals' batch on L1", timeoutMs: 30_000, intervalMs: 200 },
    );
    const [ethProof, tokenProof] = proofs as [WithdrawalProof, WithdrawalProof];
    assert.equal(ethProof.withdrawal.l2Sender.toLowerCase(), bob.address);
    assert.equal(ethProof.withdrawal.l1Recipient.toLowerCase(), bob.address);
    assert.equal(ethProof.withdrawal.amount, ONE_ETH / 5n);
    assert.equal(BigInt(ethProof.withdrawal.l1Token), 0n);
    assert.equal(tokenProof.withdrawal.l1Token.toLowerCase(), token.toLowerCase());
    assert.equal(tokenProof.withdrawal.amount, 100n);

    // Not final yet: the Bridge refuses to pay.
    const early = await finalizeWithdrawal(payer, { deployment, proof: ethProof }).catch((e: unknown) => e);
    assert.equal(revertOf(early)?.name, "BatchNotFinal");
    assert.equal(
      (await getBatchFinality(payer, { deployment, batchIndex: ethProof.batch.index })).final,
      false,
    );

    // L1 time past the challenge window: the sequencer finalizes its batches.
    await advanceTime(l1, l1.parameters.challengeWindow + 1n);
    for (const proof of proofs) {
      await waitForBatchFinality(payer, {
        deployment,
        batchIndex: proof.batch.index,
        pollingInterval: 200,
        timeout: 30_000,
      });
    }

    const tokenBalanceL1 = () =>
      l1.publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [bob.address],
      });
    const ethBefore = await l1.publicClient.getBalance({ address: bob.address });
    const tokenBefore = await tokenBalanceL1();
    for (const proof of proofs) {
      const paid = await finalizeWithdrawal(payer, { deployment, proof, pollingInterval: 50 });
      assert.equal(paid.credited, false, "paid to the recipient, not credited");
      const status = await getWithdrawalStatus(payer, { deployment, index: proof.withdrawal.index });
      assert.equal(status.finalized, true);
      const again = await finalizeWithdrawal(payer, { deployment, proof }).catch((e: unknown) => e);
      assert.equal(revertOf(again)?.name, "WithdrawalAlreadyFinalized");
    }
    // Bob paid no L1 gas (the payer sent the transactions): his balances moved by exactly the amounts.
    assert.equal(await l1.publicClient.getBalance({ address: bob.address }), ethBefore + ONE_ETH / 5n);
    assert.equal(await tokenBalanceL1(), tokenBefore + 100n);
    // And L2 is unchanged by the payment.
    assert.equal(await l2TokenBalance(bob.address), 200n);
  });

  it("a verifier started late, watch-only on an empty store, syncs from L1 genesis with progress and agrees with the chain", async () => {
    await waitUntilAllPosted();
    const first = await waitUntilVerified(verifier);
    const batches = await postedBatches();
    const finalized = await l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "finalizedCount",
    });
    assert.ok(finalized >= BigInt(batches.length), "the batches before the round trip's are final");
    const blocks = (await l1.publicClient.getBlockNumber()) - l1.deployment.deployBlock;

    // Small log ranges and a short progress interval, so that a sync of a few hundred L1 blocks takes
    // several passes and logs its progress on the way.
    const started = performance.now();
    lateVerifier = await startVerifierProcess({
      ...(await verifierEnv("late")),
      VERIFIER_MAX_BLOCK_RANGE: "4",
      VERIFIER_PROGRESS_INTERVAL: "100",
    });
    const late = await waitUntilVerified(lateVerifier, 120_000);
    const seconds = (performance.now() - started) / 1000;
    const firstReplay = first.replay as Json;
    const lateReplay = late.replay as Json;
    assert.equal(lateReplay.lastVerifiedBatch, firstReplay.lastVerifiedBatch);
    assert.equal(lateReplay.lastVerifiedRoot, firstReplay.lastVerifiedRoot);
    assert.equal(lateReplay.transactions, firstReplay.transactions);
    assert.equal((late.derivation as Json).queueEntries, (first.derivation as Json).queueEntries);
    await assertAgreesWithL1(lateVerifier, batches);
    // Batch by batch, the two verifiers computed the same roots.
    const mine = verifiedBatches(verifier.output());
    for (const [index, line] of verifiedBatches(lateVerifier.output())) {
      assert.equal(line.computedRoot, mine.get(index)?.computedRoot, `batch ${index}`);
    }
    const challenger = late.challenger as Json;
    assert.equal(challenger.mode, "watch-only");
    assert.equal(challenger.address, null);

    // Its progress while behind: blocks and batches per second, and the time left.
    const progress = logLines(lateVerifier.output(), "syncing from L1");
    assert.ok(progress.length >= 1, `progress logged:\n${lateVerifier.output().slice(-3000)}`);
    for (const line of progress) {
      assert.equal(line.syncing, true);
      assert.ok(logBigint(line.behindBlocks) > 0n);
      assert.ok(Number(line.blocksPerSec) > 0);
      assert.ok(typeof line.etaSeconds === "number" && line.etaSeconds > 0, JSON.stringify(line));
      assert.ok(typeof line.batchesPerSec === "number");
    }
    assert.ok(progress.some((line) => Number(line.batchesPerSec) > 0));
    // Caught up with the confirmed head (it may still be deriving empty blocks when the last batch is in).
    await waitFor(async () => (await verifierStatus(lateVerifier!)).state === "running", {
      what: "the late verifier caught up",
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    process.stdout.write(
      `# late verifier: ${blocks} L1 blocks and ${batches.length + 1} batches from genesis in ` +
        `${seconds.toFixed(1)} s; ${progress.length} progress lines, e.g. ${JSON.stringify(progress[0])}\n`,
    );
  });

  it("the first verifier, killed -9 and started again on its store, resumes where it stopped and both verifiers follow new batches", async () => {
    const beforeCrash = verifier.output();
    const lastBefore = [...verifiedBatches(beforeCrash).keys()].reduce((a, b) => (a > b ? a : b));
    await verifier.kill();
    // The chain goes on while it is down.
    const more = senders.slice(0, 60).map((s, i) => sign(s, senders[(i + 7) % SENDERS]!.address, 11n));
    await expectSucceeded(await sendAll(more));
    await waitUntilAllPosted();
    verifier = await startVerifierProcess(firstVerifierEnv);
    await waitUntilVerified(verifier);
    await waitUntilVerified(lateVerifier!);
    const batches = await postedBatches();
    assert.ok(batches.at(-1)!.record.index > lastBefore, "new batches were posted while it was down");
    // It replayed only the batches it had not verified: none twice, none from genesis again.
    const resumed = [...verifiedBatches(verifier.output()).keys()];
    assert.equal(
      resumed.reduce((a, b) => (a < b ? a : b)),
      lastBefore + 1n,
    );
    const { status } = await assertAgreesWithL1(verifier, batches, beforeCrash);
    await assertAgreesWithL1(lateVerifier!, batches);
    assert.equal((status.replay as Json).transactions, String(l2TxCount));
  });

  it("an L1 reorg drops a batch both verifiers had verified: the sequencer appends it again, and the verifiers unwind it and agree", async () => {
    await waitUntilAllPosted();
    await waitUntilVerified(verifier);
    await waitUntilVerified(lateVerifier!);
    const before = await batchCount();
    const doomedIndex = before;
    const verifiedTimes = (service: ServiceProcess) =>
      logLines(service.output(), "batch verified").filter((l) => logBigint(l.batch) === doomedIndex).length;
    // L1 moves only when a transaction arrives (automine) or the test mines, so the fork is the test's.
    await l1.setIntervalMining(0);
    try {
      const snapshot = await l1.testClient.snapshot();
      const hash = (await sendAll([sign(whale, alice.address, 5n)]))[0]!;
      await expectSucceeded([hash]);
      await waitFor(async () => (await batchCount()) === before + 1n, {
        what: "the transfer's batch appended",
        timeoutMs: 30_000,
        intervalMs: 50,
      });
      // Two blocks on top: deep enough for the verifiers (2 confirmations), not for the sequencer (4).
      await l1.mine(2);
      for (const service of [verifier, lateVerifier!]) {
        await waitFor(() => verifiedTimes(service) === 1, {
          what: `batch ${doomedIndex} verified`,
          timeoutMs: 30_000,
          intervalMs: 50,
        });
      }
      const [doomed] = (await postedBatches()).slice(-1);
      assert.equal(doomed?.record.index, doomedIndex);
      const doomedBlock = (await l1.publicClient.getTransactionReceipt({ hash: doomed!.transactionHash }))
        .blockHash;

      // The fork: L1 back to before the batch, then longer than the old chain.
      await l1.testClient.revert({ id: snapshot });
      await l1.mine(4);
      // The sequencer finds its appendBatch gone and broadcasts it again (the same signed transaction).
      await waitFor(
        async () => {
          const receipt = await l1.publicClient
            .getTransactionReceipt({ hash: doomed!.transactionHash })
            .catch(() => undefined);
          return receipt !== undefined && receipt.blockHash !== doomedBlock;
        },
        { what: "the batch appended again on the new chain", timeoutMs: 30_000, intervalMs: 100 },
      );
    } finally {
      await l1.setIntervalMining(200);
    }
    await waitUntilAllPosted();
    assert.deepEqual(
      logLines(seq.output(), "an L1 reorg dropped the batch's transaction").map((l) => l.batch),
      [doomedIndex.toString()],
    );
    const batches = await postedBatches();
    const again = batches.at(-1)!;
    assert.equal(again.record.index, doomedIndex);
    assert.equal(await batchCount(), before + 1n, "the batch once on the new chain");
    for (const service of [verifier, lateVerifier!]) {
      // Unwound, then verified again on the new chain, with the root L1 holds now.
      await waitFor(() => verifiedTimes(service) === 2, {
        what: `batch ${doomedIndex} verified again`,
        timeoutMs: 30_000,
        intervalMs: 100,
      });
      assert.ok(logLines(service.output(), "L1 reorg: rewound the derivation").length >= 1);
      assert.ok(logLines(service.output(), "replay unwound").length >= 1);
      const status = await verifierStatus(service);
      const replay = status.replay as Json;
      assert.equal(replay.lastVerifiedBatch, doomedIndex.toString());
      assert.equal(replay.lastVerifiedRoot, again.record.stateRoot);
      assert.equal(replay.lastResult, "agreed");
      assert.equal(replay.rootsDisputed, "0");
      assert.equal(status.halted, null);
      assert.deepEqual((status.challenger as Json).games, []);
    }
    assert.equal(
      (
        await l1.publicClient.getContractEvents({
          address: l1.deployment.addresses.disputeGame,
          abi: disputeGameAbi,
          fromBlock: l1.deployment.deployBlock,
        })
      ).length,
      0,
      "no game on L1",
    );
    assert.equal(
      BigInt(await rpc.call<Hex>("eth_getTransactionCount", [whale.address, "latest"])),
      nonces.get(whale.address),
      "the transfer stays on L2",
    );
  });

  it("the verifiers and the sequencer stop gracefully on SIGTERM", async () => {
    assert.equal(await lateVerifier!.stop(), 0);
    assert.equal(await verifier.stop(), 0);
    assert.equal(await seq.stop(), 0);
  });
});
