import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Hex } from "@halcyon/protocol";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import type { ChainReader } from "../chain/chainReader.ts";
import { startTestSequencer, type TestSequencer } from "../testing/testSequencer.ts";
import type { RpcContext } from "./context.ts";
import { ethGetTransactionByHash } from "./methods/ethGetTransactionByHash.ts";
import { rollupGetTransactionStatus } from "./methods/rollupGetTransactionStatus.ts";

// A block that takes a transaction out of the pool while a lookup reads the store: the lookup must
// still find it (as pending), never answer null for a transaction the sequencer acknowledged.

const alice = testWallet(84);

describe("transaction lookups racing a block", () => {
  let ts: TestSequencer;

  before(async () => {
    ts = await startTestSequencer("lookup-race", { autoProduce: false });
    await ts.fund(ONE_ETH, alice.address);
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
