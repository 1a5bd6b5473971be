// Fraud proofs end to end: the real sequencer process in its test-only fault mode (SEQUENCER_FAULTS=1,
// devnet only) posts one wrong batch per fault kind, armed one after another with halcyon_armFault, and
// defends each lie with the same lying trace; the real verifier process, with its own funded key, must
// notice within one L1 block of the batch's confirmation, open a game and win it on a real Hardhat L1 with
// the real contracts. Then the proposer is slashed, the challenger paid (its credit withdrawn), the bad
// batch and every later one deleted, the sequencer cuts the same L2 blocks again and posts them honestly,
// the verifier agrees (no new game) and the chain goes on. A batch with a malformed tail is honest and is
// never challenged; a batch that skips an overdue queue entry is refused by the Rollup and replaced; a
// censored sender gets through by forcing its transaction on L1. PostgreSQL (one database per service)
// when DATABASE_URL is set, BullMQ on a redis-server of the test's own when REDIS_URL is set.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { bridgeAbi, disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import {
  type Address,
  bytesToHex,
  GAS_WITHDRAWAL,
  type Hex,
  L2_BRIDGE_ADDRESS,
  MAX_BATCH_BYTES,
  MAX_BATCH_STEPS,
  queueEntryDataHash,
} from "@halcyon/protocol";
import { privateKeyToAccount } from "viem/accounts";
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
import { advanceTime, depositEth, readQueueEntries, revertOf, send } from "../../scripts/lib/harness/l1.ts";
import { type HttpL1, SEQUENCER_L1_KEY, startHttpL1 } from "../../sequencer/src/testing/httpL1.ts";
import { type PrivateRedis, startPrivateRedis } from "./privateRedis.ts";
import {
  type ServiceProcess,
  sequencerTestEnv,
  startSequencerProcess,
  startVerifierProcess,
} from "./serviceProcess.ts";

type Json = Record<string, unknown>;

/** Hardhat's development account #9: the verifier's own key (funded on every Hardhat network). */
const VERIFIER_L1_KEY: Hex = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";
const VERIFIER_CONFIRMATIONS = 2;
/**
 * L1 block time (Hardhat also mines every transaction at once). The verifier must open its game within
 * one block of a batch's confirmation: a block time that leaves a loaded 2-core machine time for that.
 */
const L1_BLOCK_MS = 1_500;
const CHALLENGER_WON = 3;

const whale = testWallet(301);
const alice = testWallet(302);
const bob = testWallet(303);
const censored = testWallet(304);
/** Senders of the load that fills a batch to the size cap (each may queue LOAD_PER_SENDER transactions). */
const loadWallets = Array.from({ length: 20 }, (_, i) => testWallet(400 + i));
const LOAD_PER_SENDER = 120;
const LIAR_ACCOUNT: Address = "0x000000000000000000000000000000000000bad1";

const useRedis = process.env.REDIS_URL !== undefined && existsSync("/usr/bin/redis-server");

describe("fraud proofs end to end: a fault-injecting sequencer against the verifier", () => {
  let l1: HttpL1;
  let dir: string;
  const databases: TestDatabase[] = [];
  let redis: PrivateRedis | undefined;
  let seq: ServiceProcess;
  let seqEnv: Record<string, string>;
  let verifier: ServiceProcess;
  const challenger = privateKeyToAccount(VERIFIER_L1_KEY).address;
  const sequencerAddress = privateKeyToAccount(SEQUENCER_L1_KEY).address;
  const nonces = new Map<Address, bigint>();
  /** Faults applied so far (halcyon_armFault answers them all, in order). */
  let applied = 0;

  async function rpc(method: string, params: unknown[]): Promise<{ result?: unknown; error?: Json }> {
    const res = await fetch(seq.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await res.json()) as { result?: unknown; error?: Json };
  }
  async function result<T = Json>(method: string, params: unknown[]): Promise<T> {
    const answer = await rpc(method, params);
    if (answer.error !== undefined) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
    return answer.result as T;
  }

  function signL2(from: TestWallet, to: Address, value: bigint, extra: { gasLimit?: bigint } = {}) {
    const nonce = nonces.get(from.address) ?? 0n;
    nonces.set(from.address, nonce + 1n);
    return bytesToHex(
      signTransactionForTest(transferFields({ to, value, nonce, ...extra }), from.privateKey).raw,
    );
  }
  const sendL2 = (from: TestWallet, to: Address, value: bigint, extra: { gasLimit?: bigint } = {}) =>
    result<Hex>("eth_sendRawTransaction", [signL2(from, to, value, extra)]);

  /**
   * More transfers than one batch holds, from every load wallet, in batched JSON-RPC requests sent at
   * once (at most 1,000 per request): some batch is cut at the size cap.
   */
  async function sendLoad(): Promise<void> {
    const requests = loadWallets.flatMap((wallet) =>
      Array.from({ length: LOAD_PER_SENDER }, (_, i) => ({
        jsonrpc: "2.0",
        id: 0,
        method: "eth_sendRawTransaction",
        params: [signL2(wallet, bob.address, 1_000n + BigInt(i))],
      })),
    );
    const chunks: (typeof requests)[] = [];
    for (let i = 0; i < requests.length; i += 1_000) chunks.push(requests.slice(i, i + 1_000));
    const answers = await Promise.all(
      chunks.map(async (chunk) => {
        const res = await fetch(seq.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(chunk.map((r, id) => ({ ...r, id }))),
        });
        return (await res.json()) as { error?: Json }[];
      }),
    );
    assert.equal(answers.flat().filter((a) => a.error !== undefined).length, 0, "every transfer accepted");
  }

  async function verifierStatus(): Promise<Json> {
    return (await (await fetch(`${verifier.url}/status`)).json()) as Json;
  }

  function logTail(): string {
    const lines = (s: ServiceProcess) =>
      s
        .output()
        .split("\n")
        .filter((l) => !l.includes("sealed block") && !l.includes("sealed a block"))
        .slice(-25)
        .join("\n");
    return `--- sequencer\n${lines(seq)}\n--- verifier\n${lines(verifier)}`;
  }

  async function waitLogged(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
    await waitFor(condition, { what, timeoutMs, intervalMs: 100 }).catch((error: Error) => {
      throw new Error(`${error.message}\n${logTail()}`);
    });
  }

  const rollupEvents = <E extends "BatchAppended" | "BatchesDeleted" | "ProposerSlashed">(eventName: E) =>
    l1.publicClient.getContractEvents({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      eventName,
      fromBlock: l1.deployment.deployBlock,
    });
  const gameEvents = <E extends "GameOpened" | "GameResolved" | "CreditWithdrawn">(eventName: E) =>
    l1.publicClient.getContractEvents({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      eventName,
      fromBlock: l1.deployment.deployBlock,
    });
  const batchCount = () =>
    l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "batchCount",
    });

  /** Arms `fault`, runs `trigger` (which makes the L2 blocks the fault applies to), returns what it rewrote. */
  async function armAndApply(fault: Json, trigger: () => Promise<unknown>) {
    // A test that failed before its fault applied leaves it armed, or its game open: this one starts clean.
    await result("halcyon_armFault", [null]);
    await waitLogged(
      async () => (await gameEvents("GameOpened")).length === (await gameEvents("GameResolved")).length,
      "no game open",
      90_000,
    );
    const armed = await result("halcyon_armFault", [fault]);
    assert.equal(armed.armed, fault.kind);
    await trigger();
    let entry: Json | undefined;
    await waitLogged(
      async () => {
        const status = await result("halcyon_armFault", []);
        entry = (status.applied as Json[])[applied];
        return entry !== undefined;
      },
      `the ${String(fault.kind)} fault applied`,
    );
    applied++;
    assert.equal(entry!.kind, fault.kind);
    return {
      batch: BigInt(entry!.batch as Hex),
      stateRoot: entry!.stateRoot as Hex,
      lieStep: entry!.lieStep,
    };
  }

  /**
   * The whole story of one lying batch: on L1 with its lie, noticed within one block of its confirmation,
   * a game opened by the verifier and won; the sequencer slashed, the verifier paid; the batch and later
   * ones deleted; the same index posted again honestly with no new game; a new transfer in a posted batch.
   */
  async function expectCaught(
    lie: { batch: bigint; stateRoot: Hex },
    label: string,
    onResolved?: () => Promise<void>,
  ): Promise<string> {
    let appendedAt = 0n;
    await waitLogged(async () => {
      const hit = (await rollupEvents("BatchAppended")).find(
        (e) => e.args.index === lie.batch && e.args.record!.stateRoot === lie.stateRoot,
      );
      if (hit !== undefined) appendedAt = hit.blockNumber;
      return hit !== undefined;
    }, `${label}: the lying batch on L1`);

    let opened: Awaited<ReturnType<typeof gameEvents<"GameOpened">>>[number] | undefined;
    await waitLogged(async () => {
      opened = (await gameEvents("GameOpened")).find(
        (e) => e.args.batchIndex === lie.batch && e.blockNumber >= appendedAt,
      );
      return opened !== undefined;
    }, `${label}: a game against batch ${lie.batch}`);
    assert.equal(
      opened!.args.challenger!.toLowerCase(),
      challenger.toLowerCase(),
      `${label}: the verifier's game`,
    );
    // The verifier derives a block once it has VERIFIER_CONFIRMATIONS blocks on top of it. (Checked at
    // the end, so that a late game still runs its course and leaves the next test a clean chain.)
    const confirmedAt = appendedAt + BigInt(VERIFIER_CONFIRMATIONS);
    const openedAt = opened!.blockNumber;
    const gameId = opened!.args.gameId!;

    await waitLogged(
      async () => (await gameEvents("GameResolved")).some((e) => e.args.gameId === gameId),
      `${label}: game ${gameId} resolved`,
      90_000,
    );
    await onResolved?.();
    const resolved = (await gameEvents("GameResolved")).find((e) => e.args.gameId === gameId)!;
    assert.equal(resolved.args.status, CHALLENGER_WON, `${label}: the challenger won`);
    assert.ok(resolved.args.winnerCredit! > 0n);
    const slashed = (await rollupEvents("ProposerSlashed")).find(
      (e) => e.args.batchIndex === lie.batch && e.blockNumber === resolved.blockNumber,
    );
    assert.ok(slashed !== undefined, `${label}: the proposer bond slashed`);
    assert.equal(slashed.args.proposer!.toLowerCase(), sequencerAddress.toLowerCase());
    const deleted = (await rollupEvents("BatchesDeleted")).find(
      (e) => e.blockNumber === resolved.blockNumber,
    );
    assert.equal(deleted?.args.fromIndex, lie.batch, `${label}: the batch and later ones deleted`);

    await waitLogged(
      async () =>
        (await gameEvents("CreditWithdrawn")).some(
          (e) =>
            e.blockNumber > resolved.blockNumber &&
            e.args.account!.toLowerCase() === challenger.toLowerCase() &&
            e.args.amount! >= resolved.args.winnerCredit!,
        ),
      `${label}: the verifier withdrew its credit`,
    );

    // The sequencer posts the same index again, honestly: the root of its own block, and no new game.
    let again: Json | undefined;
    await waitLogged(async () => {
      if ((await batchCount()) <= lie.batch) return false;
      const batch: Json | null = await result("rollup_getBatchByIndex", [`0x${lie.batch.toString(16)}`]);
      again = batch ?? undefined;
      return batch !== null && batch.status === "posted";
    }, `${label}: batch ${lie.batch} posted again`);
    assert.notEqual(again!.stateRoot, lie.stateRoot);
    const lastBlock = await result("eth_getBlockByNumber", [again!.lastBlock, false]);
    assert.equal(again!.stateRoot, lastBlock.stateRoot, `${label}: the new batch claims the L2 chain's root`);
    const reposted = (await rollupEvents("BatchAppended")).findLast((e) => e.args.index === lie.batch)!;
    assert.equal(reposted.args.record!.stateRoot, again!.stateRoot);

    // The chain goes on: a new transfer lands in a posted batch, and the verifier agrees with all of it.
    const hash = await sendL2(alice, bob.address, 7n);
    await waitLogged(
      async () => (await result<Json | null>("rollup_getTransactionStatus", [hash]))?.l1Status === "posted",
      `${label}: a new transfer posted`,
    );
    const games = await gameEvents("GameOpened");
    const count = await batchCount();
    await waitLogged(async () => {
      const status = await verifierStatus();
      const replay = status.replay as Json;
      return BigInt((replay.lastVerifiedBatch as string | null) ?? "0") >= count - 1n;
    }, `${label}: the verifier verified every batch`);
    const status = await verifierStatus();
    assert.equal((status.replay as Json).lastResult, "agreed");
    assert.equal((await gameEvents("GameOpened")).length, games.length, `${label}: no new game`);
    assert.equal(
      (await gameEvents("GameOpened")).filter((e) => e.blockNumber > resolved.blockNumber).length,
      0,
      `${label}: the reposted batches are not challenged`,
    );
    // Noticed within one L1 block of the confirmation: its openGame was sent before the block after
    // the next one was mined (it lands in the next block at best; a full batch's replay on a loaded
    // 2-core machine can take longer than one 1.5 s block, and then it lands one block later).
    assert.ok(
      openedAt <= confirmedAt + 2n,
      `${label}: game opened at L1 block ${openedAt}, the batch confirmed at ${confirmedAt}: more than one block late`,
    );
    return `${label}: batch ${lie.batch} confirmed at L1 block ${confirmedAt}, game opened at ${openedAt} (${lie.stateRoot.slice(0, 10)}…)`;
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(L1_BLOCK_MS);
    dir = await mkdtemp(join(tmpdir(), "halcyon-faults-"));
    assert.ok(
      (await l1.publicClient.getBalance({ address: challenger })) > ONE_ETH,
      "the verifier is funded",
    );
    let deploymentPath: string;
    ({ env: seqEnv, deploymentPath } = sequencerTestEnv(l1, dir, {
      SEQUENCER_FAULTS: "1",
      // Long enough that the load of a caps test lands in one block (a block holds one batch's worth).
      SEQUENCER_BLOCK_TIME: "500",
      MEMPOOL_MAX_PER_SENDER: String(LOAD_PER_SENDER),
      MEMPOOL_MAX_NONCE_AHEAD: String(LOAD_PER_SENDER),
      L1_CONFIRMATIONS: "1",
      L1_STUCK_AFTER: "5000",
      BATCH_MAX_AGE: "300",
      SEQUENCER_DATA_DIR: join(dir, "sequencer"),
    }));
    const verifierEnv: Record<string, string> = {
      HALCYON_DEPLOYMENT: deploymentPath,
      L1_RPC_URL: l1.url,
      LOG_LEVEL: "info",
      VERIFIER_PRIVATE_KEY: VERIFIER_L1_KEY,
      VERIFIER_CONFIRMATIONS: String(VERIFIER_CONFIRMATIONS),
      VERIFIER_POLL_INTERVAL: "50",
      VERIFIER_STATUS_PORT: "0",
      VERIFIER_DATA_DIR: join(dir, "verifier"),
    };
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl !== undefined && adminUrl !== "") {
      for (const [env, label] of [
        [seqEnv, "faults_sequencer"],
        [verifierEnv, "faults_verifier"],
      ] as const) {
        const db = await createTestDatabase(adminUrl, label);
        databases.push(db);
        env.DATABASE_URL = db.url;
      }
    }
    if (useRedis) {
      redis = await startPrivateRedis();
      seqEnv.REDIS_URL = redis.url;
      seqEnv.SEQUENCER_QUEUE_PREFIX = "halcyon-faults-seq";
      verifierEnv.REDIS_URL = redis.url;
      verifierEnv.VERIFIER_QUEUE_PREFIX = "halcyon-faults-verifier";
    }
    seq = await startSequencerProcess(seqEnv);
    verifier = await startVerifierProcess(verifierEnv);

    const [depositor] = l1.others as [(typeof l1.others)[0]];
    await depositEth(l1, depositor, whale.address, 100n * ONE_ETH);
    await depositEth(l1, depositor, alice.address, 10n * ONE_ETH);
    for (const wallet of loadWallets) await depositEth(l1, depositor, wallet.address, ONE_ETH);
    const last = loadWallets.at(-1)!.address;
    await waitLogged(
      async () => BigInt(await result<Hex>("eth_getBalance", [last, "latest"])) === ONE_ETH,
      "the deposits on L2",
    );
    // The verifier has caught up with every batch before the first fault.
    await waitLogged(async () => {
      const status = await result("rollup_getStatus", []);
      const posted = (status.batches as Json).lastPosted as Hex | null;
      const replay = (await verifierStatus()).replay as Json;
      return (
        posted !== null &&
        (status.batches as Json).unposted === 0 &&
        BigInt((replay.lastVerifiedBatch as string | null) ?? "-1") >= BigInt(posted)
      );
    }, "the verifier in step with the posted batches");
  });

  after(async () => {
    // HALCYON_E2E_LOG_DIR=<dir> keeps both services' logs there (for a look at a failure).
    const logDir = process.env.HALCYON_E2E_LOG_DIR;
    if (logDir !== undefined) {
      await writeFile(join(logDir, "faults-sequencer.log"), seq?.output() ?? "");
      await writeFile(join(logDir, "faults-verifier.log"), verifier?.output() ?? "");
    }
    await seq?.kill();
    await verifier?.kill();
    await redis?.close();
    for (const db of databases) await db.drop();
    await l1?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("refuses halcyon_armFault parameters it does not know", async () => {
    const unknown = await rpc("halcyon_armFault", [{ kind: "steal-everything" }]);
    assert.equal(unknown.error?.code, -32602);
    const bad = await rpc("halcyon_armFault", [{ kind: "forged-signature", victim: "0x1234" }]);
    assert.equal(bad.error?.code, -32602);
    assert.equal((await result("halcyon_armFault", [])).armed, null);
  });

  it("a wrong balance: caught, the bond slashed, the batch deleted and posted again", async (t) => {
    const lie = await armAndApply({ kind: "wrong-balance", account: LIAR_ACCOUNT, amount: "1000000" }, () =>
      sendL2(alice, bob.address, 1n),
    );
    t.diagnostic(await expectCaught(lie, "wrong balance"));
  });

  it("a transaction with a forged signature applied: caught", async (t) => {
    const lie = await armAndApply(
      { kind: "forged-signature", victim: whale.address, recipient: LIAR_ACCOUNT },
      () => sendL2(alice, bob.address, 2n),
    );
    t.diagnostic(await expectCaught(lie, "forged signature"));
  });

  it("a nonce replayed: caught", async (t) => {
    const lie = await armAndApply({ kind: "nonce-replay" }, () => sendL2(alice, bob.address, 3n));
    t.diagnostic(await expectCaught(lie, "nonce replay"));
  });

  it("a wrong fee: caught", async (t) => {
    const lie = await armAndApply({ kind: "wrong-fee", delta: "12345" }, () =>
      sendL2(alice, bob.address, 4n),
    );
    t.diagnostic(await expectCaught(lie, "wrong fee"));
  });

  it("a wrong withdrawal leaf: caught", async (t) => {
    const lie = await armAndApply({ kind: "wrong-withdrawal", recipient: LIAR_ACCOUNT }, () =>
      sendL2(alice, L2_BRIDGE_ADDRESS, ONE_ETH / 100n, { gasLimit: GAS_WITHDRAWAL }),
    );
    t.diagnostic(await expectCaught(lie, "wrong withdrawal leaf"));
  });

  it("a deposit credited to the wrong account: caught", async (t) => {
    const [depositor] = l1.others as [(typeof l1.others)[0]];
    const lie = await armAndApply({ kind: "deposit-wrong-account", to: LIAR_ACCOUNT }, () =>
      depositEth(l1, depositor, bob.address, ONE_ETH),
    );
    t.diagnostic(await expectCaught(lie, "deposit to the wrong account"));
  });

  for (const position of ["first", "middle", "last"] as const) {
    it(`a lie in the ${position} step of a batch at the size and step caps: caught`, async (t) => {
      const lie = await armAndApply(
        // A batch of at least 40 kB of real transfers (how many arrive per 500 ms block depends on the
        // machine's load), padded by the fault to exactly MAX_BATCH_BYTES.
        { kind: "lie-at-caps", position, account: LIAR_ACCOUNT, minBytes: 40_000 },
        sendLoad,
      );
      const posted = (await rollupEvents("BatchAppended")).find(
        (e) => e.args.index === lie.batch && e.args.record!.stateRoot === lie.stateRoot,
      );
      if (posted !== undefined) {
        const tx = await l1.publicClient.getTransaction({ hash: posted.transactionHash });
        assert.equal(posted.args.record!.steps, MAX_BATCH_STEPS);
        assert.ok(tx.input.length > 2 * MAX_BATCH_BYTES, "the batch's data is at the size cap");
      }
      if (position === "first") assert.equal(lie.lieStep, 0);
      if (position === "last") assert.equal(lie.lieStep, MAX_BATCH_STEPS - 1);
      // The middle of the batch's own transactions: 40 kB holds some 560 transfers.
      if (position === "middle") assert.ok(Number(lie.lieStep) > 200, `step ${lie.lieStep}`);
      t.diagnostic(await expectCaught(lie, `a lie at the caps (${position} step)`));
    });
  }

  it("a crash (kill -9) right after a lost game: the restarted sequencer recovers and posts again", async (t) => {
    const lie = await armAndApply({ kind: "wrong-balance", account: LIAR_ACCOUNT, amount: "7" }, () =>
      sendL2(alice, bob.address, 8n),
    );
    const story = await expectCaught(lie, "crash after the lost game", async () => {
      // Somewhere between L1's deletion and the batches cut again: the next start must finish the job.
      await seq.kill();
      seq = await startSequencerProcess(seqEnv);
      applied = 0; // the fault mode's list of applied faults lives in the process
    });
    t.diagnostic(story);
  });

  it("an honest batch with partly malformed data is never challenged", async () => {
    const games = (await gameEvents("GameOpened")).length;
    const fault = await armAndApply({ kind: "malformed-data" }, () => sendL2(alice, bob.address, 5n));
    let appendedAt = 0n;
    await waitLogged(async () => {
      const hit = (await rollupEvents("BatchAppended")).find(
        (e) => e.args.index === fault.batch && e.args.record!.stateRoot === fault.stateRoot,
      );
      if (hit !== undefined) appendedAt = hit.blockNumber;
      return hit !== undefined;
    }, "the malformed batch on L1");
    await waitLogged(async () => {
      const replay = (await verifierStatus()).replay as Json;
      return BigInt((replay.lastVerifiedBatch as string | null) ?? "0") >= fault.batch;
    }, "the verifier verified the malformed batch");
    await l1.mine(4);
    await waitLogged(
      async () => (await l1.publicClient.getBlockNumber()) > appendedAt + BigInt(VERIFIER_CONFIRMATIONS) + 3n,
      "a few L1 blocks past the batch's confirmation",
    );
    assert.equal((await gameEvents("GameOpened")).length, games, "no game against an honest batch");
    const batch = await result("rollup_getBatchByIndex", [`0x${fault.batch.toString(16)}`]);
    assert.equal(batch.stateRoot, fault.stateRoot, "the malformed batch is still live");
  });

  it("a batch that skips an overdue queue entry is refused by the Rollup; the honest one is posted", async () => {
    const [depositor] = l1.others as [(typeof l1.others)[0]];
    const games = (await gameEvents("GameOpened")).length;
    const fault = await armAndApply({ kind: "skip-queue" }, () =>
      depositEth(l1, depositor, alice.address, ONE_ETH),
    );
    // The batch is held until the entry is overdue: move L1 time past FORCE_INCLUSION_DELAY.
    await advanceTime(l1, l1.deployment.parameters.forceInclusionDelay + 1n);
    let refused: Json | undefined;
    await waitLogged(async () => {
      refused = ((await result("halcyon_armFault", [])).applied as Json[])[applied - 1];
      return refused?.refused !== null;
    }, "the Rollup's refusal");
    assert.equal(refused!.refused, "ForcedInclusionOverdue");
    let posted: Json | undefined;
    await waitLogged(async () => {
      posted = await result("rollup_getBatchByIndex", [`0x${fault.batch.toString(16)}`]);
      return posted?.status === "posted";
    }, "the honest batch posted in its place");
    assert.notEqual(posted!.stateRoot, fault.stateRoot);
    // The Rollup itself refuses the skipping batch as of the block before the honest one landed.
    const honestAt = (await rollupEvents("BatchAppended")).findLast((e) => e.args.index === fault.batch)!;
    const skipping = refused!.refusedBatch as Json;
    const header = skipping.header as Record<string, string>;
    const [skipped] = await readQueueEntries(l1, BigInt(header.queueApplied!));
    await assert.rejects(
      l1.publicClient.simulateContract({
        address: l1.deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "appendBatch",
        args: [
          skipping.data as Hex,
          BigInt(skipping.steps as number),
          {
            treeRoot: header.treeRoot as Hex,
            withdrawalsRoot: header.withdrawalsRoot as Hex,
            withdrawalCount: BigInt(header.withdrawalCount!),
            queueApplied: BigInt(header.queueApplied!),
            accountCount: BigInt(header.accountCount!),
          },
          skipping.parentStateRoot as Hex,
          { dataHash: bytesToHex(queueEntryDataHash(skipped!)), timestamp: skipped!.l1Timestamp },
        ],
        account: sequencerAddress,
        blockNumber: honestAt.blockNumber - 1n,
      }),
      (error: unknown) => revertOf(error)?.name === "ForcedInclusionOverdue",
      "appendBatch of the skipping batch reverts with ForcedInclusionOverdue",
    );
    assert.ok(
      (await rollupEvents("BatchAppended")).every(
        (e) => e.args.index !== fault.batch || e.args.record!.stateRoot !== fault.stateRoot,
      ),
      "the skipping batch never reached L1",
    );
    const record = (await rollupEvents("BatchAppended")).findLast((e) => e.args.index === fault.batch)!;
    assert.ok(record.args.record!.queueApplied > record.args.record!.queueStart, "it applies the entry");
    assert.equal((await gameEvents("GameOpened")).length, games);
  });

  it("censorship: a refused transaction forced through the Bridge executes on L2 by the deadline", async () => {
    await result("halcyon_armFault", [{ kind: "censor", address: censored.address }]);
    const [depositor, forcer] = l1.others as [(typeof l1.others)[0], (typeof l1.others)[0]];
    await depositEth(l1, depositor, censored.address, ONE_ETH);
    await waitLogged(
      async () => BigInt(await result<Hex>("eth_getBalance", [censored.address, "latest"])) === ONE_ETH,
      "the censored account funded",
    );
    const raw = signL2(censored, bob.address, ONE_ETH / 10n);
    const refused = await rpc("eth_sendRawTransaction", [raw]);
    assert.ok(refused.error !== undefined, "the sequencer refuses the censored sender");
    assert.match(String(refused.error.message), /censored/);

    const bobBefore = BigInt(await result<Hex>("eth_getBalance", [bob.address, "latest"]));
    const [queueIndex] = await l1.publicClient.readContract({
      address: l1.deployment.addresses.bridge,
      abi: bridgeAbi,
      functionName: "queueInfo",
      args: [0n],
    });
    const receipt = await send(l1, l1.bridge(forcer).write.forceTransaction([raw]));
    const deadline =
      (await l1.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp +
      l1.deployment.parameters.forceInclusionDelay;
    await waitLogged(
      async () => (await result<Hex>("eth_getTransactionCount", [censored.address, "latest"])) === "0x1",
      "the forced transaction executed on L2",
    );
    assert.equal(
      BigInt(await result<Hex>("eth_getBalance", [bob.address, "latest"])),
      bobBefore + ONE_ETH / 10n,
      "the forced transfer's effect on L2",
    );
    // In a batch appended on L1 before the force-inclusion deadline.
    let appended: Awaited<ReturnType<typeof rollupEvents<"BatchAppended">>>[number] | undefined;
    await waitLogged(async () => {
      appended = (await rollupEvents("BatchAppended")).find(
        (e) => e.args.record!.queueStart <= queueIndex && e.args.record!.queueApplied > queueIndex,
      );
      return appended !== undefined;
    }, "the forced transaction in a batch on L1");
    const appendedTime = (await l1.publicClient.getBlock({ blockNumber: appended!.blockNumber })).timestamp;
    assert.ok(appendedTime < deadline, `appended at ${appendedTime}, deadline ${deadline}`);
  });
});
