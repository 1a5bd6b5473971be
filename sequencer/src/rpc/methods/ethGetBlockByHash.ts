import type { RpcMethod } from "../context.ts";
import { formatBlock } from "../format.ts";
import { paramList, parseBoolean, parseHash } from "../params.ts";

export const ethGetBlockByHash: RpcMethod = {
  name: "eth_getBlockByHash",
  handler: async (params, ctx) => {
    const [hashParam, fullParam] = paramList(params, 1, 2);
    const full = fullParam === undefined ? false : parseBoolean(fullParam, "full");
    const block = await ctx.reader.blockByHash(parseHash(hashParam, "hash"));
    return block === undefined
      ? null
      : formatBlock(block.header, block.transactions, full, ctx.config.feeVault);
  },
};
