import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex } from "@halcyon/protocol";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { TransactionRefusedError } from "../mempool/errors.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import { BlockProductionHaltedError } from "./blockProducer.ts";

// A block that cannot be persisted halts production: nothing half-written, the head unchanged, the
// door closed; a restart resumes from the store.

const alice = testWallet(81);

describe("block producer", () => {
  let ts: TestSequencer;
  let halted: BlockProductionHaltedError | undefined;

  before(async () => {
    ts = await startTestSequencer("producer", {
      autoProduce: false,
      onHalt: (error) => {
        halted = error;
      },
    });
    await ts.fund(ONE_ETH, alice.address);
  });

  after(async () => {
    await ts.close();
  });

  it("halts when a block cannot be persisted, and a restart resumes from the store", async () => {
    const head = ts.sequencer.chain.head;
    const tx = signTransactionForTest(
      transferFields({ to: testWallet(82).address, value: 1n }),
      alice.privateKey,
    );
    await ts.sequencer.submit(tx.raw);
    await ts.db.query("ALTER TABLE receipts RENAME TO receipts_away");
    try {
      await assert.rejects(ts.sequencer.produceBlock(), BlockProductionHaltedError);
    } finally {
      await ts.db.query("ALTER TABLE receipts_away RENAME TO receipts");
    }
    assert.ok(halted instanceof BlockProductionHaltedError);
    assert.match(halted.message, /could not be persisted after 5 attempts/);
    assert.equal(ts.sequencer.chain.head.hash, head.hash, "the head did not move");
    assert.equal(
      ts.sequencer.chain.account(alice.address, "latest").nonce,
      0n,
      "latest reads still see the head",
    );
    await assert.rejects(ts.sequencer.produceBlock(), BlockProductionHaltedError);
    const late = signTransactionForTest(
      transferFields({ to: testWallet(82).address, nonce: 1n }),
      alice.privateKey,
    );
    await assert.rejects(
      ts.sequencer.submit(late.raw),
      (e) => e instanceof TransactionRefusedError && e.reason === "unavailable",
    );

    ts = await ts.restart();
    assert.equal(ts.sequencer.chain.head.hash, head.hash);
    assert.equal(bytesToHex(ts.sequencer.chain.state.stateRoot()), head.stateRoot);
    const block = await ts.sequencer.produceBlock();
    assert.equal(block?.transactions[0]?.tx.hash, tx.tx.hash, "the acknowledged transaction survived");
  });
});

describe("block producer on its own clock", () => {
  let ts: TestSequencer;

  before(async () => {
    ts = await startTestSequencer("producer-clock");
    await ts.fund(ONE_ETH, alice.address);
  });

  after(async () => {
    await ts.close();
  });

  it("follows a block that holds something with one more, then stays idle", async () => {
    const quiet = () => new Promise((resolve) => setTimeout(resolve, 300)); // 12 block times
    await quiet();
    const idle = ts.sequencer.chain.head.number;
    await quiet();
    assert.equal(ts.sequencer.chain.head.number, idle, "an idle chain seals nothing");

    const tx = signTransactionForTest(
      transferFields({ to: testWallet(83).address, value: 1n }),
      alice.privateKey,
    );
    await ts.sequencer.submit(tx.raw);
    await ts.waitForBlock(idle + 1n);
    const holding = await ts.sequencer.reader.transaction(tx.tx.hash);
    assert.equal(holding?.header.number, idle + 1n);
    await quiet();
    // Clients that watch for a new block to look for their receipt see one after the block with it.
    assert.equal(ts.sequencer.chain.head.number, idle + 2n, "one trailing block");
    const trailing = await ts.sequencer.reader.blockByNumber(idle + 2n);
    assert.equal(trailing?.transactions.length, 0);
    await quiet();
    assert.equal(ts.sequencer.chain.head.number, idle + 2n, "and no more while idle");
  });
});
