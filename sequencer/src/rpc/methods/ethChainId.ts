import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList } from "../params.ts";

export const ethChainId: RpcMethod = {
  name: "eth_chainId",
  handler: (params, ctx) => {
    paramList(params, 0);
    return toQuantity(ctx.config.chainId);
  },
};
