// The SDK's rollup reads and waits against the real thing: a fresh devnet (startTestRollup: the Hardhat
// L1, the contracts, the sequencer and the verifier of `npm run devnet`). A deposit waited for until L2 credits it; a withdrawal followed
// through the sequencer's rollup_* methods to its posted batch, its challenge window read from L1 and
// waited out, and paid; a game opened on L1 read back from the DisputeGame contract.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { createPublicClient, createWalletClient, type Hex, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { testWallet } from "../../protocol/src/testing/fixtures.ts";
import {
  type BatchRecord,
  defineHalcyonChain,
  depositEth,
  finalizeWithdrawal,
  forceTransaction,
  getBatch,
  getChallengeWindow,
  getOpenGames,
  getRollupStatus,
  getTransactionStatus,
  getWithdrawal,
  getWithdrawalProof,
  getWithdrawalStatus,
  WaitTimeoutError,
  waitForBatchFinalizable,
  waitForDeposit,
  waitForTransactionBatch,
  withdrawEth,
} from "./index.ts";
import { startTestRollup, type TestRollup } from "./testing/startTestRollup.ts";

const user = testWallet(701);

describe("SDK rollup reads and waits, against a fresh devnet", () => {
  let rollup: TestRollup;
  const clients = () => {
    const { l2Url } = rollup;
    const chain = defineHalcyonChain(rollup.deployment, { rpcUrl: l2Url });
    return {
      deployment: rollup.deployment,
      l1Public: rollup.l1Public,
      // A funded development account: deposits and pays for finalizations.
      l1Wallet: rollup.wallet(2),
      l2Public: createPublicClient({ chain, transport: http(l2Url), pollingInterval: 100 }),
      l2Wallet: createWalletClient({
        account: privateKeyToAccount(bytesToHex(user.privateKey)),
        chain,
        transport: http(l2Url),
        pollingInterval: 100,
      }),
    };
  };
  let withdrawalHash: Hex;
  let record: BatchRecord;

  before(async () => {
    rollup = await startTestRollup("sdk");
  });
  after(async () => {
    await rollup?.stop();
  });

  it("waitForDeposit resolves with the L2 block that credited the deposit, and times out for one never made", async () => {
    const { deployment, l1Wallet, l2Public } = clients();
    const { queueIndex } = await depositEth(l1Wallet, {
      deployment,
      to: user.address,
      amount: parseEther("3"),
    });
    const credited = await waitForDeposit(l2Public, { queueIndex, pollingInterval: 100, timeout: 30_000 });
    const block = await l2Public.getBlock({ blockNumber: credited.l2BlockNumber });
    assert.equal(block.hash, credited.l2BlockHash);
    assert.equal(await l2Public.getBalance({ address: user.address }), parseEther("3"));
    await assert.rejects(
      waitForDeposit(l2Public, { queueIndex: queueIndex + 100n, pollingInterval: 50, timeout: 300 }),
      WaitTimeoutError,
    );
  });

  it("follows a withdrawal through rollup_getTransactionStatus, rollup_getWithdrawalProof and rollup_getBatchByIndex", async () => {
    const { l2Public, l2Wallet } = clients();
    withdrawalHash = await withdrawEth(l2Wallet, { amount: parseEther("1") });
    await l2Public.waitForTransactionReceipt({ hash: withdrawalHash });
    const info = await getWithdrawal(l2Public, { transactionHash: withdrawalHash });
    assert.ok(info !== null);
    assert.equal(info.withdrawal.index, 0n);
    assert.equal(info.withdrawal.amount, parseEther("1"));
    assert.equal(info.withdrawal.l1Recipient.toLowerCase(), user.address.toLowerCase());
    assert.equal(info.finalizable, false);

    const seen: string[] = [];
    const status = await waitForTransactionBatch(l2Public, {
      hash: withdrawalHash,
      pollingInterval: 50,
      timeout: 30_000,
      onProgress: (s) => seen.push(s?.l1Status ?? "unknown"),
    });
    assert.equal(status.l2Status, "included");
    assert.equal(status.l1Status, "posted");
    assert.ok(status.batchIndex !== null && status.l1TransactionHash !== null);
    assert.ok(seen.length >= 1 && seen.at(-1) === "posted");
    assert.deepEqual(await getTransactionStatus(l2Public, { hash: withdrawalHash }), status);

    const batch = await getBatch(l2Public, { index: status.batchIndex });
    assert.ok(batch !== null && batch.record !== null);
    assert.equal(batch.l1TransactionHash, status.l1TransactionHash);
    assert.ok(batch.firstBlock <= status.blockNumber! && status.blockNumber! <= batch.lastBlock);
    record = batch.record;
    const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
    assert.deepEqual(proof?.batch.record, record);
    const rollupStatus = await getRollupStatus(l2Public);
    assert.ok(rollupStatus.batches.lastPosted! >= status.batchIndex);
    assert.ok(rollupStatus.l2.head >= batch.lastBlock);
    assert.equal(await getBatch(l2Public, { index: 1_000_000n }), null);
    assert.equal(await getTransactionStatus(l2Public, { hash: `0x${"12".repeat(32)}` }), null);
  });

  it("reads the batch's challenge window from L1, waits it out and pays the withdrawal", async () => {
    const { deployment, l1Public, l1Wallet, l2Public } = clients();
    const window = await getChallengeWindow(l1Public, { deployment, record });
    assert.equal(window.closesAt, record.appendedAt + deployment.parameters.challengeWindow);
    assert.ok(window.secondsLeft > 0n && window.live && !window.final && !window.finalizable);
    assert.equal(window.openGames, 0n);
    await assert.rejects(
      waitForBatchFinalizable(l1Public, { deployment, record, pollingInterval: 50, timeout: 200 }),
      WaitTimeoutError,
    );

    const progress: bigint[] = [];
    const waiting = waitForBatchFinalizable(l1Public, {
      deployment,
      record,
      pollingInterval: 50,
      timeout: 30_000,
      onProgress: (w) => progress.push(w.secondsLeft),
    });
    await rollup.advanceTime(deployment.parameters.challengeWindow + 1n);
    const done = await waiting;
    assert.ok(done.finalizable && done.secondsLeft === 0n);
    assert.ok(progress[0]! > 0n, "progress told the time left first");

    const proof = await getWithdrawalProof(l2Public, { transactionHash: withdrawalHash });
    const before = await l1Public.getBalance({ address: user.address });
    const { credited } = await finalizeWithdrawal(l1Wallet, { deployment, proof: proof! });
    assert.equal(credited, false);
    assert.equal(await l1Public.getBalance({ address: user.address }), before + parseEther("1"));
    assert.equal((await getWithdrawalStatus(l1Public, { deployment, index: 0n })).finalized, true);
    assert.equal((await getChallengeWindow(l1Public, { deployment, record })).final, true);
  });

  it("forceTransaction of a withdrawal signed with viem: the sequencer applies it and getWithdrawal finds it by queueTransactionHash", async () => {
    const { deployment, l1Wallet, l2Public, l2Wallet } = clients();
    const request = await l2Wallet.prepareTransactionRequest({
      to: L2_BRIDGE_ADDRESS,
      value: parseEther("0.1"),
      gas: GAS_WITHDRAWAL,
    });
    const signedTransaction = await l2Wallet.signTransaction(request);
    const forced = await forceTransaction(l1Wallet, { deployment, signedTransaction });
    let info = null;
    for (let i = 0; i < 300 && info === null; i++) {
      info = await getWithdrawal(l2Public, { transactionHash: forced.queueTransactionHash });
      if (info === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(info !== null, "the forced withdrawal was applied on L2");
    assert.equal(info.transactionHash, forced.queueTransactionHash);
    assert.equal(info.withdrawal.amount, parseEther("0.1"));
    assert.equal(info.withdrawal.l2Sender.toLowerCase(), user.address.toLowerCase());
    assert.equal(await l2Public.getTransactionCount({ address: user.address }), request.nonce + 1);
  });

  it("getOpenGames reads a game opened on L1, and getChallengeWindow counts it", async () => {
    const { deployment, l1Public, l2Public, l2Wallet } = clients();
    assert.deepEqual(await getOpenGames(l1Public, { deployment }), []);
    const hash = await l2Wallet.sendTransaction({ to: user.address, value: 1n });
    const status = await waitForTransactionBatch(l2Public, { hash, pollingInterval: 50, timeout: 30_000 });
    const batch = (await getBatch(l2Public, { index: status.batchIndex! }))!;
    await rollup.openGame(4, batch.record!);
    const games = await getOpenGames(l1Public, { deployment });
    assert.equal(games.length, 1);
    const game = games[0]!;
    assert.equal(game.gameId, 0n);
    assert.equal(game.batchIndex, batch.index);
    assert.equal(game.challenger, rollup.accounts[4]!.address);
    assert.equal(game.lo, 0);
    assert.equal(game.steps, Number(batch.steps));
    assert.ok(game.moverSecondsLeft > 0n && game.moverSecondsLeft <= deployment.parameters.proposerClock);
    const window = await getChallengeWindow(l1Public, { deployment, record: batch.record! });
    assert.equal(window.openGames, 1n);
    assert.equal(window.finalizable, false);
  });
});
