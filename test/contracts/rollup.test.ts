import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { encodeFunctionData, getAddress } from "viem";
import { rollupAbi } from "../../packages/node-common/src/l1/abis.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import {
  appendArgs,
  appendBatch,
  createFixture,
  dataRootOf,
  deployTestAccount,
  depositEth,
  ETHER,
  eventOf,
  eventsOf,
  expectRevert,
  GENESIS_HEADER,
  header,
  mineAt,
  queueWitness,
  randomHex,
  recordHashOf,
  send,
  setNextTimestamp,
  stateRootOf,
  TEST_PARAMETERS,
} from "./fixture.ts";

const fx = await createFixture();
const { publicClient } = fx;

describe("Rollup", () => {
  beforeEach(fx.reset);

  describe("genesis", () => {
    it("starts with the genesis batch (docs/protocol.md §2.4), final from the start", async () => {
      const rollup = fx.rollup();
      const genesis = fx.deployment.genesis;
      assert.equal(genesis.record.stateRoot, stateRootOf(GENESIS_HEADER));
      assert.equal(genesis.recordHash, recordHashOf(genesis.record));
      assert.equal(await rollup.read.batchHash([0n]), genesis.recordHash);
      assert.equal(await rollup.read.batchCount(), 1n);
      assert.equal(await rollup.read.finalizedCount(), 1n);
      assert.equal(await rollup.read.isFinal([0n]), true);
      assert.equal(await rollup.read.lastStateRoot(), genesis.record.stateRoot);
      assert.equal(await rollup.read.lastQueueApplied(), 0n);
      assert.equal(await rollup.read.epoch(), 0n);
      assert.equal(genesis.record.steps, 0);
      assert.equal(await rollup.read.hashRecord([genesis.record]), genesis.recordHash);
    });
  });

  describe("appendBatch", () => {
    it("appends a batch by the sequencer and records its hash, parent, queue position and time", async () => {
      await depositEth(fx, fx.alice, fx.alice.account.address, 5n);
      await depositEth(fx, fx.alice, fx.bob.account.address, 7n);
      const data = randomHex(2_500);
      const h = header({ queueApplied: 1n });
      const parent = await fx.rollup().read.lastStateRoot();
      const b = await appendBatch(fx, { data, steps: 40n, header: h });
      const block = await publicClient.getBlock({ blockNumber: b.receipt.blockNumber });
      assert.deepEqual(b.record, {
        index: 1n,
        epoch: 0n,
        dataRoot: dataRootOf(data),
        parentStateRoot: parent,
        stateRoot: stateRootOf(h),
        steps: 40,
        queueStart: 0n,
        queueLimit: 2n,
        queueApplied: 1n,
        appendedAt: block.timestamp,
        proposer: getAddress(fx.sequencer.account.address),
      });
      const event = eventOf(b.receipt, rollupAbi, "BatchAppended");
      assert.equal(event.args.index, 1n);
      assert.deepEqual(event.args.header, h);
      assert.equal(b.recordHash, recordHashOf(b.record));
      const rollup = fx.rollup();
      assert.equal(await rollup.read.batchHash([1n]), b.recordHash);
      assert.equal(await rollup.read.batchCount(), 2n);
      assert.equal(await rollup.read.lastStateRoot(), stateRootOf(h));
      assert.equal(await rollup.read.lastQueueApplied(), 1n);
      assert.equal(await rollup.read.isLive([1n, b.recordHash]), true);
      assert.equal(await rollup.read.isFinal([1n]), false);
      assert.equal(
        await rollup.read.escapeHatchOpensAt(),
        block.timestamp + TEST_PARAMETERS.inactivityPeriod,
      );
    });

    it("chains batches: each one's parent is the previous one's state root", async () => {
      const first = await appendBatch(fx);
      const second = await appendBatch(fx);
      assert.equal(second.record.index, 2n);
      assert.equal(second.record.parentStateRoot, first.record.stateRoot);
    });

    it("computes dataRoot exactly as the protocol package does (§6.2), at chunk boundaries and the cap", async () => {
      for (const length of [1, 31, 32, 1023, 1024, 1025, 2048, 3000, 65_536, 78_000, 119_999, 120_000]) {
        const data = randomHex(length);
        const b = await appendBatch(fx, { data });
        assert.equal(b.record.dataRoot, dataRootOf(data), `length ${length}`);
      }
    });

    it("refuses another caller while the sequencer is active, then lets anyone bonded append", async () => {
      const rollup = fx.rollup(fx.alice);
      await send(publicClient, rollup.write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
      const openAt = await rollup.read.escapeHatchOpensAt();
      const args = await appendArgs(fx);
      await setNextTimestamp(fx, openAt - 1n);
      await expectRevert(rollup.write.appendBatch(args), "SequencerOnly", [
        getAddress(fx.alice.account.address),
        openAt,
      ]);
      await setNextTimestamp(fx, openAt);
      const receipt = await send(publicClient, rollup.write.appendBatch(args));
      const event = eventOf(receipt, rollupAbi, "BatchAppended");
      assert.equal(event.args.record.proposer, getAddress(fx.alice.account.address));
      // The escape hatch closes again: the inactivity period restarts from the append.
      const bob = fx.rollup(fx.bob);
      await send(publicClient, bob.write.depositBond({ value: TEST_PARAMETERS.proposerBond }));
      await expectRevert(bob.write.appendBatch(await appendArgs(fx)), "SequencerOnly");
    });

    it("refuses an unbonded caller once the escape hatch is open", async () => {
      await mineAt(fx, await fx.rollup().read.escapeHatchOpensAt());
      await expectRevert(fx.rollup(fx.bob).write.appendBatch(await appendArgs(fx)), "ProposerNotBonded", [
        getAddress(fx.bob.account.address),
        0n,
        TEST_PARAMETERS.proposerBond,
      ]);
    });

    it("refuses a bond below PROPOSER_BOND, and a proposer that requested its bond's exit", async () => {
      const alice = fx.rollup(fx.alice);
      await send(publicClient, alice.write.depositBond({ value: TEST_PARAMETERS.proposerBond - 1n }));
      await mineAt(fx, await alice.read.escapeHatchOpensAt());
      await expectRevert(alice.write.appendBatch(await appendArgs(fx)), "ProposerNotBonded");
      await send(publicClient, fx.rollup(fx.sequencer).write.requestBondExit());
      await expectRevert(
        fx.rollup(fx.sequencer).write.appendBatch(await appendArgs(fx)),
        "ProposerNotBonded",
      );
    });

    it("refuses empty data and data over MAX_BATCH_BYTES", async () => {
      const rollup = fx.rollup();
      const [, steps, h, parent, entry] = await appendArgs(fx);
      await expectRevert(rollup.write.appendBatch(["0x", steps, h, parent, entry]), "InvalidDataLength", [
        0n,
      ]);
      await expectRevert(
        rollup.write.appendBatch([randomHex(120_001), steps, h, parent, entry]),
        "InvalidDataLength",
        [120_001n],
      );
    });

    it("refuses 0 steps and more than MAX_BATCH_STEPS, accepts MAX_BATCH_STEPS", async () => {
      const rollup = fx.rollup();
      const [data, , h, parent, entry] = await appendArgs(fx);
      await expectRevert(rollup.write.appendBatch([data, 0n, h, parent, entry]), "InvalidStepCount", [0n]);
      await expectRevert(rollup.write.appendBatch([data, 4097n, h, parent, entry]), "InvalidStepCount", [
        4097n,
      ]);
      const receipt = await send(publicClient, rollup.write.appendBatch([data, 4096n, h, parent, entry]));
      assert.equal(eventOf(receipt, rollupAbi, "BatchAppended").args.record.steps, 4096);
    });

    it("refuses a batch built on another parent", async () => {
      const wrong = randomHex(32);
      await expectRevert(
        fx.rollup().write.appendBatch(await appendArgs(fx, { parent: wrong })),
        "ParentStateRootMismatch",
        [wrong, await fx.rollup().read.lastStateRoot()],
      );
    });

    it("refuses a queue position below the parent's or beyond the queue", async () => {
      await depositEth(fx, fx.alice, fx.alice.account.address, 1n);
      await depositEth(fx, fx.alice, fx.alice.account.address, 1n);
      await appendBatch(fx, { header: header({ queueApplied: 1n }) });
      await expectRevert(
        fx.rollup().write.appendBatch(await appendArgs(fx, { header: header({ queueApplied: 0n }) })),
        "QueueRewound",
        [0n, 1n],
      );
      await expectRevert(
        fx.rollup().write.appendBatch(await appendArgs(fx, { header: header({ queueApplied: 3n }) })),
        "QueueOverrun",
        [3n, 2n],
      );
      // All of it, and none of the rest, are fine.
      await appendBatch(fx, { header: header({ queueApplied: 1n }) });
      await appendBatch(fx, { header: header({ queueApplied: 2n }) });
    });

    it("refuses a witness of the first unapplied entry that does not match the Bridge's hash", async () => {
      await depositEth(fx, fx.alice, fx.alice.account.address, 1n);
      const witness = await queueWitness(fx, 0n);
      for (const bad of [
        { ...witness, timestamp: witness.timestamp + 1n },
        { ...witness, dataHash: randomHex(32) },
      ]) {
        await expectRevert(
          fx.rollup().write.appendBatch(await appendArgs(fx, { nextEntry: bad })),
          "QueueEntryMismatch",
          [0n],
        );
      }
      await appendBatch(fx, { nextEntry: witness });
    });

    it("refuses a batch that leaves an entry older than FORCE_INCLUSION_DELAY unapplied", async () => {
      await depositEth(fx, fx.alice, fx.alice.account.address, 1n);
      await depositEth(fx, fx.alice, fx.bob.account.address, 2n);
      const first = await queueWitness(fx, 0n);
      const due = first.timestamp + TEST_PARAMETERS.forceInclusionDelay;
      // One second before it is due, skipping it is still fine.
      await setNextTimestamp(fx, due - 1n);
      await appendBatch(fx, { header: header({ queueApplied: 0n }) });
      await setNextTimestamp(fx, due);
      await expectRevert(fx.rollup().write.appendBatch(await appendArgs(fx)), "ForcedInclusionOverdue", [
        0n,
        first.timestamp,
      ]);
      // Applying it (and leaving the younger second entry) is fine.
      await setNextTimestamp(fx, due);
      const b = await appendBatch(fx, { header: header({ queueApplied: 1n }) });
      assert.equal(b.record.queueStart, 0n);
      assert.equal(b.record.queueApplied, 1n);
      assert.equal(b.record.queueLimit, 2n);
    });
  });

  describe("bonds", () => {
    it("depositBond adds to the caller's bond; zero is refused", async () => {
      const rollup = fx.rollup(fx.alice);
      const receipt = await send(publicClient, rollup.write.depositBond({ value: 3n }));
      assert.deepEqual(eventOf(receipt, rollupAbi, "BondDeposited").args, {
        proposer: getAddress(fx.alice.account.address),
        amount: 3n,
        total: 3n,
      });
      await send(publicClient, rollup.write.depositBond({ value: 4n }));
      assert.deepEqual(await rollup.read.bondOf([fx.alice.account.address]), { amount: 7n, exitAfter: 0n });
      await expectRevert(rollup.write.depositBond({ value: 0n }), "ZeroBondDeposit");
    });

    it("requestBondExit needs a bond, happens once, and fixes the batches that must be final first", async () => {
      await expectRevert(fx.rollup(fx.alice).write.requestBondExit(), "NoBond");
      await appendBatch(fx);
      const rollup = fx.rollup(fx.sequencer);
      const receipt = await send(publicClient, rollup.write.requestBondExit());
      assert.equal(eventOf(receipt, rollupAbi, "BondExitRequested").args.exitAfter, 2n);
      await expectRevert(rollup.write.requestBondExit(), "BondExitAlreadyRequested");
    });

    it("withdrawBond pays the whole bond once every batch that existed at the exit request is final", async () => {
      const b = await appendBatch(fx);
      const rollup = fx.rollup(fx.sequencer);
      await expectRevert(rollup.write.withdrawBond(), "BondLocked", [
        getAddress(fx.sequencer.account.address),
        0n,
        1n,
      ]);
      await send(publicClient, rollup.write.requestBondExit());
      await expectRevert(rollup.write.withdrawBond(), "BondLocked", [
        getAddress(fx.sequencer.account.address),
        2n,
        1n,
      ]);
      await mineAt(fx, b.record.appendedAt + TEST_PARAMETERS.challengeWindow);
      await send(publicClient, fx.rollup(fx.dave).write.finalizeBatches([b.record]));
      const before = await publicClient.getBalance({ address: fx.sequencer.account.address });
      const receipt = await send(publicClient, rollup.write.withdrawBond());
      const gas = receipt.gasUsed * receipt.effectiveGasPrice;
      const after = await publicClient.getBalance({ address: fx.sequencer.account.address });
      assert.equal(after - before + gas, TEST_PARAMETERS.proposerBond);
      assert.equal(eventOf(receipt, rollupAbi, "BondWithdrawn").args.amount, TEST_PARAMETERS.proposerBond);
      assert.deepEqual(await rollup.read.bondOf([fx.sequencer.account.address]), {
        amount: 0n,
        exitAfter: 0n,
      });
      await expectRevert(rollup.write.withdrawBond(), "NoBond");
    });

    it("withdrawBond cannot be re-entered, and reverts when the proposer refuses the ETH", async () => {
      const account = await deployTestAccount(fx, fx.alice);
      const rollupAddress = fx.deployment.addresses.rollup;
      const call = (functionName: "depositBond" | "requestBondExit" | "withdrawBond") =>
        encodeFunctionData({ abi: rollupAbi, functionName });
      await send(publicClient, account.write.execute([rollupAddress, call("depositBond")], { value: 5n }));
      await send(publicClient, account.write.execute([rollupAddress, call("requestBondExit")]));
      await send(publicClient, account.write.setHook([rollupAddress, call("withdrawBond")]));
      await send(publicClient, account.write.setRejectEth([true]));
      await expectRevert(account.write.execute([rollupAddress, call("withdrawBond")]), "CallFailed");
      await send(publicClient, account.write.setRejectEth([false]));
      await send(publicClient, account.write.execute([rollupAddress, call("withdrawBond")]));
      assert.equal(await account.read.hookRan(), true);
      assert.equal(await account.read.hookSucceeded(), false);
      assert.equal(await account.read.hookResult(), "0x3ee5aeb5"); // ReentrancyGuardReentrantCall()
      assert.equal(await publicClient.getBalance({ address: account.address }), 5n);
    });
  });

  describe("finalizeBatches", () => {
    it("finalizes every batch up to the given one once its window has passed", async () => {
      const b1 = await appendBatch(fx);
      const b2 = await appendBatch(fx);
      const b3 = await appendBatch(fx);
      const rollup = fx.rollup(fx.dave);
      // Window of b2 still open: nothing happens, nothing reverts.
      await setNextTimestamp(fx, b2.record.appendedAt + TEST_PARAMETERS.challengeWindow - 1n);
      const quiet = await send(publicClient, rollup.write.finalizeBatches([b2.record]));
      assert.equal(eventsOf(quiet, rollupAbi, "BatchesFinalized").length, 0);
      await mineAt(fx, b2.record.appendedAt + TEST_PARAMETERS.challengeWindow);
      const receipt = await send(publicClient, rollup.write.finalizeBatches([b2.record]));
      assert.deepEqual(eventOf(receipt, rollupAbi, "BatchesFinalized").args, { fromIndex: 1n, toIndex: 3n });
      assert.equal(await rollup.read.finalizedCount(), 3n);
      assert.equal(await rollup.read.isFinal([b1.record.index]), true);
      assert.equal(await rollup.read.isFinal([b3.record.index]), false);
      // An already-final record is accepted and changes nothing.
      assert.equal((await rollup.simulate.finalizeBatches([b1.record])).result, 3n);
    });

    it("refuses a record that is not a live batch", async () => {
      const b = await appendBatch(fx);
      const rollup = fx.rollup(fx.dave);
      await expectRevert(rollup.write.finalizeBatches([{ ...b.record, steps: 99 }]), "BatchRecordMismatch", [
        1n,
      ]);
      await expectRevert(rollup.write.finalizeBatches([{ ...b.record, index: 7n }]), "BatchRecordMismatch", [
        7n,
      ]);
    });

    it("stops at a batch with an open game, and passes it once the game is over", async () => {
      const b1 = await appendBatch(fx);
      const b2 = await appendBatch(fx);
      const game = fx.game(fx.carol);
      await send(publicClient, game.write.openGame([b1.record], { value: TEST_PARAMETERS.challengerBond }));
      assert.equal(await fx.rollup().read.openGames([b1.recordHash]), 1n);
      // The proposer answers; the challenger never does.
      await send(publicClient, fx.game(fx.sequencer).write.revealMidpoint([0n, randomHex(32)]));
      await mineAt(fx, b2.record.appendedAt + TEST_PARAMETERS.challengeWindow);
      assert.equal((await fx.rollup(fx.dave).simulate.finalizeBatches([b2.record])).result, 1n);
      // The proposer wins by timeout and the game closes.
      await send(publicClient, game.write.claimTimeout([0n, b1.record]));
      assert.equal(await fx.rollup().read.openGames([b1.recordHash]), 0n);
      assert.equal((await fx.rollup(fx.dave).simulate.finalizeBatches([b2.record])).result, 3n);
    });
  });

  describe("DisputeGame hooks", () => {
    it("are refused to anyone but the DisputeGame", async () => {
      const b = await appendBatch(fx);
      const rollup = fx.rollup(fx.alice);
      const caller = getAddress(fx.alice.account.address);
      await expectRevert(rollup.write.onGameOpened([b.record]), "OnlyDisputeGame", [caller]);
      await expectRevert(rollup.write.onGameClosed([b.recordHash]), "OnlyDisputeGame", [caller]);
      await expectRevert(rollup.write.onGameLost([b.record]), "OnlyDisputeGame", [caller]);
    });
  });

  describe("constructor", () => {
    it("refuses out-of-range parameters", async () => {
      const { abi, bytecode } = readArtifact("Rollup");
      const a = fx.deployment.addresses;
      const good = [fx.sequencer.account.address, a.bridge, a.disputeGame, 10n, 10n, 10n, ETHER] as const;
      const cases: [number, unknown, string][] = [
        [1, "0x0000000000000000000000000000000000000000", "bridge"],
        [2, "0x0000000000000000000000000000000000000000", "disputeGame"],
        [3, 0n, "challengeWindow"],
        [4, 0n, "inactivityPeriod"],
        [5, 0n, "forceInclusionDelay"],
        [6, 0n, "proposerBond"],
      ];
      for (const [position, value, name] of cases) {
        const args = [...good] as unknown[];
        args[position] = value;
        await expectRevert(fx.deployer.deployContract({ abi, bytecode, args }), "InvalidParameter", [name]);
      }
    });
  });
});
