import type { Logger } from "@halcyon/node-common";
import { BaseError, bytesToHex, concatBytes, type Hex } from "@halcyon/protocol";
import { type RefusalReason, TransactionRefusedError } from "../mempool/errors.ts";

/** JSON-RPC 2.0 and EIP-1474 error codes, plus the two of EIP-7966 and geth's revert code. */
export const RPC_ERROR = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** EIP-1474 "invalid input": geth's code for every refused transaction. */
  INVALID_INPUT: -32000,
  RESOURCE_NOT_FOUND: -32001,
  RESOURCE_UNAVAILABLE: -32002,
  TRANSACTION_REJECTED: -32003,
  METHOD_NOT_SUPPORTED: -32004,
  LIMIT_EXCEEDED: -32005,
  /** geth: a call reverted; `data` holds the revert data. */
  EXECUTION_REVERTED: 3,
  /** EIP-7966: the transaction is pooled but no receipt came within the timeout. */
  SYNC_TIMEOUT: 4,
  /** EIP-7966: the transaction is pooled but cannot execute yet (a nonce gap). */
  SYNC_NOT_READY: 5,
} as const;

/** An error answered to a JSON-RPC caller as { code, message, data }. */
export class RpcError extends BaseError {
  override name = "RpcError";
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, options: { data?: unknown; cause?: unknown } = {}) {
    super(message, { details: { code }, cause: options.cause });
    this.code = code;
    this.data = options.data;
  }
}

export function invalidParams(message: string): RpcError {
  return new RpcError(RPC_ERROR.INVALID_PARAMS, message);
}

const REFUSAL_CODES: Readonly<Record<RefusalReason, number>> = {
  malformed: RPC_ERROR.INVALID_PARAMS,
  "unsupported-type": RPC_ERROR.INVALID_INPUT,
  "pre-eip155": RPC_ERROR.INVALID_INPUT,
  "contract-creation": RPC_ERROR.INVALID_INPUT,
  "access-list-not-empty": RPC_ERROR.INVALID_INPUT,
  "wrong-chain-id": RPC_ERROR.INVALID_INPUT,
  "bad-signature": RPC_ERROR.INVALID_INPUT,
  "tip-above-max-fee": RPC_ERROR.INVALID_INPUT,
  unencodable: RPC_ERROR.INVALID_INPUT,
  "already-known": RPC_ERROR.INVALID_INPUT,
  "nonce-too-low": RPC_ERROR.INVALID_INPUT,
  "nonce-too-high": RPC_ERROR.INVALID_INPUT,
  "intrinsic-gas-too-low": RPC_ERROR.INVALID_INPUT,
  "fee-too-low": RPC_ERROR.INVALID_INPUT,
  "insufficient-funds": RPC_ERROR.INVALID_INPUT,
  "replacement-underpriced": RPC_ERROR.INVALID_INPUT,
  "sender-limit": RPC_ERROR.INVALID_INPUT,
  "pool-full": RPC_ERROR.INVALID_INPUT,
  unavailable: RPC_ERROR.RESOURCE_UNAVAILABLE,
};

/** The error a caller sees for anything a handler threw; unexpected errors are logged, not shown. */
export function toRpcError(error: unknown, logger: Logger): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof TransactionRefusedError) {
    return new RpcError(REFUSAL_CODES[error.reason], error.message, { cause: error });
  }
  logger.error({ err: error }, "RPC handler failed");
  return new RpcError(RPC_ERROR.INTERNAL_ERROR, "internal error", { cause: error });
}

/** The ABI encoding of Solidity's Error(string): what a revert with a reason returns. */
export function encodeRevertReason(reason: string): Hex {
  const text = new TextEncoder().encode(reason);
  const padded = new Uint8Array(Math.ceil(text.length / 32) * 32);
  padded.set(text);
  const word = (n: number) => {
    const w = new Uint8Array(32);
    new DataView(w.buffer).setUint32(28, n);
    return w;
  };
  return bytesToHex(concatBytes(Uint8Array.of(0x08, 0xc3, 0x79, 0xa0), word(32), word(text.length), padded));
}

/** A revert as geth reports it: code 3, "execution reverted: reason", the Error(string) data. */
export function executionReverted(reason: string): RpcError {
  return new RpcError(RPC_ERROR.EXECUTION_REVERTED, `execution reverted: ${reason}`, {
    data: encodeRevertReason(reason),
  });
}
