import { InvalidArgumentError } from "../../errors.ts";
import {
  type JsonObject,
  rollupRequest,
  rpcAddress,
  rpcFail,
  rpcHash,
  rpcHashOrNull,
  rpcObject,
  rpcOneOf,
  rpcQuantity,
  rpcQuantityOrNull,
} from "../../internal/rpcFields.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { BatchInfo, BatchRecord } from "../../types.ts";
import { L1_STATUSES } from "./getTransactionStatus.ts";

const METHOD = "rollup_getBatchByIndex";

export type GetBatchParameters = {
  /** The batch's index: 1 is the first after genesis. */
  readonly index: bigint;
};

function recordFromRpc(r: JsonObject): BatchRecord {
  const steps = rpcQuantity(METHOD, r, "steps");
  if (steps > 0xffffffffn) rpcFail(METHOD, "record.steps is out of range");
  return {
    index: rpcQuantity(METHOD, r, "index"),
    epoch: rpcQuantity(METHOD, r, "epoch"),
    dataRoot: rpcHash(METHOD, r, "dataRoot"),
    parentStateRoot: rpcHash(METHOD, r, "parentStateRoot"),
    stateRoot: rpcHash(METHOD, r, "stateRoot"),
    steps: Number(steps),
    queueStart: rpcQuantity(METHOD, r, "queueStart"),
    queueLimit: rpcQuantity(METHOD, r, "queueLimit"),
    queueApplied: rpcQuantity(METHOD, r, "queueApplied"),
    appendedAt: rpcQuantity(METHOD, r, "appendedAt"),
    proposer: rpcAddress(METHOD, r, "proposer"),
  };
}

/** Converts rollup_getBatchByIndex's JSON; InvalidRpcResponseError if it has another shape. */
export function batchFromRpc(json: unknown): BatchInfo {
  const o = rpcObject(METHOD, json, "result");
  const h = rpcObject(METHOD, o.header, "header");
  return {
    index: rpcQuantity(METHOD, o, "index"),
    firstBlock: rpcQuantity(METHOD, o, "firstBlock"),
    lastBlock: rpcQuantity(METHOD, o, "lastBlock"),
    steps: rpcQuantity(METHOD, o, "steps"),
    dataRoot: rpcHash(METHOD, o, "dataRoot"),
    parentStateRoot: rpcHash(METHOD, o, "parentStateRoot"),
    stateRoot: rpcHash(METHOD, o, "stateRoot"),
    header: {
      treeRoot: rpcHash(METHOD, h, "treeRoot"),
      withdrawalsRoot: rpcHash(METHOD, h, "withdrawalsRoot"),
      withdrawalCount: rpcQuantity(METHOD, h, "withdrawalCount"),
      queueApplied: rpcQuantity(METHOD, h, "queueApplied"),
      accountCount: rpcQuantity(METHOD, h, "accountCount"),
    },
    queueStart: rpcQuantity(METHOD, o, "queueStart"),
    status: rpcOneOf(METHOD, o, "status", ["pending", "submitted", "posted", "final"]),
    l1Status: rpcOneOf(METHOD, o, "l1Status", L1_STATUSES),
    l1TransactionHash: rpcHashOrNull(METHOD, o, "l1TransactionHash"),
    l1BlockNumber: rpcQuantityOrNull(METHOD, o, "l1BlockNumber"),
    l1BlockHash: rpcHashOrNull(METHOD, o, "l1BlockHash"),
    recordHash: rpcHashOrNull(METHOD, o, "recordHash"),
    record: o.record === null ? null : recordFromRpc(rpcObject(METHOD, o.record, "record")),
  };
}

/**
 * A batch as the sequencer cut it (rollup_getBatchByIndex): its L2 blocks, roots, post-state header,
 * L1 status and, once it is in an L1 block, the record the Rollup emitted. Null if there is no such batch.
 */
export async function getBatch(client: AnyClient, { index }: GetBatchParameters): Promise<BatchInfo | null> {
  if (typeof index !== "bigint" || index < 0n) {
    throw new InvalidArgumentError("index must be a non-negative bigint", {
      details: { index: String(index) },
    });
  }
  const result = await rollupRequest(client, METHOD, [`0x${index.toString(16)}`]);
  return result === null ? null : batchFromRpc(result);
}
