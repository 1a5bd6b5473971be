import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  createBatchEncoder,
  type EncodableTx,
  L2_BRIDGE_ADDRESS,
  MIN_BASE_FEE,
  transferCalldata,
} from "@halcyon/protocol";
import { testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { BlockBatchSpace } from "./blockBatchSpace.ts";

// The producer's count must be the encoder's size, byte for byte.

function encodable(i: number): EncodableTx {
  const to = i % 5 === 0 ? L2_BRIDGE_ADDRESS : testWallet(200 + (i % 37)).address;
  const kind = i % 7;
  const fields = transferFields({
    to: kind === 1 ? "0x4a1c7070000000000000000000000000000000aa" : to,
    nonce: BigInt(i * 977),
    value: kind === 1 ? 0n : BigInt(i) * 10n ** BigInt(i % 19),
    maxPriorityFeePerGas: BigInt(i % 300),
    maxFeePerGas: MIN_BASE_FEE + BigInt(i % 300),
    gasLimit: 21_000n + BigInt(i % 3) * 30_000n,
    data:
      kind === 1
        ? transferCalldata(testWallet(i).address, BigInt(i))
        : kind === 2
          ? new Uint8Array(i % 40)
          : new Uint8Array(0),
  });
  const { chainId: _c, hash: _h, ...tx } = signTransactionForTest(fields, testWallet(1).privateKey).tx;
  return { ...tx, ...(i % 3 === 0 ? { toIndex: BigInt(i + 1) } : {}) };
}

describe("BlockBatchSpace", () => {
  it("counts exactly what the batch encoder writes, fee dictionary and escapes included", () => {
    const timestamp = 1_700_000_000n;
    const space = new BlockBatchSpace({ baseFee: MIN_BASE_FEE, queueCount: 3n });
    const encoder = createBatchEncoder(timestamp);
    encoder.addBlock({ timestamp, baseFee: MIN_BASE_FEE, queueCount: 3n });
    assert.equal(space.size, encoder.size);
    for (let i = 0; i < 600; i++) {
      const tx = encodable(i);
      const fits = encoder.canAddTx(tx);
      assert.equal(space.tryAdd(tx), fits, `transaction ${i}`);
      if (fits) encoder.addTx(tx);
      assert.equal(space.size, encoder.size, `size after transaction ${i}`);
    }
    assert.equal(space.size, encoder.finish().length);
  });
});
