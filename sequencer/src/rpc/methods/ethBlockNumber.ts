import type { RpcMethod } from "../context.ts";
import { toQuantity } from "../format.ts";
import { paramList } from "../params.ts";

/** The head: the last block persisted. */
export const ethBlockNumber: RpcMethod = {
  name: "eth_blockNumber",
  handler: (params, ctx) => {
    paramList(params, 0);
    return toQuantity(ctx.chain.head.number);
  },
};
