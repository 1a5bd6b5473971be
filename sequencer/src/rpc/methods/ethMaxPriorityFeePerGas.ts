import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList } from "../params.ts";

export const ethMaxPriorityFeePerGas: RpcMethod = {
  name: "eth_maxPriorityFeePerGas",
  handler: (params, ctx) => {
    paramList(params, 0);
    return toQuantity(ctx.suggestedTip);
  },
};
