import {
  formatTransaction,
  type Hex,
  isAddressEqual,
  keccak256,
  recoverTransactionAddress,
  type RpcTransaction,
  serializeTransaction,
  type TransactionSerializable,
  type TransactionSerialized,
} from "viem";
import { BaseError } from "../../../packages/protocol/src/errors.ts";

export class UnreplayableTransactionError extends BaseError {
  override name = "UnreplayableTransactionError";
}

/**
 * The signed, serialized form of a mined transaction (what eth_sendRawTransaction took), rebuilt from
 * its JSON-RPC fields, since Hardhat has no eth_getRawTransactionByHash. Checked against the
 * transaction's hash and its sender, so a field lost on the way or a signature that is not real (an
 * impersonated sender) is refused here rather than at replay.
 */
export async function rawTransactionOf(rpc: RpcTransaction): Promise<Hex> {
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
      `transaction ${tx.hash} cannot be rebuilt from its fields (an unsupported type?)`,
      { details: { type: tx.type } },
    );
  }
  // Hardhat gives an impersonated account's transaction a made-up signature: nothing can send it again.
  const signer = await recoverTransactionAddress({
    serializedTransaction: raw as TransactionSerialized,
  }).catch(() => undefined);
  if (signer === undefined || !isAddressEqual(signer, tx.from)) {
    throw new UnreplayableTransactionError(
      `transaction ${tx.hash} was sent for an impersonated account (${tx.from}): its signature is not real`,
    );
  }
  return raw;
}
