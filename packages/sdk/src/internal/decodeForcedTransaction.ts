import { decodeTransaction, hexToBytes, type SignedTransaction } from "@halcyon/protocol";
import { type Hex, isHex } from "viem";
import { InvalidArgumentError } from "../errors.ts";

/**
 * Decodes a raw signed L2 transaction under the rules the Bridge applies (docs/protocol.md §5.1), so that
 * a transaction the Bridge would refuse fails here with InvalidArgumentError instead of a revert.
 */
export function decodeForcedTransaction(signedTransaction: Hex, l2ChainId: bigint): SignedTransaction {
  if (!isHex(signedTransaction, { strict: true })) {
    throw new InvalidArgumentError("the signed transaction must be 0x-prefixed hex");
  }
  try {
    return decodeTransaction(hexToBytes(signedTransaction), l2ChainId);
  } catch (cause) {
    throw new InvalidArgumentError(
      `the Bridge would refuse this transaction: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, details: { l2ChainId } },
    );
  }
}
