import type { Hash } from "viem";
import { assertHash } from "../../internal/assertHash.ts";
import {
  rollupRequest,
  rpcHash,
  rpcHashOrNull,
  rpcObject,
  rpcOneOf,
  rpcQuantityOrNull,
} from "../../internal/rpcFields.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { L1Status, TransactionStatus } from "../../types.ts";

const METHOD = "rollup_getTransactionStatus";
export const L1_STATUSES: readonly L1Status[] = ["pending", "posted", "challenged", "final"];

export type GetTransactionStatusParameters = {
  /** An L2 transaction's hash. */
  readonly hash: Hash;
};

/** Converts rollup_getTransactionStatus's JSON; InvalidRpcResponseError if it has another shape. */
export function transactionStatusFromRpc(json: unknown): TransactionStatus {
  const o = rpcObject(METHOD, json, "result");
  return {
    transactionHash: rpcHash(METHOD, o, "transactionHash"),
    l2Status: rpcOneOf(METHOD, o, "l2Status", ["pending", "included"]),
    blockNumber: rpcQuantityOrNull(METHOD, o, "blockNumber"),
    blockHash: rpcHashOrNull(METHOD, o, "blockHash"),
    batchIndex: rpcQuantityOrNull(METHOD, o, "batchIndex"),
    l1Status: rpcOneOf(METHOD, o, "l1Status", L1_STATUSES),
    l1TransactionHash: rpcHashOrNull(METHOD, o, "l1TransactionHash"),
    l1BlockNumber: rpcQuantityOrNull(METHOD, o, "l1BlockNumber"),
  };
}

/**
 * Where an L2 transaction stands (the sequencer's rollup_getTransactionStatus): in the pool or in a
 * block, in which batch, and that batch's L1 status. Null when the sequencer does not know the hash.
 */
export async function getTransactionStatus(
  client: AnyClient,
  { hash }: GetTransactionStatusParameters,
): Promise<TransactionStatus | null> {
  assertHash(hash, "hash");
  const result = await rollupRequest(client, METHOD, [hash]);
  return result === null ? null : transactionStatusFromRpc(result);
}
