import { readBatchOfBlock } from "../../store/batchTable.ts";
import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseHash } from "../params.ts";
import { l1StatusOf } from "../rollupFormat.ts";

/**
 * Where a transaction stands: pending in the pool, or included in an L2 block and then in a batch
 * whose L1 status is pending (not confirmed on L1 yet), posted, challenged or final. Null if unknown.
 */
export const rollupGetTransactionStatus: RpcMethod = {
  name: "rollup_getTransactionStatus",
  handler: async (params, ctx) => {
    const [hashParam] = paramList(params, 1);
    const hash = parseHash(hashParam, "hash");
    // The pool first, as eth_getTransactionByHash does: a block may take it out while the store is read.
    const pooled = (ctx.mempool.get(hash) ?? ctx.chain.inFlightTransaction(hash)) !== undefined;
    const found = await ctx.reader.transaction(hash);
    if (found === undefined) {
      if (!pooled) return null;
      return {
        transactionHash: hash,
        l2Status: "pending",
        blockNumber: null,
        blockHash: null,
        batchIndex: null,
        l1Status: "pending",
        l1TransactionHash: null,
        l1BlockNumber: null,
      };
    }
    const batch = await readBatchOfBlock(ctx.rollup.db, found.header.number);
    return {
      transactionHash: hash,
      l2Status: "included",
      blockNumber: toQuantity(found.header.number),
      blockHash: found.header.hash,
      batchIndex: batch === undefined ? null : toQuantity(batch.index),
      l1Status: await l1StatusOf(ctx, batch),
      l1TransactionHash: batch?.inclusion?.txHash ?? null,
      l1BlockNumber: batch?.inclusion === undefined ? null : toQuantity(batch.inclusion.blockNumber),
    };
  },
};
