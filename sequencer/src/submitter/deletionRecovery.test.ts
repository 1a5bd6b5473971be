import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSilentLogger } from "@halcyon/node-common";
import { bytesToHex, executeBatch, GENESIS_BLOCK, L2State } from "@halcyon/protocol";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup } from "../../../packages/protocol/src/testing/scenario.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { Batcher } from "../batcher/batcher.ts";
import { insertBatchDeletions, readBatchGeneration } from "../store/batchDeletions.ts";
import { readBatch, readLastBatch } from "../store/batchTable.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import { DeletionRecovery } from "./deletionRecovery.ts";

// Recovery after L1 deleted batches (a lost game), on a sequencer's real blocks and store: the deleted
// batches move to deleted_batches, the same blocks are cut again from the parent of the first deleted
// batch (same indices, the parent's root and queue position), the next batches get a new generation
// (their job ids differ) and the bond is deposited again once per recovery. A deletion recorded before a
// crash is handled by the next start; handling is never repeated; a deletion while the batcher has an
// open batch drops it and cuts again.

const users = [91, 92, 93].map(testWallet);

describe("recovery from batches deleted on L1", () => {
  let ts: TestSequencer;
  const nonces = new Map<string, bigint>();
  const generations: number[] = [];
  const rebonds: string[] = [];

  async function block(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const from = users[i % users.length]!;
      const nonce = nonces.get(from.address) ?? 0n;
      nonces.set(from.address, nonce + 1n);
      const to = users[(i + 1) % users.length]!.address;
      const raw = signTransactionForTest(
        transferFields({ to, value: 1_000n + BigInt(i), nonce }),
        from.privateKey,
      ).raw;
      await ts.sequencer.submit(raw);
    }
    await ts.sequencer.produceBlock();
  }

  function batcher(): Batcher {
    return new Batcher({
      db: ts.db,
      events: ts.sequencer.events,
      head: () => ts.sequencer.chain.head.number,
      chainId: TEST_CONFIG.chainId,
      limits: { maxBytes: 1_000, maxSteps: 4_096 },
      maxAgeMs: 3_600_000,
      forceInclusionDelay: 86_400n,
      onBatch: async () => {},
      logger: createSilentLogger(),
      tickMs: 10,
    });
  }

  function recovery(b: Batcher): DeletionRecovery {
    return new DeletionRecovery({
      db: ts.db,
      batcher: b,
      submitter: { setGeneration: (g) => generations.push(g) },
      rebond: async (purpose) => {
        rebonds.push(purpose);
      },
      logger: createSilentLogger(),
    });
  }

  /** Every stored batch: indices 1.., consecutive blocks up to the head, each replaying to its root. */
  async function checkBatches(): Promise<number> {
    const last = await readLastBatch(ts.db);
    assert.ok(last !== undefined);
    const entries = await ts.queue.entriesFrom(0n, Number(ts.queue.length));
    const state = new L2State();
    let parent = GENESIS_BLOCK.stateRoot;
    let next = 1n;
    for (let index = 1n; index <= last.index; index++) {
      const batch = await readBatch(ts.db, index);
      assert.ok(batch !== undefined, `batch ${index} stored`);
      assert.equal(batch.firstBlock, next, `batch ${index} starts after its parent`);
      assert.equal(batch.parentStateRoot, parent);
      const run = executeBatch(
        state,
        {
          data: batch.data,
          queueLimit: ts.queue.length,
          config: TEST_CONFIG,
          queueEntry: queueLookup(entries),
        },
        batch.steps,
      );
      assert.equal(bytesToHex(run.stateRoot), batch.stateRoot, `batch ${index} replays to its root`);
      const header = await ts.sequencer.reader.headerByNumber(batch.lastBlock);
      assert.equal(batch.stateRoot, header!.stateRoot);
      parent = batch.stateRoot;
      next = batch.lastBlock + 1n;
    }
    return Number(last.index);
  }

  async function deletedRows(epoch: bigint): Promise<bigint[]> {
    const { rows } = await ts.db.query<{ batch_index: bigint }>(
      "SELECT batch_index FROM deleted_batches WHERE deletion_epoch = $1 ORDER BY batch_index",
      [epoch],
    );
    return rows.map((r) => r.batch_index);
  }

  before(async () => {
    ts = await startTestSequencer("recovery", { autoProduce: false });
    await ts.fund(ONE_ETH, ...users.map((u) => u.address));
  });

  after(async () => {
    await ts.close();
  });

  it("handles a deletion recorded before a crash at the next start, once, and cuts the same blocks again", async () => {
    for (let b = 0; b < 8; b++) await block(5);
    const first = batcher();
    await first.start();
    await first.flush();
    await first.stop();
    const cut = await checkBatches();
    assert.ok(cut >= 4, `${cut} batches`);
    const parent = (await readBatch(ts.db, 1n))!;
    const lostBatch = (await readBatch(ts.db, 2n))!;
    // What the L1 follower writes with its cursor when it reads BatchesDeleted; the process then dies.
    await insertBatchDeletions(ts.db, [
      {
        epoch: 1n,
        fromIndex: 2n,
        previousCount: BigInt(cut) + 1n,
        stateRoot: parent.stateRoot,
        queueApplied: parent.header.queueApplied,
        l1BlockNumber: 100n,
      },
    ]);
    assert.equal(await readBatchGeneration(ts.db), 0);

    // The next start: the recovery runs before the batcher starts.
    const second = batcher();
    const recover = recovery(second);
    await recover.recover();
    assert.deepEqual(
      await deletedRows(1n),
      Array.from({ length: cut - 1 }, (_, i) => BigInt(i + 2)),
      "batches 2.. moved to deleted_batches",
    );
    assert.equal((await readLastBatch(ts.db))!.index, 1n);
    assert.equal(await readBatchGeneration(ts.db), 1);
    assert.deepEqual(generations, [1]);
    assert.deepEqual(rebonds, ["rebond-g1"]);
    await second.start();
    await second.flush();
    const again = (await readBatch(ts.db, 2n))!;
    assert.equal(again.firstBlock, lostBatch.firstBlock, "batch 2 is cut again from the same block");
    assert.equal(again.parentStateRoot, parent.stateRoot);
    assert.equal(again.queueStart, parent.header.queueApplied);
    assert.equal(await checkBatches(), cut, "the same blocks, the same batches");

    // Handled once: a second run (another restart, or a late listener call) changes nothing.
    await recover.recover();
    await recovery(second).recover();
    assert.deepEqual(generations, [1]);
    assert.deepEqual(rebonds, ["rebond-g1"]);
    assert.equal((await deletedRows(1n)).length, cut - 1);
    await second.stop();
  });

  it("drops the open batch of a running batcher and continues from the parent of the first deleted batch", async () => {
    const running = batcher();
    await running.start();
    const recover = recovery(running);
    for (let b = 0; b < 3; b++) await block(5);
    await running.flush();
    for (let b = 0; b < 2; b++) await block(2);
    await running.tick();
    const before = (await readLastBatch(ts.db))!;
    assert.ok(before.index >= 4n);
    const parent = (await readBatch(ts.db, 3n))!;
    await insertBatchDeletions(ts.db, [
      {
        epoch: 2n,
        fromIndex: 4n,
        previousCount: before.index + 1n,
        stateRoot: parent.stateRoot,
        queueApplied: parent.header.queueApplied,
        l1BlockNumber: 200n,
      },
    ]);
    await recover.recover();
    // (The running batcher may already have cut batch 4 again: it ticks every 10 ms.)
    assert.deepEqual(
      await deletedRows(2n),
      Array.from({ length: Number(before.index) - 3 }, (_, i) => BigInt(i + 4)),
      "batches 4.. moved to deleted_batches",
    );
    assert.deepEqual(generations, [1, 2]);
    assert.deepEqual(rebonds, ["rebond-g1", "rebond-g2"]);
    await running.flush();
    await running.stop();
    const last = await checkBatches();
    assert.ok(last >= 4);
    assert.equal(
      (await readLastBatch(ts.db))!.lastBlock,
      ts.sequencer.chain.head.number,
      "every block cut again",
    );
    assert.equal((await readBatch(ts.db, 4n))!.firstBlock, parent.lastBlock + 1n);
  });
});
