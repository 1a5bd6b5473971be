import type { RpcMethod } from "../context.ts";
import { formatReceipt } from "../format.ts";
import { paramList, parseHash } from "../params.ts";

export const ethGetTransactionReceipt: RpcMethod = {
  name: "eth_getTransactionReceipt",
  handler: async (params, ctx) => {
    const [hashParam] = paramList(params, 1);
    const found = await ctx.reader.transaction(parseHash(hashParam, "hash"));
    return found === undefined ? null : formatReceipt(found.header, found.tx);
  },
};
