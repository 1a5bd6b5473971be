// The state transition (docs/protocol.md §3, §6.4): transactions, queue entries, whole batches.

export { applyQueueEntry, type QueueOutcome } from "./applyQueueEntry.ts";
export {
  applyTransaction,
  type FailureReason,
  type IncludedOutcome,
  type InvalidReason,
  type SignedFields,
  type TxOutcome,
} from "./applyTransaction.ts";
export { type BatchContext, BatchMachine, type StepResult } from "./batchMachine.ts";
export {
  type Cursor,
  type CursorStatus,
  commitmentOf,
  INITIAL_CURSOR,
  STATUS_ENDED,
  STATUS_HALTED,
  STATUS_RUNNING,
  STATUS_START,
  stepCommitment,
} from "./cursor.ts";
export { encodingHints } from "./encodingHints.ts";
export { type BatchExecution, executeBatch, stepCommitments } from "./executeBatch.ts";
export {
  DEPOSIT_FINALIZED_TOPIC,
  depositFinalizedLog,
  type Log,
  TRANSFER_TOPIC,
  transferLog,
  WITHDRAWAL_INITIATED_TOPIC,
  withdrawalInitiatedLog,
  ZERO_ADDRESS,
} from "./logs.ts";
export { type ReadOnlyCallResult, readOnlyCall } from "./readOnlyCall.ts";
export { recoverTxSender } from "./recoverTxSender.ts";
export { type CallKind, callKindOf, requiredGas } from "./requiredGas.ts";
