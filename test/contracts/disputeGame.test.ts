import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeFunctionData, getAddress, type Hex, zeroAddress } from "viem";
import { disputeGameAbi, rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import {
  type AppendedBatch,
  appendBatch,
  type BatchRecord,
  createFixture,
  deployTestAccount,
  ETHER,
  eventOf,
  expectRevert,
  finalizeThrough,
  mineAt,
  randomHex,
  send,
  setNextTimestamp,
  startCommitmentOf,
  TEST_PARAMETERS,
  type Wallet,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;
const BOND = TEST_PARAMETERS.challengerBond;
const BURN = (BOND * TEST_PARAMETERS.burnBps) / 10_000n;
const SLASH = TEST_PARAMETERS.proposerBond;
const SLASH_BURN = (SLASH * TEST_PARAMETERS.burnBps) / 10_000n;

const Status = { None: 0, InProgress: 1, ProposerWon: 2, ChallengerWon: 3, Cancelled: 4 } as const;
const Mover = { None: 0, Proposer: 1, Challenger: 2 } as const;
const Resolution = { StepProven: 0, ProposerTimedOut: 1, ChallengerTimedOut: 2, BatchDeleted: 3 } as const;

async function open(batch: AppendedBatch, challenger: Wallet = fx.carol): Promise<bigint> {
  const receipt = await send(
    publicClient,
    fx.game(challenger).write.openGame([batch.record], { value: BOND }),
  );
  return eventOf(receipt, disputeGameAbi, "GameOpened").args.gameId;
}

function reveal(gameId: bigint, commitment: Hex = randomHex(32)) {
  return send(publicClient, fx.game(fx.sequencer).write.revealMidpoint([gameId, commitment]));
}

function answer(gameId: bigint, agree: boolean, challenger: Wallet = fx.carol) {
  return send(publicClient, fx.game(challenger).write.answerMidpoint([gameId, agree]));
}

/** Plays rounds until one step remains, agreeing or not as `agree` says per round. */
async function bisect(gameId: bigint, agree: (round: number) => boolean, challenger: Wallet = fx.carol) {
  for (let round = 0; ; round++) {
    const g = await fx.game().read.getGame([gameId]);
    if (g.hi - g.lo === 1) return g;
    await reveal(gameId);
    await answer(gameId, agree(round), challenger);
  }
}

function ctxOf(game: { agreed: Hex }, record: BatchRecord) {
  return {
    preCommitment: game.agreed,
    dataRoot: record.dataRoot,
    queueLimit: record.queueLimit,
    queueStart: record.queueStart,
  };
}

async function balanceOf(address: `0x${string}`) {
  return publicClient.getBalance({ address });
}

describe("DisputeGame", () => {
  beforeEach(fx.reset);

  describe("openGame", () => {
    it("opens a game against a batch inside its window; the proposer is to move", async () => {
      const b = await appendBatch(fx, { steps: 16n });
      const receipt = await send(publicClient, fx.game(fx.carol).write.openGame([b.record], { value: BOND }));
      const opened = (await publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
      const start = startCommitmentOf(b.record.parentStateRoot);
      assert.deepEqual(eventOf(receipt, disputeGameAbi, "GameOpened").args, {
        gameId: 0n,
        batchIndex: 1n,
        challenger: getAddress(fx.carol.account.address),
        batchHash: b.recordHash,
        proposer: getAddress(fx.sequencer.account.address),
        steps: 16,
        startCommitment: start,
      });
      assert.deepEqual(await fx.game().read.getGame([0n]), {
        batchHash: b.recordHash,
        agreed: start,
        disputed: `0x${"00".repeat(32)}`,
        midpoint: `0x${"00".repeat(32)}`,
        challenger: getAddress(fx.carol.account.address),
        lo: 0,
        hi: 16,
        steps: 16,
        status: Status.InProgress,
        proposer: getAddress(fx.sequencer.account.address),
        batchIndex: 1n,
        proposerClock: TEST_PARAMETERS.proposerClock,
        challengerClock: TEST_PARAMETERS.challengerClock,
        lastMoveAt: opened,
      });
      assert.equal(await fx.game().read.startCommitment([b.record.parentStateRoot]), start);
      assert.deepEqual(await fx.game().read.moverOf([0n]), [Mover.Proposer, TEST_PARAMETERS.proposerClock]);
      assert.equal(await fx.game().read.gameCount(), 1n);
      assert.equal(await fx.rollup().read.openGames([b.recordHash]), 1n);
      assert.equal(await balanceOf(fx.deployment.addresses.disputeGame), BOND);
    });

    it("refuses any bond but CHALLENGER_BOND", async () => {
      const b = await appendBatch(fx);
      for (const value of [0n, BOND - 1n, BOND + 1n]) {
        await expectRevert(fx.game(fx.carol).write.openGame([b.record], { value }), "WrongChallengerBond", [
          value,
          BOND,
        ]);
      }
    });

    it("refuses genesis, records that are not live batches, and final batches", async () => {
      await expectRevert(
        fx.game(fx.carol).write.openGame([fx.deployment.genesis.record], { value: BOND }),
        "NothingToDispute",
        [0n],
      );
      const b = await appendBatch(fx);
      await expectRevert(
        fx.game(fx.carol).write.openGame([{ ...b.record, stateRoot: randomHex(32) }], { value: BOND }),
        "BatchRecordMismatch",
        [1n],
      );
      await finalizeThrough(fx, b.record);
      await expectRevert(fx.game(fx.carol).write.openGame([b.record], { value: BOND }), "BatchAlreadyFinal", [
        1n,
      ]);
    });

    it("is open until appendedAt + CHALLENGE_WINDOW, exclusive", async () => {
      const b = await appendBatch(fx);
      const closesAt = b.record.appendedAt + TEST_PARAMETERS.challengeWindow;
      await setNextTimestamp(fx, closesAt - 1n);
      await open(b);
      await setNextTimestamp(fx, closesAt);
      await expectRevert(
        fx.game(fx.dave).write.openGame([b.record], { value: BOND }),
        "ChallengeWindowClosed",
        [1n, closesAt],
      );
    });

    it("allows several games on one batch", async () => {
      const b = await appendBatch(fx);
      await open(b, fx.carol);
      await open(b, fx.dave);
      await open(b, fx.carol);
      assert.equal(await fx.rollup().read.openGames([b.recordHash]), 3n);
    });
  });

  describe("bisection", () => {
    it("the proposer reveals c_mid and the challenger keeps the half it disputes", async () => {
      const b = await appendBatch(fx, { steps: 16n });
      const id = await open(b);
      const c8 = randomHex(32);
      let receipt = await reveal(id, c8);
      assert.equal(eventOf(receipt, disputeGameAbi, "MidpointRevealed").args.mid, 8);
      assert.deepEqual((await fx.game().read.moverOf([id]))[0], Mover.Challenger);
      receipt = await answer(id, true);
      assert.deepEqual(
        { ...eventOf(receipt, disputeGameAbi, "MidpointAnswered").args, challengerClock: 0n },
        { gameId: id, agreed: true, lo: 8, hi: 16, challengerClock: 0n },
      );
      let g = await fx.game().read.getGame([id]);
      assert.equal(g.agreed, c8);
      assert.equal(g.midpoint, `0x${"00".repeat(32)}`);
      const c12 = randomHex(32);
      receipt = await reveal(id, c12);
      assert.equal(eventOf(receipt, disputeGameAbi, "MidpointRevealed").args.mid, 12);
      await answer(id, false);
      g = await fx.game().read.getGame([id]);
      assert.deepEqual([g.lo, g.hi, g.agreed, g.disputed], [8, 12, c8, c12]);
      g = await bisect(id, () => true);
      assert.deepEqual([g.lo, g.hi], [11, 12]);
      assert.deepEqual((await fx.game().read.moverOf([id]))[0], Mover.Challenger);
    });

    it("only the proposer reveals and only the challenger answers", async () => {
      const b = await appendBatch(fx, { steps: 16n });
      const id = await open(b);
      await expectRevert(fx.game(fx.carol).write.revealMidpoint([id, randomHex(32)]), "NotProposer", [
        getAddress(fx.carol.account.address),
        getAddress(fx.sequencer.account.address),
      ]);
      await reveal(id);
      await expectRevert(fx.game(fx.sequencer).write.answerMidpoint([id, true]), "NotChallenger", [
        getAddress(fx.sequencer.account.address),
        getAddress(fx.carol.account.address),
      ]);
    });

    it("refuses moves out of turn, zero commitments and unknown or finished games", async () => {
      const b = await appendBatch(fx, { steps: 2n });
      const id = await open(b);
      await expectRevert(fx.game(fx.carol).write.answerMidpoint([id, true]), "NotYourMove", [
        id,
        Mover.Proposer,
      ]);
      await expectRevert(
        fx.game(fx.sequencer).write.revealMidpoint([id, `0x${"00".repeat(32)}`]),
        "ZeroCommitment",
      );
      await reveal(id);
      await expectRevert(fx.game(fx.sequencer).write.revealMidpoint([id, randomHex(32)]), "NotYourMove", [
        id,
        Mover.Challenger,
      ]);
      await answer(id, true);
      // One step left: the proof is owed; there is no midpoint to reveal or answer.
      await expectRevert(fx.game(fx.sequencer).write.revealMidpoint([id, randomHex(32)]), "NotYourMove", [
        id,
        Mover.Challenger,
      ]);
      await expectRevert(fx.game(fx.carol).write.answerMidpoint([id, true]), "NotYourMove", [
        id,
        Mover.Challenger,
      ]);
      await expectRevert(
        fx.game(fx.sequencer).write.revealMidpoint([9n, randomHex(32)]),
        "GameNotInProgress",
        [9n, Status.None],
      );
    });

    it("runs each side's clock only while that side is to move", async () => {
      const b = await appendBatch(fx, { steps: 64n });
      const id = await open(b);
      const t0 = (await fx.game().read.getGame([id])).lastMoveAt;
      await setNextTimestamp(fx, t0 + 100n);
      let receipt = await reveal(id);
      assert.equal(eventOf(receipt, disputeGameAbi, "MidpointRevealed").args.proposerClock, 200n);
      await mineAt(fx, t0 + 130n);
      assert.deepEqual(await fx.game().read.moverOf([id]), [Mover.Challenger, 170n]);
      await setNextTimestamp(fx, t0 + 150n);
      receipt = await answer(id, false);
      assert.equal(eventOf(receipt, disputeGameAbi, "MidpointAnswered").args.challengerClock, 150n);
      await setNextTimestamp(fx, t0 + 160n);
      receipt = await reveal(id);
      assert.equal(eventOf(receipt, disputeGameAbi, "MidpointRevealed").args.proposerClock, 190n);
      const g = await fx.game().read.getGame([id]);
      assert.deepEqual([g.proposerClock, g.challengerClock, g.lastMoveAt], [190n, 150n, t0 + 160n]);
    });

    it("refuses a move once the mover's clock has run out", async () => {
      const b = await appendBatch(fx, { steps: 64n });
      const id = await open(b);
      const t0 = (await fx.game().read.getGame([id])).lastMoveAt;
      await setNextTimestamp(fx, t0 + TEST_PARAMETERS.proposerClock);
      await expectRevert(fx.game(fx.sequencer).write.revealMidpoint([id, randomHex(32)]), "ClockExpired", [
        id,
        Mover.Proposer,
      ]);
      await setNextTimestamp(fx, t0 + TEST_PARAMETERS.proposerClock - 1n);
      await reveal(id);
      await setNextTimestamp(fx, t0 + TEST_PARAMETERS.proposerClock - 1n + TEST_PARAMETERS.challengerClock);
      await expectRevert(fx.game(fx.carol).write.answerMidpoint([id, true]), "ClockExpired", [
        id,
        Mover.Challenger,
      ]);
    });
  });

  describe("proveStep", () => {
    it("is refused before one step remains, and with another record", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const other = await appendBatch(fx, { steps: 4n });
      const id = await open(b);
      await expectRevert(fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]), "ProofNotOwed", [id]);
      await expectRevert(
        fx.game(fx.dave).write.proveStep([id, other.record, "0x01"]),
        "BatchRecordMismatch",
        [id],
      );
    });

    it("the proposer wins when the step leads to the revealed c_hi; the challenger's bond pays it", async () => {
      const b = await appendBatch(fx, { steps: 16n });
      const id = await open(b);
      const g = await bisect(id, (round) => round % 2 === 0);
      assert.ok(g.hi < 16);
      await send(publicClient, fx.verifier.write.setResult([ctxOf(g, b.record), g.disputed, randomHex(32)]));
      const receipt = await send(publicClient, fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]));
      assert.equal(eventOf(receipt, disputeGameAbi, "StepProven").args.step, g.lo);
      assert.deepEqual(eventOf(receipt, disputeGameAbi, "GameResolved").args, {
        gameId: id,
        status: Status.ProposerWon,
        resolution: Resolution.StepProven,
        winnerCredit: BOND - BURN,
        burned: BURN,
      });
      assert.equal((await fx.game().read.getGame([id])).status, Status.ProposerWon);
      assert.equal(await fx.game().read.creditOf([fx.sequencer.account.address]), BOND - BURN);
      assert.equal(await fx.game().read.creditOf([fx.carol.account.address]), 0n);
      assert.equal(await fx.game().read.burned(), BURN);
      assert.equal(await fx.rollup().read.openGames([b.recordHash]), 0n);
      assert.equal(await fx.rollup().read.isLive([1n, b.recordHash]), true);
      assert.deepEqual(await fx.game().read.moverOf([id]), [Mover.None, 0n]);
      await expectRevert(fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]), "GameNotInProgress", [
        id,
        Status.ProposerWon,
      ]);
    });

    it("the challenger wins when it does not: the batch and later ones are deleted, the proposer slashed", async () => {
      const b = await appendBatch(fx, { steps: 16n });
      const later = await appendBatch(fx);
      const id = await open(b);
      const g = await bisect(id, (round) => round % 2 === 1);
      await send(
        publicClient,
        fx.verifier.write.setResult([ctxOf(g, b.record), randomHex(32), randomHex(32)]),
      );
      const receipt = await send(publicClient, fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]));
      assert.deepEqual(eventOf(receipt, disputeGameAbi, "GameResolved").args, {
        gameId: id,
        status: Status.ChallengerWon,
        resolution: Resolution.StepProven,
        winnerCredit: BOND + SLASH - SLASH_BURN,
        burned: SLASH_BURN,
      });
      assert.deepEqual(eventOf(receipt, rollupAbi, "BatchesDeleted").args, {
        fromIndex: 1n,
        previousCount: 3n,
        stateRoot: b.record.parentStateRoot,
        queueApplied: b.record.queueStart,
        epoch: 1n,
      });
      assert.deepEqual(eventOf(receipt, rollupAbi, "ProposerSlashed").args, {
        proposer: getAddress(fx.sequencer.account.address),
        batchIndex: 1n,
        amount: SLASH,
      });
      const rollup = fx.rollup();
      assert.equal(await rollup.read.batchCount(), 1n);
      assert.equal(await rollup.read.isLive([2n, later.recordHash]), false);
      assert.equal(await rollup.read.lastStateRoot(), b.record.parentStateRoot);
      assert.equal((await rollup.read.bondOf([fx.sequencer.account.address])).amount, 0n);
      assert.equal(await fx.game().read.creditOf([fx.carol.account.address]), BOND + SLASH - SLASH_BURN);
      assert.equal(await fx.game().read.burned(), SLASH_BURN);
      assert.equal(await balanceOf(fx.deployment.addresses.disputeGame), BOND + SLASH);
    });

    it("at hi == steps compares the post-step state root with the batch's claimed root", async () => {
      for (const honest of [true, false]) {
        await fx.reset();
        const b = await appendBatch(fx, { steps: 8n });
        const id = await open(b);
        const g = await bisect(id, () => true);
        assert.deepEqual([g.lo, g.hi], [7, 8]);
        const root = honest ? b.record.stateRoot : randomHex(32);
        await send(publicClient, fx.verifier.write.setResult([ctxOf(g, b.record), randomHex(32), root]));
        await send(publicClient, fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]));
        const status = (await fx.game().read.getGame([id])).status;
        assert.equal(status, honest ? Status.ProposerWon : Status.ChallengerWon);
      }
    });

    it("at lo == 0 the step starts from c_0, computed from the parent's state root", async () => {
      const b = await appendBatch(fx, { steps: 8n });
      const id = await open(b);
      const g = await bisect(id, () => false);
      assert.deepEqual([g.lo, g.hi], [0, 1]);
      assert.equal(g.agreed, startCommitmentOf(b.record.parentStateRoot));
      await send(publicClient, fx.verifier.write.setResult([ctxOf(g, b.record), g.disputed, randomHex(32)]));
      await send(publicClient, fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]));
      assert.equal((await fx.game().read.getGame([id])).status, Status.ProposerWon);
    });

    it("a one-step batch goes straight to the proof, which anyone may submit", async () => {
      const b = await appendBatch(fx, { steps: 1n });
      const id = await open(b);
      assert.deepEqual((await fx.game().read.moverOf([id]))[0], Mover.Challenger);
      const g = await fx.game().read.getGame([id]);
      await send(
        publicClient,
        fx.verifier.write.setResult([ctxOf(g, b.record), randomHex(32), b.record.stateRoot]),
      );
      await send(publicClient, fx.game(fx.bob).write.proveStep([id, b.record, "0x01"]));
      assert.equal((await fx.game().read.getGame([id])).status, Status.ProposerWon);
    });

    it("reverts when the verifier rejects the witness, and once the challenger's clock has run out", async () => {
      const b = await appendBatch(fx, { steps: 1n });
      const id = await open(b);
      const g = await fx.game().read.getGame([id]);
      await send(
        publicClient,
        fx.verifier.write.setResult([ctxOf(g, b.record), randomHex(32), randomHex(32)]),
      );
      await expectRevert(fx.game(fx.dave).write.proveStep([id, b.record, "0x"]), "EmptyWitness");
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.challengerClock);
      await expectRevert(fx.game(fx.dave).write.proveStep([id, b.record, "0x01"]), "ClockExpired", [
        id,
        Mover.Challenger,
      ]);
    });
  });

  describe("claimTimeout", () => {
    it("is refused while the mover has time", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const id = await open(b);
      const g = await fx.game().read.getGame([id]);
      await setNextTimestamp(fx, g.lastMoveAt + 100n);
      await expectRevert(fx.game(fx.dave).write.claimTimeout([id, b.record]), "ClockNotExpired", [
        id,
        Mover.Proposer,
        TEST_PARAMETERS.proposerClock - 100n,
      ]);
    });

    it("the proposer out of time loses: batch deleted, proposer slashed", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const id = await open(b);
      const g = await fx.game().read.getGame([id]);
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.proposerClock);
      const receipt = await send(publicClient, fx.game(fx.dave).write.claimTimeout([id, b.record]));
      const resolved = eventOf(receipt, disputeGameAbi, "GameResolved").args;
      assert.equal(resolved.status, Status.ChallengerWon);
      assert.equal(resolved.resolution, Resolution.ProposerTimedOut);
      assert.equal(await fx.rollup().read.batchCount(), 1n);
      await expectRevert(fx.game(fx.dave).write.claimTimeout([id, b.record]), "GameNotInProgress", [
        id,
        Status.ChallengerWon,
      ]);
    });

    it("the challenger out of time loses: the proposer takes its bond minus the burn", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const id = await open(b);
      await reveal(id);
      const g = await fx.game().read.getGame([id]);
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.challengerClock);
      const receipt = await send(publicClient, fx.game(fx.dave).write.claimTimeout([id, b.record]));
      const resolved = eventOf(receipt, disputeGameAbi, "GameResolved").args;
      assert.equal(resolved.status, Status.ProposerWon);
      assert.equal(resolved.resolution, Resolution.ChallengerTimedOut);
      assert.equal(await fx.game().read.creditOf([fx.sequencer.account.address]), BOND - BURN);
    });

    it("refuses another record, and a game whose batch was deleted (it must be cancelled)", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const later = await appendBatch(fx, { steps: 4n });
      const first = await open(b);
      const second = await open(later, fx.dave);
      await expectRevert(fx.game(fx.dave).write.claimTimeout([second, b.record]), "BatchRecordMismatch", [
        second,
      ]);
      const g = await fx.game().read.getGame([second]);
      await mineAt(fx, g.lastMoveAt + TEST_PARAMETERS.proposerClock);
      await send(publicClient, fx.game(fx.dave).write.claimTimeout([first, b.record]));
      await expectRevert(fx.game(fx.dave).write.claimTimeout([second, later.record]), "BatchDeleted", [
        second,
      ]);
      await expectRevert(fx.game(fx.dave).write.proveStep([second, later.record, "0x01"]), "BatchDeleted", [
        second,
      ]);
    });
  });

  describe("cancelGame", () => {
    it("returns the challenger's bond once another game deleted the batch", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const later = await appendBatch(fx, { steps: 4n });
      const winner = await open(b, fx.carol);
      const sameBatch = await open(b, fx.dave);
      const laterBatch = await open(later, fx.bob);
      await expectRevert(fx.game(fx.alice).write.cancelGame([sameBatch]), "BatchStillLive", [sameBatch]);
      const g = await fx.game().read.getGame([winner]);
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.proposerClock);
      await send(publicClient, fx.game(fx.alice).write.claimTimeout([winner, b.record]));
      for (const [id, challenger] of [
        [sameBatch, fx.dave],
        [laterBatch, fx.bob],
      ] as const) {
        const receipt = await send(publicClient, fx.game(fx.alice).write.cancelGame([id]));
        assert.deepEqual(eventOf(receipt, disputeGameAbi, "GameResolved").args, {
          gameId: id,
          status: Status.Cancelled,
          resolution: Resolution.BatchDeleted,
          winnerCredit: BOND,
          burned: 0n,
        });
        assert.equal(await fx.game().read.creditOf([challenger.account.address]), BOND);
        await expectRevert(fx.game(fx.alice).write.cancelGame([id]), "GameNotInProgress", [
          id,
          Status.Cancelled,
        ]);
      }
      assert.equal(await fx.rollup().read.openGames([b.recordHash]), 0n);
      assert.equal(await fx.rollup().read.openGames([later.recordHash]), 0n);
      // Everything the contract holds is owed or burned.
      const owed =
        (await fx.game().read.creditOf([fx.carol.account.address])) +
        (await fx.game().read.creditOf([fx.dave.account.address])) +
        (await fx.game().read.creditOf([fx.bob.account.address])) +
        (await fx.game().read.burned());
      assert.equal(await balanceOf(fx.deployment.addresses.disputeGame), owed);
    });
  });

  describe("withdrawCredit", () => {
    it("pays the caller's credit to the address it names, once", async () => {
      const b = await appendBatch(fx, { steps: 4n });
      const id = await open(b);
      const g = await fx.game().read.getGame([id]);
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.proposerClock);
      await send(publicClient, fx.game(fx.dave).write.claimTimeout([id, b.record]));
      const credit = BOND + SLASH - SLASH_BURN;
      const before = await balanceOf(fx.bob.account.address);
      const receipt = await send(
        publicClient,
        fx.game(fx.carol).write.withdrawCredit([fx.bob.account.address]),
      );
      assert.equal(await balanceOf(fx.bob.account.address), before + credit);
      assert.deepEqual(eventOf(receipt, disputeGameAbi, "CreditWithdrawn").args, {
        account: getAddress(fx.carol.account.address),
        to: getAddress(fx.bob.account.address),
        amount: credit,
      });
      await expectRevert(fx.game(fx.carol).write.withdrawCredit([fx.carol.account.address]), "NoCredit", [
        getAddress(fx.carol.account.address),
      ]);
      assert.equal(await balanceOf(fx.deployment.addresses.disputeGame), SLASH_BURN);
    });

    it("cannot be re-entered, and reverts when the receiver refuses the ETH", async () => {
      const account = await deployTestAccount(fx, fx.carol);
      const game = fx.deployment.addresses.disputeGame;
      const b = await appendBatch(fx, { steps: 4n });
      const openCall = encodeFunctionData({
        abi: disputeGameAbi,
        functionName: "openGame",
        args: [b.record],
      });
      await send(publicClient, account.write.execute([game, openCall], { value: BOND }));
      const g = await fx.game().read.getGame([0n]);
      await setNextTimestamp(fx, g.lastMoveAt + TEST_PARAMETERS.proposerClock);
      await send(publicClient, fx.game(fx.dave).write.claimTimeout([0n, b.record]));
      const withdraw = encodeFunctionData({
        abi: disputeGameAbi,
        functionName: "withdrawCredit",
        args: [account.address],
      });
      await send(publicClient, account.write.setRejectEth([true]));
      await expectRevert(account.write.execute([game, withdraw]), "CallFailed");
      await send(publicClient, account.write.setRejectEth([false]));
      await send(publicClient, account.write.setHook([game, withdraw]));
      await send(publicClient, account.write.execute([game, withdraw]));
      assert.equal(await account.read.hookSucceeded(), false);
      assert.equal(await account.read.hookResult(), "0x3ee5aeb5"); // ReentrancyGuardReentrantCall()
      assert.equal(await balanceOf(account.address), BOND + SLASH - SLASH_BURN);
    });
  });

  describe("receive and constructor", () => {
    it("takes ETH only from the Rollup", async () => {
      await expectRevert(
        fx.alice.sendTransaction({ to: fx.deployment.addresses.disputeGame, value: 1n }),
        "OnlyRollup",
        [getAddress(fx.alice.account.address)],
      );
    });

    it("refuses out-of-range parameters", async () => {
      const { abi, bytecode } = readArtifact("DisputeGame");
      const a = fx.deployment.addresses;
      const good = [a.rollup, a.stepVerifier, ETHER, 10n, 10n, 100n] as const;
      const cases: [number, unknown, string][] = [
        [0, zeroAddress, "rollup"],
        [1, zeroAddress, "stepVerifier"],
        [2, 0n, "challengerBond"],
        [3, 0n, "proposerClock"],
        [4, 0n, "challengerClock"],
        [5, 10_001n, "burnBps"],
      ];
      for (const [position, value, name] of cases) {
        const args = [...good] as unknown[];
        args[position] = value;
        await expectRevert(fx.deployer.deployContract({ abi, bytecode, args }), "InvalidParameter", [name]);
      }
    });
  });
});
