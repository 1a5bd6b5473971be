// The fraud-proof game (docs/protocol.md §8): the rules both the proposer and the challenger follow.

export {
  BisectionError,
  challengerAgrees,
  type FinalClaim,
  type Interval,
  initialInterval,
  isProofOwed,
  isProposerRight,
  maxBisectionRounds,
  midpoint,
  nextInterval,
  proposerReveal,
  provenStep,
  type StepOutcome,
} from "./bisection.ts";
