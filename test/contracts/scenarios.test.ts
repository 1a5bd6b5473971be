// End-to-end game and finality scenarios across Rollup, Bridge and DisputeGame, with the TestStepVerifier
// double standing in for the one-step verifier.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { getAddress, toHex, zeroAddress } from "viem";
import { bridgeAbi, disputeGameAbi, rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import { WithdrawalTree, withdrawalLeafHash } from "../../packages/protocol/src/state/withdrawalTree.ts";
import {
  type AppendedBatch,
  appendArgs,
  appendBatch,
  createFixture,
  depositEth,
  ETHER,
  eventOf,
  expectRevert,
  finalizeThrough,
  header,
  mineAt,
  queueWitness,
  randomHex,
  recordHashOf,
  send,
  setNextTimestamp,
  TEST_PARAMETERS,
  toSiblings,
  type Wallet,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;
const BOND = TEST_PARAMETERS.challengerBond;

async function open(batch: AppendedBatch, challenger: Wallet): Promise<bigint> {
  const receipt = await send(
    publicClient,
    fx.game(challenger).write.openGame([batch.record], { value: BOND }),
  );
  return eventOf(receipt, disputeGameAbi, "GameOpened").args.gameId;
}

async function proposerTimesOut(gameId: bigint, batch: AppendedBatch) {
  const g = await fx.game().read.getGame([gameId]);
  await setNextTimestamp(fx, g.lastMoveAt + g.proposerClock);
  return send(publicClient, fx.game(fx.dave).write.claimTimeout([gameId, batch.record]));
}

describe("scenarios", () => {
  beforeEach(fx.reset);

  it("the proposer times out: its batch and every later one go, the queue rewinds, the sequencer appends again", async () => {
    await depositEth(fx, fx.alice, fx.alice.account.address, 1n * ETHER);
    await depositEth(fx, fx.alice, fx.bob.account.address, 2n * ETHER);
    const b1 = await appendBatch(fx, { header: header({ queueApplied: 1n }) });
    const b2 = await appendBatch(fx, { header: header({ queueApplied: 2n }) });
    const b3 = await appendBatch(fx, { header: header({ queueApplied: 2n }) });
    const onB2 = await open(b2, fx.carol);
    const onB3 = await open(b3, fx.dave);

    const receipt = await proposerTimesOut(onB2, b2);
    assert.deepEqual(eventOf(receipt, rollupAbi, "BatchesDeleted").args, {
      fromIndex: 2n,
      previousCount: 4n,
      stateRoot: b1.record.stateRoot,
      queueApplied: 1n,
      epoch: 1n,
    });
    const rollup = fx.rollup();
    assert.equal(await rollup.read.batchCount(), 2n);
    assert.equal(await rollup.read.lastStateRoot(), b1.record.stateRoot);
    assert.equal(await rollup.read.lastQueueApplied(), 1n);
    assert.equal(await rollup.read.isLive([1n, b1.recordHash]), true);

    // The game on the later batch ends with the bond back.
    await send(publicClient, fx.game(fx.alice).write.cancelGame([onB3]));
    assert.equal(await fx.game().read.creditOf([fx.dave.account.address]), BOND);

    // The slashed sequencer must bond again before appending; a batch built on the deleted chain fails.
    await expectRevert(fx.rollup().write.appendBatch(await appendArgs(fx)), "ProposerNotBonded");
    await send(publicClient, fx.rollup().write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
    await expectRevert(
      fx.rollup().write.appendBatch(await appendArgs(fx, { parent: b3.record.stateRoot })),
      "ParentStateRootMismatch",
      [b3.record.stateRoot, b1.record.stateRoot],
    );
    // Entry #1 is applied again, from the rewound position.
    const again = await appendBatch(fx, { header: header({ queueApplied: 2n }) });
    assert.equal(again.record.index, 2n);
    assert.equal(again.record.epoch, 1n);
    assert.equal(again.record.queueStart, 1n);
    assert.equal(again.record.parentStateRoot, b1.record.stateRoot);
    assert.notEqual(again.recordHash, b2.recordHash);

    // The deleted record is gone for good: no finality, no new game.
    await expectRevert(fx.rollup(fx.dave).write.finalizeBatches([b2.record]), "BatchRecordMismatch", [2n]);
    await expectRevert(fx.game(fx.dave).write.openGame([b2.record], { value: BOND }), "BatchRecordMismatch", [
      2n,
    ]);
    await finalizeThrough(fx, again.record);
    assert.equal(await fx.rollup().read.finalizedCount(), 3n);
  });

  it("an identical batch appended again after a deletion is a new batch: old games on it are cancelled", async () => {
    const data = randomHex(300);
    const b1 = await appendBatch(fx, { steps: 4n, data });
    const first = await open(b1, fx.carol);
    const second = await open(b1, fx.dave);
    await proposerTimesOut(first, b1);
    await send(publicClient, fx.rollup().write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
    // Same data, steps, header and parent as the deleted batch: a new record all the same (epoch 1), and
    // the epoch alone would tell the two apart even at the same L1 time.
    const again = await appendBatch(fx, { steps: 4n, header: b1.header, data });
    assert.deepEqual({ ...again.record, epoch: 0n, appendedAt: 0n }, { ...b1.record, appendedAt: 0n });
    assert.notEqual(recordHashOf({ ...again.record, appendedAt: b1.record.appendedAt }), b1.recordHash);
    assert.notEqual(again.recordHash, b1.recordHash);
    await expectRevert(fx.game(fx.dave).write.claimTimeout([second, b1.record]), "BatchDeleted", [second]);
    await send(publicClient, fx.game(fx.alice).write.cancelGame([second]));
    assert.equal(await fx.rollup().read.openGames([again.recordHash]), 0n);
  });

  it("the challenger times out: the proposer keeps the batch, final once the window has passed and the game is over", async () => {
    const b1 = await appendBatch(fx, { steps: 32n });
    const id = await open(b1, fx.carol);
    await send(publicClient, fx.game(fx.sequencer).write.revealMidpoint([id, randomHex(32)]));
    await mineAt(fx, b1.record.appendedAt + TEST_PARAMETERS.challengeWindow);
    assert.equal((await fx.rollup(fx.dave).simulate.finalizeBatches([b1.record])).result, 1n);
    const receipt = await send(publicClient, fx.game(fx.dave).write.claimTimeout([id, b1.record]));
    assert.equal(eventOf(receipt, disputeGameAbi, "GameResolved").args.status, 2);
    await send(publicClient, fx.rollup(fx.dave).write.finalizeBatches([b1.record]));
    assert.equal(await fx.rollup().read.isFinal([1n]), true);
    const burn = (BOND * TEST_PARAMETERS.burnBps) / 10_000n;
    assert.equal(await fx.game().read.creditOf([fx.sequencer.account.address]), BOND - burn);
  });

  it("withdrawals pay only from final batches: never from a deleted one, and from its honest replacement after its window", async () => {
    await depositEth(fx, fx.alice, fx.alice.account.address, 5n * ETHER);
    const w = {
      index: 0n,
      l2Sender: getAddress(fx.alice.account.address),
      l1Recipient: getAddress(fx.bob.account.address),
      l1Token: zeroAddress,
      amount: 2n * ETHER,
    };
    const tree = new WithdrawalTree();
    tree.append(withdrawalLeafHash(w));
    const withWithdrawal = header({
      withdrawalsRoot: toHex(tree.root),
      withdrawalCount: 1n,
      queueApplied: 1n,
    });
    const siblings = toSiblings(tree.proof(0n).map((p) => toHex(p)));
    const finalize = (b: AppendedBatch) =>
      fx.bridge(fx.dave).write.finalizeWithdrawal([b.record, b.header, w, siblings]);

    // A batch with the withdrawal is challenged and (in this story) lost by step.
    const bad = await appendBatch(fx, { steps: 1n, header: withWithdrawal });
    await expectRevert(finalize(bad), "BatchNotFinal", [1n]);
    const id = await open(bad, fx.carol);
    const g = await fx.game().read.getGame([id]);
    const ctx = {
      preCommitment: g.agreed,
      dataRoot: bad.record.dataRoot,
      queueLimit: bad.record.queueLimit,
      queueStart: bad.record.queueStart,
    };
    await send(publicClient, fx.verifier.write.setResult([ctx, randomHex(32), randomHex(32)]));
    await send(publicClient, fx.game(fx.dave).write.proveStep([id, bad.record, "0x01"]));
    await mineAt(fx, bad.record.appendedAt + TEST_PARAMETERS.challengeWindow);
    await expectRevert(finalize(bad), "BatchRecordMismatch", [1n]);

    // The sequencer bonds again and appends the batch anew; it pays once its own window has passed.
    await send(publicClient, fx.rollup().write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
    const good = await appendBatch(fx, {
      steps: 1n,
      header: withWithdrawal,
      nextEntry: await queueWitness(fx, 0n),
    });
    await setNextTimestamp(fx, good.record.appendedAt + TEST_PARAMETERS.challengeWindow - 1n);
    await expectRevert(finalize(good), "BatchNotFinal", [1n]);
    await setNextTimestamp(fx, good.record.appendedAt + TEST_PARAMETERS.challengeWindow);
    const before = await publicClient.getBalance({ address: fx.bob.account.address });
    const receipt = await send(publicClient, finalize(good));
    assert.equal(await publicClient.getBalance({ address: fx.bob.account.address }), before + 2n * ETHER);
    assert.equal(eventOf(receipt, bridgeAbi, "WithdrawalFinalized").args.batchIndex, 1n);
    await expectRevert(finalize(good), "WithdrawalAlreadyFinalized", [0n]);
  });

  it("several games on one batch: the first challenger win deletes it, the others end with bonds back", async () => {
    const b1 = await appendBatch(fx, { steps: 8n });
    const b2 = await appendBatch(fx, { steps: 8n });
    const games = [
      await open(b1, fx.carol),
      await open(b1, fx.dave),
      await open(b1, fx.bob),
      await open(b2, fx.alice),
    ];
    // Game 1 plays on while game 0's proposer clock runs out.
    await send(publicClient, fx.game(fx.sequencer).write.revealMidpoint([games[1]!, randomHex(32)]));
    await proposerTimesOut(games[0]!, b1);
    for (const id of games.slice(1)) await send(publicClient, fx.game(fx.alice).write.cancelGame([id]));
    for (const who of [fx.dave, fx.bob, fx.alice]) {
      assert.equal(await fx.game().read.creditOf([who.account.address]), BOND);
    }
    const slash = TEST_PARAMETERS.proposerBond;
    const slashBurn = (slash * TEST_PARAMETERS.burnBps) / 10_000n;
    assert.equal(await fx.game().read.creditOf([fx.carol.account.address]), BOND + slash - slashBurn);
    const held = await publicClient.getBalance({ address: fx.deployment.addresses.disputeGame });
    assert.equal(held, 4n * BOND + slash);
    assert.equal(held, 3n * BOND + (BOND + slash - slashBurn) + (await fx.game().read.burned()));
    assert.equal(await fx.rollup().read.openGames([b1.recordHash]), 0n);
    assert.equal(await fx.rollup().read.openGames([b2.recordHash]), 0n);
  });

  it("escape hatch: with the sequencer silent, a bonded user appends, and must apply the overdue queue entry", async () => {
    await depositEth(fx, fx.alice, fx.alice.account.address, 1n * ETHER);
    const openAt = await fx.rollup().read.escapeHatchOpensAt();
    await mineAt(fx, openAt);
    const alice = fx.rollup(fx.alice);
    await send(publicClient, alice.write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
    const entry = await queueWitness(fx, 0n);
    assert.ok(entry.timestamp + TEST_PARAMETERS.forceInclusionDelay <= openAt);
    await expectRevert(alice.write.appendBatch(await appendArgs(fx)), "ForcedInclusionOverdue", [
      0n,
      entry.timestamp,
    ]);
    const b = await appendBatch(fx, { wallet: fx.alice, header: header({ queueApplied: 1n }) });
    assert.equal(b.record.proposer, getAddress(fx.alice.account.address));
    assert.equal(b.record.queueApplied, 1n);
    // The sequencer can still append on top at any time.
    const next = await appendBatch(fx, { header: header({ queueApplied: 1n }) });
    assert.equal(next.record.parentStateRoot, b.record.stateRoot);
  });
});
