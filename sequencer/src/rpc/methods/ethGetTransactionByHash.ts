import type { RpcMethod } from "../context.ts";
import { formatIncludedTransaction, formatTransaction } from "../format.ts";
import { paramList, parseHash } from "../params.ts";

/** An included transaction, or a pooled one (block fields null), or null. */
export const ethGetTransactionByHash: RpcMethod = {
  name: "eth_getTransactionByHash",
  handler: async (params, ctx) => {
    const [hashParam] = paramList(params, 1);
    const hash = parseHash(hashParam, "hash");
    // The pool (and the blocks being persisted) before the store: a block may take the transaction out
    // of the pool while the store is read, and it must then still be found (as pending), never missed.
    const pooled = ctx.mempool.get(hash) ?? ctx.chain.inFlightTransaction(hash);
    const found = await ctx.reader.transaction(hash);
    if (found !== undefined) return formatIncludedTransaction(found.header, found.tx);
    return pooled === undefined ? null : formatTransaction(pooled.tx, pooled.sender, undefined, undefined);
  },
};
