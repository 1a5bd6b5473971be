import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import { parseEventLogs } from "viem";
import type { Hex } from "@halcyon/protocol";
import { waitFor } from "../../../packages/node-common/src/testing/waitFor.ts";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { advanceTime, depositEth, send } from "../../../scripts/lib/harness/l1.ts";
import { readBatch, readLastBatch } from "../store/batchTable.ts";
import { type HttpL1, startHttpL1 } from "../testing/httpL1.ts";
import { startTestRollupNode, type TestRollupNode } from "../testing/testRollupNode.ts";

// The batcher and submitter against a real Hardhat L1 and the real Rollup: the sequencer bonds itself,
// batches land in order with the state roots of the L2 blocks, a repeated or confused job never appends
// twice, a stuck transaction is replaced with higher fees, a transaction an L1 reorg dropped is sent
// again, and finality follows the Rollup into the `finalized` tag.

const alice = testWallet(91);
const bob = testWallet(92);

describe("batch submitter", () => {
  let l1: HttpL1;
  let node: TestRollupNode;
  let nonce = 0n;

  const rollup = (functionName: "batchCount" | "lastStateRoot" | "finalizedCount") =>
    l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: functionName as "batchCount",
    });

  async function transfer(): Promise<Hex> {
    const raw = signTransactionForTest(
      transferFields({ to: bob.address, value: 1000n + nonce, nonce }),
      alice.privateKey,
    ).raw;
    nonce++;
    return (await node.sequencer.submit(raw)).hash;
  }

  /** Sends `count` transfers and waits for a batch holding the last one to reach `status`. */
  async function batchOfNewTransfers(count: number, status: "submitted" | "posted"): Promise<bigint> {
    let hash: Hex | undefined;
    for (let i = 0; i < count; i++) hash = await transfer();
    let target = 0n;
    await waitFor(
      async () => {
        target = (await node.sequencer.reader.transaction(hash!))?.header.number ?? 0n;
        return target > 0n;
      },
      { what: "the transfers in a block" },
    );
    let index = 0n;
    await waitFor(
      async () => {
        const last = await readLastBatch(node.db);
        if (last === undefined || last.lastBlock < target) return false;
        index = last.index;
        const stored = await readBatch(node.db, index, { withData: false });
        return status === "submitted" ? stored!.status !== "pending" : stored!.status === "posted";
      },
      { what: `a batch ${status}`, timeoutMs: 20_000 },
    );
    return index;
  }

  async function sentFor(index: bigint): Promise<Hex[]> {
    const { rows } = await node.db.query<{ hash: Uint8Array }>(
      "SELECT hash FROM l1_transactions WHERE purpose = $1 ORDER BY sent_at",
      [`batch-${index}`],
    );
    return rows.map((r) => `0x${Buffer.from(r.hash).toString("hex")}` as Hex);
  }

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(100);
    // Without the trailing empty block: these tests count batches and snapshot L1 around them.
    node = await startTestRollupNode(l1, "submitter", {
      services: { stuckAfterMs: 800, confirmations: 3 },
      sequencer: { trailingBlock: false },
    });
    await depositEth(l1, l1.others[0]!, alice.address, ONE_ETH);
    await waitFor(() => node.sequencer.chain.head.state.queueApplied === 1n, {
      what: "the deposit on L2",
      timeoutMs: 20_000,
    });
  });

  after(async () => {
    await node.close();
    await l1.close();
  });

  it("bonds the sequencer and posts batches in order with the L2 blocks' state roots", async () => {
    const bond = await l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "bondOf",
      args: [l1.sequencer.account.address],
    });
    assert.equal(bond.amount, l1.parameters.proposerBond);
    const index = await batchOfNewTransfers(5, "posted");
    assert.equal(await rollup("batchCount"), index + 1n);
    const batch = await readBatch(node.db, index);
    const head = await node.sequencer.reader.headerByNumber(batch!.lastBlock);
    assert.equal(batch!.stateRoot, head!.stateRoot);
    assert.equal(await rollup("lastStateRoot"), batch!.stateRoot);
    assert.equal(batch!.inclusion!.record.proposer.toLowerCase(), l1.sequencer.account.address.toLowerCase());
    for (let i = 1n; i <= index; i++)
      assert.equal((await sentFor(i)).length, 1, `one transaction for batch ${i}`);
  });

  it("never appends twice: a repeated job, or one that lost its status, finds the batch on L1", async () => {
    const index = (await readLastBatch(node.db))!.index;
    const count = await rollup("batchCount");
    await node.services.submitter.submit(index);
    await node.db.query(
      "UPDATE batches SET status = 'pending', l1_tx_hash = NULL, record_hash = NULL WHERE batch_index = $1",
      [index],
    );
    await node.services.submitter.submit(index);
    assert.equal((await readBatch(node.db, index))!.status, "posted");
    // Without the record of our transaction either: the Rollup's event says it is there.
    await node.db.query("DELETE FROM l1_transactions WHERE purpose = $1", [`batch-${index}`]);
    await node.db.query("UPDATE batches SET status = 'pending', l1_tx_hash = NULL WHERE batch_index = $1", [
      index,
    ]);
    await node.services.submitter.submit(index);
    const batch = await readBatch(node.db, index);
    assert.equal(batch!.status, "posted");
    assert.equal(await rollup("batchCount"), count, "nothing appended again");
    assert.equal((await sentFor(index)).length, 0, "nothing sent");
  });

  it("replaces a stuck transaction with higher fees, and only one of them lands", async () => {
    await l1.setIntervalMining(0);
    await l1.testClient.setAutomine(false);
    // A block the interval miner had scheduled may still come: wait until L1 stands still.
    let height = await l1.publicClient.getBlockNumber({ cacheTime: 0 });
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, 250));
        const now = await l1.publicClient.getBlockNumber({ cacheTime: 0 });
        const still = now === height;
        height = now;
        return still;
      },
      { what: "L1 to stop mining" },
    );
    try {
      const count = await rollup("batchCount");
      for (let i = 0; i < 3; i++) await transfer();
      await waitFor(async () => (await readLastBatch(node.db))!.index >= count, { what: "a new batch" });
      const index = count;
      await waitFor(async () => (await sentFor(index)).length >= 2, {
        what: "a replacement",
        timeoutMs: 10_000,
      });
      await l1.testClient.setAutomine(true);
      await l1.setIntervalMining(100);
      await waitFor(async () => (await readBatch(node.db, index))!.status === "posted", {
        what: "the batch posted",
        timeoutMs: 20_000,
      });
      const sent = await sentFor(index);
      const batch = await readBatch(node.db, index);
      assert.notEqual(batch!.inclusion!.txHash, sent[0], "the replacement landed, not the stuck one");
      const first = await l1.publicClient.getTransaction({ hash: sent[0]! }).catch(() => undefined);
      assert.equal(first?.blockNumber ?? null, null, "the stuck transaction never landed");
      const last = (await readLastBatch(node.db))!.index;
      await waitFor(async () => (await readBatch(node.db, last))!.status === "posted", {
        what: "all posted",
      });
      assert.equal(await rollup("batchCount"), last + 1n, "every batch appended once");
    } finally {
      await l1.testClient.setAutomine(true);
      await l1.setIntervalMining(100);
    }
  });

  it("sends again when an L1 reorg drops the batch's transaction", async () => {
    await l1.setIntervalMining(0);
    const countBefore = await rollup("batchCount");
    const snapshot = await l1.testClient.snapshot();
    const index = await batchOfNewTransfers(1, "submitted");
    assert.equal(index, countBefore, "one new batch");
    const before = (await readBatch(node.db, index))!;
    assert.equal(before.status, "submitted", "no block on top of it yet: not confirmed");
    const dropped = before.inclusion!.txHash;
    await l1.testClient.revert({ id: snapshot });
    await assert.rejects(l1.publicClient.getTransactionReceipt({ hash: dropped }), "the reorg dropped it");
    assert.equal(await rollup("batchCount"), index, "the batch is gone from L1");
    await l1.setIntervalMining(100);
    await waitFor(
      async () =>
        (await rollup("batchCount")) === index + 1n && (await readBatch(node.db, index))!.status === "posted",
      { what: "the batch posted again", timeoutMs: 20_000 },
    );
    const batch = await readBatch(node.db, index);
    const receipt = await l1.publicClient.getTransactionReceipt({ hash: batch!.inclusion!.txHash });
    assert.equal(receipt.status, "success");
    assert.equal(batch!.inclusion!.txHash, dropped, "the same signed transaction, broadcast again");
    assert.equal(await rollup("batchCount"), index + 1n);
    assert.equal(await rollup("lastStateRoot"), batch!.stateRoot);
  });

  it("follows the Rollup's finality into the finalized tag", async () => {
    const last = (await readLastBatch(node.db))!;
    await waitFor(async () => (await readBatch(node.db, last.index))!.status === "posted", {
      what: "all posted",
    });
    await advanceTime(l1, l1.parameters.challengeWindow + 1n);
    await waitFor(async () => (await readBatch(node.db, last.index))!.status === "final", {
      what: "the batch final",
      timeoutMs: 20_000,
    });
    assert.equal(await rollup("finalizedCount"), last.index + 1n);
    // The store says final a moment before the tracker's tags move (same refresh).
    await waitFor(() => node.sequencer.context.finality.finalizedBlock() >= last.lastBlock, {
      what: "the finalized tag",
    });
    const res = await fetch(node.url, {
      method: "POST",
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getBlockByNumber",
        params: ["finalized", false],
      }),
    });
    const body = (await res.json()) as { result: { number: Hex } };
    assert.equal(BigInt(body.result.number), last.lastBlock);
    assert.equal(node.sequencer.context.finality.safeBlock(), last.lastBlock);
  });
  it("finalizes past a batch a game held, once the game is over", async () => {
    const held = await batchOfNewTransfers(1, "posted");
    const last = await batchOfNewTransfers(1, "posted");
    assert.ok(last > held);
    const record = (await readBatch(node.db, held))!.inclusion!.record;
    const challenger = l1.others[3]!;
    const receipt = await send(
      l1,
      l1.game(challenger).write.openGame([record], { value: l1.parameters.challengerBond }),
    );
    const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameOpened", logs: receipt.logs });
    const gameId = opened!.args.gameId;
    const mover = () =>
      l1.publicClient.readContract({
        address: l1.deployment.addresses.disputeGame,
        abi: disputeGameAbi,
        functionName: "moverOf",
        args: [gameId],
      });
    // The defender reveals its first midpoint; then it stops, so the game stays open past the window.
    await waitFor(async () => (await mover())[0] === 2, { what: "the defender's reveal", timeoutMs: 30_000 });
    await node.services.defender.stop();
    await advanceTime(l1, l1.parameters.challengeWindow + 1n);
    // finalizeBatches stops at the held batch.
    await waitFor(async () => (await rollup("finalizedCount")) === held, {
      what: "finality up to the held batch",
      timeoutMs: 20_000,
    });
    assert.equal((await readBatch(node.db, last))!.status, "posted");
    // The challenger's clock ran out with the time jump: anyone may end the game for the proposer.
    await send(l1, l1.game(challenger).write.claimTimeout([gameId, record]));
    await waitFor(async () => (await readBatch(node.db, last))!.status === "final", {
      what: "finality past the game's batch",
      timeoutMs: 20_000,
    });
    assert.equal(await rollup("finalizedCount"), last + 1n);
  });
});
