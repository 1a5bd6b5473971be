// The SDK's L2 actions without a sequencer: a custom transport stands in for the L2 node's JSON-RPC.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWalletClient, custom, numberToHex, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  batchFromRpc,
  ChainMismatchError,
  getTransactionStatus,
  getWithdrawal,
  getWithdrawalProof,
  halcyonDevnet,
  InvalidAmountError,
  InvalidRpcResponseError,
  type RpcWithdrawalProof,
  rollupStatusFromRpc,
  withdrawEth,
} from "./index.ts";

const account = privateKeyToAccount(`0x${"33".repeat(32)}`);
const word = (n: number) => toHex(n, { size: 32 });
const RPC_PROOF: RpcWithdrawalProof = {
  withdrawal: {
    index: "0x0",
    l2Sender: account.address,
    l1Recipient: account.address,
    l1Token: "0x0000000000000000000000000000000000000000",
    amount: "0xde0b6b3a7640000",
  },
  batch: {
    index: "0x1",
    record: {
      index: "0x1",
      epoch: "0x0",
      dataRoot: word(1),
      parentStateRoot: word(2),
      stateRoot: word(3),
      steps: "0xa",
      queueStart: "0x0",
      queueLimit: "0x2",
      queueApplied: "0x2",
      appendedAt: "0x64",
      proposer: account.address,
    },
  },
  header: {
    treeRoot: word(4),
    withdrawalsRoot: word(5),
    withdrawalCount: "0x1",
    queueApplied: "0x2",
    accountCount: "0x3",
  },
  siblings: Array.from({ length: 32 }, (_, i) => word(i)),
};

function l2Client(chainId: bigint, answer: (method: string) => unknown = () => null) {
  return createWalletClient({
    account,
    chain: halcyonDevnet,
    transport: custom({
      request: async ({ method }: { method: string }) =>
        method === "eth_chainId" ? numberToHex(chainId) : answer(method),
    }),
  });
}

const HASH = word(7);

describe("L2 actions", () => {
  it("withdrawEth refuses amount 0 and a client on another chain", async () => {
    const client = l2Client(BigInt(halcyonDevnet.id));
    await assert.rejects(withdrawEth(client, { amount: 0n }), InvalidAmountError);
    await assert.rejects(withdrawEth(l2Client(1n), { amount: 1n }), ChainMismatchError);
  });

  it("getWithdrawalProof converts rollup_getWithdrawalProof's JSON, and passes null through", async () => {
    const proof = await getWithdrawalProof(
      l2Client(1n, () => RPC_PROOF),
      { transactionHash: HASH },
    );
    assert.ok(proof !== null);
    assert.equal(proof.withdrawal.amount, 10n ** 18n);
    assert.equal(proof.batch.record.steps, 10);
    assert.equal(proof.header.accountCount, 3n);
    assert.equal(proof.siblings.length, 32);
    assert.equal(await getWithdrawalProof(l2Client(1n), { transactionHash: HASH }), null);
    await assert.rejects(
      getWithdrawalProof(
        l2Client(1n, () => ({ ...RPC_PROOF, siblings: [] })),
        { transactionHash: HASH },
      ),
      InvalidRpcResponseError,
    );
  });

  it("getWithdrawalProof is null, and getWithdrawal has the withdrawal, until its batch is on L1", async () => {
    // The sequencer answers as soon as the withdrawal is in a block: batch null, then a batch without record.
    const { batch: _, header: _h, siblings: _s, ...fields } = RPC_PROOF;
    const inBlock = {
      ...fields,
      leafHash: word(9),
      transactionHash: HASH,
      l2BlockNumber: "0x5",
      batch: null,
      header: null,
      siblings: null,
      finalizable: false,
    };
    const cut = { ...inBlock, batch: { index: "0x2", l1Status: "pending", recordHash: null, record: null } };
    for (const answer of [inBlock, cut]) {
      assert.equal(
        await getWithdrawalProof(
          l2Client(1n, () => answer),
          { transactionHash: HASH },
        ),
        null,
      );
    }
    const info = await getWithdrawal(
      l2Client(1n, () => cut),
      { transactionHash: HASH },
    );
    assert.equal(info?.withdrawal.amount, 10n ** 18n);
    assert.equal(info?.batchIndex, 2n);
    assert.equal(info?.l1Status, "pending");
    assert.equal(
      (
        await getWithdrawal(
          l2Client(1n, () => inBlock),
          { transactionHash: HASH },
        )
      )?.batchIndex,
      null,
    );
    await assert.rejects(
      getWithdrawal(
        l2Client(1n, () => ({ ...cut, finalizable: "no" })),
        { transactionHash: HASH },
      ),
      InvalidRpcResponseError,
    );
  });

  it("the rollup_* converters refuse answers of another shape, naming the field", async () => {
    await assert.rejects(
      getTransactionStatus(
        l2Client(1n, () => ({ transactionHash: HASH, l2Status: "mined" })),
        { hash: HASH },
      ),
      /rollup_getTransactionStatus: l2Status is not one of pending, included/,
    );
    assert.throws(
      () => batchFromRpc({ index: "0x01", header: {} }),
      /rollup_getBatchByIndex: index is not a quantity/,
    );
    assert.throws(() => rollupStatusFromRpc({ l2: {} }), /rollup_getStatus: batches is not an object/);
    await assert.rejects(getTransactionStatus(l2Client(1n), { hash: "0x12" }), /hash must be a 32-byte hex/);
  });
});
