import {
  formatTransaction,
  type Hex,
  keccak256,
  type RpcTransaction,
  serializeTransaction,
  type TransactionSerializable,
} from "viem";
import { BaseError } from "../../../packages/protocol/src/errors.ts";

export class UnreplayableTransactionError extends BaseError {
  override name = "UnreplayableTransactionError";
}

/**
 * The signed, serialized form of a mined transaction (what eth_sendRawTransaction took), rebuilt from
 * its JSON-RPC fields, since Hardhat has no eth_getRawTransactionByHash. Checked against the
 * transaction's hash, so a transaction whose signature is not real (an impersonated sender) or a field
 * lost on the way is refused here rather than at replay.
 */
export function rawTransactionOf(rpc: RpcTransaction): Hex {
  const tx = formatTransaction(rpc);
  const { r, s, v, yParity } = tx;
  if (r === undefined || s === undefined) {
    throw new UnreplayableTransactionError(`transaction ${tx.hash} has no signature`);
  }
  const signature = tx.type === "legacy" ? { r, s, v: v! } : { r, s, yParity: yParity! };
  // The RPC's `input` is the serializer's `data`.
  const raw = serializeTransaction({ ...tx, data: tx.input } as TransactionSerializable, signature);
  if (keccak256(raw) !== tx.hash) {
    throw new UnreplayableTransactionError(
      `transaction ${tx.hash} cannot be rebuilt from its fields (an impersonated sender or an unsupported type?)`,
      { details: { type: tx.type } },
    );
  }
  return raw;
}
