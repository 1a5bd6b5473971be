import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type BatchRecord, disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import {
  bytesToHex,
  challengerAgrees,
  type Hex,
  hexToBytes,
  type Interval,
  initialInterval,
  isProofOwed,
  nextInterval,
} from "@halcyon/protocol";
import { parseEventLogs } from "viem";
import { waitFor } from "../../../packages/node-common/src/testing/waitFor.ts";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { GameStatus, Resolution } from "../../../scripts/lib/harness/abis.ts";
import { ChainModel } from "../../../scripts/lib/harness/chainModel.ts";
import { advanceTime, depositEth, send, syncQueue, type Wallet } from "../../../scripts/lib/harness/l1.ts";
import { readBatch, readLastBatch } from "../store/batchTable.ts";
import { type HttpL1, startHttpL1 } from "../testing/httpL1.ts";
import { readPostedBatches } from "../testing/l1Reads.ts";
import { startTestRollupNode, type TestRollupNode } from "../testing/testRollupNode.ts";

// The defender against a scripted challenger on a real Hardhat L1 with the real DisputeGame and
// StepVerifier. The challenger follows the dispute rules of packages/protocol from a wrong view of an
// honest batch (the harness's ChainModel with a Lie: 1 ETH credited from some step on); the defender
// reveals the honest commitments, proves the last step and wins, then withdraws its credit. A challenger
// that stops answering loses on time: the defender claims it.

const alice = testWallet(111);
const bob = testWallet(112);

describe("defender", () => {
  let l1: HttpL1;
  let node: TestRollupNode;
  let challenger: Wallet;
  let record: BatchRecord;
  let lying: Uint8Array[];

  async function gameOf(gameId: bigint) {
    return l1.publicClient.readContract({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      functionName: "getGame",
      args: [gameId],
    });
  }

  async function open(): Promise<bigint> {
    const receipt = await send(
      l1,
      l1.game(challenger).write.openGame([record], { value: l1.parameters.challengerBond }),
    );
    const [event] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameOpened", logs: receipt.logs });
    assert.equal(event!.args.startCommitment, bytesToHex(lying[0]!), "both sides agree on c_0");
    return event!.args.gameId;
  }

  /** Answers the midpoints the defender reveals from the lying view, at most `answers` of them. */
  async function challenge(gameId: bigint, answers = Number.POSITIVE_INFINITY): Promise<Interval> {
    let interval = initialInterval(record.steps);
    for (let n = 0; n < answers && !isProofOwed(interval); n++) {
      let midpoint: Hex = `0x${"00".repeat(32)}`;
      await waitFor(
        async () => {
          midpoint = (await gameOf(gameId)).midpoint;
          return BigInt(midpoint) !== 0n;
        },
        { what: "the defender's midpoint", timeoutMs: 20_000, intervalMs: 20 },
      );
      const agree = challengerAgrees(hexToBytes(midpoint), lying, interval);
      await send(l1, l1.game(challenger).write.answerMidpoint([gameId, agree]));
      interval = nextInterval(interval, agree);
    }
    return interval;
  }

  async function resolution(gameId: bigint): Promise<{ status: number; resolution: number }> {
    await waitFor(async () => (await gameOf(gameId)).status !== GameStatus.InProgress, {
      what: "the game resolved",
      timeoutMs: 30_000,
    });
    const logs = await l1.publicClient.getContractEvents({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      eventName: "GameResolved",
      args: { gameId },
      fromBlock: l1.deployment.deployBlock,
    });
    return { status: logs[0]!.args.status!, resolution: logs[0]!.args.resolution! };
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(100);
    node = await startTestRollupNode(l1, "defender");
    challenger = l1.others[4]!;
    await depositEth(l1, l1.others[0]!, alice.address, ONE_ETH);
    await waitFor(() => node.sequencer.chain.head.state.queueApplied === 1n, {
      what: "the deposit",
      timeoutMs: 20_000,
    });
    // Submitted together, so they are admitted in one group and land in one block (one after another,
    // a slow store can spread them over several small batches).
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        node.sequencer.submit(
          signTransactionForTest(
            transferFields({ to: bob.address, value: 10n + BigInt(i), nonce: BigInt(i) }),
            alice.privateKey,
          ).raw,
        ),
      ),
    );
    await waitFor(
      async () => {
        const last = await readLastBatch(node.db);
        return last !== undefined &&
          node.sequencer.mempool.size === 0 &&
          last.lastBlock === node.sequencer.chain.head.number
          ? (await readBatch(node.db, last.index))!.status === "posted"
          : false;
      },
      { what: "every block posted", timeoutMs: 20_000 },
    );

    // The challenger's view, rebuilt from L1 alone: the queue from the Bridge, the batches from calldata.
    const model = new ChainModel(TEST_CONFIG);
    await syncQueue(l1, model);
    for (const batch of (await readPostedBatches(l1)).batches) {
      model.push({ data: batch.data, steps: batch.steps, queueLimit: batch.record.queueLimit });
      // The game is played on the batch with the most steps.
      if (batch.steps > (record?.steps ?? 0)) record = batch.record;
    }
    assert.ok(record.steps >= 4, `a batch of ${record.steps} steps`);
    const honest = model.commitments(Number(record.index));
    lying = model.commitments(Number(record.index), [
      { batch: Number(record.index), fromStep: record.steps - 1, beneficiary: alice.address },
    ]);
    assert.ok(honest.slice(0, -2).every((c, i) => bytesToHex(c) === bytesToHex(lying[i]!)));
    assert.notEqual(bytesToHex(honest.at(-2)!), bytesToHex(lying.at(-2)!));
  });

  after(async () => {
    await node.close();
    await l1.close();
  });

  it("wins a game a challenger opens on an honest batch, by the one-step proof, and takes its credit", async () => {
    const gameId = await open();
    await waitFor(
      async () => {
        const status = await fetch(node.url, {
          method: "POST",
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 1,
            method: "rollup_getBatchByIndex",
            params: [`0x${record.index.toString(16)}`],
          }),
        }).then((r) => r.json() as Promise<{ result: { l1Status: string } }>);
        return status.result.l1Status === "challenged";
      },
      { what: "the batch shown as challenged" },
    );
    const interval = await challenge(gameId);
    assert.deepEqual(interval, { lo: record.steps - 2, hi: record.steps - 1 }, "the lie starts at c_{N-1}");
    const { status, resolution: how } = await resolution(gameId);
    assert.equal(status, GameStatus.ProposerWon);
    assert.equal(how, Resolution.StepProven);
    const live = await l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "isLive",
      args: [record.index, (await readBatch(node.db, record.index))!.inclusion!.recordHash],
    });
    assert.equal(live, true, "the batch stands");
    await waitFor(
      async () =>
        (await l1.publicClient.readContract({
          address: l1.deployment.addresses.disputeGame,
          abi: disputeGameAbi,
          functionName: "creditOf",
          args: [l1.sequencer.account.address],
        })) === 0n,
      { what: "the credit withdrawn", timeoutMs: 20_000 },
    );
    const withdrawn = await l1.publicClient.getContractEvents({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      eventName: "CreditWithdrawn",
      args: { account: l1.sequencer.account.address },
      fromBlock: l1.deployment.deployBlock,
    });
    assert.equal(withdrawn.length, 1);
    await waitFor(
      async () =>
        (
          await node.db.query("SELECT 1 FROM dispute_games WHERE game_id = $1 AND status = 'proposer-won'", [
            gameId,
          ])
        ).rowCount === 1,
      { what: "the game recorded as won" },
    );
  });

  it("claims a game whose challenger lets its clock run out", async () => {
    const gameId = await open();
    await challenge(gameId, 1);
    await waitFor(async () => BigInt((await gameOf(gameId)).midpoint) !== 0n, {
      what: "the second midpoint",
    });
    await advanceTime(l1, l1.parameters.challengerClock + 1n);
    const { status, resolution: how } = await resolution(gameId);
    assert.equal(status, GameStatus.ProposerWon);
    assert.equal(how, Resolution.ChallengerTimedOut);
  });
});
