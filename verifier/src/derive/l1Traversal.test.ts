import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createL1Clients, type L1PublicClient } from "@halcyon/node-common";
import { ResetError } from "../errors.ts";
import { startTestL1, type TestL1 } from "../testing/testL1.ts";
import { L1Traversal } from "./l1Traversal.ts";

let l1: TestL1;
let client: L1PublicClient;

before(async () => {
  l1 = await startTestL1();
  client = createL1Clients({ rpcUrl: l1.url }).publicClient;
});
after(() => l1?.close());

async function headRef(traversal: L1Traversal) {
  const number = await client.getBlockNumber({ cacheTime: 0 });
  return (await traversal.blockRef(number))!;
}

/** A block with a transaction in it (empty blocks mined after a revert can hash the same as before). */
async function mineTransfer(value: bigint): Promise<void> {
  await l1.send(l1.depositor.sendTransaction({ to: l1.sequencer.account.address, value }));
}

describe("L1Traversal", () => {
  test("reads only confirmed blocks, in ranges of at most maxBlockRange", async () => {
    const traversal = new L1Traversal(
      { client, confirmations: 2, maxBlockRange: 3 },
      { number: 0n, hash: "0x00" },
    );
    const start = await headRef(traversal);
    traversal.resetTo(start);
    assert.equal(await traversal.nextRange(), null, "nothing confirmed above the cursor");
    await l1.testClient.mine({ blocks: 2 });
    assert.equal(await traversal.nextRange(), null, "two blocks on top: the first one is not confirmed yet");
    await l1.testClient.mine({ blocks: 1 });
    const first = await traversal.nextRange();
    assert.equal(first?.from.number, start.number + 1n);
    assert.equal(first?.to.number, start.number + 1n);
    traversal.advance(first!.to);
    await l1.testClient.mine({ blocks: 10 });
    const second = await traversal.nextRange();
    assert.equal(second?.from.number, start.number + 2n);
    assert.equal(second!.to.number - second!.from.number + 1n, 3n);
    assert.equal(second!.from.parentHash, first!.to.hash);
    traversal.shrinkRange();
    traversal.shrinkRange();
    assert.equal(traversal.rangeSize, 1n);
    traversal.growRange();
    traversal.growRange();
    traversal.growRange();
    assert.equal(traversal.rangeSize, 3n);
  });

  test("a reorg of the cursor block is a reset, whether the new chain is shorter or longer", async () => {
    const traversal = new L1Traversal(
      { client, confirmations: 0, maxBlockRange: 100 },
      { number: 0n, hash: "0x00" },
    );
    const snapshot = await l1.testClient.snapshot();
    const base = await headRef(traversal);
    traversal.resetTo(base);
    await mineTransfer(1n);
    await mineTransfer(2n);
    const range = await traversal.nextRange();
    traversal.advance(range!.to);
    assert.equal(await traversal.nextRange(), null);

    // Shorter chain: the cursor block is gone.
    await l1.testClient.revert({ id: snapshot });
    await mineTransfer(3n);
    await assert.rejects(traversal.nextRange(), ResetError);

    // Longer chain: the next block does not build on the cursor.
    await mineTransfer(4n);
    await mineTransfer(5n);
    await assert.rejects(traversal.nextRange(), ResetError);

    // Back on the common ancestor, the traversal continues on the new chain.
    traversal.resetTo(base);
    const again = await traversal.nextRange();
    assert.equal(again?.from.parentHash, base.hash);
    assert.equal(again?.to.number, base.number + 3n);
  });
});
