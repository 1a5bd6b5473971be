import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList } from "../params.ts";

/** The next block's base fee plus the suggested tip. */
export const ethGasPrice: RpcMethod = {
  name: "eth_gasPrice",
  handler: (params, ctx) => {
    paramList(params, 0);
    return toQuantity(ctx.baseFee.baseFeeFor(ctx.chain.head) + ctx.suggestedTip);
  },
};
