import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Hex } from "@halcyon/protocol";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import type { ChainReader } from "../chain/chainReader.ts";
import { ChainState } from "../chain/chainState.ts";
import { StateJournal } from "../producer/stateJournal.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import type { RpcContext } from "./context.ts";
import { ethGetTransactionByHash } from "./methods/ethGetTransactionByHash.ts";
import { rollupGetTransactionStatus } from "./methods/rollupGetTransactionStatus.ts";

// A block that takes a transaction out of the pool while a lookup reads the store: the lookup must
// still find it (as pending), never answer null for a transaction the sequencer acknowledged.

const alice = testWallet(84);
const carol = testWallet(86);

describe("transaction lookups racing a block", () => {
  let ts: TestSequencer;

  before(async () => {
    ts = await startTestSequencer("lookup-race", { autoProduce: false });
    await ts.fund(ONE_ETH, alice.address, carol.address);
  });

  after(async () => {
    await ts.close();
  });

  /** The sequencer's context whose store read of a transaction is followed by a whole block. */
  function racingContext(): RpcContext {
    const ctx = ts.sequencer.context;
    const reader = ctx.reader;
    const racing = {
      transaction: async (hash: Hex) => {
        const found = await reader.transaction(hash);
        await ts.sequencer.produceBlock();
        return found;
      },
    } as unknown as ChainReader;
    return { ...ctx, reader: racing };
  }

  it("a block being persisted still shows its transactions as pending", async () => {
    // Carol's own transaction, taken out of the pool below by hand (no block will ever hold it).
    const tx = signTransactionForTest(
      transferFields({ to: testWallet(85).address, value: 1n }),
      carol.privateKey,
    );
    const pooled = await ts.sequencer.submit(tx.raw);
    // A separate ChainState with the transaction's block in flight: out of the pool, not in the store.
    const chain = new ChainState(
      ts.sequencer.chain.config,
      ts.sequencer.chain.state,
      ts.sequencer.chain.head,
    );
    chain.pushInFlight(new StateJournal(ts.sequencer.chain.state.tree), [pooled]);
    ts.sequencer.context.mempool.remove(pooled.hash);
    const ctx: RpcContext = { ...ts.sequencer.context, chain };
    for (const method of [ethGetTransactionByHash, rollupGetTransactionStatus]) {
      const answer = (await method.handler([tx.tx.hash], ctx, { subscriptions: undefined })) as {
        blockNumber: Hex | null;
      } | null;
      assert.notEqual(answer, null, `${method.name}: in flight is not unknown`);
      assert.equal(answer!.blockNumber, null);
    }
    chain.sealOldest(ts.sequencer.chain.head);
    assert.equal(
      chain.inFlightTransaction(pooled.hash),
      undefined,
      "persisted: the store answers from now on",
    );
    assert.equal(
      await ethGetTransactionByHash.handler([tx.tx.hash], ctx, { subscriptions: undefined }),
      null,
    );
  });

  for (const method of [ethGetTransactionByHash, rollupGetTransactionStatus]) {
    it(`${method.name} answers pending, not null`, async () => {
      const nonce = ts.sequencer.chain.account(alice.address, "pending").nonce;
      const tx = signTransactionForTest(
        transferFields({ to: testWallet(85).address, value: 1n, nonce }),
        alice.privateKey,
      );
      await ts.sequencer.submit(tx.raw);
      const answer = (await method.handler([tx.tx.hash], racingContext(), { subscriptions: undefined })) as {
        blockNumber: Hex | null;
      } | null;
      assert.notEqual(answer, null, "an acknowledged transaction is never unknown");
      assert.equal(answer!.blockNumber, null, "pending: the store was read before the block");
      assert.ok(
        (await ts.sequencer.reader.transaction(tx.tx.hash)) !== undefined,
        "and the block has it now",
      );
    });
  }
});
