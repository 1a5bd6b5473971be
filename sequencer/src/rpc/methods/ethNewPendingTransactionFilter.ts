import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

export const ethNewPendingTransactionFilter: RpcMethod = {
  name: "eth_newPendingTransactionFilter",
  handler: (params, ctx) => {
    paramList(params, 0, 1);
    return ctx.filters.newPendingTransactionFilter();
  },
};
