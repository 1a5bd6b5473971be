import { readBatchSummaries } from "../../store/batchList.ts";
import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { parsePageSize } from "../pageSize.ts";
import { paramList, parseQuantityOrNumber } from "../params.ts";
import type { L1Status } from "../rollupFormat.ts";

const MAX_BATCHES = 100;

/**
 * The latest batches, newest first (or those below `beforeIndex`): blocks, steps, data size, state
 * roots, the store's status and the L1 status users see (pending, posted, challenged, final), the L1
 * transaction. `next` is the `beforeIndex` of the following page, null at the first batch.
 */
export const rollupGetBatches: RpcMethod = {
  name: "rollup_getBatches",
  handler: async (params, ctx) => {
    const [countParam, beforeParam] = paramList(params, 0, 2);
    const count = parsePageSize(countParam, "count", 20, MAX_BATCHES);
    const before =
      beforeParam === undefined || beforeParam === null
        ? undefined
        : parseQuantityOrNumber(beforeParam, "beforeIndex");
    const batches = await readBatchSummaries(ctx.rollup.db, count, before);
    const last = batches.at(-1);
    return {
      batches: batches.map((b) => {
        const l1Status: L1Status =
          b.status === "pending" || b.status === "submitted"
            ? "pending"
            : b.status === "final"
              ? "final"
              : b.openGames > 0
                ? "challenged"
                : "posted";
        return {
          index: toQuantity(b.index),
          firstBlock: toQuantity(b.firstBlock),
          lastBlock: toQuantity(b.lastBlock),
          steps: toQuantity(b.steps),
          dataLength: toQuantity(b.dataLength),
          parentStateRoot: b.parentStateRoot,
          stateRoot: b.stateRoot,
          status: b.status,
          l1Status,
          l1TransactionHash: b.l1TransactionHash ?? null,
          l1BlockNumber: b.l1BlockNumber === undefined ? null : toQuantity(b.l1BlockNumber),
          openGames: b.openGames,
          createdAt: b.createdAt,
          postedAt: b.postedAt ?? null,
        };
      }),
      next: batches.length === count && last !== undefined && last.index > 0n ? toQuantity(last.index) : null,
    };
  },
};
