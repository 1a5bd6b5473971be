// Whole dispute games on L1 with the REAL StepVerifier, over real batches built by packages/protocol from
// signed L2 transactions and ETH deposits made through the real Bridge (deployed by deployHalcyon). Each
// game is played by scripts/lib/harness/gameDriver.ts with the bisection rules of
// packages/protocol/src/dispute and the honest one-step witness (generateStepWitness, encodeStepWitness);
// the driver checks the interval and the verdict the final rule predicts against the contract's events.
//
// Views (scripts/lib/harness/chainModel.ts): the honest chain, and views with a Lie that credits 1 ETH out
// of nowhere after step k of a batch, so that their commitments are honest up to c_{k-1} and wrong from
// c_k on, and their post-state roots are wrong. A lying proposer claims such a view; a wrong challenger
// answers from one. Time moves by evm_increaseTime/evm_mine only.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { network } from "hardhat";
import { type Address, getAddress, parseEventLogs, zeroAddress } from "viem";
import {
  bytesToHex,
  encodeStepWitness,
  GAS_WITHDRAWAL,
  L2_BRIDGE_ADDRESS,
  MIN_BASE_FEE,
  maxBisectionRounds,
  type QueueEntry,
  type SignedTransaction,
  stateRootOf,
} from "../../packages/protocol/src/index.ts";
import {
  ONE_ETH,
  signWith,
  TEST_CONFIG,
  type TestWallet,
  testWallet,
  transferFields,
} from "../../packages/protocol/src/testing/fixtures.ts";
import type { ScenarioBlock } from "../../packages/protocol/src/testing/scenario.ts";
import { disputeGameAbi, GameStatus, Resolution, rollupAbi } from "../../scripts/lib/harness/abis.ts";
import { ChainModel, type Lie, type ModelBatch } from "../../scripts/lib/harness/chainModel.ts";
import { GameDriver, type GameSide } from "../../scripts/lib/harness/gameDriver.ts";
import {
  advanceTime,
  appendBatch,
  createHalcyonL1,
  depositEth,
  finalizeThrough,
  revertOf,
  send,
  syncQueue,
  type Wallet,
} from "../../scripts/lib/harness/l1.ts";

const PARAMETERS = {
  l2ChainId: TEST_CONFIG.chainId,
  feeVault: TEST_CONFIG.feeVault,
  challengeWindow: 1_000n,
  inactivityPeriod: 7n * 86_400n,
  forceInclusionDelay: 86_400n,
  proposerBond: ONE_ETH,
  challengerBond: ONE_ETH / 2n,
  proposerClock: 300n,
  challengerClock: 200n,
  burnBps: 2_500n,
} as const;
const BOND = PARAMETERS.challengerBond;
const BURN = (BOND * PARAMETERS.burnBps) / 10_000n;
const SLASH = PARAMETERS.proposerBond;
const SLASH_BURN = (SLASH * PARAMETERS.burnBps) / 10_000n;

const { viem } = await network.create();
const l1 = await createHalcyonL1(viem, PARAMETERS);
const { sequencer, testClient, publicClient } = l1;
const [carol, dave, erin, depositor, anyone] = l1.others as [Wallet, Wallet, Wallet, Wallet, Wallet];

/** L2 users, and the sequencer's own L2 account (the one its lies credit). */
const users: TestWallet[] = [1, 2, 3, 4, 5].map(testWallet);
const sequencerL2 = testWallet(6);

let l2Time = 1_800_000_000n;

/** An L2 ETH withdrawal to make before the transfers. */
type WithdrawalRequest = { readonly from: TestWallet; readonly amount: bigint };

/**
 * The withdrawals, then `count` transfers round-robin among the users, with the nonces the honest chain's
 * head expects.
 */
function transfers(
  model: ChainModel,
  count: number,
  withdrawals: readonly WithdrawalRequest[] = [],
): SignedTransaction[] {
  const nonce = model.nonceCounter();
  const out = withdrawals.map(({ from, amount }) =>
    signWith(
      from,
      transferFields({
        to: L2_BRIDGE_ADDRESS,
        value: amount,
        nonce: nonce(from.address),
        gasLimit: GAS_WITHDRAWAL,
      }),
    ),
  );
  for (let i = 0; i < count; i++) {
    const from = users[(i + 1) % users.length]!;
    const to = users[(i + 2) % users.length]!;
    out.push(
      signWith(from, transferFields({ to: to.address, nonce: nonce(from.address), value: ONE_ETH / 100n })),
    );
  }
  return out;
}

/** Blocks of `perBlock` transactions; the first applies `entries`. */
function blocksOf(
  txs: SignedTransaction[],
  perBlock: number,
  entries: readonly QueueEntry[],
): ScenarioBlock[] {
  const blocks: ScenarioBlock[] = [];
  for (let i = 0; i === 0 || i < txs.length; i += perBlock) {
    l2Time += 2n;
    blocks.push({
      timestamp: l2Time,
      baseFee: MIN_BASE_FEE,
      queueEntries: i === 0 ? entries : [],
      txs: txs.slice(i, i + perBlock),
    });
  }
  return blocks;
}

/**
 * Sequences the next batch on the honest chain: a deposit made now through the Bridge, then the
 * withdrawals and `count` transfers, in blocks of 5 transactions.
 */
async function nextBatch(model: ChainModel, count: number, withdrawals: readonly WithdrawalRequest[] = []) {
  await depositEth(l1, depositor, users[4]!.address, ONE_ETH);
  await syncQueue(l1, model);
  return model.sequence(blocksOf(transfers(model, count, withdrawals), 5, model.pendingEntries()));
}

// The common start of every test: the users and the sequencer's L2 account funded through the Bridge,
// then batch 1 (the deposits and a few transfers), appended by the sequencer.
const base = new ChainModel(TEST_CONFIG);
for (const w of [...users, sequencerL2]) await depositEth(l1, depositor, w.address, 10n * ONE_ETH);
await syncQueue(l1, base);
const batch1 = await appendBatch(
  l1,
  base,
  sequencer,
  base.sequence(blocksOf(transfers(base, 4), 4, base.pendingEntries())),
);
const baseEntries: QueueEntry[] = [...base.entries];
const baseBatch: ModelBatch = base.batch(1);
let snapshot = await testClient.snapshot();

function freshModel(): ChainModel {
  const model = new ChainModel(TEST_CONFIG);
  model.addEntries(baseEntries);
  model.push(baseBatch);
  return model;
}

const witnessOf = (model: ChainModel, index: number) => (step: number) =>
  encodeStepWitness(model.witness(index, step));

function side(wallet: Wallet, commitments: Uint8Array[]): GameSide {
  return { wallet, commitments };
}

const lieAt = (batch: number, fromStep: number): Lie => ({
  batch,
  fromStep,
  beneficiary: sequencerL2.address,
});

async function expectRevert(promise: Promise<unknown>, name: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    assert.equal(revertOf(error)?.name, name, String(error));
    return;
  }
  assert.fail(`expected a revert with ${name}`);
}

const game = (wallet: Wallet = anyone) => l1.game(wallet);
const rollup = (wallet: Wallet = anyone) => l1.rollup(wallet);
const creditOf = (who: Wallet) => game().read.creditOf([who.account.address]);

/** Withdraws `who`'s whole DisputeGame credit to a fresh address and returns what arrived. */
async function withdrawCredit(who: Wallet, to: Address): Promise<bigint> {
  const before = await publicClient.getBalance({ address: to });
  await send(l1, game(who).write.withdrawCredit([to]));
  return (await publicClient.getBalance({ address: to })) - before;
}

function resolvedOf(receipt: Parameters<typeof parseEventLogs>[0]["logs"]) {
  const [event] = parseEventLogs({ abi: disputeGameAbi, eventName: "GameResolved", logs: receipt });
  assert.ok(event !== undefined, "no GameResolved");
  return event.args;
}

/** Steps 1, N/2 and N of a batch of N steps: the lie in the first, a middle and the last step. */
const positions = (steps: number) => [
  { where: "first", k: 1 },
  { where: "middle", k: Math.floor(steps / 2) },
  { where: "last", k: steps },
];

describe("dispute games with the real StepVerifier over real batches", () => {
  let model: ChainModel;
  beforeEach(async () => {
    await testClient.revert({ id: snapshot });
    snapshot = await testClient.snapshot();
    model = freshModel();
  });

  it("an honest proposer defends its batch against challengers wrong from the first, a middle and the last step", async () => {
    const honest = await appendBatch(l1, model, sequencer, await nextBatch(model, 14));
    const steps = honest.record.steps;
    const proposer = side(sequencer, model.commitments(2));
    const challengers = [carol, dave, erin];
    const drivers: GameDriver[] = [];
    for (const [i, { k }] of positions(steps).entries()) {
      // This challenger replays wrongly from step k on.
      const challenger = side(challengers[i]!, model.commitments(2, [lieAt(2, k)]));
      drivers.push(
        await GameDriver.open(l1, {
          batch: honest,
          proposer,
          challenger,
          witness: witnessOf(model, 2),
        }),
      );
    }
    for (const [i, { k }] of positions(steps).entries()) {
      // The proposer submits the proof of the step the challenger first got wrong, and wins.
      const { receipt, proposerWon, step } = await drivers[i]!.play(sequencer);
      assert.equal(step, k - 1);
      assert.equal(proposerWon, true);
      const resolved = resolvedOf(receipt.logs);
      assert.equal(resolved.status, GameStatus.ProposerWon);
      assert.equal(resolved.resolution, Resolution.StepProven);
      assert.equal(resolved.winnerCredit, BOND - BURN);
      assert.equal(resolved.burned, BURN);
    }
    // Each challenger's bond, minus the burned share, is the proposer's; the batch stands and becomes final.
    assert.equal(await creditOf(sequencer), 3n * (BOND - BURN));
    assert.equal(
      await withdrawCredit(sequencer, "0x00000000000000000000000000000000000c0de1"),
      3n * (BOND - BURN),
    );
    assert.equal(await game().read.burned(), 3n * BURN);
    assert.equal(await rollup().read.openGames([honest.recordHash]), 0n);
    await finalizeThrough(l1, anyone, honest.record);
    assert.equal(await rollup().read.isFinal([2n]), true);
  });

  for (const where of ["first", "middle", "last"] as const) {
    it(`a proposer lying from the ${where} step on loses at its first wrong step`, async () => {
      const candidate = await nextBatch(model, 14);
      const { k } = positions(candidate.steps).find((p) => p.where === where)!;
      const lies = [lieAt(2, k)];
      const lying = await appendBatch(l1, model, sequencer, candidate, lies);
      assert.notEqual(lying.record.stateRoot, bytesToHex(stateRootOf(candidate.header)));
      const honestCommitments = model.commitments(2);
      const driver = await GameDriver.open(l1, {
        batch: lying,
        proposer: side(sequencer, model.commitments(2, lies)),
        challenger: side(carol, honestCommitments),
        witness: witnessOf(model, 2),
      });
      const { receipt, proposerWon, step } = await driver.play(carol);
      // The one-step proof is of step k - 1 -> k: c_{k-1} agreed, and the honest c_k is not the proposer's.
      assert.equal(step, k - 1);
      assert.equal(proposerWon, false);
      const [proven] = parseEventLogs({ abi: disputeGameAbi, eventName: "StepProven", logs: receipt.logs });
      assert.equal(proven?.args.postCommitment, bytesToHex(honestCommitments[k]!));
      if (k === candidate.steps) {
        assert.equal(proven?.args.postStateRoot, bytesToHex(stateRootOf(candidate.header)));
      }
      assert.ok(driver.gas.reveals.length <= maxBisectionRounds(candidate.steps));

      // The batch is gone, its proposer slashed; the challenger gets its bond and the slash minus the burn.
      const resolved = resolvedOf(receipt.logs);
      assert.equal(resolved.status, GameStatus.ChallengerWon);
      assert.equal(resolved.winnerCredit, BOND + SLASH - SLASH_BURN);
      const [deleted] = parseEventLogs({ abi: rollupAbi, eventName: "BatchesDeleted", logs: receipt.logs });
      assert.equal(deleted?.args.fromIndex, 2n);
      assert.equal(await rollup().read.batchCount(), 2n);
      assert.equal(await rollup().read.lastStateRoot(), batch1.record.stateRoot);
      assert.equal(
        await withdrawCredit(carol, "0x00000000000000000000000000000000000c0de2"),
        BOND + SLASH - SLASH_BURN,
      );
    });
  }

  it("a proposer that stops revealing loses when its clock runs out", async () => {
    const candidate = await nextBatch(model, 14);
    const lies = [lieAt(2, Math.floor(candidate.steps / 2))];
    const lying = await appendBatch(l1, model, sequencer, candidate, lies);
    const driver = await GameDriver.open(l1, {
      batch: lying,
      proposer: side(sequencer, model.commitments(2, lies)),
      challenger: side(carol, model.commitments(2)),
      witness: witnessOf(model, 2),
    });
    await driver.reveal();
    await driver.answer();
    // A midpoint is owed; the proposer, seeing it will lose, goes silent.
    await expectRevert(driver.claimTimeout(anyone), "ClockNotExpired");
    await advanceTime(l1, PARAMETERS.proposerClock);
    await expectRevert(driver.reveal(), "ClockExpired");
    const resolved = resolvedOf((await driver.claimTimeout(anyone)).logs);
    assert.equal(resolved.status, GameStatus.ChallengerWon);
    assert.equal(resolved.resolution, Resolution.ProposerTimedOut);
    assert.equal(await rollup().read.batchCount(), 2n);
    assert.equal(await creditOf(carol), BOND + SLASH - SLASH_BURN);
  });

  it("a challenger that stops answering loses when its clock runs out", async () => {
    const honest = await appendBatch(l1, model, sequencer, await nextBatch(model, 14));
    const driver = await GameDriver.open(l1, {
      batch: honest,
      proposer: side(sequencer, model.commitments(2)),
      challenger: side(carol, model.commitments(2, [lieAt(2, 3)])),
      witness: witnessOf(model, 2),
    });
    await driver.reveal();
    await expectRevert(driver.claimTimeout(anyone), "ClockNotExpired");
    await advanceTime(l1, PARAMETERS.challengerClock);
    await expectRevert(driver.answer(), "ClockExpired");
    const resolved = resolvedOf((await driver.claimTimeout(sequencer)).logs);
    assert.equal(resolved.status, GameStatus.ProposerWon);
    assert.equal(resolved.resolution, Resolution.ChallengerTimedOut);
    assert.equal(await creditOf(sequencer), BOND - BURN);
    assert.equal(await rollup().read.isLive([2n, honest.recordHash]), true);
  });

  it("a wrong challenger that reaches the last step but cannot prove it loses when its clock runs out", async () => {
    const honest = await appendBatch(l1, model, sequencer, await nextBatch(model, 14));
    const driver = await GameDriver.open(l1, {
      batch: honest,
      proposer: side(sequencer, model.commitments(2)),
      challenger: side(carol, model.commitments(2, [lieAt(2, 5)])),
      witness: witnessOf(model, 2),
    });
    await driver.bisect();
    assert.deepEqual(driver.interval, { lo: 4, hi: 5 });
    // The proof is the challenger's move: once its clock has run out nobody may submit it.
    await advanceTime(l1, PARAMETERS.challengerClock);
    await expectRevert(driver.prove(sequencer), "ClockExpired");
    const resolved = resolvedOf((await driver.claimTimeout(anyone)).logs);
    assert.equal(resolved.status, GameStatus.ProposerWon);
    assert.equal(resolved.resolution, Resolution.ChallengerTimedOut);
  });

  it("a lost game deletes the batch and every later one; the sequencer appends the correct batches again and the chain goes on", async () => {
    const candidate2 = await nextBatch(model, 12);
    const lies = [lieAt(2, Math.floor(candidate2.steps / 2))];
    const lying2 = await appendBatch(l1, model, sequencer, candidate2, lies);
    // The next batch is built on the lie: its claimed root carries it.
    const candidate3 = await nextBatch(model, 8);
    const lying3 = await appendBatch(l1, model, sequencer, candidate3, lies);
    assert.equal(lying3.record.parentStateRoot, lying2.record.stateRoot);

    const driver = await GameDriver.open(l1, {
      batch: lying2,
      proposer: side(sequencer, model.commitments(2, lies)),
      challenger: side(carol, model.commitments(2)),
      witness: witnessOf(model, 2),
    });
    const { receipt, proposerWon } = await driver.play(carol);
    assert.equal(proposerWon, false);
    const [deleted] = parseEventLogs({ abi: rollupAbi, eventName: "BatchesDeleted", logs: receipt.logs });
    assert.deepEqual(deleted?.args, {
      fromIndex: 2n,
      previousCount: 4n,
      stateRoot: batch1.record.stateRoot,
      queueApplied: batch1.record.queueApplied,
      epoch: 1n,
    });
    model.deleteFrom(2);
    for (const [index, gone] of [lying2, lying3].entries()) {
      assert.equal(await rollup().read.isLive([BigInt(index + 2), gone.recordHash]), false);
    }

    // Slashed, the sequencer bonds again and appends the same data with the honest roots: same indices,
    // a new epoch, the queue rewound to batch 1's position.
    await expectRevert(appendBatch(l1, model, sequencer, candidate2), "ProposerNotBonded");
    await send(l1, rollup(sequencer).write.depositBond({ value: PARAMETERS.proposerBond }));
    const again2 = await appendBatch(l1, model, sequencer, candidate2);
    const again3 = await appendBatch(l1, model, sequencer, candidate3);
    for (const [again, gone, candidate] of [
      [again2, lying2, candidate2],
      [again3, lying3, candidate3],
    ] as const) {
      assert.equal(again.record.index, gone.record.index);
      assert.equal(again.record.epoch, 1n);
      assert.equal(again.record.dataRoot, gone.record.dataRoot);
      assert.equal(again.record.stateRoot, bytesToHex(stateRootOf(candidate.header)));
      assert.notEqual(again.record.stateRoot, gone.record.stateRoot);
    }
    assert.equal(again2.record.queueStart, batch1.record.queueApplied);
    assert.equal(again2.record.parentStateRoot, batch1.record.stateRoot);

    // The chain goes on: a further batch, all of it final after the window.
    const again4 = await appendBatch(l1, model, sequencer, await nextBatch(model, 6));
    assert.equal(again4.record.index, 4n);
    await finalizeThrough(l1, anyone, again4.record);
    assert.equal(await rollup().read.finalizedCount(), 5n);
    assert.equal(await rollup().read.lastStateRoot(), bytesToHex(stateRootOf(model.postHeader(4))));
  });

  it("two games on one batch: the first deletes it, the second ends with the bond returned", async () => {
    const candidate = await nextBatch(model, 14);
    const lies = [lieAt(2, 7)];
    const lying = await appendBatch(l1, model, sequencer, candidate, lies);
    const options = {
      batch: lying,
      proposer: side(sequencer, model.commitments(2, lies)),
      witness: witnessOf(model, 2),
    };
    const first = await GameDriver.open(l1, { ...options, challenger: side(carol, model.commitments(2)) });
    const second = await GameDriver.open(l1, { ...options, challenger: side(dave, model.commitments(2)) });
    assert.equal(await rollup().read.openGames([lying.recordHash]), 2n);
    await second.reveal();
    await second.answer();
    assert.equal((await first.play(carol)).proposerWon, false);

    // The second game's batch is gone: it can neither be proven nor timed out, only cancelled.
    await second.bisect();
    await expectRevert(second.prove(dave), "BatchDeleted");
    await expectRevert(second.claimTimeout(anyone), "BatchDeleted");
    const receipt = await send(l1, game(anyone).write.cancelGame([second.gameId]));
    const resolved = resolvedOf(receipt.logs);
    assert.equal(resolved.status, GameStatus.Cancelled);
    assert.equal(resolved.resolution, Resolution.BatchDeleted);
    assert.equal(resolved.winnerCredit, BOND);
    assert.equal(await rollup().read.openGames([lying.recordHash]), 0n);
    assert.equal(await withdrawCredit(dave, "0x00000000000000000000000000000000000c0de3"), BOND);
    assert.equal(
      await withdrawCredit(carol, "0x00000000000000000000000000000000000c0de4"),
      BOND + SLASH - SLASH_BURN,
    );
    // ETH held = burned (nothing owed any more).
    assert.equal(
      await publicClient.getBalance({ address: l1.deployment.addresses.disputeGame }),
      await game().read.burned(),
    );
  });

  it("a withdrawal pays only once its batch is final, and only once", async () => {
    const sender = users[0]!;
    const amount = 2n * ONE_ETH;
    const batch2 = await appendBatch(
      l1,
      model,
      sequencer,
      await nextBatch(model, 6, [{ from: sender, amount }]),
    );
    const after = model.stateBefore(3);
    assert.equal(after.withdrawals.count, 1n);
    const withdrawal = {
      index: 0n,
      l2Sender: getAddress(sender.address),
      l1Recipient: getAddress(sender.address),
      l1Token: zeroAddress,
      amount,
    };
    const bridge = l1.bridge(anyone);
    type Siblings = Parameters<typeof bridge.write.finalizeWithdrawal>[0][3];
    const siblings = after.withdrawals.proof(0n).map(bytesToHex) as unknown as Siblings;
    const finalize = () =>
      bridge.write.finalizeWithdrawal([batch2.record, batch2.header, withdrawal, siblings]);

    await expectRevert(finalize(), "BatchNotFinal");
    await advanceTime(l1, PARAMETERS.challengeWindow / 2n);
    await expectRevert(finalize(), "BatchNotFinal");
    await finalizeThrough(l1, anyone, batch2.record);
    const before = await publicClient.getBalance({ address: withdrawal.l1Recipient });
    await send(l1, finalize());
    assert.equal(await publicClient.getBalance({ address: withdrawal.l1Recipient }), before + amount);
    await expectRevert(finalize(), "WithdrawalAlreadyFinalized");
  });
});
