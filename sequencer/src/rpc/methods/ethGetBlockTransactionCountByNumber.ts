import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList, parseBlockRef } from "../params.ts";
import { resolveHeader } from "../stateAt.ts";

export const ethGetBlockTransactionCountByNumber: RpcMethod = {
  name: "eth_getBlockTransactionCountByNumber",
  handler: async (params, ctx) => {
    const [blockParam] = paramList(params, 1);
    const header = await resolveHeader(ctx, parseBlockRef(blockParam, "block"));
    return header === undefined ? null : toQuantity(header.txCount);
  },
};
