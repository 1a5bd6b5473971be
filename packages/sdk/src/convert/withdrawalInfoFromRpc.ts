import { isHex } from "viem";
import {
  type JsonObject,
  rpcFail,
  rpcHash,
  rpcHashOrNull,
  rpcObject,
  rpcOneOf,
  rpcQuantity,
} from "../internal/rpcFields.ts";
import type { RpcWithdrawalProof, WithdrawalInfo } from "../types.ts";
import { batchRecordFromRpc, L1_STATUSES, stateHeaderFromRpc, withdrawalFromRpc } from "./rpcRecord.ts";

export const METHOD = "rollup_getWithdrawalProof";

/**
 * Checks the whole of a rollup_getWithdrawalProof answer in each of its three stages (in an L2 block; in a
 * batch not yet on L1; on L1) and returns its root object and its batch (null before the batch is cut).
 */
export function checkWithdrawalAnswer(json: unknown): { root: JsonObject; batch: JsonObject | null } {
  const root = rpcObject(METHOD, json, "result");
  if (typeof root.finalizable !== "boolean") rpcFail(METHOD, "finalizable is not a boolean");
  if (root.batch === null) {
    if (root.header !== null || root.siblings !== null) {
      rpcFail(METHOD, "header and siblings must be null while batch is null");
    }
    if (root.finalizable) rpcFail(METHOD, "finalizable is true without a batch");
    return { root, batch: null };
  }
  const batch = rpcObject(METHOD, root.batch, "batch");
  rpcQuantity(METHOD, batch, "index");
  const l1Status = rpcOneOf(METHOD, batch, "l1Status", L1_STATUSES);
  if (root.finalizable !== (l1Status === "final")) rpcFail(METHOD, "finalizable is not batch.l1Status final");
  const recordHash = rpcHashOrNull(METHOD, batch, "recordHash");
  if (batch.record !== null) batchRecordFromRpc(METHOD, batch.record, "batch.record");
  if ((recordHash === null) !== (batch.record === null)) {
    rpcFail(METHOD, "batch.record and batch.recordHash are not null together");
  }
  stateHeaderFromRpc(METHOD, root.header, "header");
  const siblings = root.siblings;
  if (!Array.isArray(siblings) || siblings.length !== 32)
    rpcFail(METHOD, "siblings is not an array of 32 words");
  for (const [i, sibling] of siblings.entries()) {
    if (typeof sibling !== "string" || !isHex(sibling) || sibling.length !== 66) {
      rpcFail(METHOD, `siblings[${i}] is not a 32-byte word`);
    }
  }
  return { root, batch };
}

/**
 * Converts rollup_getWithdrawalProof's JSON (RpcWithdrawalProof) at any stage into a WithdrawalInfo: the
 * withdrawal and where its batch stands. InvalidRpcResponseError, naming the field, for another shape.
 *
 * @example
 * const json = await l2Provider.send("rollup_getWithdrawalProof", [withdrawalHash]);
 * const info = json === null ? null : withdrawalInfoFromRpc(json); // what getWithdrawal returns
 */
export function withdrawalInfoFromRpc(json: RpcWithdrawalProof | unknown): WithdrawalInfo {
  const { root, batch } = checkWithdrawalAnswer(json);
  return {
    withdrawal: withdrawalFromRpc(METHOD, root.withdrawal, "withdrawal"),
    leafHash: rpcHash(METHOD, root, "leafHash"),
    transactionHash: rpcHash(METHOD, root, "transactionHash"),
    l2BlockNumber: rpcQuantity(METHOD, root, "l2BlockNumber"),
    batchIndex: batch === null ? null : rpcQuantity(METHOD, batch, "index"),
    l1Status: batch === null ? null : rpcOneOf(METHOD, batch, "l1Status", L1_STATUSES),
    recordHash: batch === null ? null : rpcHashOrNull(METHOD, batch, "recordHash"),
    finalizable: root.finalizable as boolean,
  };
}
