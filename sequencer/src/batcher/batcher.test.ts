import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSilentLogger } from "@halcyon/node-common";
import {
  bytesToHex,
  computeDataRoot,
  executeBatch,
  GENESIS_BLOCK,
  L2_BRIDGE_ADDRESS,
  L2State,
  type QueueEntry,
} from "@halcyon/protocol";
import {
  ONE_ETH,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../../packages/protocol/src/testing/fixtures.ts";
import { queueLookup } from "../../../packages/protocol/src/testing/scenario.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import type { NewBatch } from "../store/batchTable.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import { Batcher, type BatcherOptions } from "./batcher.ts";

// The batcher on a sequencer's real blocks: batches cover every block exactly once, in order, within
// their limits, and replaying each batch's data with the protocol's state transition from the previous
// batch's post-state gives the state root the batch claims. A restarted batcher continues after the
// last stored batch.

const users = [81, 82, 83].map(testWallet);
const fresh = testWallet(84);

describe("batcher", () => {
  let ts: TestSequencer;
  const nonces = new Map<string, bigint>();
  const batches: NewBatch[] = [];

  async function block(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const from = users[i % users.length]!;
      const nonce = nonces.get(from.address) ?? 0n;
      nonces.set(from.address, nonce + 1n);
      const to =
        i % 5 === 4
          ? L2_BRIDGE_ADDRESS
          : i % 7 === 6
            ? fresh.address
            : users[(i + 1) % users.length]!.address;
      const raw = signTransactionForTest(
        transferFields({
          to,
          value: 1000n + BigInt(i),
          nonce,
          gasLimit: to === L2_BRIDGE_ADDRESS ? 50_000n : 21_000n,
        }),
        from.privateKey,
      ).raw;
      await ts.sequencer.submit(raw);
    }
    await ts.sequencer.produceBlock();
  }

  function batcher(options: Partial<BatcherOptions> = {}): Batcher {
    return new Batcher({
      db: ts.db,
      events: ts.sequencer.events,
      head: () => ts.sequencer.chain.head.number,
      chainId: TEST_CONFIG.chainId,
      limits: { maxBytes: 1_500, maxSteps: 4_096 },
      maxAgeMs: 3_600_000,
      forceInclusionDelay: 86_400n,
      onBatch: async (batch) => {
        batches.push(batch);
      },
      logger: createSilentLogger(),
      tickMs: 10,
      ...options,
    });
  }

  async function entries(): Promise<readonly QueueEntry[]> {
    return ts.queue.entriesFrom(0n, Number(ts.queue.length));
  }

  before(async () => {
    ts = await startTestSequencer("batcher", { autoProduce: false });
    await ts.fund(ONE_ETH, ...users.map((u) => u.address));
  });

  after(async () => {
    await ts.close();
  });

  it("cuts whole blocks into batches within the byte limit, each replaying to its claimed root", async () => {
    for (let b = 0; b < 8; b++) await block(6);
    const b1 = batcher();
    await b1.start();
    await b1.flush();
    await b1.stop();
    assert.ok(batches.length >= 3, `${batches.length} batches`);
    const lookup = queueLookup(await entries());
    const state = new L2State();
    let next = 1n;
    let parent = GENESIS_BLOCK.stateRoot;
    for (const [i, batch] of batches.entries()) {
      assert.equal(batch.index, BigInt(i + 1));
      assert.equal(batch.firstBlock, next);
      assert.equal(batch.parentStateRoot, parent);
      assert.equal(batch.dataRoot, bytesToHex(computeDataRoot(batch.data)));
      if (batch.lastBlock > batch.firstBlock)
        assert.ok(batch.data.length <= 1_500, `${batch.data.length} bytes`);
      const run = executeBatch(
        state,
        { data: batch.data, queueLimit: ts.queue.length, config: TEST_CONFIG, queueEntry: lookup },
        batch.steps,
      );
      assert.ok(
        run.results.every((r) => r.kind !== "halt" && !(r.kind === "tx" && r.outcome.status === "invalid")),
      );
      assert.equal(bytesToHex(run.stateRoot), batch.stateRoot);
      const head = await ts.sequencer.reader.headerByNumber(batch.lastBlock);
      assert.equal(batch.stateRoot, head!.stateRoot);
      next = batch.lastBlock + 1n;
      parent = batch.stateRoot;
    }
    assert.equal(next, ts.sequencer.chain.head.number + 1n, "every block is in a batch");
  });

  it("continues after the last stored batch when restarted, and closes by step count and age", async () => {
    const before = batches.length;
    for (let b = 0; b < 4; b++) await block(3);
    const b2 = batcher({ limits: { maxBytes: 120_000, maxSteps: 9 }, maxAgeMs: 0 });
    await b2.start();
    await b2.tick();
    await b2.stop();
    const added = batches.slice(before);
    assert.ok(added.length >= 2);
    assert.equal(added[0]!.index, batches[before - 1]!.index + 1n);
    assert.equal(added[0]!.firstBlock, batches[before - 1]!.lastBlock + 1n);
    for (const batch of added) assert.ok(batch.steps <= 9, `${batch.steps} steps`);
    assert.equal(
      added.at(-1)!.lastBlock,
      ts.sequencer.chain.head.number,
      "age 0: the last batch closed at once",
    );
    const { rows } = await ts.db.query<{ n: bigint }>("SELECT count(*)::int8 AS n FROM batches");
    assert.equal(rows[0]!.n, BigInt(batches.length));
  });

  it("closes a batch that applies a queue entry once half the force-inclusion delay has passed", async () => {
    const delay = 86_400n;
    const now = BigInt(Math.floor(Date.now() / 1000));
    const b3 = batcher({ maxAgeMs: 3_600_000, forceInclusionDelay: delay });
    await b3.start();
    const before = batches.length;
    await block(2);
    await b3.tick();
    assert.equal(batches.length, before, "a young batch without queue entries stays open");
    await ts.enqueue({
      kind: "eth-deposit",
      to: fresh.address,
      amount: 1n,
      l1Timestamp: now - delay / 2n - 5n,
    });
    await b3.tick();
    await b3.stop();
    assert.equal(batches.length, before + 1, "the entry's deadline closed the batch");
    assert.equal(batches.at(-1)!.lastBlock, ts.sequencer.chain.head.number);
    assert.equal(batches.at(-1)!.header.queueApplied, ts.queue.length);
  });
});
