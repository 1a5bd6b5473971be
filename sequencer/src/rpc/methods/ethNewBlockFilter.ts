import type { RpcMethod } from "../context.ts";
import { paramList } from "../params.ts";

export const ethNewBlockFilter: RpcMethod = {
  name: "eth_newBlockFilter",
  handler: (params, ctx) => {
    paramList(params, 0);
    return ctx.filters.newBlockFilter();
  },
};
