// The SDK's ethers v6 functions against the real thing, as a user of ethers meets it: a fresh devnet
// (startTestRollup), JsonRpcProviders on its L1 and on the sequencer, Wallets signing locally. ETH and a
// token deposited and waited for, a transfer followed to its posted batch, ETH and token withdrawals
// carried through the challenge window and paid on L1, a transaction forced through L1, a game read back;
// the L1 reads are compared with the viem actions' on the same chain, and the sequencer's live rollup_*
// answers with the shapes the SDK's types and converter tests describe.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex, GAS_WITHDRAWAL, L2_BRIDGE_ADDRESS } from "@halcyon/protocol";
import { JsonRpcProvider, parseEther, Wallet } from "ethers";
import { type Address, erc20Abi, getAddress, type Hex } from "viem";
import { testWallet } from "../../protocol/src/testing/fixtures.ts";
import {
  type BatchRecord,
  bridgeAbi,
  ChainMismatchError,
  ethersActions,
  getChallengeWindow,
  getOpenGames,
  InvalidArgumentError,
  WaitTimeoutError,
} from "./index.ts";
import {
  BATCH,
  fieldsOf,
  ROLLUP_STATUS,
  TRANSACTION_STATUS,
  WITHDRAWAL_PROOF,
} from "./testing/rpcFixtures.ts";
import { startTestRollup, type TestRollup } from "./testing/startTestRollup.ts";

const user = testWallet(801);
const recipient = testWallet(802);
const fast = { pollingInterval: 50, timeout: 30_000 };

describe("SDK for ethers v6, against a fresh devnet", () => {
  let rollup: TestRollup;
  let l1Provider: JsonRpcProvider;
  let l2Provider: JsonRpcProvider;
  /** A funded development account on L1: deposits, forces and pays finalizations. */
  let l1Signer: Wallet;
  /** A fresh account on L2, funded by the deposit below. */
  let l2Signer: Wallet;
  let l1Token: Address;
  let ethWithdrawal: Hex;
  let tokenWithdrawal: Hex;

  before(async () => {
    rollup = await startTestRollup("sdk-ethers");
    // No request cache: the default (250 ms) would answer a second nonce query with the first one's count.
    const options = { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 } as const;
    l1Provider = new JsonRpcProvider(rollup.l1Url, rollup.devnet.l1ChainId, options);
    l2Provider = new JsonRpcProvider(rollup.l2Url, rollup.devnet.l2ChainId, options);
    l1Signer = new Wallet(rollup.accounts[5]!.privateKey, l1Provider);
    l2Signer = new Wallet(bytesToHex(user.privateKey), l2Provider);
  });
  after(async () => {
    l1Provider?.destroy();
    l2Provider?.destroy();
    await rollup?.stop();
  });

  it("depositEth and depositErc20, then waitForDeposit until L2 credits them", async () => {
    const { deployment } = rollup;
    const to = user.address as Address;
    const eth = await ethersActions.depositEth(l1Signer, { deployment, to, amount: parseEther("3") });
    const credited = await ethersActions.waitForDeposit(l2Provider, { queueIndex: eth.queueIndex, ...fast });
    assert.equal((await l2Provider.getBlock(Number(credited.l2BlockNumber)))?.hash, credited.l2BlockHash);
    assert.equal(await l2Provider.getBalance(to), parseEther("3"));

    l1Token = await rollup.deployToken(5, 1_000n);
    const token = await ethersActions.depositErc20(l1Signer, { deployment, l1Token, to, amount: 600n });
    assert.equal(token.queueIndex, eth.queueIndex + 1n);
    assert.equal(token.amount, 600n);
    assert.ok(token.approvalHash !== undefined, "the Bridge had no allowance: approved first");
    await ethersActions.waitForDeposit(l2Provider, { queueIndex: token.queueIndex, ...fast });
    const l2Balance = await l2Provider.call({
      to: token.l2Token,
      data: `0x70a08231${to.slice(2).toLowerCase().padStart(64, "0")}`,
    });
    assert.equal(BigInt(l2Balance), 600n);

    await assert.rejects(
      ethersActions.waitForDeposit(l2Provider, {
        queueIndex: token.queueIndex + 50n,
        pollingInterval: 50,
        timeout: 300,
      }),
      WaitTimeoutError,
    );
  });

  it("a transfer sent with an ethers Wallet is followed to its posted batch, and the rollup_* answers have the documented fields", async () => {
    const tx = await l2Signer.sendTransaction({ to: recipient.address, value: parseEther("0.25") });
    const hash = tx.hash as Hex;
    const receipt = await ethersActions.waitForTransactionReceipt(l2Provider, { hash, ...fast });
    assert.equal(receipt.status, 1);
    await assert.rejects(
      ethersActions.waitForTransactionReceipt(l2Provider, {
        hash: `0x${"12".repeat(32)}`,
        pollingInterval: 50,
        timeout: 200,
      }),
      WaitTimeoutError,
    );
    const seen: string[] = [];
    const status = await ethersActions.waitForTransactionBatch(l2Provider, {
      hash,
      ...fast,
      onProgress: (s) => seen.push(s?.l1Status ?? "unknown"),
    });
    assert.equal(status.l2Status, "included");
    assert.equal(status.l1Status, "posted");
    assert.equal(seen.at(-1), "posted");
    assert.deepEqual(await ethersActions.getTransactionStatus(l2Provider, { hash }), status);
    assert.equal(await l2Provider.getBalance(recipient.address), parseEther("0.25"));

    const batch = await ethersActions.getBatch(l2Provider, { index: status.batchIndex! });
    assert.ok(batch !== null && batch.record !== null);
    assert.equal(batch.l1TransactionHash, status.l1TransactionHash);
    assert.ok(batch.firstBlock <= status.blockNumber! && status.blockNumber! <= batch.lastBlock);
    const rollupStatus = await ethersActions.getRollupStatus(l2Provider);
    assert.ok(rollupStatus.batches.lastPosted! >= batch.index);
    assert.equal(rollupStatus.l1?.halted, null);
    assert.equal(await ethersActions.getBatch(l2Provider, { index: 1_000_000n }), null);
    assert.equal(
      await ethersActions.getTransactionStatus(l2Provider, { hash: `0x${"12".repeat(32)}` }),
      null,
    );

    // The live answers carry exactly the fields of the fixtures the converter tests use.
    const raw = (method: string, params: unknown[]) => l2Provider.send(method, params);
    assert.deepEqual(
      fieldsOf(await raw("rollup_getTransactionStatus", [hash])),
      fieldsOf(TRANSACTION_STATUS.posted),
    );
    const rawBatch = await raw("rollup_getBatchByIndex", [`0x${batch.index.toString(16)}`]);
    assert.deepEqual(fieldsOf(rawBatch), fieldsOf(BATCH.posted));
    const rawStatus = await raw("rollup_getStatus", []);
    assert.deepEqual(
      fieldsOf({ ...rawStatus, openGames: [] }),
      fieldsOf({ ...ROLLUP_STATUS.following, openGames: [] }),
    );
  });

  it("withdrawEth and withdrawToken: getWithdrawal at once, the proof once the batch is posted, in the documented shape", async () => {
    const { deployment } = rollup;
    const l2ChainId = deployment.parameters.l2ChainId;
    await assert.rejects(
      ethersActions.withdrawEth(l2Signer, { amount: 1n, l2ChainId: l2ChainId + 1n }),
      ChainMismatchError,
    );
    ethWithdrawal = await ethersActions.withdrawEth(l2Signer, { amount: parseEther("1"), l2ChainId });
    tokenWithdrawal = await ethersActions.withdrawToken(l2Signer, { l1Token, amount: 250n, l2ChainId });
    const receipt = await ethersActions.waitForTransactionReceipt(l2Provider, {
      hash: tokenWithdrawal,
      ...fast,
    });
    assert.equal(receipt.status, 1);

    const info = await ethersActions.getWithdrawal(l2Provider, { transactionHash: ethWithdrawal });
    assert.ok(info !== null);
    assert.equal(info.withdrawal.amount, parseEther("1"));
    assert.equal(info.withdrawal.l1Recipient.toLowerCase(), user.address.toLowerCase());
    assert.equal(info.finalizable, false);
    const tokenInfo = await ethersActions.getWithdrawal(l2Provider, { transactionHash: tokenWithdrawal });
    assert.equal(tokenInfo?.withdrawal.l1Token, getAddress(l1Token));
    assert.equal(tokenInfo?.withdrawal.index, info.withdrawal.index + 1n);

    await ethersActions.waitForTransactionBatch(l2Provider, { hash: tokenWithdrawal, ...fast });
    const raw = await l2Provider.send("rollup_getWithdrawalProof", [tokenWithdrawal]);
    assert.deepEqual(fieldsOf(raw), fieldsOf(WITHDRAWAL_PROOF.onL1));
    const proof = await ethersActions.getWithdrawalProof(l2Provider, { transactionHash: tokenWithdrawal });
    assert.ok(proof !== null);
    assert.equal(proof.transactionHash, tokenWithdrawal);
    assert.equal(proof.leafHash, raw.leafHash);
    assert.equal(proof.batch.l1Status, "posted");
    assert.equal(proof.finalizable, false);
    await assert.rejects(
      ethersActions.getWithdrawalProof(l2Provider, { transactionHash: "0x1234" as Hex }),
      InvalidArgumentError,
    );
    assert.equal(
      await ethersActions.getWithdrawal(l2Provider, { transactionHash: `0x${"12".repeat(32)}` }),
      null,
    );
  });

  it("waits out the challenge window on L1 and pays both withdrawals, once", async () => {
    const { deployment } = rollup;
    const ethProof = (await ethersActions.getWithdrawalProof(l2Provider, {
      transactionHash: ethWithdrawal,
    }))!;
    const tokenProof = (await ethersActions.getWithdrawalProof(l2Provider, {
      transactionHash: tokenWithdrawal,
    }))!;
    const record: BatchRecord = tokenProof.batch.record;
    const window = await ethersActions.getChallengeWindow(l1Provider, { deployment, record });
    // The same as viem's, except for the clock: the devnet's L1 may mine a block between the two reads.
    const viaViem = await getChallengeWindow(rollup.l1Public, { deployment, record });
    const { l1Timestamp: t1, secondsLeft: s1, ...rest } = window;
    const { l1Timestamp: t2, secondsLeft: s2, ...restViem } = viaViem;
    assert.deepEqual(rest, restViem);
    assert.equal(t1 + s1, t2 + s2, "both count down to the same closing time");
    assert.ok(window.live && window.secondsLeft > 0n && !window.finalizable);
    await assert.rejects(
      ethersActions.waitForBatchFinalizable(l1Provider, {
        deployment,
        record,
        pollingInterval: 50,
        timeout: 200,
      }),
      WaitTimeoutError,
    );
    await assert.rejects(ethersActions.finalizeWithdrawal(l1Signer, { deployment, proof: tokenProof }));

    const progress: bigint[] = [];
    let firstRead!: () => void;
    const read = new Promise<void>((resolve) => {
      firstRead = resolve;
    });
    const waiting = ethersActions.waitForBatchFinalizable(l1Provider, {
      deployment,
      record,
      ...fast,
      onProgress: (w) => {
        progress.push(w.secondsLeft);
        firstRead();
      },
    });
    await read; // the wait has seen the window open before L1 time moves past it
    await rollup.advanceTime(deployment.parameters.challengeWindow + 1n);
    const done = await waiting;
    assert.ok(done.finalizable && done.secondsLeft === 0n);
    assert.ok(progress[0]! > 0n, "progress told the time left first");

    const ethBefore = await l1Provider.getBalance(user.address);
    const paid = await ethersActions.finalizeWithdrawal(l1Signer, { deployment, proof: ethProof });
    assert.equal(paid.credited, false);
    assert.equal(await l1Provider.getBalance(user.address), ethBefore + parseEther("1"));
    const tokenBefore = await rollup.l1Public.readContract({
      address: l1Token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user.address as Address],
    });
    await ethersActions.finalizeWithdrawal(l1Signer, { deployment, proof: tokenProof });
    const tokenAfter = await rollup.l1Public.readContract({
      address: l1Token,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [user.address as Address],
    });
    assert.equal(tokenAfter, tokenBefore + 250n);
    for (const proof of [ethProof, tokenProof]) {
      const status = await ethersActions.getWithdrawalStatus(l1Provider, {
        deployment,
        index: proof.withdrawal.index,
      });
      assert.equal(status.finalized, true);
    }
    await assert.rejects(ethersActions.finalizeWithdrawal(l1Signer, { deployment, proof: ethProof }));
    const finality = await ethersActions.waitForBatchFinality(l1Provider, {
      deployment,
      batchIndex: record.index,
      ...fast,
    });
    assert.equal(finality.final, true);
    assert.equal(
      (await ethersActions.getBatchFinality(l1Provider, { deployment, batchIndex: record.index })).final,
      true,
    );
  });

  it("forceTransaction queues a withdrawal signed by an ethers Wallet; the sequencer applies it and files it under queueTransactionHash", async () => {
    const { deployment } = rollup;
    const signedTransaction = (await l2Signer.signTransaction(
      await l2Signer.populateTransaction({ to: L2_BRIDGE_ADDRESS, value: 7n, gasLimit: GAS_WITHDRAWAL }),
    )) as Hex;
    const nonce = await l2Provider.getTransactionCount(user.address);
    const forced = await ethersActions.forceTransaction(l1Signer, { deployment, signedTransaction });
    const stored = await rollup.l1Public.readContract({
      address: deployment.addresses.bridge,
      abi: bridgeAbi,
      functionName: "queueEntry",
      args: [forced.queueIndex],
    });
    assert.equal(forced.queueEntryHash, stored);
    let info = null;
    for (let i = 0; i < 300 && info === null; i++) {
      info = await ethersActions.getWithdrawal(l2Provider, { transactionHash: forced.queueTransactionHash });
      if (info === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(info !== null, "the forced withdrawal was applied on L2");
    assert.equal(info.withdrawal.amount, 7n);
    assert.equal(info.withdrawal.l2Sender, getAddress(user.address));
    assert.equal(await l2Provider.getTransactionCount(user.address), nonce + 1);
    // Not a transaction of its block: no receipt under either hash.
    assert.equal(await l2Provider.getTransactionReceipt(forced.transactionHash), null);
    await assert.rejects(
      ethersActions.forceTransaction(l1Signer, { deployment, signedTransaction: "0x02c0" }),
      InvalidArgumentError,
    );
  });

  it("getOpenGames reads a game opened on L1, as the viem action does", async () => {
    const { deployment } = rollup;
    assert.deepEqual(await ethersActions.getOpenGames(l1Provider, { deployment }), []);
    const tx = await l2Signer.sendTransaction({ to: recipient.address, value: 1n });
    const status = await ethersActions.waitForTransactionBatch(l2Provider, { hash: tx.hash as Hex, ...fast });
    const batch = (await ethersActions.getBatch(l2Provider, { index: status.batchIndex! }))!;
    await rollup.openGame(4, batch.record!);
    const games = await ethersActions.getOpenGames(l1Provider, { deployment });
    assert.equal(games.length, 1);
    assert.equal(games[0]!.batchIndex, batch.index);
    assert.equal(games[0]!.challenger, rollup.accounts[4]!.address);
    assert.equal(games[0]!.steps, Number(batch.steps));
    // The same as viem's, except for the running clock (the devnet's L1 may mine a block in between).
    const viaViem = await getOpenGames(rollup.l1Public, { deployment });
    const withoutClock = (list: typeof games) => list.map(({ moverSecondsLeft: _, ...rest }) => rest);
    assert.deepEqual(withoutClock(games), withoutClock(viaViem));
    const drift = games[0]!.moverSecondsLeft - viaViem[0]!.moverSecondsLeft;
    assert.ok(drift >= 0n && drift <= 5n, `the clock ran ${drift} s between the reads`);
    const window = await ethersActions.getChallengeWindow(l1Provider, { deployment, record: batch.record! });
    assert.equal(window.openGames, 1n);
  });
});
