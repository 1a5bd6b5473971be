// The SDK's L2 actions where no sequencer is needed: the checks made before anything is sent, and what
// getWithdrawalProof and getWithdrawal make of each stage of the sequencer's answer (a custom transport
// answers with the sequencer's shapes; sdk.rollup.test.ts meets the real sequencer).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createWalletClient, custom, numberToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  ChainMismatchError,
  getTransactionStatus,
  getWithdrawal,
  getWithdrawalProof,
  halcyonDevnet,
  InvalidAmountError,
  InvalidArgumentError,
  InvalidRpcResponseError,
  withdrawEth,
  withdrawToken,
} from "./index.ts";
import { TX_HASH, WITHDRAWAL_PROOF } from "./testing/rpcFixtures.ts";

const account = privateKeyToAccount(`0x${"33".repeat(32)}`);

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

describe("L2 actions", () => {
  it("withdrawEth and withdrawToken refuse amount 0, a token that is not bridged and a client on another chain", async () => {
    const client = l2Client(BigInt(halcyonDevnet.id));
    await assert.rejects(withdrawEth(client, { amount: 0n }), InvalidAmountError);
    await assert.rejects(
      withdrawToken(client, { l2Token: account.address, amount: 1n }),
      InvalidArgumentError,
    );
    await assert.rejects(withdrawEth(l2Client(1n), { amount: 1n }), ChainMismatchError);
  });

  it("getWithdrawalProof is null until the batch is on L1, while getWithdrawal tells each stage", async () => {
    const ask = (answer: unknown) => l2Client(1n, () => answer);
    for (const stage of [WITHDRAWAL_PROOF.inBlock, WITHDRAWAL_PROOF.inBatch]) {
      assert.equal(await getWithdrawalProof(ask(stage), { transactionHash: TX_HASH }), null);
    }
    const proof = await getWithdrawalProof(ask(WITHDRAWAL_PROOF.onL1), { transactionHash: TX_HASH });
    assert.equal(proof?.batch.record.index, 2n);
    assert.equal(await getWithdrawalProof(ask(null), { transactionHash: TX_HASH }), null);
    assert.equal(
      (await getWithdrawal(ask(WITHDRAWAL_PROOF.inBlock), { transactionHash: TX_HASH }))?.batchIndex,
      null,
    );
    assert.equal(
      (await getWithdrawal(ask(WITHDRAWAL_PROOF.inBatch), { transactionHash: TX_HASH }))?.l1Status,
      "pending",
    );
    // A malformed stage is refused even though it carries no proof.
    await assert.rejects(
      getWithdrawalProof(ask({ ...WITHDRAWAL_PROOF.inBatch, finalizable: "no" }), {
        transactionHash: TX_HASH,
      }),
      InvalidRpcResponseError,
    );
  });

  it("the reads refuse a malformed hash before asking", async () => {
    await assert.rejects(getTransactionStatus(l2Client(1n), { hash: "0x12" }), /hash must be a 32-byte hex/);
    await assert.rejects(getWithdrawalProof(l2Client(1n), { transactionHash: "0x12" }), InvalidArgumentError);
  });
});
