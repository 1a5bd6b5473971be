import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  BisectionError,
  challengerAgrees,
  type Interval,
  initialInterval,
  isProofOwed,
  isProposerRight,
  maxBisectionRounds,
  midpoint,
  nextInterval,
  proposerReveal,
  provenStep,
} from "./bisection.ts";

/** A made-up commitment: step `i` of a view that has been lying since `lieFrom` (never, by default). */
function commitment(i: number, lieFrom = Number.POSITIVE_INFINITY): Uint8Array {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setUint32(0, i);
  out[31] = i >= lieFrom ? 1 : 0;
  return out;
}

function view(steps: number, lieFrom?: number): Uint8Array[] {
  return Array.from({ length: steps + 1 }, (_, i) => commitment(i, lieFrom));
}

/**
 * Plays a whole game with the helpers: the proposer reveals from `proposer`, the challenger answers from
 * `challenger`; the one-step proof re-executes honestly (it returns the honest c_{lo+1} and, at the last
 * step, the honest state root, which is c_N here). Returns the proven step, the rounds and the verdict.
 */
function play(steps: number, proposer: Uint8Array[], challenger: Uint8Array[]) {
  let interval: Interval = initialInterval(steps);
  let rounds = 0;
  let disputed = proposer[steps]!;
  while (!isProofOwed(interval)) {
    const revealed = proposerReveal(proposer, interval);
    const agree = challengerAgrees(revealed, challenger, interval);
    if (!agree) disputed = revealed;
    interval = nextInterval(interval, agree);
    rounds++;
  }
  const step = provenStep(interval);
  const honest = view(steps);
  const proposerRight = isProposerRight(
    interval,
    steps,
    { disputed, claimedStateRoot: proposer[steps]! },
    { postCommitment: honest[step + 1]!, postStateRoot: honest[steps]! },
  );
  return { step, rounds, proposerRight };
}

describe("bisection", () => {
  test("the midpoint is (lo + hi) / 2 rounded down, as the DisputeGame computes it", () => {
    assert.equal(midpoint({ lo: 0, hi: 4096 }), 2048);
    assert.equal(midpoint({ lo: 0, hi: 3 }), 1);
    assert.equal(midpoint({ lo: 5, hi: 8 }), 6);
    assert.equal(midpoint({ lo: 4_294_967_293, hi: 4_294_967_295 }), 4_294_967_294);
    assert.deepEqual(nextInterval({ lo: 5, hi: 8 }, true), { lo: 6, hi: 8 });
    assert.deepEqual(nextInterval({ lo: 5, hi: 8 }, false), { lo: 5, hi: 6 });
  });

  test("one step left: no midpoint, the proof of step lo is owed", () => {
    assert.equal(isProofOwed({ lo: 6, hi: 7 }), true);
    assert.equal(provenStep({ lo: 6, hi: 7 }), 6);
    assert.throws(() => midpoint({ lo: 6, hi: 7 }), BisectionError);
    assert.throws(() => provenStep({ lo: 6, hi: 8 }), BisectionError);
    assert.throws(() => initialInterval(0), BisectionError);
    assert.throws(() => isProofOwed({ lo: 3, hi: 3 }), BisectionError);
    assert.throws(() => proposerReveal(view(2), { lo: 0, hi: 8 }), BisectionError);
  });

  test("the final comparison is by commitment below the last step and by state root at it", () => {
    const a = commitment(1);
    const b = commitment(2);
    const outcome = { postCommitment: a, postStateRoot: b };
    // hi < steps: the commitment decides, whatever the roots.
    assert.equal(isProposerRight({ lo: 0, hi: 1 }, 2, { disputed: a, claimedStateRoot: a }, outcome), true);
    assert.equal(isProposerRight({ lo: 0, hi: 1 }, 2, { disputed: b, claimedStateRoot: b }, outcome), false);
    // hi == steps: the state root decides, whatever the commitments.
    assert.equal(isProposerRight({ lo: 1, hi: 2 }, 2, { disputed: b, claimedStateRoot: b }, outcome), true);
    assert.equal(isProposerRight({ lo: 1, hi: 2 }, 2, { disputed: a, claimedStateRoot: a }, outcome), false);
    assert.throws(() => isProposerRight({ lo: 2, hi: 3 }, 2, { disputed: a, claimedStateRoot: a }, outcome));
  });

  test("rounds are at most ceil(log2(steps)): 12 for MAX_BATCH_STEPS", () => {
    assert.equal(maxBisectionRounds(1), 0);
    assert.equal(maxBisectionRounds(2), 1);
    assert.equal(maxBisectionRounds(3), 2);
    assert.equal(maxBisectionRounds(4095), 12);
    assert.equal(maxBisectionRounds(4096), 12);
    assert.equal(maxBisectionRounds(4097), 13);
  });

  test("an honest challenger pins a proposer that lies from step k on to step k-1, for every k", () => {
    for (let steps = 1; steps <= 70; steps++) {
      for (let k = 1; k <= steps; k++) {
        const result = play(steps, view(steps, k), view(steps));
        assert.equal(result.step, k - 1, `steps ${steps}, lie from ${k}`);
        assert.equal(result.proposerRight, false);
        assert.ok(result.rounds <= maxBisectionRounds(steps));
      }
    }
  });

  test("an honest proposer wins against a challenger that is wrong from any step on", () => {
    for (let steps = 1; steps <= 70; steps++) {
      for (let j = 1; j <= steps; j++) {
        const result = play(steps, view(steps), view(steps, j));
        assert.equal(result.step, j - 1, `steps ${steps}, challenger wrong from ${j}`);
        assert.equal(result.proposerRight, true);
      }
      // A challenger that disputes every midpoint halves [0, hi] down to step 0, and loses.
      const contrarian = Array.from({ length: steps + 1 }, () => new Uint8Array(32).fill(0xff));
      assert.deepEqual(play(steps, view(steps), contrarian), {
        step: 0,
        rounds: Math.floor(Math.log2(steps)),
        proposerRight: true,
      });
    }
  });
});
