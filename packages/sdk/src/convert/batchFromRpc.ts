import {
  rpcFail,
  rpcHash,
  rpcHashOrNull,
  rpcObject,
  rpcOneOf,
  rpcQuantity,
  rpcQuantityOrNull,
} from "../internal/rpcFields.ts";
import type { BatchInfo, RpcBatch } from "../types.ts";
import { batchRecordFromRpc, L1_STATUSES, stateHeaderFromRpc } from "./rpcRecord.ts";

const METHOD = "rollup_getBatchByIndex";

/**
 * Converts rollup_getBatchByIndex's JSON (RpcBatch) into a BatchInfo with bigints; InvalidRpcResponseError,
 * naming the field, if it has another shape.
 *
 * @example
 * // the JSON from any JSON-RPC client, here an ethers JsonRpcProvider on the sequencer
 * const json = await l2Provider.send("rollup_getBatchByIndex", ["0x1"]);
 * const batch = json === null ? null : batchFromRpc(json); // what getBatch returns
 */
export function batchFromRpc(json: RpcBatch | unknown): BatchInfo {
  const o = rpcObject(METHOD, json, "result");
  const recordHash = rpcHashOrNull(METHOD, o, "recordHash");
  const record = o.record === null ? null : batchRecordFromRpc(METHOD, o.record, "record");
  if ((recordHash === null) !== (record === null)) {
    rpcFail(METHOD, "record and recordHash are not null together");
  }
  return {
    index: rpcQuantity(METHOD, o, "index"),
    firstBlock: rpcQuantity(METHOD, o, "firstBlock"),
    lastBlock: rpcQuantity(METHOD, o, "lastBlock"),
    steps: rpcQuantity(METHOD, o, "steps"),
    dataRoot: rpcHash(METHOD, o, "dataRoot"),
    parentStateRoot: rpcHash(METHOD, o, "parentStateRoot"),
    stateRoot: rpcHash(METHOD, o, "stateRoot"),
    header: stateHeaderFromRpc(METHOD, o.header, "header"),
    queueStart: rpcQuantity(METHOD, o, "queueStart"),
    status: rpcOneOf(METHOD, o, "status", ["pending", "submitted", "posted", "final"]),
    l1Status: rpcOneOf(METHOD, o, "l1Status", L1_STATUSES),
    l1TransactionHash: rpcHashOrNull(METHOD, o, "l1TransactionHash"),
    l1BlockNumber: rpcQuantityOrNull(METHOD, o, "l1BlockNumber"),
    l1BlockHash: rpcHashOrNull(METHOD, o, "l1BlockHash"),
    recordHash,
    record,
  };
}
