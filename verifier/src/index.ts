// @halcyon/verifier: follows L1, rebuilds every batch from calldata, replays it with the protocol
// package in its own store, and challenges wrong state roots. It needs nothing from the sequencer.

export { Challenger, type ChallengerOptions, type ChallengerStatus } from "./challenge/challenger.ts";
export { type GameView, readGame } from "./challenge/gameView.ts";
export { L1Sender, MoveRevertedError } from "./challenge/l1Sender.ts";
export { type MoveJob, moveJobId } from "./challenge/moveJobs.ts";
export { answerMidpoint, type Move, nextMove } from "./challenge/nextMove.ts";
export { loadVerifierConfig, VERIFIER_CONFIG, type VerifierConfig } from "./config.ts";
export { DerivationPipeline, type StepOutcome } from "./derive/derivationPipeline.ts";
export type {
  DerivedBatch,
  DerivedHead,
  DerivedItem,
  DerivedQueueEntry,
  L1BlockRef,
} from "./derive/types.ts";
export {
  CriticalError,
  describeError,
  type ErrorGrade,
  gradeOf,
  ResetError,
  TemporaryError,
  VerifierError,
} from "./errors.ts";
export { createRecordingTree, type LeafChange, type RecordingTree } from "./replay/recordingTree.ts";
export { type ReplayInput, type ReplayOutcome, replayBatch } from "./replay/replayBatch.ts";
export { Replayer } from "./replay/replayer.ts";
export { type ReplayEngine, replayInOrder } from "./replay/replayPipeline.ts";
export { type PrerecoveredSenders, prerecoverSenders } from "./replay/senderPrerecovery.ts";
export { type StatusServer, startStatusServer } from "./status/statusServer.ts";
export { SyncProgress, type SyncSnapshot } from "./status/syncProgress.ts";
export { createVerifierMetrics, type VerifierMetrics } from "./status/verifierMetrics.ts";
export { VERIFIER_MIGRATIONS } from "./store/migrations.ts";
export {
  createVerifier,
  type TickSummary,
  type Verifier,
  type VerifierOptions,
  type VerifierStatus,
} from "./verifier.ts";
