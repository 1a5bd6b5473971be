import {
  type JsonObject,
  rpcAddress,
  rpcFail,
  rpcHash,
  rpcObject,
  rpcQuantity,
  rpcQuantityOrNull,
} from "../internal/rpcFields.ts";
import type { RollupStatus, RpcRollupStatus } from "../types.ts";

const METHOD = "rollup_getStatus";

/** A JSON number the sequencer sends for a count or a step (not a quantity). */
function count(o: JsonObject, key: string): number {
  const value = o[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    rpcFail(METHOD, `${key} is not a count`);
  }
  return value;
}

/**
 * Converts rollup_getStatus's JSON (RpcRollupStatus) into a RollupStatus with bigints;
 * InvalidRpcResponseError, naming the field, if it has another shape.
 *
 * @example
 * const status = rollupStatusFromRpc(await l2Provider.send("rollup_getStatus", []));
 * console.log(status.l2.head, status.batches.lastFinal);
 */
export function rollupStatusFromRpc(json: RpcRollupStatus | unknown): RollupStatus {
  const o = rpcObject(METHOD, json, "result");
  const l2 = rpcObject(METHOD, o.l2, "l2");
  const b = rpcObject(METHOD, o.batches, "batches");
  if (!Array.isArray(o.openGames)) rpcFail(METHOD, "openGames is not an array");
  const l1 = o.l1 === null ? null : rpcObject(METHOD, o.l1, "l1");
  const halted = l1?.halted;
  if (l1 !== null && halted !== null && typeof halted !== "string") {
    rpcFail(METHOD, "l1.halted is not a string or null");
  }
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
    openGames: (o.openGames as unknown[]).map((value, i) => {
      const g = rpcObject(METHOD, value, `openGames[${i}]`);
      return {
        gameId: rpcQuantity(METHOD, g, "gameId"),
        batchIndex: rpcQuantity(METHOD, g, "batchIndex"),
        challenger: rpcAddress(METHOD, g, "challenger"),
        lo: count(g, "lo"),
        hi: count(g, "hi"),
      };
    }),
    l1:
      l1 === null
        ? null
        : {
            headBlock: rpcQuantityOrNull(METHOD, l1, "headBlock"),
            followedBlock: rpcQuantityOrNull(METHOD, l1, "followedBlock"),
            queueLength: rpcQuantity(METHOD, l1, "queueLength"),
            halted: (halted as string | null | undefined) ?? null,
          },
  };
}
