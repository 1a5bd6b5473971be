import {
  rpcFail,
  rpcHash,
  rpcHashOrNull,
  rpcObject,
  rpcOneOf,
  rpcQuantityOrNull,
} from "../internal/rpcFields.ts";
import type { RpcTransactionStatus, TransactionStatus } from "../types.ts";
import { L1_STATUSES } from "./rpcRecord.ts";

const METHOD = "rollup_getTransactionStatus";

/**
 * Converts rollup_getTransactionStatus's JSON (RpcTransactionStatus) into a TransactionStatus with
 * bigints; InvalidRpcResponseError, naming the field, if it has another shape.
 *
 * @example
 * const json = await l2Provider.send("rollup_getTransactionStatus", [hash]);
 * const status = json === null ? null : transactionStatusFromRpc(json); // what getTransactionStatus returns
 */
export function transactionStatusFromRpc(json: RpcTransactionStatus | unknown): TransactionStatus {
  const o = rpcObject(METHOD, json, "result");
  const l2Status = rpcOneOf(METHOD, o, "l2Status", ["pending", "included"]);
  const blockNumber = rpcQuantityOrNull(METHOD, o, "blockNumber");
  const blockHash = rpcHashOrNull(METHOD, o, "blockHash");
  if ((l2Status === "included") !== (blockNumber !== null && blockHash !== null)) {
    rpcFail(METHOD, "blockNumber and blockHash are set only for an included transaction");
  }
  return {
    transactionHash: rpcHash(METHOD, o, "transactionHash"),
    l2Status,
    blockNumber,
    blockHash,
    batchIndex: rpcQuantityOrNull(METHOD, o, "batchIndex"),
    l1Status: rpcOneOf(METHOD, o, "l1Status", L1_STATUSES),
    l1TransactionHash: rpcHashOrNull(METHOD, o, "l1TransactionHash"),
    l1BlockNumber: rpcQuantityOrNull(METHOD, o, "l1BlockNumber"),
  };
}
