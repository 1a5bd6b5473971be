import {
  type JsonObject,
  rollupRequest,
  rpcFail,
  rpcHash,
  rpcObject,
  rpcQuantity,
  rpcQuantityOrNull,
} from "../../internal/rpcFields.ts";
import type { AnyClient } from "../../internal/viemClient.ts";
import type { RollupStatus } from "../../types.ts";

const METHOD = "rollup_getStatus";

function count(o: JsonObject, key: string): number {
  const value = o[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    rpcFail(METHOD, `${key} is not a count`);
  }
  return value;
}

/** Converts rollup_getStatus's JSON; InvalidRpcResponseError if it has another shape. */
export function rollupStatusFromRpc(json: unknown): RollupStatus {
  const o = rpcObject(METHOD, json, "result");
  const l2 = rpcObject(METHOD, o.l2, "l2");
  const b = rpcObject(METHOD, o.batches, "batches");
  const l1 = o.l1 === null ? null : rpcObject(METHOD, o.l1, "l1");
  return {
    l2: {
      head: rpcQuantity(METHOD, l2, "head"),
      headHash: rpcHash(METHOD, l2, "headHash"),
      safe: rpcQuantity(METHOD, l2, "safe"),
      finalized: rpcQuantity(METHOD, l2, "finalized"),
      mempool: count(l2, "mempool"),
    },
    batches: {
      last: rpcQuantityOrNull(METHOD, b, "last"),
      lastPosted: rpcQuantityOrNull(METHOD, b, "lastPosted"),
      lastFinal: rpcQuantityOrNull(METHOD, b, "lastFinal"),
      unposted: count(b, "unposted"),
    },
    l1:
      l1 === null
        ? null
        : {
            headBlock: rpcQuantityOrNull(METHOD, l1, "headBlock"),
            followedBlock: rpcQuantityOrNull(METHOD, l1, "followedBlock"),
            queueLength: rpcQuantity(METHOD, l1, "queueLength"),
          },
  };
}

/**
 * The sequencer's view of the rollup (rollup_getStatus): the L2 head with its safe and finalized blocks,
 * the pool, batch progress and what it follows of L1. Games are L1's to tell: see getOpenGames.
 */
export async function getRollupStatus(client: AnyClient): Promise<RollupStatus> {
  return rollupStatusFromRpc(await rollupRequest(client, METHOD, []));
}
