import type { RpcMethod } from "../context.ts";
import { formatBlock } from "../format.ts";
import { paramList, parseBlockRef, parseBoolean } from "../params.ts";
import { resolveBlockNumber } from "../stateAt.ts";

/** A block by number or tag ("pending" is the latest block: blocks are sealed as they are made). */
export const ethGetBlockByNumber: RpcMethod = {
  name: "eth_getBlockByNumber",
  handler: async (params, ctx) => {
    const [blockParam, fullParam] = paramList(params, 1, 2);
    const number = await resolveBlockNumber(ctx, parseBlockRef(blockParam, "block"));
    const full = fullParam === undefined ? false : parseBoolean(fullParam, "full");
    const block = number === undefined ? undefined : await ctx.reader.blockByNumber(number);
    return block === undefined
      ? null
      : formatBlock(block.header, block.transactions, full, ctx.config.feeVault);
  },
};
