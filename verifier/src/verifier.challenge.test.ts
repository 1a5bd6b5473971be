// (b) A batch with a wrong root, on a real Hardhat L1 with the real StepVerifier: the verifier opens a
// game with its bond, plays the bisection against the test proposer, which defends its lie with its
// own (wrong) commitments, submits the one-step proof and wins: the batch is deleted, the proposer
// slashed, the challenger paid. The replay unwinds the deleted batch and agrees with the honest batch
// appended in its place. Then several verifiers at once against a proposer that stays silent: two
// challengers each open their own game, the first to claim the timeout wins, the other game is
// cancelled with its bond returned, and a watch-only verifier only reports. Real PostgreSQL and Redis
// when DATABASE_URL and REDIS_URL are set.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { disputeGameAbi, rollupAbi } from "@halcyon/node-common";
import { bytesToHex } from "@halcyon/protocol";
import { privateKeyToAccount } from "viem/accounts";
import { ETHER, startTestL1, TEST_L1_PARAMETERS, type TestL1 } from "./testing/testL1.ts";
import { type ProposedBatch, TestProposer } from "./testing/testProposer.ts";
import { createTestVerifier, type TestVerifierHandle } from "./testing/testVerifier.ts";
import type { Verifier } from "./verifier.ts";

let l1: TestL1;
let proposer: TestProposer;
let handle: TestVerifierHandle;
let verifier: Verifier;
let challenger: `0x${string}`;

before(async () => {
  l1 = await startTestL1();
  proposer = new TestProposer(l1);
  const key = await l1.newFundedKey(10n);
  challenger = privateKeyToAccount(key).address;
  handle = await createTestVerifier(l1, "challenger", { privateKey: key, confirmations: 0 });
  verifier = await handle.open();
});

after(async () => {
  await handle?.cleanup();
  await l1?.close();
});

async function syncUp(maxPasses = 50): Promise<void> {
  for (let i = 0; i < maxPasses; i++) if ((await verifier.runOnce()).caughtUp) return;
  throw new Error("the verifier did not catch up");
}

async function gameCount(): Promise<bigint> {
  return l1.publicClient.readContract({
    address: l1.deployment.addresses.disputeGame,
    abi: disputeGameAbi,
    functionName: "gameCount",
  });
}

/**
 * Steps the game deterministically: a verifier pass (which enqueues the challenger's move), the move
 * landing on L1, then the proposer's reveal when one is owed. Ends when the game is over.
 */
async function playOut(gameId: bigint, lying: ProposedBatch): Promise<{ reveals: number }> {
  let reveals = 0;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await verifier.runOnce();
    const outcome = await proposer.defend(gameId, lying);
    if (outcome === "over") return { reveals };
    if (outcome === "revealed") reveals++;
    else await sleep(25); // the challenger's move is on its way through the queue
  }
  throw new Error("the game did not end in time");
}

describe("verifier against a wrong state root", () => {
  test("(b) opens a game, wins the bisection and the one-step proof; the batch is deleted, the challenger paid", async () => {
    for (let w = 0; w < 3; w++) await proposer.depositEth(w, 10n * ETHER);
    await proposer.append([{ txs: [proposer.transfer(0, 1, 1n), proposer.transfer(1, 2, 2n)] }]);
    const noncesBeforeLie = proposer.nonces;
    const lying = await proposer.append(
      [
        { txs: [proposer.transfer(0, 3, 3n), proposer.transfer(1, 4, 4n), proposer.transfer(2, 5, 5n)] },
        { txs: [proposer.transfer(0, 6, 6n), proposer.transfer(1, 0, 7n), proposer.transfer(2, 1, 8n)] },
      ],
      { lie: { afterStep: 5, mint: 5n * ETHER } },
    );
    assert.notEqual(bytesToHex(lying.honestRoot), lying.record.stateRoot);
    const balanceBefore = await l1.publicClient.getBalance({ address: challenger });

    await syncUp();
    const last = verifier.replayer.last!;
    assert.equal(last.index, 2n);
    assert.equal(last.agreed, false);
    assert.equal(bytesToHex(last.computedRoot), bytesToHex(lying.honestRoot));

    // The open move goes through the queue; wait for the game to exist.
    const deadline = Date.now() + 20_000;
    while ((await gameCount()) === 0n) {
      if (Date.now() > deadline) throw new Error("no game was opened");
      await verifier.runOnce();
      await sleep(25);
    }
    const status = await verifier.status();
    assert.equal(status.challenger.games.length, 1);
    const gameId = BigInt(status.challenger.games[0]!.gameId);
    assert.equal(status.challenger.games[0]!.batchIndex, "2");
    assert.equal(status.challenger.bondsLockedWei, TEST_L1_PARAMETERS.challengerBond.toString());

    const { reveals } = await playOut(gameId, lying);
    assert.ok(reveals >= 2, `bisection took ${reveals} rounds`);
    const game = await l1.publicClient.readContract({
      address: l1.deployment.addresses.disputeGame,
      abi: disputeGameAbi,
      functionName: "getGame",
      args: [gameId],
    });
    assert.equal(game.status, 3, "ChallengerWon");
    // The lie starts after step 5: the proof is of step 4 -> 5.
    assert.equal(game.lo, 4);
    assert.equal(game.hi, 5);
    assert.equal(
      await l1.publicClient.readContract({
        address: l1.deployment.addresses.rollup,
        abi: rollupAbi,
        functionName: "batchCount",
      }),
      2n,
      "the lying batch is deleted",
    );

    // The verifier sees the deletion, unwinds, marks the game won and withdraws its credit.
    const payDeadline = Date.now() + 20_000;
    for (;;) {
      await verifier.runOnce();
      const credit = await l1.publicClient.readContract({
        address: l1.deployment.addresses.disputeGame,
        abi: disputeGameAbi,
        functionName: "creditOf",
        args: [challenger],
      });
      const s = await verifier.status();
      if (credit === 0n && s.challenger.games[0]?.status === "challenger-won") break;
      if (Date.now() > payDeadline) throw new Error("the credit was not withdrawn");
      await sleep(25);
    }
    const balanceAfter = await l1.publicClient.getBalance({ address: challenger });
    // Bond back plus the slashed proposer bond less the burned share, less gas.
    const slashedShare = (TEST_L1_PARAMETERS.proposerBond * (10_000n - TEST_L1_PARAMETERS.burnBps)) / 10_000n;
    assert.ok(
      balanceAfter - balanceBefore > slashedShare - ETHER / 100n,
      `paid ${balanceAfter - balanceBefore}`,
    );
    assert.equal(verifier.replayer.last?.index, 1n, "the replay unwound the deleted batch");
    assert.equal(verifier.replayer.last?.agreed, true);

    // The proposer bonds again and appends the honest batch: the verifier agrees, no second game.
    await proposer.bond();
    proposer.dropFrom(2n);
    proposer.resetNonces(noncesBeforeLie);
    const honest = await proposer.append([
      { txs: [proposer.transfer(0, 3, 3n), proposer.transfer(1, 4, 4n), proposer.transfer(2, 5, 5n)] },
    ]);
    await syncUp();
    assert.equal(verifier.replayer.last?.index, 2n);
    assert.equal(verifier.replayer.last?.recordHash, honest.recordHash);
    assert.equal(verifier.replayer.last?.agreed, true);
    assert.equal(await gameCount(), 1n);
    const final = await verifier.status();
    assert.equal(final.replay.rootsDisputed, "0");
    assert.equal(final.challenger.bondsLockedWei, "0");
  });

  test("several verifiers against a silent proposer: both challengers join, one wins by timeout, the other is cancelled and refunded", async () => {
    const keyB = await l1.newFundedKey(10n);
    const challengerB = privateKeyToAccount(keyB).address;
    const second = await createTestVerifier(l1, "second", { privateKey: keyB, confirmations: 0 });
    const watcher = await createTestVerifier(l1, "watcher", { confirmations: 0 });
    try {
      const verifierB = await second.open();
      const watching = await watcher.open();
      const all = [verifier, verifierB, watching];
      const passes = async () => {
        for (const v of all) await v.runOnce();
      };

      // A lie, and an honest-looking batch built on top of it.
      await proposer.append([{ txs: [proposer.transfer(0, 7, 1n), proposer.transfer(1, 8, 1n)] }], {
        lie: { afterStep: 1, mint: ETHER },
      });
      await proposer.append([{ txs: [proposer.transfer(2, 9, 1n)] }]);
      await passes();
      for (const v of all) {
        assert.equal(v.replayer.last?.index, 3n, "replay waits on the disputed batch");
        assert.equal(v.replayer.last?.agreed, false);
      }
      const deadline = Date.now() + 20_000;
      while ((await gameCount()) < 3n) {
        if (Date.now() > deadline) throw new Error("the two challengers did not both open a game");
        await passes();
        await sleep(25);
      }
      const watched = await watching.status();
      assert.equal(watched.challenger.mode, "watch-only");
      assert.equal(watched.challenger.games.length, 0);
      assert.equal(watched.replay.rootsDisputed, "1");
      const gameA = BigInt((await verifier.status()).challenger.games.at(-1)!.gameId);
      const gameB = BigInt((await verifierB.status()).challenger.games[0]!.gameId);
      assert.notEqual(gameA, gameB);

      // The proposer never reveals: once its clock is out, the challengers claim the timeout.
      await l1.testClient.increaseTime({ seconds: Number(TEST_L1_PARAMETERS.proposerClock) });
      await l1.testClient.mine({ blocks: 1 });
      const statusOf = async (id: bigint) =>
        (
          await l1.publicClient.readContract({
            address: l1.deployment.addresses.disputeGame,
            abi: disputeGameAbi,
            functionName: "getGame",
            args: [id],
          })
        ).status;
      const settleDeadline = Date.now() + 30_000;
      for (;;) {
        await passes();
        const [a, b] = [await statusOf(gameA), await statusOf(gameB)];
        const creditB = await l1.publicClient.readContract({
          address: l1.deployment.addresses.disputeGame,
          abi: disputeGameAbi,
          functionName: "creditOf",
          args: [challengerB],
        });
        // One game won (3), the other cancelled (4), and every credit withdrawn.
        if (a !== 1 && b !== 1 && creditB === 0n && verifierB.replayer.last?.index === 2n) break;
        if (Date.now() > settleDeadline) throw new Error(`games did not settle: ${a}, ${b}`);
        await sleep(25);
      }
      const outcomes = [await statusOf(gameA), await statusOf(gameB)].sort();
      assert.deepEqual(outcomes, [3, 4], "one ChallengerWon, one Cancelled");
      assert.equal(
        await l1.publicClient.readContract({
          address: l1.deployment.addresses.rollup,
          abi: rollupAbi,
          functionName: "batchCount",
        }),
        3n,
        "the lie and the batch on top of it are deleted",
      );
      for (const v of all) {
        await v.runOnce();
        assert.equal(v.replayer.last?.index, 2n, "every verifier unwound to the parent of the lie");
        assert.equal(v.replayer.last?.agreed, true);
      }
      assert.equal((await verifierB.status()).challenger.bondsLockedWei, "0");
    } finally {
      await second.cleanup();
      await watcher.cleanup();
    }
  });
});
