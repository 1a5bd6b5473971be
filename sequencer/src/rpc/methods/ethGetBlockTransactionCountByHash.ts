import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseHash } from "../params.ts";

export const ethGetBlockTransactionCountByHash: RpcMethod = {
  name: "eth_getBlockTransactionCountByHash",
  handler: async (params, ctx) => {
    const [hashParam] = paramList(params, 1);
    const header = await ctx.reader.headerByHash(parseHash(hashParam, "hash"));
    return header === undefined ? null : toQuantity(header.txCount);
  },
};
