import type { RpcMethod } from "../context.ts";
import { formatIncludedTransaction } from "../format.ts";
import { paramList, parseHash, parseQuantity } from "../params.ts";

export const ethGetTransactionByBlockHashAndIndex: RpcMethod = {
  name: "eth_getTransactionByBlockHashAndIndex",
  handler: async (params, ctx) => {
    const [hashParam, indexParam] = paramList(params, 2);
    const block = await ctx.reader.blockByHash(parseHash(hashParam, "hash"));
    const tx = block?.transactions[Number(parseQuantity(indexParam, "index"))];
    return block === undefined || tx === undefined ? null : formatIncludedTransaction(block.header, tx);
  },
};
