import type { RpcMethod } from "../context.ts";
import { formatIncludedTransaction } from "../format.ts";
import { paramList, parseBlockRef, parseQuantity } from "../params.ts";
import { resolveBlockNumber } from "../stateAt.ts";

export const ethGetTransactionByBlockNumberAndIndex: RpcMethod = {
  name: "eth_getTransactionByBlockNumberAndIndex",
  handler: async (params, ctx) => {
    const [blockParam, indexParam] = paramList(params, 2);
    const number = await resolveBlockNumber(ctx, parseBlockRef(blockParam, "block"));
    const index = parseQuantity(indexParam, "index");
    const block = number === undefined ? undefined : await ctx.reader.blockByNumber(number);
    const tx = block?.transactions[Number(index)];
    return block === undefined || tx === undefined ? null : formatIncludedTransaction(block.header, tx);
  },
};
