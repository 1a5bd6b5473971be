import type { Address } from "../bytes.ts";
import { recoverSender } from "../tx/recoverSender.ts";
import {
  SECP256K1_HALF_N,
  SECP256K1_N,
  type TransactionFields,
  type TransactionSignature,
} from "../tx/transaction.ts";

/**
 * The signer of a transaction under the state transition's rule (docs/protocol.md §3.4 step 1):
 * null when r or s is 0 or >= n, when s > n/2, or when recovery fails. Batch data carries
 * signatures no decoder has checked, so the range checks are made here.
 */
export function recoverTxSender(tx: TransactionFields & TransactionSignature): Address | null {
  if (tx.r === 0n || tx.r >= SECP256K1_N || tx.s === 0n || tx.s > SECP256K1_HALF_N) return null;
  return recoverSender(tx);
}
