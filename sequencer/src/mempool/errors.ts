import { BaseError, type ErrorDetails, type SenderRecoveryErrorReason } from "@halcyon/protocol";

/**
 * Why the door refused a transaction. The RPC maps each to an EIP-1474 code (rpc/errors.ts): the
 * "malformed" family to -32602 (invalid params), the rest to -32000 (transaction rejected), with
 * messages worded as geth words them, so that ethers and viem classify them (nonce too low,
 * insufficient funds, replacement underpriced, ...).
 */
export type RefusalReason =
  /** Not a well-formed transaction: bad RLP, wrong field count, a field out of range, too large. */
  | "malformed"
  /** A type other than legacy EIP-155 and EIP-1559 (EIP-2930, blob, set-code, ...). */
  | "unsupported-type"
  | "pre-eip155"
  | "contract-creation"
  | "access-list-not-empty"
  | "wrong-chain-id"
  | "bad-signature"
  | "tip-above-max-fee"
  /** Fields the batch encoding cannot hold (gas limit >= 2^32, fees >= 2^128). */
  | "unencodable"
  | "already-known"
  | "nonce-too-low"
  /** Further ahead of the account's nonce than the pool keeps. */
  | "nonce-too-high"
  | "intrinsic-gas-too-low"
  /** maxFeePerGas below the protocol's minimum base fee. */
  | "fee-too-low"
  | "insufficient-funds"
  | "replacement-underpriced"
  | "sender-limit"
  | "pool-full"
  /** The sequencer is stopping, halted, or could not persist the transaction. */
  | "unavailable";

export class TransactionRefusedError extends BaseError {
  override name = "TransactionRefusedError";
  readonly reason: RefusalReason;

  constructor(
    reason: RefusalReason,
    message: string,
    options: { details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, { details: { reason, ...options.details }, cause: options.cause });
    this.reason = reason;
  }
}

/** The refusal for a transaction that failed decoding or sender recovery. */
export function refusalOfDecodeError(
  reason: SenderRecoveryErrorReason,
  field?: string,
): TransactionRefusedError {
  const at = field === undefined ? "" : ` (${field})`;
  switch (reason) {
    case "too-large":
      return new TransactionRefusedError("malformed", "oversized data: transaction larger than 2048 bytes");
    case "malformed-rlp":
    case "wrong-field-count":
      return new TransactionRefusedError("malformed", `invalid transaction: ${reason}${at}`);
    case "bad-field":
      return new TransactionRefusedError("malformed", `invalid transaction: field out of range${at}`);
    case "unsupported-type":
      return new TransactionRefusedError(
        "unsupported-type",
        "transaction type not supported: only EIP-1559 (type 2) and legacy EIP-155 transactions are accepted",
      );
    case "pre-eip155":
      return new TransactionRefusedError(
        "pre-eip155",
        "only replay-protected (EIP-155) transactions allowed over RPC",
      );
    case "contract-creation":
      return new TransactionRefusedError("contract-creation", "contract creation is not supported");
    case "access-list-not-empty":
      return new TransactionRefusedError(
        "access-list-not-empty",
        "access lists are not supported: send an empty one",
      );
    case "wrong-chain-id":
      return new TransactionRefusedError("wrong-chain-id", "invalid chain id for signer");
    case "tip-above-max-fee":
      return new TransactionRefusedError(
        "tip-above-max-fee",
        "max priority fee per gas higher than max fee per gas",
      );
    case "bad-signature":
    case "unrecoverable-signature":
      return new TransactionRefusedError("bad-signature", "invalid sender: bad signature");
  }
}
