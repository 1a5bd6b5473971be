import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { type Address, encodeFunctionData, getAddress, type Hex, toHex, zeroAddress } from "viem";
import { bridgeAbi, rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import { WithdrawalTree, withdrawalLeafHash } from "../../packages/protocol/src/state/withdrawalTree.ts";
import {
  type AppendedBatch,
  appendBatch,
  connect,
  createFixture,
  deployTestAccount,
  deployTestToken,
  depositEth,
  ETHER,
  eventOf,
  eventsOf,
  expectRevert,
  header,
  mineAt,
  randomHex,
  send,
  setNextTimestamp,
  TEST_PARAMETERS,
  toSiblings,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;

type Withdrawal = {
  index: bigint;
  l2Sender: Address;
  l1Recipient: Address;
  l1Token: Address;
  amount: bigint;
};

// Common setup: ETH and tokens in the Bridge, then two batches whose headers hold withdrawals trees.
const token = await deployTestToken(fx);
await send(publicClient, token.write.mint([fx.alice.account.address, 1_000n]));
await send(
  publicClient,
  connect(fx, token, fx.alice).write.approve([fx.deployment.addresses.bridge, 1_000n]),
);
await send(
  publicClient,
  fx.bridge(fx.alice).write.depositERC20([token.address, fx.alice.account.address, 1_000n]),
);
await depositEth(fx, fx.alice, fx.alice.account.address, 10n * ETHER);

const rejecter = await deployTestAccount(fx);
await send(publicClient, rejecter.write.setRejectEth([true]));
const reentrant = await deployTestAccount(fx);

const sender = getAddress(fx.alice.account.address);
const leaf = (index: bigint, l1Recipient: Address, l1Token: Address, amount: bigint): Withdrawal => ({
  index,
  l2Sender: sender,
  l1Recipient: getAddress(l1Recipient),
  l1Token: getAddress(l1Token),
  amount,
});
const withdrawals: Withdrawal[] = [
  leaf(0n, fx.bob.account.address, zeroAddress, 1n * ETHER),
  leaf(1n, fx.carol.account.address, token.address, 100n),
  leaf(2n, rejecter.address, zeroAddress, ETHER / 2n),
  leaf(3n, reentrant.address, zeroAddress, ETHER / 4n),
  leaf(4n, fx.dave.account.address, zeroAddress, ETHER / 10n),
  leaf(5n, fx.dave.account.address, token.address, 50n),
];
const tree = new WithdrawalTree();
for (const w of withdrawals) tree.append(withdrawalLeafHash(w));
const b1 = await appendBatch(fx, {
  header: header({
    withdrawalsRoot: toHex(tree.root),
    withdrawalCount: 6n,
    queueApplied: 2n,
    accountCount: 3n,
  }),
});
const proofs = withdrawals.map((w) => tree.proof(w.index).map((p) => toHex(p)));
// Batch 2: one more withdrawal; its header's tree holds the six above too.
const extra = leaf(6n, fx.bob.account.address, zeroAddress, 1n);
const tree2 = new WithdrawalTree();
for (const w of [...withdrawals, extra]) tree2.append(withdrawalLeafHash(w));
const b2 = await appendBatch(fx, {
  header: header({
    withdrawalsRoot: toHex(tree2.root),
    withdrawalCount: 7n,
    queueApplied: 2n,
    accountCount: 3n,
  }),
});
await fx.checkpoint();

function finalize(
  batch: AppendedBatch,
  w: Withdrawal,
  proof: Hex[] = proofs[Number(w.index)]!,
  wallet = fx.dave,
) {
  return fx.bridge(wallet).write.finalizeWithdrawal([batch.record, batch.header, w, toSiblings(proof)]);
}

async function afterWindow(batch: AppendedBatch) {
  await mineAt(fx, batch.record.appendedAt + TEST_PARAMETERS.challengeWindow);
}

describe("Bridge.finalizeWithdrawal", () => {
  beforeEach(fx.reset);

  it("refuses until the batch is final, then pays, finalizing batches lazily", async () => {
    const w = withdrawals[0]!;
    await setNextTimestamp(fx, b1.record.appendedAt + TEST_PARAMETERS.challengeWindow - 1n);
    await expectRevert(finalize(b1, w), "BatchNotFinal", [1n]);
    await setNextTimestamp(fx, b1.record.appendedAt + TEST_PARAMETERS.challengeWindow);
    const before = await publicClient.getBalance({ address: fx.bob.account.address });
    const receipt = await send(publicClient, finalize(b1, w));
    assert.equal(await publicClient.getBalance({ address: fx.bob.account.address }), before + ETHER);
    assert.deepEqual(eventOf(receipt, rollupAbi, "BatchesFinalized").args, { fromIndex: 1n, toIndex: 2n });
    assert.deepEqual(eventOf(receipt, bridgeAbi, "WithdrawalFinalized").args, {
      withdrawalIndex: 0n,
      l1Recipient: w.l1Recipient,
      l1Token: zeroAddress,
      amount: ETHER,
      batchIndex: 1n,
      credited: false,
    });
    assert.equal(await fx.bridge().read.isWithdrawalFinalized([0n]), true);
    assert.equal(await fx.rollup().read.finalizedCount(), 2n);
  });

  it("pays each withdrawal index once", async () => {
    await afterWindow(b2);
    await send(publicClient, finalize(b1, withdrawals[0]!));
    await expectRevert(finalize(b1, withdrawals[0]!), "WithdrawalAlreadyFinalized", [0n]);
    // Not through another final batch's header either.
    const proof2 = tree2.proof(0n).map((p) => toHex(p));
    await expectRevert(finalize(b2, withdrawals[0]!, proof2), "WithdrawalAlreadyFinalized", [0n]);
  });

  it("pays tokens with SafeERC20", async () => {
    await afterWindow(b1);
    const w = withdrawals[1]!;
    const receipt = await send(publicClient, finalize(b1, w));
    assert.equal(await token.read.balanceOf([fx.carol.account.address]), 100n);
    assert.equal(await token.read.balanceOf([fx.deployment.addresses.bridge]), 900n);
    assert.equal(eventOf(receipt, bridgeAbi, "WithdrawalFinalized").args.l1Token, getAddress(token.address));
    await expectRevert(finalize(b1, w), "WithdrawalAlreadyFinalized", [1n]);
  });

  it("reverts when the token transfer fails, leaving the withdrawal to be retried", async () => {
    await afterWindow(b1);
    const w = withdrawals[5]!;
    await send(publicClient, token.write.setBlocked([fx.dave.account.address, true]));
    await expectRevert(finalize(b1, w), "Blocked");
    assert.equal(await fx.bridge().read.isWithdrawalFinalized([5n]), false);
    await send(publicClient, token.write.setBlocked([fx.dave.account.address, false]));
    await send(publicClient, finalize(b1, w));
    assert.equal(await token.read.balanceOf([fx.dave.account.address]), 50n);
  });

  it("accepts a proof against a later final batch's header (the tree only grows)", async () => {
    await afterWindow(b2);
    const proof2 = tree2.proof(4n).map((p) => toHex(p));
    await send(publicClient, finalize(b2, withdrawals[4]!, proof2));
    await send(
      publicClient,
      finalize(
        b2,
        extra,
        tree2.proof(6n).map((p) => toHex(p)),
      ),
    );
  });

  it("refuses while a game on the batch is open, even after its window", async () => {
    await send(
      publicClient,
      fx.game(fx.carol).write.openGame([b1.record], { value: TEST_PARAMETERS.challengerBond }),
    );
    await afterWindow(b1);
    await expectRevert(finalize(b1, withdrawals[0]!), "BatchNotFinal", [1n]);
  });

  it("refuses a header that is not the batch's (another batch's proof), and a record that is not a batch", async () => {
    await afterWindow(b2);
    await expectRevert(
      fx
        .bridge(fx.dave)
        .write.finalizeWithdrawal([b2.record, b1.header, withdrawals[0]!, toSiblings(proofs[0]!)]),
      "StateHeaderMismatch",
      [b2.record.stateRoot],
    );
    await expectRevert(
      fx
        .bridge(fx.dave)
        .write.finalizeWithdrawal([
          { ...b1.record, stateRoot: b2.record.stateRoot },
          b2.header,
          withdrawals[0]!,
          toSiblings(proofs[0]!),
        ]),
      "BatchRecordMismatch",
      [1n],
    );
  });

  it("refuses an index not below the header's withdrawalCount", async () => {
    await afterWindow(b1);
    await expectRevert(finalize(b1, extra, proofs[0]), "WithdrawalIndexOutOfRange", [6n, 6n]);
  });

  it("refuses a wrong proof, and a leaf whose fields were changed", async () => {
    await afterWindow(b1);
    const w = withdrawals[0]!;
    const bad = [...proofs[0]!];
    bad[5] = randomHex(32);
    await expectRevert(finalize(b1, w, bad), "InvalidWithdrawalProof", [0n]);
    await expectRevert(finalize(b1, { ...w, amount: w.amount + 1n }), "InvalidWithdrawalProof", [0n]);
    await expectRevert(
      finalize(b1, { ...w, l1Recipient: getAddress(fx.dave.account.address) }),
      "InvalidWithdrawalProof",
    );
    await expectRevert(finalize(b1, { ...w, index: 1n }, proofs[1]), "InvalidWithdrawalProof", [1n]);
  });

  it("credits ETH that the recipient refuses; claimCredit pays it once", async () => {
    await afterWindow(b1);
    const w = withdrawals[2]!;
    const receipt = await send(publicClient, finalize(b1, w));
    assert.equal(eventOf(receipt, bridgeAbi, "WithdrawalFinalized").args.credited, true);
    assert.equal(await fx.bridge().read.creditOf([rejecter.address]), ETHER / 2n);
    assert.equal(await fx.bridge().read.isWithdrawalFinalized([2n]), true);
    const claim = encodeFunctionData({
      abi: bridgeAbi,
      functionName: "claimCredit",
      args: [rejecter.address],
    });
    // To itself it still refuses: the claim reverts and the credit stays.
    await expectRevert(rejecter.write.execute([fx.deployment.addresses.bridge, claim]), "CallFailed");
    const toBob = encodeFunctionData({
      abi: bridgeAbi,
      functionName: "claimCredit",
      args: [fx.bob.account.address],
    });
    const before = await publicClient.getBalance({ address: fx.bob.account.address });
    const claimed = await send(publicClient, rejecter.write.execute([fx.deployment.addresses.bridge, toBob]));
    assert.equal(await publicClient.getBalance({ address: fx.bob.account.address }), before + ETHER / 2n);
    assert.deepEqual(eventOf(claimed, bridgeAbi, "CreditClaimed").args, {
      account: getAddress(rejecter.address),
      to: getAddress(fx.bob.account.address),
      amount: ETHER / 2n,
    });
    await expectRevert(fx.bridge(fx.alice).write.claimCredit([fx.alice.account.address]), "NoCredit");
    await expectRevert(rejecter.write.execute([fx.deployment.addresses.bridge, toBob]), "CallFailed");
  });

  it("cannot be re-entered by the recipient", async () => {
    await afterWindow(b1);
    const nested = encodeFunctionData({
      abi: bridgeAbi,
      functionName: "finalizeWithdrawal",
      args: [b1.record, b1.header, withdrawals[4]!, toSiblings(proofs[4]!)],
    });
    await send(publicClient, reentrant.write.setHook([fx.deployment.addresses.bridge, nested]));
    const receipt = await send(publicClient, finalize(b1, withdrawals[3]!));
    assert.equal(await reentrant.read.hookRan(), true);
    assert.equal(await reentrant.read.hookSucceeded(), false);
    assert.equal(await reentrant.read.hookResult(), "0x3ee5aeb5"); // ReentrancyGuardReentrantCall()
    assert.equal(eventsOf(receipt, bridgeAbi, "WithdrawalFinalized").length, 1);
    assert.equal(await publicClient.getBalance({ address: reentrant.address }), ETHER / 4n);
    assert.equal(await fx.bridge().read.isWithdrawalFinalized([4n]), false);
    await send(publicClient, finalize(b1, withdrawals[4]!));
  });

  it("keeps the Bridge solvent: its ETH is deposits minus payouts", async () => {
    await afterWindow(b1);
    for (const w of withdrawals) await send(publicClient, finalize(b1, w));
    const paidOut = ETHER + ETHER / 4n + ETHER / 10n; // the credited half-ether is still held
    const bridge = fx.deployment.addresses.bridge;
    assert.equal(await publicClient.getBalance({ address: bridge }), 10n * ETHER - paidOut);
    assert.equal(await fx.bridge().read.creditOf([rejecter.address]), ETHER / 2n);
    assert.equal(await token.read.balanceOf([bridge]), 850n);
  });
});
