import { equalBytes } from "../bytes.ts";
import { BaseError } from "../errors.ts";

// The bisection game of docs/protocol.md §8.1 as pure rules, for both sides: the proposer who defends a
// batch (the sequencer's defender) and the challenger who disputes it (the verifier's challenger).
// A side's commitments are c_0 .. c_N of stepCommitments (§6.4): index i is the commitment after i steps.
// c_lo is agreed and c_hi disputed; at hi == N the claimed state root stands for c_N.

export class BisectionError extends BaseError {
  override name = "BisectionError";
}

/** The disputed interval: c_lo agreed, c_hi disputed, 0 <= lo < hi. */
export type Interval = { readonly lo: number; readonly hi: number };

/** What the one-step proof of step lo returned (IStepVerifier.executeStep). */
export type StepOutcome = { readonly postCommitment: Uint8Array; readonly postStateRoot: Uint8Array };

/** What the proposer claims at the end: c_hi while hi < steps, else the batch's state root. */
export type FinalClaim = { readonly disputed: Uint8Array; readonly claimedStateRoot: Uint8Array };

function checkInterval({ lo, hi }: Interval): void {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < 0 || hi <= lo) {
    throw new BisectionError("not an interval", { details: { lo, hi } });
  }
}

/** The interval a game starts with: [0, steps]. */
export function initialInterval(steps: number): Interval {
  checkInterval({ lo: 0, hi: steps });
  return { lo: 0, hi: steps };
}

/** Whether the bisection is over: one step is left and its one-step proof is owed. */
export function isProofOwed(interval: Interval): boolean {
  checkInterval(interval);
  return interval.hi - interval.lo === 1;
}

/** The step whose commitment the proposer reveals next: (lo + hi) / 2 rounded down. */
export function midpoint(interval: Interval): number {
  if (isProofOwed(interval))
    throw new BisectionError("no midpoint: the proof is owed", { details: { ...interval } });
  return Math.floor((interval.lo + interval.hi) / 2);
}

function commitmentAt(commitments: readonly Uint8Array[], step: number): Uint8Array {
  const commitment = commitments[step];
  if (commitment === undefined) throw new BisectionError("no commitment for step", { details: { step } });
  return commitment;
}

/** What the proposer reveals: its own commitment at the midpoint. */
export function proposerReveal(commitments: readonly Uint8Array[], interval: Interval): Uint8Array {
  return commitmentAt(commitments, midpoint(interval));
}

/** An honest challenger's answer: agree iff the revealed commitment is its own at the midpoint. */
export function challengerAgrees(
  revealed: Uint8Array,
  commitments: readonly Uint8Array[],
  interval: Interval,
): boolean {
  return equalBytes(revealed, commitmentAt(commitments, midpoint(interval)));
}

/** The interval after an answer: [mid, hi] if the challenger agreed, else [lo, mid]. */
export function nextInterval(interval: Interval, agree: boolean): Interval {
  const mid = midpoint(interval);
  return agree ? { lo: mid, hi: interval.hi } : { lo: interval.lo, hi: mid };
}

/** The step the final one-step proof re-executes (lo -> lo + 1), once the proof is owed. */
export function provenStep(interval: Interval): number {
  if (!isProofOwed(interval))
    throw new BisectionError("the proof is not owed yet", { details: { ...interval } });
  return interval.lo;
}

/**
 * The final rule: the proposer is right iff the step's result matches its claim, by commitment while
 * hi < steps, by state root alone at hi == steps.
 */
export function isProposerRight(
  interval: Interval,
  steps: number,
  claim: FinalClaim,
  outcome: StepOutcome,
): boolean {
  provenStep(interval);
  if (interval.hi > steps)
    throw new BisectionError("interval past the batch", { details: { ...interval, steps } });
  return interval.hi < steps
    ? equalBytes(outcome.postCommitment, claim.disputed)
    : equalBytes(outcome.postStateRoot, claim.claimedStateRoot);
}

/** The most reveals (and answers) a game over `steps` steps can take: ceil(log2(steps)). */
export function maxBisectionRounds(steps: number): number {
  checkInterval({ lo: 0, hi: steps });
  let rounds = 0;
  for (let n = steps; n > 1; n = Math.ceil(n / 2)) rounds++;
  return rounds;
}
