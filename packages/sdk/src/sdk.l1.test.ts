// The SDK's L1 actions (viem and ethers) against a Hardhat L1 with Halcyon deployed by deployHalcyon
// (through the contract harness): deposits and a forced transaction land in the Bridge's queue with the
// hashes of docs/protocol.md §4, and a withdrawal from a batch appended through the harness and built by
// packages/protocol pays once its batch is final, and only once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  bytesToHex,
  decodeTransaction,
  GAS_WITHDRAWAL,
  hexToBytes,
  L2_BRIDGE_ADDRESS,
  MIN_BASE_FEE,
  type QueueEntry,
  queueEntryHash,
  type SignedTransaction,
} from "@halcyon/protocol";
import { BrowserProvider } from "ethers";
import { network } from "hardhat";
import { type Address, getAddress, type Hex, zeroAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { ChainModel } from "../../../scripts/lib/harness/chainModel.ts";
import {
  appendBatch,
  createHalcyonL1,
  finalizeThrough,
  syncQueue,
  type Wallet,
} from "../../../scripts/lib/harness/l1.ts";
import {
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  testWallet,
  transferFields,
} from "../../protocol/src/testing/fixtures.ts";
import {
  bridgeAbi,
  ChainMismatchError,
  depositErc20,
  depositEth,
  ethersActions,
  finalizeWithdrawal,
  forceTransaction,
  getBatchFinality,
  getWithdrawalStatus,
  InvalidAmountError,
  InvalidArgumentError,
  WaitTimeoutError,
  type WithdrawalProof,
  waitForBatchFinality,
} from "./index.ts";

const { viem, provider } = await network.create();
const l1 = await createHalcyonL1(viem, {
  l2ChainId: TEST_CONFIG.chainId,
  feeVault: TEST_CONFIG.feeVault,
  challengeWindow: 1_000n,
});
const { deployment, publicClient } = l1;
const [depositor, anyone] = l1.others as [Wallet, Wallet];
const ethersProvider = new BrowserProvider(provider);
const ethersSigner = await ethersProvider.getSigner(anyone.account.address);
const users = [1, 2].map(testWallet);
const lower = (a: Address) => a.toLowerCase() as Address;

async function storedEntryHash(queueIndex: bigint): Promise<Hex> {
  return publicClient.readContract({
    address: deployment.addresses.bridge,
    abi: bridgeAbi,
    functionName: "queueEntry",
    args: [queueIndex],
  });
}

async function rejectsWith(promise: Promise<unknown>, ErrorClass: new (...args: never[]) => Error) {
  await assert.rejects(promise, (error: unknown) => error instanceof ErrorClass);
}

describe("L1 deposits", () => {
  it("depositEth queues an ETH deposit with the protocol's entry hash", async () => {
    const to = users[0]!.address;
    const result = await depositEth(depositor, { deployment, to, amount: 10n * ONE_ETH });
    const entry: QueueEntry = {
      kind: "eth-deposit",
      queueIndex: result.queueIndex,
      from: lower(depositor.account.address),
      to: lower(to),
      amount: 10n * ONE_ETH,
      l1Timestamp: result.l1Timestamp,
    };
    assert.equal(await storedEntryHash(result.queueIndex), bytesToHex(queueEntryHash(entry)));
  });

  it("ethers depositEth queues the same kind of entry", async () => {
    const to = users[1]!.address;
    const result = await ethersActions.depositEth(ethersSigner, { deployment, to, amount: 10n * ONE_ETH });
    const entry: QueueEntry = {
      kind: "eth-deposit",
      queueIndex: result.queueIndex,
      from: lower(anyone.account.address),
      to: lower(to),
      amount: 10n * ONE_ETH,
      l1Timestamp: result.l1Timestamp,
    };
    assert.equal(await storedEntryHash(result.queueIndex), bytesToHex(queueEntryHash(entry)));
  });

  it("depositErc20 approves, deposits and returns the credited amount (viem and ethers)", async () => {
    const token = await viem.deployContract("TestToken", ["Test", "TT"]);
    await l1.publicClient.waitForTransactionReceipt({
      hash: await token.write.mint!([depositor.account.address, 1_000n]),
    });
    await l1.publicClient.waitForTransactionReceipt({
      hash: await token.write.mint!([anyone.account.address, 1_000n]),
    });
    const to = users[0]!.address;
    const viaViem = await depositErc20(depositor, { deployment, l1Token: token.address, to, amount: 400n });
    assert.equal(viaViem.amount, 400n);
    assert.ok(viaViem.approvalHash !== undefined);
    const entry: QueueEntry = {
      kind: "erc20-deposit",
      queueIndex: viaViem.queueIndex,
      from: lower(depositor.account.address),
      to: lower(to),
      l1Token: lower(token.address),
      amount: 400n,
      l1Timestamp: viaViem.l1Timestamp,
    };
    assert.equal(await storedEntryHash(viaViem.queueIndex), bytesToHex(queueEntryHash(entry)));
    const viaEthers = await ethersActions.depositErc20(ethersSigner, {
      deployment,
      l1Token: token.address,
      to,
      amount: 300n,
    });
    assert.equal(viaEthers.amount, 300n);
    assert.equal(viaEthers.queueIndex, viaViem.queueIndex + 1n);
    assert.equal(viaEthers.l2Token, viaViem.l2Token);
  });

  it("forceTransaction queues a transaction signed with viem (viem and ethers)", async () => {
    const account = privateKeyToAccount(`0x${"11".repeat(32)}`);
    const sign = (nonce: number) =>
      account.signTransaction({
        type: "eip1559",
        chainId: Number(TEST_CONFIG.chainId),
        nonce,
        to: users[1]!.address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas: MIN_BASE_FEE,
        maxPriorityFeePerGas: 0n,
      });
    for (const [nonce, send] of [
      [0, (signedTransaction: Hex) => forceTransaction(depositor, { deployment, signedTransaction })],
      [
        1,
        (signedTransaction: Hex) =>
          ethersActions.forceTransaction(ethersSigner, { deployment, signedTransaction }),
      ],
    ] as const) {
      const signedTransaction = await sign(nonce);
      const result = await send(signedTransaction);
      const { hash, ...tx }: SignedTransaction = decodeTransaction(
        hexToBytes(signedTransaction),
        TEST_CONFIG.chainId,
      );
      assert.equal(result.transactionHash, hash);
      const from = nonce === 0 ? depositor.account.address : anyone.account.address;
      const entry: QueueEntry = {
        kind: "forced-transaction",
        queueIndex: result.queueIndex,
        from: lower(from),
        tx,
        l1Timestamp: result.l1Timestamp,
      };
      assert.equal(await storedEntryHash(result.queueIndex), bytesToHex(queueEntryHash(entry)));
      assert.equal(result.queueEntryHash, bytesToHex(queueEntryHash(entry)));
    }
  });

  it("bad input fails with typed errors before anything is sent", async () => {
    const to = users[0]!.address;
    await rejectsWith(depositEth(depositor, { deployment, to, amount: 0n }), InvalidAmountError);
    await rejectsWith(
      ethersActions.depositEth(ethersSigner, { deployment, to, amount: 0n }),
      InvalidAmountError,
    );
    const elsewhere = { ...deployment, l1ChainId: 1 };
    await rejectsWith(depositEth(depositor, { deployment: elsewhere, to, amount: 1n }), ChainMismatchError);
    await rejectsWith(
      ethersActions.depositEth(ethersSigner, { deployment: elsewhere, to, amount: 1n }),
      ChainMismatchError,
    );
    await rejectsWith(
      depositEth(depositor, { deployment, to: zeroAddress, amount: 1n }),
      InvalidArgumentError,
    );
    await rejectsWith(
      depositEth(depositor, { deployment, to: L2_BRIDGE_ADDRESS, amount: 1n }),
      InvalidArgumentError,
    );
    const wrongChainTx = await privateKeyToAccount(`0x${"22".repeat(32)}`).signTransaction({
      type: "eip1559",
      chainId: 1,
      nonce: 0,
      to,
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: MIN_BASE_FEE,
      maxPriorityFeePerGas: 0n,
    });
    await rejectsWith(
      forceTransaction(depositor, { deployment, signedTransaction: wrongChainTx }),
      InvalidArgumentError,
    );
  });
});

describe("withdrawals", () => {
  it("a withdrawal pays once its batch is final, and only once (viem, then ethers)", async () => {
    const model = new ChainModel(TEST_CONFIG);
    await syncQueue(l1, model);
    const amounts = [2n * ONE_ETH, 3n * ONE_ETH];
    const txs = users.map((user, i) =>
      signWith(
        user,
        transferFields({ to: L2_BRIDGE_ADDRESS, value: amounts[i]!, nonce: 0n, gasLimit: GAS_WITHDRAWAL }),
      ),
    );
    const l2Time = (await publicClient.getBlock()).timestamp + 10n;
    const candidate = model.sequence([
      { timestamp: l2Time, baseFee: MIN_BASE_FEE, queueEntries: model.pendingEntries(), txs },
    ]);
    const batch = await appendBatch(l1, model, l1.sequencer, candidate);
    const tree = model.stateBefore(2).withdrawals;
    assert.equal(tree.count, 2n);
    const proofOf = (index: number): WithdrawalProof => ({
      withdrawal: {
        index: BigInt(index),
        l2Sender: getAddress(users[index]!.address),
        l1Recipient: getAddress(users[index]!.address),
        l1Token: zeroAddress,
        amount: amounts[index]!,
      },
      batch: { index: batch.record.index, record: batch.record },
      header: batch.header,
      siblings: tree.proof(BigInt(index)).map(bytesToHex),
    });

    assert.equal((await getBatchFinality(publicClient, { deployment, batchIndex: 1n })).final, false);
    await rejectsWith(
      waitForBatchFinality(publicClient, { deployment, batchIndex: 1n, pollingInterval: 10, timeout: 50 }),
      WaitTimeoutError,
    );
    await assert.rejects(finalizeWithdrawal(anyone, { deployment, proof: proofOf(0) }));

    const tampered = { ...proofOf(0), withdrawal: { ...proofOf(0).withdrawal, amount: 1n } };
    await rejectsWith(finalizeWithdrawal(anyone, { deployment, proof: tampered }), InvalidArgumentError);
    await rejectsWith(
      ethersActions.finalizeWithdrawal(ethersSigner, { deployment, proof: tampered }),
      InvalidArgumentError,
    );

    await finalizeThrough(l1, anyone, batch.record);
    assert.equal((await waitForBatchFinality(publicClient, { deployment, batchIndex: 1n })).final, true);
    assert.equal(
      (await ethersActions.waitForBatchFinality(ethersProvider, { deployment, batchIndex: 1n })).final,
      true,
    );

    for (const [index, finalize, status] of [
      [0, () => finalizeWithdrawal(anyone, { deployment, proof: proofOf(0) }), getWithdrawalStatus],
      [
        1,
        () => ethersActions.finalizeWithdrawal(ethersSigner, { deployment, proof: proofOf(1) }),
        (_: unknown, p: { deployment: typeof deployment; index: bigint }) =>
          ethersActions.getWithdrawalStatus(ethersProvider, p),
      ],
    ] as const) {
      const recipient = getAddress(users[index]!.address);
      assert.equal((await status(publicClient, { deployment, index: BigInt(index) })).finalized, false);
      const before = await publicClient.getBalance({ address: recipient });
      const result = await finalize();
      assert.equal(result.credited, false);
      assert.equal(await publicClient.getBalance({ address: recipient }), before + amounts[index]!);
      assert.equal((await status(publicClient, { deployment, index: BigInt(index) })).finalized, true);
      await assert.rejects(finalize());
      assert.equal(await publicClient.getBalance({ address: recipient }), before + amounts[index]!);
    }
  });
});
