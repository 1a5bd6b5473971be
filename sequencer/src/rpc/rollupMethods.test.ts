import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { rollupAbi } from "@halcyon/node-common";
import {
  computeDataRoot,
  decodeBatch,
  GAS_WITHDRAWAL,
  type Hex,
  hexToBytes,
  L2_BRIDGE_ADDRESS,
  verifyWithdrawalProof,
} from "@halcyon/protocol";
import { waitFor } from "../../../packages/node-common/src/testing/waitFor.ts";
import { ONE_ETH, testWallet, transferFields } from "../../../packages/protocol/src/testing/fixtures.ts";
import { signTransactionForTest } from "../../../packages/protocol/src/tx/testing.ts";
import { advanceTime, depositEth, revertOf, send } from "../../../scripts/lib/harness/l1.ts";
import { type HttpL1, startHttpL1 } from "../testing/httpL1.ts";
import { finalizeWithdrawalArgs } from "../testing/l1Reads.ts";
import { startTestRollupNode, type TestRollupNode } from "../testing/testRollupNode.ts";

// The rollup_* methods over a sequencer posting to a real Hardhat L1: a transaction's way from the pool
// to a final batch, a batch as posted, the chain's status, and a withdrawal proof that the real Bridge
// accepts once the batch is final, and pays once.

const alice = testWallet(101);
const bob = testWallet(102);

type Json = Record<string, unknown>;

describe("rollup_* methods", () => {
  let l1: HttpL1;
  let node: TestRollupNode;

  async function rpc(
    method: string,
    params: unknown[],
  ): Promise<{ result?: unknown; error?: { code: number } }> {
    const res = await fetch(node.url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    return (await res.json()) as { result?: unknown; error?: { code: number } };
  }
  const result = async (method: string, params: unknown[]) => (await rpc(method, params)).result as Json;

  let withdrawalTx: Hex;
  let transferTx: Hex;
  const amount = ONE_ETH / 10n;

  before(async () => {
    l1 = await startHttpL1();
    await l1.setIntervalMining(100);
    node = await startTestRollupNode(l1, "rollup-rpc");
    await depositEth(l1, l1.others[0]!, alice.address, ONE_ETH);
    await waitFor(() => node.sequencer.chain.head.state.queueApplied === 1n, {
      what: "the deposit",
      timeoutMs: 20_000,
    });
    const withdrawal = signTransactionForTest(
      transferFields({ to: L2_BRIDGE_ADDRESS, value: amount, nonce: 0n, gasLimit: GAS_WITHDRAWAL }),
      alice.privateKey,
    ).raw;
    const transfer = signTransactionForTest(
      transferFields({ to: bob.address, value: 5n, nonce: 1n }),
      alice.privateKey,
    ).raw;
    withdrawalTx = (await node.sequencer.submit(withdrawal)).hash;
    transferTx = (await node.sequencer.submit(transfer)).hash;
  });

  after(async () => {
    await node.close();
    await l1.close();
  });

  it("follows a transaction from the L2 block to a posted batch", async () => {
    await waitFor(async () => (await result("eth_getTransactionReceipt", [transferTx])) !== null, {
      what: "the transfer's receipt",
    });
    await waitFor(
      async () => (await result("rollup_getTransactionStatus", [transferTx])).l1Status === "posted",
      {
        what: "the transfer's batch posted",
        timeoutMs: 20_000,
      },
    );
    const status = await result("rollup_getTransactionStatus", [transferTx]);
    const receipt = (await result("eth_getTransactionReceipt", [transferTx])) as Json;
    assert.equal(status.blockNumber, receipt.blockNumber);
    assert.equal(status.blockHash, receipt.blockHash);
    assert.equal(status.l2Status, "included");
    const l1Receipt = await l1.publicClient.getTransactionReceipt({ hash: status.l1TransactionHash as Hex });
    assert.equal(l1Receipt.status, "success");
    assert.equal(
      await rpc("rollup_getTransactionStatus", [`0x${"12".repeat(32)}`]).then((r) => r.result),
      null,
    );
  });

  it("serves a batch as it was posted: data, commitments, header and the Rollup's record", async () => {
    const status = await result("rollup_getTransactionStatus", [transferTx]);
    const batch = await result("rollup_getBatchByIndex", [status.batchIndex, true]);
    const data = hexToBytes(batch.data as Hex);
    assert.equal(batch.dataRoot, `0x${Buffer.from(computeDataRoot(data)).toString("hex")}`);
    assert.ok(decodeBatch(data).blocks.length >= 1);
    const record = batch.record as Json;
    assert.equal(record.stateRoot, batch.stateRoot);
    assert.equal(record.dataRoot, batch.dataRoot);
    const live = await l1.publicClient.readContract({
      address: l1.deployment.addresses.rollup,
      abi: rollupAbi,
      functionName: "batchHash",
      args: [BigInt(status.batchIndex as string)],
    });
    assert.equal(batch.recordHash, live);
    assert.equal(batch.l1Status, "posted");
    assert.equal((await result("rollup_getBatchByIndex", ["0x3e8"])) ?? null, null);
    assert.equal((await rpc("rollup_getBatchByIndex", ["not a number"])).error?.code, -32602);
  });

  it("reports the chain's status", async () => {
    // The finality tracker reads the posted batches on its next look.
    await waitFor(async () => ((await result("rollup_getStatus", [])).l2 as Json).safe !== "0x0", {
      what: "a safe block",
    });
    const status = await result("rollup_getStatus", []);
    const l2 = status.l2 as Json;
    const batches = status.batches as Json;
    const followed = status.l1 as Json;
    assert.ok(BigInt(l2.head as string) <= node.sequencer.chain.head.number);
    assert.ok(BigInt(l2.safe as string) > 0n);
    assert.ok(BigInt(batches.lastPosted as string) >= 1n);
    assert.deepEqual(status.openGames, []);
    assert.equal(followed.queueLength, "0x1");
    assert.equal(followed.halted, null);
  });

  it("proves a withdrawal that the Bridge pays once its batch is final, once", async () => {
    const pending = await result("rollup_getWithdrawalProof", [withdrawalTx]);
    assert.equal(pending.finalizable, false);
    const w = pending.withdrawal as Json;
    assert.equal(w.l1Recipient, alice.address);
    assert.equal(BigInt(w.amount as string), amount);
    const byIndex = await result("rollup_getWithdrawalProof", [w.index]);
    assert.deepEqual(byIndex.siblings, pending.siblings);

    await advanceTime(l1, l1.parameters.challengeWindow + 1n);
    await waitFor(
      async () => (await result("rollup_getWithdrawalProof", [withdrawalTx])).finalizable === true,
      {
        what: "the withdrawal's batch final",
        timeoutMs: 20_000,
      },
    );
    const proof = await result("rollup_getWithdrawalProof", [withdrawalTx]);
    const header = proof.header as Json;
    const siblings = proof.siblings as Hex[];
    assert.equal(siblings.length, 32);
    assert.ok(
      verifyWithdrawalProof(
        hexToBytes(header.withdrawalsRoot as Hex),
        BigInt(w.index as string),
        hexToBytes(proof.leafHash as Hex),
        siblings.map(hexToBytes),
      ),
    );
    const args = finalizeWithdrawalArgs(proof);
    const caller = l1.others[2]!;
    const before = await l1.publicClient.getBalance({ address: alice.address });
    await send(l1, l1.bridge(caller).write.finalizeWithdrawal(args));
    assert.equal(await l1.publicClient.getBalance({ address: alice.address }), before + amount);
    const again = await l1
      .bridge(caller)
      .write.finalizeWithdrawal(args as never)
      .catch((e: unknown) => e);
    assert.equal(revertOf(again)?.name, "WithdrawalAlreadyFinalized");
    assert.equal(await l1.publicClient.getBalance({ address: alice.address }), before + amount);
  });
});
