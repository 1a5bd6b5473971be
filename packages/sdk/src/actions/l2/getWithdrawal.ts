import type { Hash } from "viem";
import { assertHash } from "../../internal/assertHash.ts";
import {
  rollupRequest,
  rpcAddress,
  rpcFail,
  rpcHash,
  rpcObject,
  rpcOneOf,
  rpcQuantity,
} from "../../internal/rpcFields.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { WithdrawalInfo } from "../../types.ts";
import { L1_STATUSES } from "./getTransactionStatus.ts";

const METHOD = "rollup_getWithdrawalProof";

export type GetWithdrawalParameters = {
  /** The L2 transaction that withdrew (withdrawEth, withdrawToken). */
  readonly transactionHash: Hash;
};

/** Converts the withdrawal part of rollup_getWithdrawalProof's JSON, whether or not its batch is on L1. */
export function withdrawalInfoFromRpc(json: unknown): WithdrawalInfo {
  const o = rpcObject(METHOD, json, "result");
  const w = rpcObject(METHOD, o.withdrawal, "withdrawal");
  const batch = o.batch === null ? null : rpcObject(METHOD, o.batch, "batch");
  if (typeof o.finalizable !== "boolean") rpcFail(METHOD, "finalizable is not a boolean");
  return {
    withdrawal: {
      index: rpcQuantity(METHOD, w, "index"),
      l2Sender: rpcAddress(METHOD, w, "l2Sender"),
      l1Recipient: rpcAddress(METHOD, w, "l1Recipient"),
      l1Token: rpcAddress(METHOD, w, "l1Token"),
      amount: rpcQuantity(METHOD, w, "amount"),
    },
    transactionHash: rpcHash(METHOD, o, "transactionHash"),
    l2BlockNumber: rpcQuantity(METHOD, o, "l2BlockNumber"),
    batchIndex: batch === null ? null : rpcQuantity(METHOD, batch, "index"),
    l1Status: batch === null ? null : rpcOneOf(METHOD, batch, "l1Status", L1_STATUSES),
    finalizable: o.finalizable,
  };
}

/**
 * The withdrawal an L2 transaction made (its index, recipient, token and amount) and where its batch
 * stands, at any time after the transaction is in a block; null if the transaction made no withdrawal.
 * getWithdrawalProof gives the proof once the batch is on L1.
 */
export async function getWithdrawal(
  client: AnyClient,
  { transactionHash }: GetWithdrawalParameters,
): Promise<WithdrawalInfo | null> {
  assertHash(transactionHash, "transactionHash");
  const result = await rollupRequest(client, METHOD, [transactionHash]);
  return result === null ? null : withdrawalInfoFromRpc(result);
}
