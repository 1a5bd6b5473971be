import { BaseError } from "@halcyon/protocol";

// The SDK's errors share the project's one error base (packages/protocol/src/errors.ts): a literal `name`
// to branch on, a short message, plain-data details and a cause chain.

export { BaseError };

/** An argument the protocol or the Bridge would refuse (a zero amount, the zero address, …). */
export class InvalidArgumentError extends BaseError {
  override name = "InvalidArgumentError";
}

/** An amount that must be positive was zero or negative. */
export class InvalidAmountError extends BaseError {
  override name = "InvalidAmountError";
}

/** The client is connected to another chain than the one the action is for. */
export class ChainMismatchError extends BaseError {
  override name = "ChainMismatchError";
}

/** The client has no account (or the ethers runner is not a Signer) to send from. */
export class AccountNotFoundError extends BaseError {
  override name = "AccountNotFoundError";
}

/** A transaction was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
}

/** A receipt lacks the event the action expected (the contract is not Halcyon's Bridge?). */
export class EventNotFoundError extends BaseError {
  override name = "EventNotFoundError";
}

/** A rollup_* JSON-RPC answer did not have the documented shape. */
export class InvalidRpcResponseError extends BaseError {
  override name = "InvalidRpcResponseError";
}

/** waitForBatchFinality gave up. */
export class WaitTimeoutError extends BaseError {
  override name = "WaitTimeoutError";
}

/** A batch is no longer on L1: a won challenge deleted it (its transactions go into later batches). */
export class BatchDeletedError extends BaseError {
  override name = "BatchDeletedError";
}
